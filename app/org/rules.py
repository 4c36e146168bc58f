"""Pure rules for people: identity numbers and pangkat/golongan (DOMAIN.md §7).

No database, no request, no clock: plain values in, plain values out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

# Pangkat/golongan of PNS (DOMAIN.md §7, [C]): code -> pangkat name.
PANGKAT_PNS: dict[str, str] = {
    "I/a": "Juru Muda",
    "I/b": "Juru Muda Tk. I",
    "I/c": "Juru",
    "I/d": "Juru Tk. I",
    "II/a": "Pengatur Muda",
    "II/b": "Pengatur Muda Tk. I",
    "II/c": "Pengatur",
    "II/d": "Pengatur Tk. I",
    "III/a": "Penata Muda",
    "III/b": "Penata Muda Tk. I",
    "III/c": "Penata",
    "III/d": "Penata Tk. I",
    "IV/a": "Pembina",
    "IV/b": "Pembina Tk. I",
    "IV/c": "Pembina Utama Muda",
    "IV/d": "Pembina Utama Madya",
    "IV/e": "Pembina Utama",
}

# Golongan of PPPK: I to XVII (DOMAIN.md §7).
GOLONGAN_PPPK: tuple[str, ...] = (
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX",
    "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII",
)

# Eselon and the pangkat range each allows (PP 13/2002, DOMAIN.md §7).
ESELON_RANGE: dict[str, tuple[str, str]] = {
    "I.a": ("IV/d", "IV/e"),
    "I.b": ("IV/c", "IV/e"),
    "II.a": ("IV/c", "IV/d"),
    "II.b": ("IV/b", "IV/c"),
    "III.a": ("IV/a", "IV/b"),
    "III.b": ("III/d", "IV/a"),
    "IV.a": ("III/c", "III/d"),
    "IV.b": ("III/b", "III/c"),
    "V": ("III/a", "III/b"),
}

EMPLOYMENT_TYPES = ("pns", "pppk", "thl", "pjlp", "honorer")
ASN_TYPES = ("pns", "pppk")


def golongan_choices(employment_type: str) -> tuple[str, ...]:
    if employment_type == "pns":
        return tuple(PANGKAT_PNS)
    if employment_type == "pppk":
        return GOLONGAN_PPPK
    return ()


def format_pangkat(golongan: str | None) -> str:
    """'III/b' -> 'Penata Muda Tk. I (III/b)'; PPPK 'IX' -> 'Golongan IX'; unknown or empty -> ''."""
    if not golongan:
        return ""
    if golongan in PANGKAT_PNS:
        return f"{PANGKAT_PNS[golongan]} ({golongan})"
    if golongan in GOLONGAN_PPPK:
        return f"Golongan {golongan}"
    return golongan


def format_nip(nip: str | None) -> str:
    """'196608011988031001' -> '19660801 198803 1 001'. PPPK numbers use their own grouping."""
    if not nip:
        return ""
    if len(nip) == 18 and nip.isdigit():
        return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
    return nip


def format_ni_pppk(number: str | None) -> str:
    """'199105252023211031' -> '19910525 2023 21 1 031'."""
    if not number:
        return ""
    if len(number) == 18 and number.isdigit():
        return f"{number[:8]} {number[8:12]} {number[12:14]} {number[14]} {number[15:]}"
    return number


def full_name(name: str, front_title: str | None = None, back_title: str | None = None) -> str:
    """'Dr. Masrokhan, M.Si.': front title, name, then the back title after a comma."""
    text = f"{front_title.strip()} {name.strip()}" if front_title and front_title.strip() else name.strip()
    if back_title and back_title.strip():
        text = f"{text}, {back_title.strip()}"
    return text


@dataclass(frozen=True)
class IdProblem:
    """What is wrong with an identity number: which part, and a message for the user."""

    part: str
    message: object  # a lazy string, rendered in the user's language


def _clean(value: str | None) -> str:
    return "".join((value or "").split())


def _real_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def check_nip(value: str | None, today: date | None = None) -> list[IdProblem]:
    """Check a PNS NIP: birth date YYYYMMDD + CPNS start YYYYMM + sex (1/2) + serial NNN."""
    nip = _clean(value)
    if not nip:
        return [IdProblem("all", _l("NIP is required."))]
    if not nip.isdigit():
        return [IdProblem("all", _l("NIP may contain digits only."))]
    if len(nip) != 18:
        return [IdProblem("length", _l("NIP must have 18 digits, this one has %(n)s.", n=len(nip)))]
    problems: list[IdProblem] = []
    birth = _real_date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    if birth is None:
        problems.append(IdProblem("birth_date", _l("Digits 1–8 (birth date %(v)s) are not a real date.", v=nip[:8])))
    elif today and (birth > today or birth.year < 1900):
        problems.append(IdProblem("birth_date", _l("Digits 1–8 (birth date %(v)s) are out of range.", v=nip[:8])))
    start_year, start_month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= start_month <= 12:
        problems.append(IdProblem("start_date", _l("Digits 13–14 (CPNS start month %(v)s) must be 01–12.", v=nip[12:14])))
    elif birth is not None and start_year < birth.year + 14:
        problems.append(IdProblem("start_date", _l("Digits 9–14 (CPNS start %(v)s) come too soon after the birth date.", v=nip[8:14])))
    if nip[14] not in "12":
        problems.append(IdProblem("sex", _l("Digit 15 (sex) must be 1 (male) or 2 (female), not %(v)s.", v=nip[14])))
    if nip[15:] == "000":
        problems.append(IdProblem("serial", _l("Digits 16–18 (serial number) cannot be 000.")))
    return problems


def check_ni_pppk(value: str | None, today: date | None = None) -> list[IdProblem]:
    """Check an NI PPPK: birth date YYYYMMDD + appointment year YYYY + code NN + sex + serial NNN."""
    number = _clean(value)
    if not number:
        return [IdProblem("all", _l("NI PPPK is required."))]
    if not number.isdigit():
        return [IdProblem("all", _l("NI PPPK may contain digits only."))]
    if len(number) != 18:
        return [IdProblem("length", _l("NI PPPK must have 18 digits, this one has %(n)s.", n=len(number)))]
    problems: list[IdProblem] = []
    birth = _real_date(int(number[0:4]), int(number[4:6]), int(number[6:8]))
    if birth is None:
        problems.append(IdProblem("birth_date", _l("Digits 1–8 (birth date %(v)s) are not a real date.", v=number[:8])))
    year = int(number[8:12])
    if year < 2019 or (today and year > today.year) or (birth is not None and year < birth.year + 14):
        problems.append(IdProblem("start_date", _l("Digits 9–12 (appointment year %(v)s) are out of range.", v=number[8:12])))
    if number[14] not in "12":
        problems.append(IdProblem("sex", _l("Digit 15 (sex) must be 1 (male) or 2 (female), not %(v)s.", v=number[14])))
    if number[15:] == "000":
        problems.append(IdProblem("serial", _l("Digits 16–18 (serial number) cannot be 000.")))
    return problems


def check_nik(value: str | None) -> list[IdProblem]:
    """Check a 16-digit NIK: region 6 digits + birth date DDMMYY (day + 40 for women) + serial 4."""
    nik = _clean(value)
    if not nik:
        return [IdProblem("all", _l("NIK is required."))]
    if not nik.isdigit():
        return [IdProblem("all", _l("NIK may contain digits only."))]
    if len(nik) != 16:
        return [IdProblem("length", _l("NIK must have 16 digits, this one has %(n)s.", n=len(nik)))]
    problems: list[IdProblem] = []
    if nik[0:2] < "11" or nik[0:2] > "96":
        problems.append(IdProblem("region", _l("Digits 1–2 (province code %(v)s) are not a province.", v=nik[0:2])))
    day, month, year2 = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    if day > 40:
        day -= 40
    # The century is not in the NIK; any real day/month pair in a leap year is accepted.
    if _real_date(2000 + year2, month, day) is None and _real_date(1900 + year2, month, day) is None:
        problems.append(IdProblem("birth_date", _l("Digits 7–12 (birth date %(v)s) are not a real date.", v=nik[6:12])))
    if nik[12:] == "0000":
        problems.append(IdProblem("serial", _l("Digits 13–16 (serial number) cannot be 0000.")))
    return problems


def sex_from_nip(nip: str) -> str | None:
    nip = _clean(nip)
    return {"1": "L", "2": "P"}.get(nip[14]) if len(nip) == 18 else None


def birth_date_from_nip(nip: str) -> date | None:
    nip = _clean(nip)
    return _real_date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8])) if len(nip) == 18 and nip.isdigit() else None


def normalise_id(value: str | None) -> str:
    """Remove the spaces people type inside NIP and NIK."""
    return _clean(value)
