"""The rules of a TPP preset as plain values (DOMAIN.md §3–4), read from the preset's stored JSON and checked.

Pure: no database, no clock, no Flask, no float. A preset is data an administrator edits; ``Rules.read`` turns
its JSON into a frozen ``Rules`` or raises ``BadRules`` naming the part that is wrong (the edit screen shows it
under the field).

Percentages are ``Decimal`` (``"0.5"`` in JSON, never a float); amounts are whole rupiah (``int``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# The deduction codes a preset prices, per occurrence, in the order an explanation lists them.
DEDUCTION_CODES = ("TL1", "TL2", "TL3", "TL4", "PSW1", "PSW2", "PSW3", "PSW4", "NO_IN", "NO_OUT", "TK", "APEL")
SCOPES = ("discipline", "whole")  # a deduction comes off the discipline part, or off the whole TPP
ROUNDINGS = ("half_up", "down")  # to whole rupiah: half up, or down
LEAVE_KINDS = ("annual", "long", "sick", "maternity", "important", "unpaid")  # app.attendance.models.LEAVE_KINDS
LEAVE_BASES = ("flat", "duration", "month")  # one %, by the leave's length in days, by the month of the leave
SANCTION_LEVELS = ("light", "medium", "heavy")  # app.discipline.models.SANCTION_LEVELS
PERFORMANCE_SOURCES = ("predikat", "achievement")
MAX_AMOUNT = 1_000_000_000  # a monthly base in rupiah (the results keep amounts in 32-bit integers)

# PermenPANRB 6/2022 (DOMAIN.md §3): the predikat from hasil kerja (rows) and perilaku (columns), each
# rated above ("atas"), as expected ("sesuai") or below ("bawah") expectations [C, four implementations agree].
EXPECTATIONS = ("atas", "sesuai", "bawah")
PREDIKATS = ("sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang")
_MATRIX = {
    ("atas", "bawah"): "kurang", ("atas", "sesuai"): "baik", ("atas", "atas"): "sangat_baik",
    ("sesuai", "bawah"): "kurang", ("sesuai", "sesuai"): "baik", ("sesuai", "atas"): "baik",
    ("bawah", "bawah"): "sangat_kurang", ("bawah", "sesuai"): "butuh_perbaikan", ("bawah", "atas"): "butuh_perbaikan",
}


def predikat(hasil_kerja: str, perilaku: str) -> str:
    """The predikat of a rating (PermenPANRB 6/2022 matrix)."""
    return _MATRIX[(hasil_kerja, perilaku)]


class BadRules(ValueError):
    """A preset's rules that cannot be used: ``field`` names the part (a key of the JSON), ``message`` says why
    in English (translated by the caller)."""

    def __init__(self, field: str, message: str, **values):
        super().__init__(f"{field}: {message % values if values else message}")
        self.field, self.message, self.values = field, message, values


@dataclass(frozen=True)
class LeaveRule:
    """The % of the month's TPP still paid during a leave of one kind.

    ``basis`` "flat": ``steps`` is ((0, pct),). "duration": ((days, pct), …) lowest first, the highest step
    the leave's length in calendar days reaches applies (sick 1–2 days 100, from 3 days 75, …). "month":
    ((month, pct), …) by the month of the leave the paid month is (first month 50, second 25, …), the last
    step holding for every later month."""

    basis: str
    steps: tuple[tuple[int, Decimal], ...]


TAX_GROUPS = ("I", "II", "III", "IV", "PPPK")  # PNS by golongan (I/a → "I"), PPPK alike


@dataclass(frozen=True)
class Payroll:
    """The payment list's percentages, of the month's TPP after the sanction: the employer's BPJS subsidy added
    to the gross, the BPJS premium and the employee's contribution (iuran) taken off it, and PPh 21 of the
    gross by golongan group. Payroll computes the real amounts; the list shows these as configured."""

    bpjs_subsidy: Decimal = Decimal(0)
    bpjs: Decimal = Decimal(0)
    contribution: Decimal = Decimal(0)
    tax: Mapping[str, Decimal] = None  # tax group → % (a group not named: 0)

    def tax_of(self, golongan: str | None, employment_type: str) -> Decimal:
        group = "PPPK" if employment_type == "pppk" else (golongan or "").split("/")[0]
        return (self.tax or {}).get(group, Decimal(0))


def _payroll(given) -> Payroll:
    if not isinstance(given, Mapping) or set(given) - {"bpjs_subsidy", "bpjs", "contribution", "tax"}:
        raise BadRules("payroll", "keys are bpjs_subsidy, bpjs, contribution, tax")
    tax = given.get("tax") or {}
    if not isinstance(tax, Mapping) or set(tax) - set(TAX_GROUPS):
        raise BadRules("payroll.tax", "groups are %(g)s", g=", ".join(TAX_GROUPS))
    return Payroll(*(_percent(given, key, field=f"payroll.{key}", default="0")
                     for key in ("bpjs_subsidy", "bpjs", "contribution")),
                   tax={group: _percent(tax, group, field=f"payroll.tax.{group}") for group in tax})


@dataclass(frozen=True)
class Rules:
    amounts: Mapping[int, int]  # kelas jabatan 1–17 → the monthly TPP base in rupiah
    performance_share: Decimal  # % of the base paid for performance; the rest is the discipline part
    scope: str  # deductions come off the discipline part ("discipline") or the whole TPP ("whole")
    deductions: Mapping[str, Decimal]  # code → % per occurrence (of the part ``scope`` names)
    monthly_cap: Decimal  # the month's deductions add up to at most this % (of the same part)
    daily_cap: Decimal | None  # on a day the person came in, that day's deductions add up to at most this %
    absent_month_pays_nothing: bool  # every working day TK: no TPP at all
    leave: Mapping[str, LeaveRule]  # leave kind → its rule (a kind not named is paid in full)
    sanction_cuts: Mapping[str, Decimal]  # sanction level → % cut of the month's TPP while in force
    performance_source: str  # "predikat" (the month's rating) or "achievement" (the unit's capaian)
    performance: Mapping[str, Decimal]  # predikat → % of the performance part paid
    rounding: str  # each amount to whole rupiah: "half_up" or "down"
    predikat_caps: Mapping[str, Decimal]  # predikat → at most this % of a unit's ASN get it in a month
    payroll: Payroll  # the payment list's BPJS and tax percentages (payroll's job: shown as configured)

    @classmethod
    def read(cls, data: Mapping) -> Rules:
        """Check and freeze a preset's JSON (``presets.SHIPPED`` shows the shape)."""
        if not isinstance(data, Mapping):
            raise BadRules("rules", "not an object")
        amounts = _amounts(data.get("amounts"))
        share = _percent(data, "performance_share")
        scope = _choice(data, "scope", SCOPES)
        deductions = {}
        given = data.get("deductions")
        if not isinstance(given, Mapping):
            raise BadRules("deductions", "not an object")
        unknown = sorted(set(given) - set(DEDUCTION_CODES))
        if unknown:
            raise BadRules("deductions", "unknown codes %(codes)s", codes=", ".join(map(str, unknown)))
        for code in DEDUCTION_CODES:
            deductions[code] = _percent(given, code, field=f"deductions.{code}", default="0")
        daily = data.get("daily_cap")
        leave = _leave(data.get("leave", {}))
        cuts = data.get("sanction_cuts", {})
        if not isinstance(cuts, Mapping) or set(cuts) - set(SANCTION_LEVELS):
            raise BadRules("sanction_cuts", "levels are %(levels)s", levels=", ".join(SANCTION_LEVELS))
        performance = data.get("performance", {})
        if not isinstance(performance, Mapping) or set(performance) != set(PREDIKATS):
            raise BadRules("performance", "needs a percentage for each predikat: %(p)s", p=", ".join(PREDIKATS))
        return cls(
            amounts=amounts, performance_share=share, scope=scope, deductions=deductions,
            monthly_cap=_percent(data, "monthly_cap"),
            daily_cap=None if daily in (None, "") else _percent(data, "daily_cap"),
            absent_month_pays_nothing=bool(data.get("absent_month_pays_nothing", False)),
            leave=leave,
            sanction_cuts={level: _percent(cuts, level, field=f"sanction_cuts.{level}") for level in cuts},
            performance_source=_choice(data, "performance_source", PERFORMANCE_SOURCES),
            performance={p: _percent(performance, p, field=f"performance.{p}") for p in PREDIKATS},
            rounding=_choice(data, "rounding", ROUNDINGS),
            predikat_caps=_caps(data.get("predikat_caps") or {}),
            payroll=_payroll(data.get("payroll") or {}),
        )


def _percent(data: Mapping, key: str, field: str | None = None, default=None) -> Decimal:
    field = field or key
    raw = data.get(key, default)
    if isinstance(raw, bool) or isinstance(raw, float) or raw is None:
        raise BadRules(field, "a percentage is required (written as text or a whole number, e.g. \"0.5\")")
    try:
        value = Decimal(str(raw))
    except InvalidOperation:
        raise BadRules(field, "%(v)s is not a number", v=raw) from None
    if not value.is_finite() or not 0 <= value <= 100:
        raise BadRules(field, "must be from 0 to 100")
    return value


def _choice(data: Mapping, key: str, allowed: tuple[str, ...]) -> str:
    value = data.get(key)
    if value not in allowed:
        raise BadRules(key, "must be one of %(allowed)s", allowed=", ".join(allowed))
    return value


def _amounts(given) -> dict[int, int]:
    if not isinstance(given, Mapping):
        raise BadRules("amounts", "not an object")
    amounts = {}
    for key, value in given.items():
        try:
            kelas = int(key)
        except (TypeError, ValueError):
            raise BadRules("amounts", "kelas jabatan %(k)s is not a number", k=key) from None
        if not 1 <= kelas <= 17:
            raise BadRules("amounts", "kelas jabatan runs from 1 to 17, not %(k)s", k=kelas)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_AMOUNT:
            raise BadRules("amounts", "the amount of kelas %(k)s must be whole rupiah", k=kelas)
        amounts[kelas] = value
    return amounts


def _caps(given) -> dict[str, Decimal]:
    if not isinstance(given, Mapping) or set(given) - set(PREDIKATS):
        raise BadRules("predikat_caps", "predikat are %(p)s", p=", ".join(PREDIKATS))
    return {p: _percent(given, p, field=f"predikat_caps.{p}") for p in PREDIKATS if p in given}


def _leave(given) -> dict[str, LeaveRule]:
    if not isinstance(given, Mapping) or set(given) - set(LEAVE_KINDS):
        raise BadRules("leave", "kinds are %(kinds)s", kinds=", ".join(LEAVE_KINDS))
    rules = {}
    for kind, rule in given.items():
        field = f"leave.{kind}"
        if not isinstance(rule, Mapping):
            raise BadRules(field, "not an object")
        basis = rule.get("basis")
        if basis not in LEAVE_BASES:
            raise BadRules(field, "basis must be one of %(allowed)s", allowed=", ".join(LEAVE_BASES))
        steps = rule.get("steps")
        if not isinstance(steps, list) or not steps:
            raise BadRules(field, "needs at least one step")
        parsed = []
        for step in steps:
            if not isinstance(step, list) or len(step) != 2 or isinstance(step[0], bool) or not isinstance(step[0], int):
                raise BadRules(field, "each step is [from, percentage]")
            parsed.append((step[0], _percent({"pct": step[1]}, "pct", field=field)))
        starts = [s for s, _ in parsed]
        if starts != sorted(set(starts)) or starts[0] != (0 if basis == "flat" else 1) or (
                basis == "flat" and len(parsed) != 1):
            raise BadRules(field, "steps start at 1 (at 0 for a flat rule) and rise")
        rules[kind] = LeaveRule(basis, tuple(parsed))
    return rules
