"""Scoring and ranking the nominees of an award round (DOMAIN.md §6). Pure: plain values in, frozen results out;
no database, no clock, no Flask, no float.

The rules (the product's documented rules; the screens and the decision document repeat them):

1. **Attendance score** (``attendance_score``): the preset's start (100) minus one penalty per kind, each the
   highest step its count reaches (Dinsos DKI: leave < 3 days 2.5, ≥ 3 days 5; TK once 20, more 30; early
   leave once 5, more 10; late once 5, more 10; any missed roll call 10), floored at 0. The explanation lists
   only the penalties charged, as stable keys (``leave``, ``absent``, ``early``, ``late``, ``roll_call``) with
   the count and the penalty; the caller labels them.
2. **Criterion value.** An assessor criterion takes the mean over the assessors who scored it. An assessor
   excluded by a conflict of interest simply has no scores for that nominee, so they are left out of the mean,
   not counted as 0. No score at all: the mean is None and the criterion counts 0. An automatic criterion
   (attendance, achievement) takes its value as given; None (no data) counts 0.
3. **Normalised** = value / scale_max × 100 (a 1–5 scale gives 5 → 100, 4 → 80; automatic criteria on 0–100
   use scale_max 100). The value is held within 0..scale_max first, so an achievement of 110 % on a 0–100
   criterion counts 100 and no criterion gives more than its weight.
4. **Weighted** = weight × normalised / 100. The weights must total exactly 100 (``check_weights``).
5. **Total** = Σ weighted, rounded to 2 places ROUND_HALF_UP only at the end. ``Part`` values keep full
   precision (so the total can be recomputed from them); round them only for display.
6. **Ranking** (``rank``): by the rounded total, highest first (the total people see decides, so two
   nominees shown with the same total are separated by the next step, never by hidden digits); then the
   higher automatic attendance score (none counts lowest); then fewer TK days; then the earlier nomination;
   then the lower nomination id, so the order is always complete and deterministic. Ranks run 1..n and are
   never shared; ``decided_by`` names the step that separated a nominee from the next one. The first
   ``winners`` are the winners.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from app.awards.presets import COUNT_FIELDS, DEFAULT_ATTENDANCE_PRESET, AttendancePreset

HUNDRED = Decimal(100)
ZERO = Decimal(0)
PLACES = Decimal("0.01")
SOURCES = ("assessor", "attendance", "achievement")
TIE_BREAKS = ("total", "attendance", "absent_days", "nominated_at", "id")


def _round(value: Decimal) -> Decimal:
    return value.quantize(PLACES, rounding=ROUND_HALF_UP)


# -- attendance ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceCounts:
    """One employee's monthly attendance recap (the fields of ``AttendanceMonth``)."""

    leave_days: int = 0
    absent_days: int = 0
    early_leaves: int = 0
    late_arrivals: int = 0
    missed_roll_calls: int = 0


class PenaltyLine(NamedTuple):
    key: str  # leave | absent | early | late | roll_call
    count: int
    penalty: Decimal


def attendance_score(counts: AttendanceCounts,
                     preset: AttendancePreset = DEFAULT_ATTENDANCE_PRESET) -> tuple[Decimal, list[PenaltyLine]]:
    """The attendance score (2 places) and the penalties charged, in the preset's order."""
    lines = []
    for key, steps in preset.penalties:
        count = getattr(counts, COUNT_FIELDS[key])
        if count < 0:
            raise ValueError(f"negative count: {key}")
        reached = [step.penalty for step in steps if count >= step.at]
        if reached:
            lines.append(PenaltyLine(key, count, reached[-1]))
    score = max(preset.start - sum((line.penalty for line in lines), ZERO), ZERO)
    return _round(score), lines


# -- weighted total -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionSpec:
    id: int
    weight: Decimal  # percent; the weights of an instrument total 100
    scale_max: Decimal  # 5 for a 1–5 scale, 100 for automatic criteria
    source: str  # assessor | attendance | achievement


@dataclass(frozen=True)
class Entry:
    nomination_id: int
    scores: Mapping[int, Mapping[int, Decimal]]  # assessor id → criterion id → value (assessor criteria only)
    auto: Mapping[int, Decimal | None]  # criterion id → value of an automatic criterion (None = no data)
    attendance: Decimal | None  # the automatic attendance score, for the tie-break
    absent_days: int  # TK days that month, for the tie-break
    nominated_at: datetime


@dataclass(frozen=True)
class Part:
    """One criterion's share of a total, at full precision (round for display only)."""

    criterion_id: int
    mean: Decimal | None  # the assessors' mean or the automatic value; None = no data
    normalised: Decimal  # 0–100
    weighted: Decimal  # 0–weight
    assessors: int  # how many assessors scored it (0 for automatic criteria)


@dataclass(frozen=True)
class Ranked:
    nomination_id: int
    total: Decimal  # 2 places
    rank: int  # 1..n, never shared
    winner: bool
    parts: tuple[Part, ...]
    decided_by: str | None  # the step of TIE_BREAKS separating it from the next nominee; None for the last


def check_weights(weights: Iterable[Decimal]) -> str | None:
    """None when the weights make a valid instrument, otherwise an error key for a form.

    ``no_criteria``: nothing to weigh; ``weight_not_positive``: a weight ≤ 0; ``weights_not_100``: the total.
    """
    weights = list(weights)
    if not weights:
        return "no_criteria"
    if any(w <= 0 for w in weights):
        return "weight_not_positive"
    if sum(weights, ZERO) != HUNDRED:
        return "weights_not_100"
    return None


def _check_criteria(criteria: Sequence[CriterionSpec]) -> None:
    error = check_weights(c.weight for c in criteria)
    if error:
        raise ValueError(error)
    if len({c.id for c in criteria}) != len(criteria):
        raise ValueError("duplicate criterion id")
    for c in criteria:
        if c.source not in SOURCES:
            raise ValueError(f"unknown criterion source: {c.source}")
        if c.scale_max <= 0:
            raise ValueError(f"scale_max must be positive: criterion {c.id}")


def _part(criterion: CriterionSpec, entry: Entry) -> Part:
    if criterion.source == "assessor":
        values = [by_criterion[criterion.id] for by_criterion in entry.scores.values()
                  if criterion.id in by_criterion]
        assessors = len(values)
        mean = sum(values, ZERO) / assessors if values else None
    else:
        assessors = 0
        mean = entry.auto.get(criterion.id)
    held = min(max(mean, ZERO), criterion.scale_max) if mean is not None else ZERO
    normalised = held * HUNDRED / criterion.scale_max
    weighted = criterion.weight * held / criterion.scale_max  # = weight × normalised / 100, one division
    return Part(criterion.id, mean, normalised, weighted, assessors)


def _check_entry(criteria: Sequence[CriterionSpec], entry: Entry) -> None:
    by_assessors = {c.id for c in criteria if c.source == "assessor"}
    automatic = {c.id for c in criteria if c.source != "assessor"}
    for by_criterion in entry.scores.values():
        stray = set(by_criterion) - by_assessors
        if stray:
            raise ValueError(f"scores for criteria that are not assessor criteria: {sorted(stray)}")
    stray = set(entry.auto) - automatic
    if stray:
        raise ValueError(f"automatic values for criteria that are not automatic: {sorted(stray)}")


def weighted_total(criteria: Sequence[CriterionSpec], entry: Entry) -> tuple[Decimal, tuple[Part, ...]]:
    """The nominee's total (0–100, 2 places) and its parts in the criteria's order.

    Raises ValueError when the weights do not total 100, or when the entry has values for criteria that are not
    in the instrument (or of the wrong kind).
    """
    _check_criteria(criteria)
    return _total(criteria, entry)


def _total(criteria: Sequence[CriterionSpec], entry: Entry) -> tuple[Decimal, tuple[Part, ...]]:
    _check_entry(criteria, entry)
    parts = tuple(_part(c, entry) for c in criteria)
    return _round(sum((p.weighted for p in parts), ZERO)), parts


# -- ranking ------------------------------------------------------------------------------------------------


def _key(total: Decimal, entry: Entry) -> tuple:
    """One element per step of TIE_BREAKS, each smaller = better."""
    attendance = (1, ZERO) if entry.attendance is None else (0, -entry.attendance)
    return (-total, attendance, entry.absent_days, entry.nominated_at, entry.nomination_id)


def rank(criteria: Sequence[CriterionSpec], entries: Iterable[Entry], winners: int) -> list[Ranked]:
    """Every nominee in order, ranked 1..n; the first ``winners`` win (all of them when fewer are nominated)."""
    if winners < 0:
        raise ValueError("winners must not be negative")
    _check_criteria(criteria)
    entries = list(entries)
    if len({e.nomination_id for e in entries}) != len(entries):
        raise ValueError("duplicate nomination id")
    scored = []
    for entry in entries:
        total, parts = _total(criteria, entry)
        scored.append((_key(total, entry), entry.nomination_id, total, parts))
    scored.sort(key=lambda row: row[0])
    result = []
    for i, (key, nomination_id, total, parts) in enumerate(scored):
        decided_by = None
        if i + 1 < len(scored):
            following = scored[i + 1][0]
            decided_by = next(step for step, mine, theirs in zip(TIE_BREAKS, key, following, strict=True)
                              if mine != theirs)
        result.append(Ranked(nomination_id, total, i + 1, i < winners, parts, decided_by))
    return result
