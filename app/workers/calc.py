"""A worker's honorarium for one month: pure (plain values in, a frozen ``Pay`` out; no session, no clock).

Only the days of the month inside the contract count (a contract starting or terminated mid-month):

* daily rate:   pay = paid days × rate;
* monthly:      pay = monthly amount × paid days ÷ the month's working days (the unit's calendar), so a full
                month without unpaid days pays the whole amount;
* penalties:    (TK days × ``absent_pct`` + TL × ``late_pct`` + PSW × ``early_pct``) % of the rate (the day's or
                the month's), at most ``cap`` % and never more than the pay;
* received:     pay − penalties.

Each amount is rounded half up to whole rupiah once, where it is computed. ``docs/workers.md`` shows worked
months.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from app.workers.rules import Honor

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Month:
    """A worker's month as the attendance statuses tell it, counted over the contract's days of the month."""

    basis: str  # "daily" or "monthly"
    rate: int  # rupiah: a day's or a month's
    working: int  # working days of the whole month (the unit's calendar)
    contract: int  # of those, the days inside the contract
    paid: int  # contract days with a paid status
    absent: int  # contract days absent without reason (TK)
    late: int  # arrivals late (TL1–4, a missing check-in included)
    early: int  # departures early (PSW1–4, a missing check-out included)


@dataclass(frozen=True)
class Pay:
    gross: int
    penalty_pct: Decimal  # the penalties' % of the rate, after the cap
    penalty: int
    net: int


def _rupiah(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), ROUND_HALF_UP))


def honorarium(rules: Honor, month: Month) -> Pay:
    if not 0 <= month.paid <= month.contract <= month.working:
        raise ValueError("paid ≤ contract ≤ working days")
    if month.basis == "daily":
        gross = month.paid * month.rate
    elif month.working:
        gross = _rupiah(Decimal(month.rate) * month.paid / month.working)
    else:
        gross = 0
    pct = min(rules.cap, month.absent * rules.absent_pct + month.late * rules.late_pct
              + month.early * rules.early_pct)
    penalty = min(gross, _rupiah(Decimal(month.rate) * pct / HUNDRED))
    return Pay(gross, pct, penalty, gross - penalty)
