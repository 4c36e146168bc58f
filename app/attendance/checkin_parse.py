"""Reading the cells of an attendance machine's export: dates and times as machines and Excel write them,
in/out spellings, user numbers. No session, no clock, no request.

Recognised without a saved format: ``2018-02-05 07:31:02`` (and ``T`` between), ``05/02/2018 07:31``,
``05-02-2018 07.31.02``, ``5/2/18 7:31 PM``, Excel's date cells and Excel's serial numbers (``43136.3132``).
A day written first is the Indonesian order (day/month/year); machines set to the American order
(month/day/year) need the source's ``date_format`` ``mdy``. Times are the machine's wall clock: ``Clock``
turns them into UTC instants with the machine's time zone (no daylight saving in Indonesia; the offset is
taken per day).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo

DATE_ORDERS = ("", "dmy", "mdy", "ymd")  # "": recognised (year first, else day first)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
EXCEL_EPOCH = date(1899, 12, 30)  # Excel's day 0 (its 1900 leap-year bug makes day 60 fictitious; after it, right)
DAY = 86400

_DATE = re.compile(r"(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})")
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_TIME = re.compile(r"(\d{1,2})[:.](\d{1,2})(?:[:.](\d{1,2})(?:[.,]\d+)?)?\s*(?:([AaPp])\.?\s?[Mm]\.?)?")
_SERIAL = re.compile(r"\d{4,5}(?:[.,]\d+)?")
_FRACTION = re.compile(r"0?[.,]\d+|0|1")


class BadValue(Exception):
    """A cell that cannot be read: ``code`` names the problem (the preview words it), ``value`` is the cell."""

    def __init__(self, code: str, value: object = ""):
        super().__init__(code)
        self.code, self.value = code, str(value)[:60]


def machine_number(value: object) -> str:
    """A user number as machines and people write it: 12, "012" and 12.0 are the same number."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if text.isdigit():
        return text.lstrip("0") or "0"
    return text.casefold()


def spellings(values: str) -> list[str]:
    """The comma-separated spellings of a direction ("C/In, 0, Masuk"), as typed."""
    return [v.strip() for v in values.split(",") if v.strip()]


def directions(in_values: str, out_values: str) -> dict[str, str]:
    """Each spelling (case-insensitive) → "in" or "out"."""
    found = {v.casefold(): "out" for v in spellings(out_values)}
    found.update({v.casefold(): "in" for v in spellings(in_values)})
    return found


class Clock:
    """A machine's wall-clock values → seconds since 1970 UTC. Dates and times are cached apart: a file of a
    million check-ins has a few dozen distinct days and at most 86,400 distinct times."""

    def __init__(self, order: str, zone: tzinfo):
        self.order, self.zone = order, zone
        self._dates: dict[str, date] = {}
        self._times: dict[str, int] = {}
        self._bases: dict[date, int] = {}
        self._day_bases: dict[str, int] = {}  # a date as written → its midnight (the fast path of ``text``)

    # -- the parts ----------------------------------------------------------------------------------------------

    def day(self, value: object) -> date:
        """A date cell: text, an Excel date cell (datetime) or an Excel serial number."""
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            return self._serial_day(value, value)
        text = str(value).strip()
        found = self._dates.get(text)
        if found is None:
            found = self._dates[text] = self._read_day(text)
        return found

    def seconds(self, value: object) -> int:
        """A time cell → seconds since midnight: text, an Excel time cell, or a fraction of a day."""
        if isinstance(value, time):
            return value.hour * 3600 + value.minute * 60 + value.second + (value.microsecond >= 500_000)
        if isinstance(value, datetime):  # a time cell Excel keeps on its day 0 (or a whole date-time)
            return self.seconds(value.time())
        if isinstance(value, timedelta):
            return round(value.total_seconds()) % DAY
        if isinstance(value, int | float) and not isinstance(value, bool):
            if not 0 <= value <= 1:
                raise BadValue("time", value)
            return round(value * DAY)
        text = str(value).strip()
        found = self._times.get(text)
        if found is None:
            found = self._times[text] = self._read_time(text)
        return found

    def base(self, day: date) -> int:
        """Midnight of ``day`` on the machine's clock, in seconds since 1970 UTC."""
        found = self._bases.get(day)
        if found is None:
            if not 2000 <= day.year <= 2999:
                raise BadValue("year", day.isoformat())
            offset = self.zone.utcoffset(datetime.combine(day, time(12)))
            found = self._bases[day] = (day - date(1970, 1, 1)).days * DAY - int(offset.total_seconds())
        return found

    # -- whole instants -----------------------------------------------------------------------------------------

    def text(self, text: str) -> int:
        """A date-and-time text cell → seconds since 1970 UTC: two dictionary look-ups once its day and its time
        have been seen (``instant`` reads them the first time, or says what is wrong)."""
        day_part, _, time_part = text.partition(" ")
        base = self._day_bases.get(day_part)
        seconds = self._times.get(time_part)
        if base is None or seconds is None:
            return self.instant(text)
        return base + seconds

    def instant(self, value: object) -> int:
        """A date-and-time cell → seconds since 1970 UTC."""
        if isinstance(value, datetime):
            return self.base(value.date()) + self.seconds(value.time())
        if isinstance(value, date):
            raise BadValue("no_time", value.isoformat())
        if isinstance(value, int | float) and not isinstance(value, bool):
            return self._serial(value, value)
        text = str(value).strip()
        day_part, _, time_part = text.partition(" ")
        if not time_part and "T" in text:
            day_part, _, time_part = text.partition("T")
        if not time_part:
            if _SERIAL.fullmatch(text):
                return self._serial(float(text.replace(",", ".")), text)
            self.day(text)  # says what is wrong with the date, if anything
            raise BadValue("no_time", text)
        base = self.base(self.day(day_part))
        self._day_bases[day_part] = base
        return base + self.seconds(time_part)

    def combine(self, day_value: object, time_value: object) -> int:
        """A date cell and a time cell → seconds since 1970 UTC."""
        return self.base(self.day(day_value)) + self.seconds(time_value)

    # -- reading text ---------------------------------------------------------------------------------------------

    def _read_day(self, text: str) -> date:
        match = _DATE.fullmatch(text)
        if match is None:
            compact = _COMPACT_DATE.fullmatch(text)
            if compact is not None:
                return _date(text, *(int(g) for g in compact.groups()))
            if _SERIAL.fullmatch(text):
                return self._serial_day(float(text.replace(",", ".")), text)
            raise BadValue("date", text)
        first, second, third = match.groups()
        if len(first) == 4:
            if self.order not in ("", "ymd"):
                raise BadValue("date_order", text)
            return _date(text, int(first), int(second), int(third))
        if len(third) not in (2, 4) or self.order == "ymd":
            raise BadValue("date_order" if self.order == "ymd" else "date", text)
        year = int(third) + (2000 if len(third) == 2 else 0)
        if self.order == "mdy":
            return _date(text, year, int(first), int(second))
        return _date(text, year, int(second), int(first))

    @staticmethod
    def _read_time(text: str) -> int:
        match = _TIME.fullmatch(text)
        if match is None:
            if _FRACTION.fullmatch(text):  # a time cell saved as a fraction of a day
                return round(float(text.replace(",", ".")) * DAY)
            raise BadValue("time", text)
        hours, minutes, seconds = int(match[1]), int(match[2]), int(match[3] or 0)
        if match[4]:
            if not 1 <= hours <= 12:
                raise BadValue("time", text)
            hours = hours % 12 + (12 if match[4] in "Pp" else 0)
        if hours > 23 or minutes > 59 or seconds > 59:
            raise BadValue("time", text)
        return hours * 3600 + minutes * 60 + seconds

    def _serial_day(self, number: float, shown: object) -> date:
        if not 20000 <= number < 100000:  # 1954 to 2173: beyond, not a date
            raise BadValue("date", shown)
        return EXCEL_EPOCH + timedelta(days=int(number))

    def _serial(self, number: float, shown: object) -> int:
        day = self._serial_day(number, shown)
        return self.base(day) + round((number - int(number)) * DAY)


def _date(text: str, year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise BadValue("date", text) from None


def utc(seconds: int) -> datetime:
    """Seconds since 1970 → the aware UTC instant."""
    return EPOCH + timedelta(seconds=seconds)
