"""Display formats (DOMAIN.md §7): Indonesian dates, rupiah, amounts in words, NIP."""

from __future__ import annotations

import calendar
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from babel import Locale

MONTHS_ID = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)
WEEKDAYS_ID = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


def tanggal(value: date | datetime | None, with_weekday: bool = False) -> str:
    """5 Maret 2018 (no leading zero, Indonesian month); optionally 'Senin, 5 Maret 2018'."""
    if value is None:
        return ""
    text = f"{value.day} {MONTHS_ID[value.month - 1]} {value.year}"
    return f"{WEEKDAYS_ID[value.weekday()]}, {text}" if with_weekday else text


def local_datetime(value: datetime | None, tz_name: str = "Asia/Jakarta") -> datetime | None:
    return None if value is None else value.astimezone(ZoneInfo(tz_name))


def _group(digits: str) -> str:
    parts = []
    while len(digits) > 3:
        parts.insert(0, digits[-3:])
        digits = digits[:-3]
    parts.insert(0, digits)
    return ".".join(parts)


def rupiah(amount: int | Decimal | None, decimals: bool = True) -> str:
    """Rp1.500.000,00: no space after Rp, '.' thousands, ',' decimals; exact (no float)."""
    if amount is None:
        return ""
    if isinstance(amount, float):
        raise TypeError("money must be int or Decimal, never float")
    value = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "-" if value < 0 else ""
    whole, frac = f"{abs(value):.2f}".split(".")
    text = f"{sign}Rp{_group(whole)}"
    return f"{text},{frac}" if decimals else text


_ONES = ("", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh", "sebelas")


def _words(n: int) -> str:
    if n < 12:
        return _ONES[n]
    if n < 20:
        return f"{_ONES[n - 10]} belas"
    if n < 100:
        return f"{_ONES[n // 10]} puluh {_words(n % 10)}".strip()
    if n < 200:
        return f"seratus {_words(n - 100)}".strip()
    if n < 1000:
        return f"{_ONES[n // 100]} ratus {_words(n % 100)}".strip()
    if n < 2000:
        return f"seribu {_words(n - 1000)}".strip()
    for size, name in ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"), (10**3, "ribu")):
        if n >= size:
            return f"{_words(n // size)} {name} {_words(n % size)}".strip()
    raise AssertionError(n)


def terbilang(amount: int) -> str:
    """Amount in Indonesian words: 1500000 -> 'satu juta lima ratus ribu rupiah'."""
    if isinstance(amount, float):
        raise TypeError("money must be int, never float")
    amount = int(amount)
    if amount == 0:
        return "nol rupiah"
    prefix = "minus " if amount < 0 else ""
    return f"{prefix}{_words(abs(amount))} rupiah"


# Python groups thousands with "," and marks decimals with "."; Indonesian (Babel's locale data) swaps them.
_ID_SYMBOLS = Locale.parse("id").number_symbols["latn"]
_TO_INDONESIAN = str.maketrans({",": _ID_SYMBOLS["group"], ".": _ID_SYMBOLS["decimal"]})


def format_number(value) -> str:
    """A target or value as people write it: every digit kept, no trailing zeros, Indonesian decimal comma and
    '.' thousands; '' for none. (Python's own grouping with Babel's Indonesian symbols: Babel's
    ``format_decimal`` gives the same text at ten times the cost, which pages of thousands of values feel.)"""
    if value is None or value == "":
        return ""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    return format(number.normalize(), ",f").translate(_TO_INDONESIAN)


def month_bounds(year: int, month: int) -> tuple[date, date]:
    """The first and last day of a month."""
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
