"""An OPD's rules for its non-ASN workers as plain values, read from a dated preset's stored JSON and checked.

Pure: no database, no clock, no Flask, no float. ``Rules.read`` turns the JSON into a frozen ``Rules`` or raises
``BadRules`` naming the part that is wrong (the edit screen shows it under the field). Percentages are
``Decimal`` (``"0.5"`` in JSON); amounts are whole rupiah.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

# app.attendance.models.DAY_STATUSES without the days off: the statuses a working day can have.
WORKING_STATUSES = ("present", "no_in", "no_out", "absent", "permit", "travel", "leave_annual", "leave_long",
                    "leave_sick", "leave_maternity", "leave_important", "leave_unpaid")
EVALUATION_EVERY = ("quarter", "year")
RESULTS = ("sangat_baik", "baik", "cukup", "kurang")  # best first
PAY_BASES = ("daily", "monthly")
# Warnings escalate (DOMAIN.md §5): teguran lisan, teguran tertulis, then surat peringatan 1–3; after SP3 the
# next step is termination.
WARNING_LEVELS = ("lisan", "tertulis", "sp1", "sp2", "sp3")
MAX_RATE = 1_000_000_000  # rupiah: a month's honorarium, or a day's
MAX_SCALE = 10
MAX_CRITERIA = 12


def N_(message: str) -> str:
    """Marks a message for translation where it is written (Babel's default keyword); translated where shown."""
    return message


class BadRules(ValueError):
    """Rules that cannot be used: ``field`` names the part (a key of the JSON), ``message`` says why in English
    (translated by the caller)."""

    def __init__(self, field: str, message: str, **values):
        super().__init__(f"{field}: {message % values if values else message}")
        self.field, self.message, self.values = field, message, values


@dataclass(frozen=True)
class Honor:
    """How a month's honorarium is worked out (``calc.honorarium``).

    ``paid``: the statuses of a working day that is paid (a daily worker is paid those days; a monthly one gets
    the monthly amount pro rata of them over the month's working days). The penalties are % of the rate (the day's
    or the month's) per occurrence: a day absent without reason (TK), an arrival late (TL1–4, a missing check-in
    included) and a departure early (PSW1–4); together at most ``cap`` %, never more than the pay."""

    paid: frozenset[str]
    absent_pct: Decimal
    late_pct: Decimal
    early_pct: Decimal
    cap: Decimal


@dataclass(frozen=True)
class Evaluation:
    """The evaluation form: every quarter or once a year, each criterion scored 1..``scale``; the score is the
    total over the most it could be, in %, and the result the first band (``(minimum %, result)``, highest first)
    the score reaches."""

    every: str
    criteria: tuple[str, ...]
    scale: int
    bands: tuple[tuple[Decimal, str], ...]


@dataclass(frozen=True)
class Rules:
    honor: Honor
    evaluation: Evaluation
    notice_days: int  # contracts ending within this many days are listed for the renewal decision

    @classmethod
    def read(cls, data: Mapping) -> Rules:
        if not isinstance(data, Mapping):
            raise BadRules("rules", N_("The rules must be an object."))
        honor = _mapping(data, "honor")
        paid = honor.get("paid")
        if not isinstance(paid, list) or not paid or any(s not in WORKING_STATUSES for s in paid):
            raise BadRules("paid", N_("Name at least one paid day status, each one of %(allowed)s."),
                           allowed=", ".join(WORKING_STATUSES))
        evaluation = _mapping(data, "evaluation")
        every = evaluation.get("every")
        if every not in EVALUATION_EVERY:
            raise BadRules("every", N_("The evaluation is every quarter or once a year."))
        criteria = evaluation.get("criteria")
        if (not isinstance(criteria, list) or not 1 <= len(criteria) <= MAX_CRITERIA
                or any(not isinstance(c, str) or not c.strip() or len(c) > 120 for c in criteria)
                or len({c.strip().lower() for c in criteria}) != len(criteria)):
            raise BadRules("criteria", N_("Name 1 to %(n)s different criteria, each at most 120 characters."),
                           n=MAX_CRITERIA)
        scale = evaluation.get("scale")
        if not isinstance(scale, int) or isinstance(scale, bool) or not 2 <= scale <= MAX_SCALE:
            raise BadRules("scale", N_("The scale runs from 1 to a whole number from 2 to %(n)s."), n=MAX_SCALE)
        bands = evaluation.get("bands")
        if not isinstance(bands, list) or len(bands) != len(RESULTS):
            raise BadRules("bands", N_("Give the lowest score of each result."))
        read_bands = []
        for pair, result in zip(bands, RESULTS, strict=True):
            if not isinstance(pair, list) or len(pair) != 2 or pair[1] != result:
                raise BadRules("bands", N_("Give the lowest score of each result."))
            read_bands.append((_pct(pair[0], "bands"), result))
        minimums = [m for m, _r in read_bands]
        if minimums != sorted(minimums, reverse=True) or len(set(minimums)) != len(minimums) or minimums[-1] != 0:
            raise BadRules("bands", N_("The lowest scores must fall from result to result, the last one 0."))
        notice = data.get("notice_days")
        if not isinstance(notice, int) or isinstance(notice, bool) or not 1 <= notice <= 366:
            raise BadRules("notice_days", N_("The notice is a whole number of days from 1 to 366."))
        return cls(
            Honor(frozenset(paid), _pct(honor.get("absent_pct"), "absent_pct"), _pct(honor.get("late_pct"), "late_pct"),
                  _pct(honor.get("early_pct"), "early_pct"), _pct(honor.get("cap"), "cap")),
            Evaluation(every, tuple(c.strip() for c in criteria), scale, tuple(read_bands)),
            notice)


def _mapping(data: Mapping, key: str) -> Mapping:
    found = data.get(key)
    if not isinstance(found, Mapping):
        raise BadRules(key, N_("This part of the rules is missing."))
    return found


def _pct(value, field: str) -> Decimal:
    """A percentage from 0 to 100 with at most two decimals, written as a string or a whole number."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise BadRules(field, N_("Write a percentage from 0 to 100."))
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise BadRules(field, N_("Write a percentage from 0 to 100.")) from None
    if not number.is_finite() or not 0 <= number <= 100 or number != number.quantize(Decimal("0.01")):
        raise BadRules(field, N_("Write a percentage from 0 to 100, with at most two decimals."))
    return number


# -- evaluation and warnings: pure ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Score:
    total: int  # the points given
    most: int  # the points possible
    percent: Decimal  # two decimals, half up
    result: str  # a RESULTS value


def score(form: Evaluation, points: Mapping[str, int]) -> Score:
    """The evaluation's score from the points of every criterion (each 1..scale); ``ValueError`` names a criterion
    missing or out of range."""
    given = []
    for criterion in form.criteria:
        value = points.get(criterion)
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= form.scale:
            raise ValueError(criterion)
        given.append(value)
    total, most = sum(given), form.scale * len(given)
    percent = (Decimal(100) * total / most).quantize(Decimal("0.01"), ROUND_HALF_UP)
    result = next(result for minimum, result in form.bands if percent >= minimum)
    return Score(total, most, percent, result)


def periods(form: Evaluation) -> tuple[int, ...]:
    """The periods of a year an evaluation is for: quarters 1–4, or 0 for the whole year."""
    return (1, 2, 3, 4) if form.every == "quarter" else (0,)


def next_warning(given: list[str]) -> str | None:
    """The next step of the escalation after the warnings already ``given`` (levels, any order): one above the
    highest; ``None`` after SP3 (the next step is termination)."""
    if not given:
        return WARNING_LEVELS[0]
    highest = max(WARNING_LEVELS.index(level) for level in given)
    return WARNING_LEVELS[highest + 1] if highest + 1 < len(WARNING_LEVELS) else None
