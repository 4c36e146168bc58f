"""The period of a scorecard: a month, a quarter or a year (pure: plain values in and out).

A scorecard reads the agreements' indicators up to the quarter its period ends in (the year to date, as the
dashboards do), and the monthly records (ratings, attendance, TPP, awards) of the months it covers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

KINDS = ("month", "quarter", "year")
ROMAN = ("I", "II", "III", "IV")
MONTHS_ID = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
             "November", "Desember")


@dataclass(frozen=True)
class Period:
    year: int
    kind: str  # "month", "quarter" or "year"
    number: int = 0  # the month (1–12) or the quarter (1–4); 0 for a year

    def __post_init__(self) -> None:
        limit = {"month": 12, "quarter": 4, "year": 0}[self.kind]
        if not (1 <= self.number <= limit if limit else self.number == 0):
            raise ValueError(f"no {self.kind} {self.number}")

    @property
    def months(self) -> tuple[int, ...]:
        if self.kind == "month":
            return (self.number,)
        if self.kind == "quarter":
            return tuple(range(3 * self.number - 2, 3 * self.number + 1))
        return tuple(range(1, 13))

    @property
    def first(self) -> date:
        return date(self.year, self.months[0], 1)

    @property
    def last(self) -> date:
        end = self.months[-1]
        return (date(self.year + 1, 1, 1) if end == 12 else date(self.year, end + 1, 1)) - timedelta(days=1)

    @property
    def quarter(self) -> int:
        """The quarter its last day falls in: the indicators are read up to it."""
        return (self.months[-1] - 1) // 3 + 1

    @property
    def key(self) -> str:
        """Its name in a document's source: '2018', '2018-tw2', '2018-03'."""
        if self.kind == "year":
            return str(self.year)
        return f"{self.year}-tw{self.number}" if self.kind == "quarter" else f"{self.year}-{self.number:02d}"

    @property
    def label_id(self) -> str:
        """Its name on official documents (always Indonesian): 'Maret 2018', 'Triwulan II 2018', 'Tahun 2018'."""
        if self.kind == "year":
            return f"Tahun {self.year}"
        if self.kind == "quarter":
            return f"Triwulan {ROMAN[self.number - 1]} {self.year}"
        return f"{MONTHS_ID[self.number - 1]} {self.year}"

    @property
    def query(self) -> dict:
        """Its address on the scorecard pages (``?year=&quarter=`` or ``&month=``)."""
        if self.kind == "year":
            return {"year": self.year}
        return {"year": self.year, self.kind: self.number}

    def ended(self, today: date) -> bool:
        return self.last < today


def of(year: int, quarter: int | None = None, month: int | None = None) -> Period:
    """The period a page asks for: a month wins over a quarter; neither is the year."""
    if month is not None:
        return Period(year, "month", month)
    if quarter is not None:
        return Period(year, "quarter", quarter)
    return Period(year, "year")


def choices(year: int) -> list[Period]:
    """What the picker offers for a year: the year, its quarters, its months."""
    return [Period(year, "year"), *(Period(year, "quarter", q) for q in range(1, 5)),
            *(Period(year, "month", m) for m in range(1, 13))]


def closed(period: Period, today: date, closed_months: set[int]) -> bool:
    """A period is closed (its scorecard is issued, not provisional) when it has ended and every one of its
    months is closed in the OPD's TPP (ratings, attendance and discipline of the month are final then)."""
    return period.ended(today) and set(period.months) <= closed_months
