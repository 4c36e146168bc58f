"""Achievement (capaian) as DOMAIN.md §2 defines it. Pure: plain values in, frozen results out.

Every result carries the formula with its numbers, so a screen can show how it was reached. Percentages are
Decimal, rounded ROUND_HALF_UP to 2 places at the end; nothing divides by zero.
"""

from __future__ import annotations

from dataclasses import dataclass
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


# Why an achievement cannot be computed (the pages translate these keys).
NOT_MEASURABLE = ("no_realisation", "no_target_range", "no_target", "zero_target")


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


def to_date(targets: tuple[Decimal | None, ...], values: list[Decimal | None], rule: str, upto: int,
            annual: Decimal | None) -> tuple[Decimal | None, Decimal | None]:
    """(target, realisation) of the year up to period ``upto`` (1-based), aggregated by ``rule``.

    sum: reported values added up against the period targets added up; average: the mean of each; last: the
    last reported value against that period's target. Without period targets the annual target is used.
    A missing period counts as nothing reported (it lowers a sum, it is left out of an average).
    """
    seen = values[:upto]
    value = aggregate(seen, rule)
    planned = targets[:upto]
    if rule == "last":
        last = max((i for i, v in enumerate(seen) if v is not None), default=upto - 1)
        return (planned[last] if planned[last] is not None else annual), value
    if any(t is None for t in planned):
        return annual, value
    return aggregate(list(planned), rule), value


def mean(values: list[Decimal | None]) -> Decimal | None:
    """The average of the measurable values (a unit's achievement over its indicators), or None."""
    known = [v for v in values if v is not None]
    if not known:
        return None
    return _round(sum(known, Decimal(0)) / len(known))
