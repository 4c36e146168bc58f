"""The demo's people: invented names and identity numbers, and careers that agree with them (DOMAIN.md §7).

A PNS's NIP carries the birth date and the month they became CPNS. Their career starts that month at the
golongan of their diploma and rises one step at a time, at least four years apart, on the promotion dates
(1 April, 1 October): by regular promotion up to the diploma's ceiling (PP 99/2000 jo. PP 12/2002), above it
only while in a structural post and within its eselon's range (PP 13/2002), into which one is appointed at
most one step below the range's lowest pangkat. A structural post is reached through the one below it
(pengawas, then administrator, then JPT); a functional post from a pelaksana post, within its jenjang's
pangkat. A CPNS is 18 to 35 (PP 11/2017), and everyone is below the retirement age in 2018 (UU 5/2014).

Nothing here touches the database: ``plan`` draws a career with the demo's seeded random numbers.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from app.demo import data
from app.demo.calendar import LOADED_ON
from app.org.rules import ESELON_RANGE, PANGKAT_PNS, check_nik, check_nip

GOLONGAN = tuple(PANGKAT_PNS)  # I/a … IV/e, lowest first
# Diploma → (entry golongan, the highest regular promotion reaches, age when becoming CPNS).
EDUCATION = {
    "SLTA": ("II/a", "III/b", (19, 27)),
    "D3": ("II/c", "III/c", (21, 29)),
    "S1": ("III/a", "III/d", (22, 31)),
    "S2": ("III/b", "IV/a", (26, 34)),
}
STAFF_CEILING = "III/d"  # a pelaksana stays in golongan II or III
RUNGS = ("pengawas", "administrator", "jpt")  # structural posts, each reached from the one below
ESELON = {"jpt": "II.a", "administrator": "III.a", "pengawas": "IV.a"}
KELAS = {"jpt": 14, "administrator": 11, "pengawas": 9}
JENJANG = {"Ahli Pertama": ("III/a", "III/b"), "Ahli Muda": ("III/c", "III/d")}
RETIREMENT = {"jpt": 60}  # years; 58 for every other post here (UU 5/2014, art. 90)
# The years in which people of each kind became CPNS: long enough before 2018 for the pangkat their post needs.
CPNS_YEARS = {"pelaksana": (1988, 2017), "fungsional": (1990, 2015), "pengawas": (1988, 2009),
              "administrator": (1984, 2001), "jpt": (1984, 1996)}
# The earliest a head took up the post they hold in 2018 (posts change hands every few years), and the years of
# service before a first structural post.
IN_POST_SINCE = {"pengawas": date(2011, 1, 1), "administrator": date(2012, 1, 1), "jpt": date(2014, 1, 1)}
YEARS_BEFORE_STRUCTURAL, YEARS_IN_RUNG, MOST_YEARS_IN_RUNG = 6, 3, 9
DIPLOMAS = {"pengawas": ("S1", "S1", "S1", "D3", "S2"), "administrator": ("S1", "S2"), "jpt": ("S2",),
            "fungsional": ("S1", "S1", "S1", "S2")}
ATTEMPTS = 5000


@dataclass(frozen=True)
class Step:
    """From ``on``: the golongan held and the post ("staff", "jf" or a rung); ``what`` changed that day."""

    on: date
    golongan: str
    post: str
    what: str  # "cpns", "promotion" or "post"


@dataclass(frozen=True)
class Career:
    education: str
    birth: date
    tmt: date  # start of CPNS, as in the NIP
    steps: tuple[Step, ...]  # oldest first; the last is what is true in 2018

    def appointed(self) -> list[Step]:
        return [s for s in self.steps if s.what == "post"]


def _rank(golongan: str) -> int:
    return GOLONGAN.index(golongan)


def _years(start: date, end: date) -> float:
    return (end - start).days / 365.25


def _age(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _office_day(day: date) -> date:
    while day.weekday() > 4:
        day += timedelta(days=1)
    return day


def _promotion_dates(start: date):
    """1 April and 1 October after ``start``, up to the data's entry into Kinerja."""
    for year in range(start.year, LOADED_ON.year):
        for month in (4, 10):
            if date(year, month, 1) > start:
                yield date(year, month, 1)


def plan(rng: random.Random, kind: str, *, jenjang: str | None = None, education: str | None = None,
         diplomas: tuple[str, ...] = ("SLTA",), not_before: date | None = None,
         latest: date | None = None) -> Career:
    """A career ending in a post of ``kind`` (a position type); for a head, appointed to it on or after
    ``not_before`` (when the predecessor left) and, when ``latest`` is given, by then."""
    for _ in range(ATTEMPTS):
        career = _draw(rng, kind, jenjang, education or rng.choice(DIPLOMAS.get(kind, diplomas)), not_before, latest)
        if career is not None:
            return career
    raise RuntimeError(f"no plausible career for a {kind} ({jenjang or education})")


def _draw(rng, kind, jenjang, education, not_before, latest) -> Career | None:
    entry, ceiling, (young, old) = EDUCATION[education]
    first, last = CPNS_YEARS[kind]
    tmt = date(rng.randint(first, last), rng.randint(1, 12), 1)
    birth = date(tmt.year - rng.randint(young, old), rng.randint(1, 12), rng.randint(1, 28))
    if not 18 <= _age(birth, tmt) <= 35 or _age(birth, date(2018, 7, 31)) >= RETIREMENT.get(kind, 58):
        return None
    rungs = RUNGS[:RUNGS.index(kind) + 1] if kind in RUNGS else ()
    golongan, post, promoted, since = entry, "staff", tmt, tmt
    steps = [Step(tmt, entry, post, "cpns")]
    for period in _promotion_dates(tmt):
        cap = (min(ceiling, STAFF_CEILING, key=_rank) if post == "staff" else
               JENJANG[jenjang][1] if post == "jf" else ESELON_RANGE[ESELON[post]][1])
        if _years(promoted, period) >= 4 and _rank(golongan) < _rank(cap) and rng.random() < 0.8:
            golongan, promoted = GOLONGAN[_rank(golongan) + 1], period
            steps.append(Step(period, golongan, post, "promotion"))
        day = _office_day(period + timedelta(days=rng.randint(20, 160)))
        if day >= LOADED_ON:
            break
        if kind == "fungsional" and post == "staff":
            low, high = JENJANG[jenjang]
            if _rank(low) <= _rank(golongan) <= _rank(high) and _years(tmt, day) >= 2 and rng.random() < 0.4:
                post, since = "jf", day
                steps.append(Step(day, golongan, post, "post"))
        elif rungs and post != kind:
            rung = rungs[rungs.index(post) + 1 if post in rungs else 0]
            low, high = ESELON_RANGE[ESELON[rung]]
            final = rung == kind
            earliest = max(IN_POST_SINCE[kind], not_before or IN_POST_SINCE[kind]) if final else None
            if (_rank(low) - 1 <= _rank(golongan) <= _rank(high)
                    and _years(since, day) >= (YEARS_IN_RUNG if post in rungs else YEARS_BEFORE_STRUCTURAL)
                    and not (final and day < earliest) and not (final and latest and day > latest)
                    and rng.random() < 0.3):
                post, since = rung, day
                steps.append(Step(day, golongan, post, "post"))
    if kind in RUNGS:
        low, high = ESELON_RANGE[ESELON[kind]]
        if post != kind or not _rank(low) <= _rank(golongan) <= _rank(high):
            return None
        posts = [s.on for s in steps if s.what == "post"]
        if any(_years(a, b) > MOST_YEARS_IN_RUNG for a, b in zip(posts, posts[1:], strict=False)):
            return None
    elif kind == "fungsional" and post != "jf":
        return None
    return Career(education, birth, tmt, tuple(steps))


class People:
    """Deterministic invented people with valid, unique identity numbers."""

    def __init__(self, seed: int = 2018):
        self.random = random.Random(seed)
        self.serial = 0

    def person(self, education: str | None, sex: str | None = None) -> tuple[str, str, str]:
        sex = sex or self.random.choice("LP")
        first = self.random.choice(data.MEN if sex == "L" else data.WOMEN)
        return f"{first} {self.random.choice(data.FAMILY)}", self.title(education), sex

    def title(self, education: str | None) -> str:
        if education in (None, "SLTA"):
            return ""
        if education == "D3":
            return "A.Md."
        bachelor = self.random.choice(data.BACHELOR_TITLES)
        return bachelor if education == "S1" else f"{bachelor}, {self.random.choice(data.MASTER_TITLES)}"

    def nip(self, sex: str, career: Career) -> str:
        self.serial += 1
        number = f"{career.birth:%Y%m%d}{career.tmt:%Y%m}{'1' if sex == 'L' else '2'}{self.serial % 999 + 1:03d}"
        assert not check_nip(number, LOADED_ON), number
        return number

    def nik(self, sex: str) -> str:
        self.serial += 1
        birth = date(self.random.randint(1975, 1998), self.random.randint(1, 12), self.random.randint(1, 28))
        day = birth.day + (40 if sex == "P" else 0)
        number = f"3174{self.random.randint(1, 10):02d}{day:02d}{birth:%m%y}{self.serial % 9999 + 1:04d}"
        assert not check_nik(number), number
        return number
