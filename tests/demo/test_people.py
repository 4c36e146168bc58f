"""The demo's people have careers a Kepala BKD would believe: their NIP, their recorded history, their pangkat
for their post and their age agree (issue 12, item 10: "a Kepala Satpel hired in 2017 at III/d is not").

The rules are written out here, with their source, instead of being read from the app: the demo is checked
against the law, not against itself.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import func, select

from app.extensions import db
from app.org.models import Employee, EmployeeHistory, Position
from app.workers.models import Contract
from tests.demo.test_demo import _load

GOLONGAN = ("I/a", "I/b", "I/c", "I/d", "II/a", "II/b", "II/c", "II/d", "III/a", "III/b", "III/c", "III/d",
            "IV/a", "IV/b", "IV/c", "IV/d", "IV/e")  # DOMAIN.md §7, lowest first
# Eselon and the pangkat range it allows: PP 13/2002 (DOMAIN.md §7). An official may be appointed one step
# below the lowest (PP 13/2002, art. 5: "serendah-rendahnya menduduki pangkat 1 (satu) tingkat di bawah").
ESELON_RANGE = {"I.a": ("IV/d", "IV/e"), "I.b": ("IV/c", "IV/e"), "II.a": ("IV/c", "IV/d"),
                "II.b": ("IV/b", "IV/c"), "III.a": ("IV/a", "IV/b"), "III.b": ("III/d", "IV/a"),
                "IV.a": ("III/c", "III/d"), "IV.b": ("III/b", "III/c"), "V": ("III/a", "III/b")}
# The golongan a CPNS starts at, by diploma, and the highest regular promotion reaches: PP 99/2000 jo. PP 12/2002
# (SD I/a, SLTP I/c, SLTA/D-I II/a, D-II II/b, D-III II/c, S-1/D-IV III/a, S-2 III/b, S-3 III/c).
ENTRY_GOLONGAN = {"I/a", "I/c", "II/a", "II/b", "II/c", "III/a", "III/b", "III/c"}
# Functional posts of the keahlian category and their pangkat [U: the jenjang tables of the functional
# positions' regulations; not in DOMAIN.md]; a pelaksana stays within II/a–III/d (the S-1 ceiling above).
JENJANG_RANGE = {"Ahli Pertama": ("III/a", "III/b"), "Ahli Muda": ("III/c", "III/d"),
                 "Ahli Madya": ("IV/a", "IV/c"), "Ahli Utama": ("IV/d", "IV/e")}
PELAKSANA_RANGE = ("II/a", "III/d")
# Age: a CPNS is 18 to 35 when appointed (PP 11/2017, art. 23); in service until the retirement age, 58 for
# administrasi posts and 60 for JPT (UU 5/2014, art. 90); 58 for Ahli Pertama/Muda (PP 11/2017, art. 239).
CPNS_AGE = (18, 35)
RETIREMENT_AGE = {"jpt": 60}
DEFAULT_RETIREMENT_AGE = 58
# A pangkat is held at least four years before the next (PP 99/2000, art. 7 and 9); two years in a
# functional post with its credit points (art. 10).
YEARS_IN_PANGKAT, YEARS_IN_PANGKAT_FUNCTIONAL = 4, 2
# The ladder of structural posts: a post of one eselon is reached from the one below.
LADDER = ("pengawas", "administrator", "jpt")
DEMO_DAY = date(2018, 7, 1)  # the demo's story runs up to July 2018
LOADED_ON = date(2018, 1, 2)  # the agency's data was entered when it started with Kinerja


def _rank(golongan: str) -> int:
    return GOLONGAN.index(golongan)


def _within(golongan: str, bounds: tuple[str, str], below: int = 0) -> bool:
    return _rank(bounds[0]) - below <= _rank(golongan) <= _rank(bounds[1])


def _years(start: date, end: date) -> float:
    return (end - start).days / 365.25


def _age(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _jenjang(position: Position) -> str | None:
    return next((j for j in JENJANG_RANGE if position.name.endswith(j)), None)


def _check_pns(person: Employee, rows: list[EmployeeHistory]) -> list[str]:
    """What is implausible in one PNS's identity number and recorded history (oldest row first)."""
    problems = []
    nip, first = person.nip, rows[0]
    birth = date(int(nip[:4]), int(nip[4:6]), int(nip[6:8]))
    tmt = date(int(nip[8:12]), int(nip[12:14]), 1)
    if first.valid_from < tmt or (first.valid_from.year, first.valid_from.month) != (tmt.year, tmt.month):
        problems.append(f"history starts {first.valid_from}, CPNS TMT in the NIP is {tmt:%Y-%m}")
    if not CPNS_AGE[0] <= _age(birth, tmt) <= CPNS_AGE[1]:
        problems.append(f"CPNS at {_age(birth, tmt)} years old")
    retirement = RETIREMENT_AGE.get(person.position.type if person.position else "", DEFAULT_RETIREMENT_AGE)
    if _age(birth, DEMO_DAY) >= retirement:
        problems.append(f"{_age(birth, DEMO_DAY)} years old in 2018, past retirement at {retirement}")
    if first.golongan not in ENTRY_GOLONGAN:
        problems.append(f"became CPNS at {first.golongan}, not an entry golongan")
    if rows[-1].golongan != person.golongan or rows[-1].position_id != person.position_id:
        problems.append("the latest history row is not the person's current record")
    since = tmt
    for before, row in zip(rows, rows[1:], strict=False):
        if row.valid_from <= before.valid_from:
            problems.append(f"two history rows on {row.valid_from}")
        step = _rank(row.golongan) - _rank(before.golongan)
        if step < 0 or step > 1:
            problems.append(f"golongan {before.golongan} → {row.golongan} on {row.valid_from}")
        if step == 1:
            functional = before.position is not None and before.position.type == "fungsional"
            least = YEARS_IN_PANGKAT_FUNCTIONAL if functional else YEARS_IN_PANGKAT
            if _years(since, row.valid_from) < least - 0.01:
                problems.append(f"{row.golongan} on {row.valid_from}, {_years(since, row.valid_from):.1f} years "
                                f"after the last step")
            since = row.valid_from
    reached: list[str] = []
    for row in rows:
        position = row.position
        if position is None:
            problems.append(f"no position from {row.valid_from}")
            continue
        if position.eselon:
            if not _within(row.golongan, ESELON_RANGE[position.eselon], below=1):
                problems.append(f"{row.golongan} as {position.name} (eselon {position.eselon}) from {row.valid_from}")
            if position.type in LADDER and position.type not in reached:
                below = LADDER[:LADDER.index(position.type)]
                if reached != list(below):
                    problems.append(f"{position.name} on {row.valid_from} without the posts below it ({reached})")
                reached.append(position.type)
        elif position.type == "fungsional":
            jenjang = _jenjang(position)
            if jenjang is None or not _within(row.golongan, JENJANG_RANGE[jenjang]):
                problems.append(f"{row.golongan} as {position.name} from {row.valid_from}")
        elif position.type == "pelaksana" and not _within(row.golongan, PELAKSANA_RANGE):
            problems.append(f"{row.golongan} as {position.name} (pelaksana) from {row.valid_from}")
    if person.position.eselon and not _within(person.golongan, ESELON_RANGE[person.position.eselon]):
        problems.append(f"{person.golongan} as {person.position.name} today, outside eselon {person.position.eselon}")
    return problems


def test_every_person_has_a_plausible_career(app):
    """(One test, one demo load: loading takes seconds.)"""
    _load(app)
    people = list(db.session.scalars(select(Employee)))
    history = defaultdict(list)
    for row in db.session.scalars(select(EmployeeHistory).order_by(EmployeeHistory.valid_from, EmployeeHistory.id)):
        history[row.employee_id].append(row)
    contract_from = dict(db.session.execute(select(Contract.employee_id, func.min(Contract.starts_on))
                                            .group_by(Contract.employee_id)).tuples().all())
    problems = []
    for person in people:
        rows = history[person.id]
        if person.employment_type == "pns":
            if any(row.valid_from > LOADED_ON for row in rows):
                problems.append((person.name, "history after the data was entered on 2 January 2018"))
            problems += [(f"{person.name} {person.nip}", p) for p in _check_pns(person, rows)]
        else:
            # Non-ASN work on yearly contracts (DOMAIN.md §5): their record starts with their 2018 contract, on 2
            # January (one P3S officer was hired from 15 February).
            if [r.valid_from for r in rows] != [contract_from.get(person.id)] or rows[0].valid_from < LOADED_ON:
                problems.append((person.name, f"a {person.employment_type} record from {rows[0].valid_from}, "
                                              f"a contract from {contract_from.get(person.id)}"))
    assert problems == [], "\n".join(f"{who}: {what}" for who, what in problems)
    # PPPK were first appointed in 2019 (PP 49/2018 came in December 2018): none in the 2018 agency.
    assert "pppk" not in {p.employment_type for p in people}
    _check_head_posts()


def _check_head_posts() -> None:
    """A head post has one holder at a time, and the named officials hold theirs."""
    today = date(2018, 7, 1)
    spans = defaultdict(list)  # head position → (from, until, person)
    for person in db.session.scalars(select(Employee)):
        rows = sorted(person.history, key=lambda r: (r.valid_from, r.id))
        for row, after in zip(rows, [*rows[1:], None], strict=True):
            if row.position is not None and row.position.is_head:
                spans[row.position_id].append((row.valid_from, after.valid_from if after else today, person.name))
    overlaps = []
    for held in spans.values():
        held.sort()
        for (_start, end, who), (next_start, _, next_who) in zip(held, held[1:], strict=False):
            if next_start < end and who != next_who:
                overlaps.append(f"{who} and {next_who} both hold one post on {next_start}")
    assert overlaps == []
    heads = {p.name: p for p in db.session.scalars(select(Employee).join(Position, Employee.position_id == Position.id)
                                                    .where(Position.is_head.is_(True)))}
    assert heads["Masrokhan"].position.name == "Kepala Dinas Sosial" and heads["Masrokhan"].golongan in ("IV/c", "IV/d")
    assert heads["Sumadi"].golongan in ("III/c", "III/d")
    assert heads["Sumadi"].history[-1].valid_from.year < 2010  # entered service years before his post
