"""One person's TPP for one month (DOMAIN.md §3–4). Pure: plain values in, a frozen ``Result`` out; no database,
no clock, no Flask, no float. Money is whole rupiah (``int``), percentages ``Decimal``.

The rules, in the order they apply (the explanation page repeats them):

1. **Base** ``B``: the preset's amount for the person's kelas jabatan. The kelas is the one in force on the
   first day of the month (the caller reads the position history): a change during a month counts from the
   next month, as pay changes do. No kelas, or a kelas the preset has no amount for: nothing is paid and the
   result says why.
2. **Parts**: performance ``P = round(B × share)``, discipline ``D = B − P`` (so P + D = B exactly).
3. **Performance**: ``paid = round(P × pct)``; the cut ``K = P − paid``. The pct comes from the month's
   predikat through the preset's table, or from the unit's achievement (capped at 100 %) when the preset says
   so. Not rated (or no achievement): 0 %, and the result is marked ``unrated`` (a month is not closed so).
4. **Discipline deductions**, one line per occurrence in day order: a day absent without reason (TK); a late
   arrival TL1–TL4 or an early leave PSW1–PSW4 (by the stored code); no check-in (``NO_IN``, instead of TL4)
   or no check-out (``NO_OUT``, instead of PSW4); a missed roll call (``APEL``). Each line is
   ``round(S × pct)`` of the preset's scope ``S``: the discipline part ``D``, or the whole base ``B``. Codes
   priced 0 % are not listed. On a day the person came in (present, no check-in, no check-out) the preset's
   daily cap, if any, trims that day's last lines. The month's lines add up to at most
   ``round(S × monthly cap)`` and never more than what is left after step 3 (``B − K``): the line that
   reaches the cap is trimmed, later lines are listed at 0 and marked capped. ``X`` = the lines' sum.
   A typed recap (a unit without attendance data) gives counts only: TK, late, early and roll calls, priced as
   TK, TL1, PSW1 and APEL (the level of a typed late arrival is not known), lines without a day.
5. **Whole month absent**: when the preset says so and every working day is TK, nothing is paid: the rest
   ``B − K − X`` is cut as one line.
6. **Leave**: each leave overlapping the month pays a % of what is left (``T = B − K − X``) by its kind's rule:
   flat, by the leave's length in calendar days, or by which month of the leave this is. Several leaves: the
   lowest %. Cut ``Y = T − round(T × pct)``.
7. **Sanction**: a sanction in force on the month's last day (so a 6-month sanction covers exactly 6 months,
   whatever day it starts) cuts its level's % of what is left: ``Z = round((T − Y) × pct)``; several: the
   highest %.
8. **Total** = ``B − K − X − Y − Z`` (− the whole-month line): 0 ≤ total ≤ B, and the components add up to it.

``round`` is the preset's one rounding rule to whole rupiah: half up, or down.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from app.tpp.rules import Payroll, Rules

HUNDRED = Decimal(100)
CAME_IN = ("present", "no_in", "no_out")
_MODES = {"half_up": ROUND_HALF_UP, "down": ROUND_DOWN}


@dataclass(frozen=True)
class Day:
    """A working day's stored status (``app.attendance.models.AttendanceDay``)."""

    day: date
    status: str
    late_code: int = 0
    early_code: int = 0
    missed_roll_call: bool = False


@dataclass(frozen=True)
class Typed:
    """A month's recap typed by HR (``app.discipline.models.AttendanceMonth`` with ``source = "typed"``)."""

    absent: int = 0
    late: int = 0
    early: int = 0
    roll_calls: int = 0


@dataclass(frozen=True)
class Span:
    """A leave (``kind``) or a sanction (``kind`` = its level) from ``starts_on`` to ``ends_on`` (None: open)."""

    kind: str
    starts_on: date
    ends_on: date | None
    ref: str = ""  # its decision number, for the explanation


@dataclass(frozen=True)
class Month:
    """Everything one person's month depends on."""

    year: int
    month: int
    kelas: int | None
    days: tuple[Day, ...] = ()
    typed: Typed | None = None
    leaves: tuple[Span, ...] = ()
    sanctions: tuple[Span, ...] = ()
    predikat: str | None = None
    achievement: Decimal | None = None


@dataclass(frozen=True)
class Line:
    """One deduction: ``amount`` rupiah for ``code`` on ``day`` (None: a typed count), at ``pct`` % of the scope.
    ``capped``: trimmed (or zeroed) by the daily or the monthly cap."""

    day: date | None
    code: str
    pct: Decimal
    amount: int
    capped: bool = False


@dataclass(frozen=True)
class Result:
    base: int
    performance_part: int
    discipline_part: int
    performance_pct: Decimal
    performance_from: str  # "predikat:<predikat>", "achievement", "unrated"
    performance_cut: int
    lines: tuple[Line, ...]
    discipline_cut: int
    scope_amount: int  # what a deduction's % is taken of
    cap_amount: int  # the most the month's deductions may take
    absent_month_cut: int
    leave_pct: Decimal
    leave_from: Span | None
    leave_cut: int
    sanction_pct: Decimal
    sanction_from: Span | None
    sanction_cut: int
    total: int
    problem: str = ""  # "no_kelas", "no_amount": nothing could be paid
    unrated: bool = False

    @property
    def cuts(self) -> int:
        return (self.performance_cut + self.discipline_cut + self.absent_month_cut + self.leave_cut
                + self.sanction_cut)


def rupiah(value: Decimal, rounding: str) -> int:
    """``value`` to whole rupiah by the preset's rule."""
    return int(value.quantize(Decimal(1), rounding=_MODES[rounding]))


def month_days(year: int, month: int) -> tuple[date, date]:
    first = date(year, month, 1)
    last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return first, last


def performance(rules: Rules, month: Month) -> tuple[Decimal, str]:
    """The % of the performance part paid, and where it came from."""
    if rules.performance_source == "achievement":
        if month.achievement is None:
            return Decimal(0), "unrated"
        return min(max(month.achievement, Decimal(0)), HUNDRED), "achievement"
    if month.predikat is None:
        return Decimal(0), "unrated"
    return rules.performance[month.predikat], f"predikat:{month.predikat}"


def occurrences(month: Month) -> list[tuple[date | None, str]]:
    """The deduction codes of the month, in day order (step 4)."""
    found: list[tuple[date | None, str]] = []
    for day in sorted(month.days, key=lambda d: d.day):
        status = day.status
        if status == "absent":
            found.append((day.day, "TK"))
        elif status in CAME_IN:
            if status == "no_in":
                found.append((day.day, "NO_IN"))
            elif day.late_code:
                found.append((day.day, f"TL{day.late_code}"))
            if status == "no_out":
                found.append((day.day, "NO_OUT"))
            elif day.early_code:
                found.append((day.day, f"PSW{day.early_code}"))
        if day.missed_roll_call:
            found.append((day.day, "APEL"))
    if month.typed is not None:
        typed = month.typed
        for code, count in (("TK", typed.absent), ("TL1", typed.late), ("PSW1", typed.early),
                            ("APEL", typed.roll_calls)):
            found.extend((None, code) for _ in range(count))
    return found


def leave_pct(rules: Rules, leave: Span, year: int, month: int) -> Decimal:
    """The % paid in (year, month) during ``leave`` (step 6)."""
    rule = rules.leave.get(leave.kind)
    if rule is None:
        return HUNDRED
    if rule.basis == "flat":
        return rule.steps[0][1]
    if rule.basis == "duration":
        reach = ((leave.ends_on or leave.starts_on) - leave.starts_on).days + 1
    else:
        reach = (year * 12 + month) - (leave.starts_on.year * 12 + leave.starts_on.month) + 1
    pct = rule.steps[0][1]
    for at, step_pct in rule.steps:
        if reach >= at:
            pct = step_pct
    return pct


def calculate(rules: Rules, month: Month) -> Result:
    """The month's TPP (see the module's rules)."""
    first, last = month_days(month.year, month.month)
    problem = ""
    if month.kelas is None:
        problem = "no_kelas"
    elif month.kelas not in rules.amounts:
        problem = "no_amount"
    base = 0 if problem else rules.amounts[month.kelas]
    r = rules.rounding
    perf_part = rupiah(base * rules.performance_share / HUNDRED, r)
    disc_part = base - perf_part
    perf_pct, perf_from = performance(rules, month)
    perf_cut = perf_part - rupiah(perf_part * perf_pct / HUNDRED, r)
    left = base - perf_cut

    scope_amount = disc_part if rules.scope == "discipline" else base
    cap_amount = min(rupiah(scope_amount * rules.monthly_cap / HUNDRED, r), left)
    lines = _lines(rules, month, scope_amount, cap_amount)
    disc_cut = sum(line.amount for line in lines)
    left -= disc_cut

    absent_cut = 0
    if rules.absent_month_pays_nothing and month.days and all(d.status == "absent" for d in month.days):
        absent_cut, left = left, 0

    leave_from = None
    paid_pct = HUNDRED
    for leave in month.leaves:
        if leave.starts_on <= last and (leave.ends_on is None or leave.ends_on >= first):
            pct = leave_pct(rules, leave, month.year, month.month)
            if pct < paid_pct:
                paid_pct, leave_from = pct, leave
    leave_cut = left - rupiah(left * paid_pct / HUNDRED, r)
    left -= leave_cut

    sanction_from = None
    sanction_pct = Decimal(0)
    for sanction in month.sanctions:
        if sanction.starts_on <= last and (sanction.ends_on is None or sanction.ends_on >= last):
            pct = rules.sanction_cuts.get(sanction.kind, Decimal(0))
            if pct > sanction_pct:
                sanction_pct, sanction_from = pct, sanction
    sanction_cut = rupiah(left * sanction_pct / HUNDRED, r)
    left -= sanction_cut

    return Result(
        base=base, performance_part=perf_part, discipline_part=disc_part, performance_pct=perf_pct,
        performance_from=perf_from, performance_cut=perf_cut, lines=tuple(lines), discipline_cut=disc_cut,
        scope_amount=scope_amount, cap_amount=cap_amount, absent_month_cut=absent_cut, leave_pct=paid_pct,
        leave_from=leave_from, leave_cut=leave_cut, sanction_pct=sanction_pct, sanction_from=sanction_from,
        sanction_cut=sanction_cut, total=left, problem=problem, unrated=perf_from == "unrated")


def _lines(rules: Rules, month: Month, scope_amount: int, cap_amount: int) -> list[Line]:
    came_in = {d.day for d in month.days if d.status in CAME_IN}
    day_pct: dict[date, Decimal] = {}
    lines: list[Line] = []
    taken = 0
    for day, code in occurrences(month):
        pct = rules.deductions[code]
        if pct == 0:
            continue
        capped = False
        if rules.daily_cap is not None and day in came_in:
            room = rules.daily_cap - day_pct.get(day, Decimal(0))
            if pct > room:
                pct, capped = max(room, Decimal(0)), True
            day_pct[day] = day_pct.get(day, Decimal(0)) + pct
        amount = rupiah(scope_amount * pct / HUNDRED, rules.rounding)
        if taken + amount > cap_amount:
            amount, capped = cap_amount - taken, True
        taken += amount
        lines.append(Line(day, code, pct, amount, capped))
    return lines


@dataclass(frozen=True)
class Payment:
    """One row of the payment list (DOMAIN.md §4, Lampiran V): amounts in rupiah."""

    base: int  # besaran TPP
    percent: Decimal  # total % penilaian: what the month earned of the base, before the sanction
    amount: int  # jumlah TPP: the base less performance, discipline, whole-month and leave cuts
    sanction: int  # potongan hukuman disiplin
    subsidy: int  # subsidi BPJS (added)
    gross: int  # kotor
    bpjs: int  # BPJS premium (taken off)
    contribution: int  # iuran (taken off)
    deductions: int  # jumlah potongan
    net: int  # bersih
    tax: int  # PPh 21
    received: int  # diterima


def payment(base: int, total: int, sanction_cut: int, payroll: Payroll, tax_pct: Decimal, rounding: str) -> Payment:
    """The payment row of a month's result (its base, total and sanction cut): gross = TPP + subsidy; net =
    gross − BPJS − contribution; received = net − PPh 21 (of the gross). Each BPJS percentage is of the TPP
    after the sanction; the total % is what the month earned of the base before the sanction."""
    amount = total + sanction_cut

    def of(pct: Decimal) -> int:
        return rupiah(total * pct / HUNDRED, rounding)

    subsidy, bpjs, contribution = of(payroll.bpjs_subsidy), of(payroll.bpjs), of(payroll.contribution)
    gross = total + subsidy
    tax = rupiah(gross * tax_pct / HUNDRED, rounding)
    percent = (Decimal(amount) * HUNDRED / base).quantize(Decimal("0.01"), ROUND_HALF_UP) if base else Decimal(0)
    return Payment(base=base, percent=percent, amount=amount, sanction=sanction_cut, subsidy=subsidy, gross=gross,
                   bpjs=bpjs, contribution=contribution, deductions=bpjs + contribution,
                   net=gross - bpjs - contribution, tax=tax, received=gross - bpjs - contribution - tax)
