"""Achievement (capaian) as DOMAIN.md §2 defines it. Pure: plain values in, frozen results out.

Every result carries the formula with its numbers, so a screen can show how it was reached. Percentages are
Decimal, rounded ROUND_HALF_UP to 2 places at the end; nothing divides by zero.

A period without a target of its own (the quarterly or monthly targets, the *rencana aksi*, are optional)
is compared with the annual target, by the indicator's quarterly aggregation (docs/achievement.md):

- "last value" and "average": the period's realisation against the annual target (the level every period
  must reach); the year to date likewise takes the last reported value, or the average, against it.
- "cumulative sum": the realisations from the first period up to this one, added up, against the annual
  target. Until the last period of the year this is *progress* (``basis == "progress"``), not yet the
  year's achievement; at the last period it is the year's achievement.

A result that cannot be computed has ``pct`` None and says why in ``reason`` (a key of ``NOT_MEASURABLE``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from app.core.formatting import format_number

HUNDRED = Decimal(100)
PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Achievement:
    pct: Decimal | None  # after the cap and the floor at 0; None = not measurable
    raw: Decimal | None  # before the cap
    reason: str  # why it is not measurable ("" when it is): a key of ``NOT_MEASURABLE``
    formula: str  # the calculation with its numbers (Indonesian decimal comma), in symbols only
    limit: str = ""  # "capped" (the cap applied) or "floored" (a result below 0 counts as 0), for the page
    cap: Decimal | None = None
    basis: str = ""  # the target used: "" its own, "annual" (the period has none), "progress" (see the module)


# Why an achievement cannot be computed (the pages translate these keys, app/monitoring/labels.py):
# no realisation; a range without both bounds; no target at all (neither the period's nor the annual one);
# a target of 0 (a percentage of 0 cannot be computed, except lower-is-better with R = 0).
NOT_MEASURABLE = ("no_realisation", "no_target_range", "no_target", "zero_target")
BASES = ("", "annual", "progress")


@dataclass(frozen=True)
class LinearBand:
    """Scores ``multiplier × C + offset`` for capaian C above ``lower`` (at or above it when ``inclusive``).

    A preset lists its bands from the highest down; the first that C reaches applies.
    """

    lower: Decimal | None
    inclusive: bool
    multiplier: Decimal
    offset: Decimal


@dataclass(frozen=True)
class Band:
    """A rating label for scores above ``above`` (None: everything left)."""

    above: Decimal | None
    label: str


def _round(value: Decimal) -> Decimal:
    return value.quantize(PLACES, rounding=ROUND_HALF_UP)


def _n(value: Decimal) -> str:
    return format_number(value)


def _finish(raw: Decimal, cap: Decimal, formula: str) -> Achievement:
    capped = min(max(raw, Decimal(0)), cap)
    limit = "capped" if raw > cap else "floored" if raw < 0 else ""
    return Achievement(_round(capped), _round(raw), "", f"{formula} = {_n(_round(raw))} %", limit, cap)


def achievement(polarity: str, realisation: Decimal | None, target: Decimal | None = None,
                target_min: Decimal | None = None, target_max: Decimal | None = None,
                cap: Decimal = Decimal(120)) -> Achievement:
    """Capaian of one indicator for one period (or the year).

    higher: R / T × 100; lower: (2T − R) / T × 100; range: 100 inside [Tmin, Tmax], else compared with the
    nearest bound (higher-is-better below it, lower-is-better above it). Not measurable: no realisation, no
    target, or a zero target (except lower-is-better with T = 0 and R = 0: the target is met, 100 %).
    """
    if realisation is None:
        return Achievement(None, None, "no_realisation", "")
    r = realisation
    if polarity == "range":
        if target_min is None or target_max is None:
            return Achievement(None, None, "no_target_range", "")
        if target_min <= r <= target_max:
            return Achievement(_round(min(HUNDRED, cap)), HUNDRED, "",
                               f"{_n(target_min)} ≤ {_n(r)} ≤ {_n(target_max)} → 100 %")
        if r < target_min:
            return achievement("higher", r, target_min, cap=cap)
        return achievement("lower", r, target_max, cap=cap)
    if target is None:
        return Achievement(None, None, "no_target", "")
    t = target
    if t == 0:
        if polarity == "lower" and r == 0:
            return Achievement(_round(min(HUNDRED, cap)), HUNDRED, "", "T = 0, R = 0 → 100 %")
        return Achievement(None, None, "zero_target", "")
    if polarity == "higher":
        return _finish(r / t * HUNDRED, cap, f"{_n(r)} / {_n(t)} × 100")
    if polarity == "lower":
        return _finish((2 * t - r) / t * HUNDRED, cap, f"(2 × {_n(t)} − {_n(r)}) / {_n(t)} × 100")
    raise ValueError(polarity)


def aggregate(values: list[Decimal | None], rule: str) -> Decimal | None:
    """The year so far from period values: sum, average or last reported value; None when nothing reported."""
    reported = [v for v in values if v is not None]
    if not reported:
        return None
    if rule == "sum":
        return sum(reported, Decimal(0))
    if rule == "average":
        return sum(reported, Decimal(0)) / len(reported)
    if rule == "last":
        return reported[-1]
    raise ValueError(rule)


def score(pct: Decimal, bands: tuple[LinearBand, ...]) -> Decimal:
    """Convert a capaian % to a score with a preset's linear bands (e.g. PermenPANRB 8/2021)."""
    for band in bands:
        if band.lower is None or pct > band.lower or (band.inclusive and pct == band.lower):
            return _round(band.multiplier * pct + band.offset)
    raise ValueError(f"no band for {pct}")


def rating(value: Decimal, bands: tuple[Band, ...]) -> str:
    """The label of the first band whose threshold the value is above."""
    for band in bands:
        if band.above is None or value > band.above:
            return band.label
    raise ValueError(f"no band for {value}")


def _to_date(targets: tuple[Decimal | None, ...], values: list[Decimal | None], rule: str,
             upto: int, annual: Decimal | None) -> tuple[Decimal | None, Decimal | None, bool]:
    """``to_date`` and whether the annual target stood in for missing period targets."""
    seen = values[:upto]
    value = aggregate(seen, rule)
    planned = targets[:upto]
    if rule == "last":
        last = max((i for i, v in enumerate(seen) if v is not None), default=upto - 1)
        own = planned[last]
        return (own if own is not None else annual), value, own is None
    if any(t is None for t in planned):
        return annual, value, True
    return aggregate(list(planned), rule), value, False


def to_date(targets: tuple[Decimal | None, ...], values: list[Decimal | None], rule: str, upto: int,
            annual: Decimal | None) -> tuple[Decimal | None, Decimal | None]:
    """(target, realisation) of the year up to period ``upto`` (1-based), aggregated by ``rule``.

    sum: reported values added up against the period targets added up; average: the mean of each; last: the
    last reported value against that period's target. Without period targets the annual target is used.
    A missing period counts as nothing reported (it lowers a sum, it is left out of an average).
    """
    target, value, _annual = _to_date(targets, values, rule, upto, annual)
    return target, value


def _on_annual(result: Achievement, basis: str, parts: list[Decimal] | None = None) -> Achievement:
    """``result`` computed against the annual target: say so, and show a sum's parts in the formula."""
    if result.pct is None:
        return result
    formula = result.formula
    if parts and len(parts) > 1:
        formula = f"{' + '.join(_n(p) for p in parts)} = {_n(sum(parts, Decimal(0)))}; {formula}"
    return replace(result, basis=basis, formula=formula)


def for_period(polarity: str, values: list[Decimal | None], targets: tuple[Decimal | None, ...],
               annual: Decimal | None, rule: str, period: int, target_min: Decimal | None = None,
               target_max: Decimal | None = None, cap: Decimal = Decimal(120)) -> Achievement:
    """Capaian of period ``period`` (1-based) of the year's ``len(targets)`` periods.

    ``values`` holds each period's realisation (None: nothing), at least up to ``period``. Against the period's
    own target when it has one; otherwise against the annual target by the rule of the module's docstring
    (last/average: this period's value; sum: the values so far added up, progress until the last period).
    A range target applies to every period as it is.
    """
    value = values[period - 1]
    if polarity == "range":
        return achievement(polarity, value, None, target_min, target_max, cap)
    own = targets[period - 1]
    if own is not None:
        return achievement(polarity, value, own, cap=cap)
    if value is None or rule != "sum":
        return _on_annual(achievement(polarity, value, annual, cap=cap), "annual")
    parts = [v for v in values[:period] if v is not None]
    return _on_annual(achievement(polarity, sum(parts, Decimal(0)), annual, cap=cap),
                      "annual" if period == len(targets) else "progress", parts)


def year_to_date(polarity: str, targets: tuple[Decimal | None, ...], values: list[Decimal | None], rule: str,
                 upto: int, annual: Decimal | None, target_min: Decimal | None = None,
                 target_max: Decimal | None = None, cap: Decimal = Decimal(120)) -> Achievement:
    """Capaian of the year up to period ``upto`` (``to_date``'s target and realisation).

    When the period targets are missing the annual target stands in: for a sum that is progress until the
    last period of the year (``basis == "progress"``), otherwise the year's level (``basis == "annual"``).
    """
    target, value, on_annual = _to_date(targets, values, rule, upto, annual)
    if polarity == "range":
        return achievement(polarity, value, None, target_min, target_max, cap)
    result = achievement(polarity, value, target, cap=cap)
    if not on_annual:
        return result
    if rule != "sum":
        return _on_annual(result, "annual")
    return _on_annual(result, "annual" if upto == len(targets) else "progress",
                      [v for v in values[:upto] if v is not None])


def mean(values: list[Decimal | None]) -> Decimal | None:
    """The average of the measurable values (a unit's achievement over its indicators), or None."""
    known = [v for v in values if v is not None]
    if not known:
        return None
    return _round(sum(known, Decimal(0)) / len(known))
