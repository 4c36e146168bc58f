"""Load the demo agency through the same services users go through (validation, history, audit).

The demo is a story of 2018 (``app.demo.calendar``): the agency's data is entered on 2 January, the
agreements are drafted in February and signed on 5 March, the awards of February are decided on 5 March,
the quarters are reported in April and July; the non-ASN workers' 2018 contracts are signed on 2 January
(``app.demo.workers``). Its OPD works in 2018 (its working year).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from app.accounts import services as accounts
from app.accounts.models import User
from app.demo import awards as awards_demo
from app.demo import data
from app.demo.calendar import LOADED_ON, YEAR, Script, at, play
from app.demo.people import ESELON, KELAS, Career, People, plan
from app.extensions import db
from app.org import services as org
from app.org.models import Employee, EmployeeHistory, Position, Unit
from app.org.years import set_working_year

HEAD_ORDER = ("jpt", "administrator", "pengawas")  # officials are drawn from the top: who left a post first


@dataclass
class Organisation:
    """What the structure pass made, for the people pass."""

    heads: list[tuple[Unit, Position, tuple | None]] = field(default_factory=list)  # (unit, post, named official)
    staff: list[tuple[Unit, int]] = field(default_factory=list)  # (unit, how many staff)
    positions: dict[int, dict[str, Position]] = field(default_factory=dict)  # unit id → staff positions by name
    keyed: dict[str, Employee] = field(default_factory=dict)
    free: dict[str, list[Position]] = field(default_factory=dict)  # head posts whose holder is not drawn yet
    vacated: dict[int, date] = field(default_factory=dict)  # head post → when an earlier holder left it
    history: list[EmployeeHistory] = field(default_factory=list)  # earlier rows, written at once (one flush)


def _unit(org_: Organisation, parent: Unit | None, kind: str, name: str, code: str, head: str, ptype: str,
          staff: int, named: tuple | None = None, **extra) -> Unit:
    unit = org.create_unit(parent, {"kind": kind, "name": name, "code": code, **extra})
    post = org.create_position(unit, {"name": head, "type": ptype, "eselon": ESELON[ptype],
                                      "kelas_jabatan": KELAS[ptype], "is_head": True})
    org_.heads.append((unit, post, named))
    org_.free.setdefault(ptype, []).append(post)
    org_.positions[unit.id] = {
        name: org.create_position(unit, {"name": name, "type": kind_, "eselon": None, "kelas_jabatan": kelas,
                                         "is_head": False})
        for name, kind_, kelas, _asks in data.STAFF_POSITIONS}
    org_.positions[unit.id]["non_asn"] = org.create_position(unit, {
        "name": "Petugas Lapangan (PJLP)", "type": "non_asn", "eselon": None, "kelas_jabatan": 1, "is_head": False})
    org_.staff.append((unit, staff))
    return unit


def _structure(org_: Organisation) -> None:
    """The OPD's units, each with its head's post and its staff posts, in the order of the tree."""
    opd = _unit(org_, None, "opd", data.OPD["name"], data.OPD["code"], "Kepala Dinas Sosial", "jpt", 4, data.KADIS,
                **{k: v for k, v in data.OPD.items() if k not in ("name", "code")})

    def branch(parent, spec, staff):
        kind, name, code, head_title, children = spec
        ptype = "administrator" if kind in ("sekretariat", "bidang") else "pengawas"
        unit = _unit(org_, parent, kind, name, code, head_title, ptype, staff,
                     data.SEKRETARIS if code == "SEK" else None)
        for child in children:
            branch(unit, child, 7)

    branch(opd, data.SEKRETARIAT, 5)
    for spec in data.BIDANG:
        branch(opd, spec, 4)
    for city, kecamatan in data.SUKU_DINAS.items():
        code = "SUDIN-" + "".join(w[0] for w in city.split())
        sudin = _unit(org_, opd, "suku_dinas", f"Suku Dinas Sosial {city}", code, f"Kepala Suku Dinas Sosial {city}",
                      "administrator", 8, kop_government=data.KOP_GOVERNMENT,
                      kop_name=f"SUKU DINAS SOSIAL {city.upper()}")
        for name in kecamatan:
            _unit(org_, sudin, "satpel", f"Satpel Sosial Kecamatan {name}", "SATPEL-" + name.split()[0].upper(),
                  f"Kepala Satpel Sosial Kecamatan {name}", "pengawas", 4,
                  data.SUMADI if name == "Mampang Prapatan" else None)
    for name, code in [*data.PANTI, *data.UPT]:
        _unit(org_, opd, "upt", name, code, f"Kepala {name}", "pengawas", 8)


def _note(step, position: Position) -> str:
    if step.what == "cpns":
        return "Pengangkatan CPNS"
    if step.what == "promotion":
        return {"staff": "Kenaikan pangkat reguler", "jf": "Kenaikan pangkat jabatan fungsional"}.get(
            step.post, "Kenaikan pangkat pilihan (jabatan struktural)")
    if step.post == "jf":
        return f"Pengangkatan dalam jabatan fungsional {position.name}"
    return f"Pelantikan sebagai {position.name}"


def _pns(people: People, org_: Organisation, career: Career, places: dict[str, Position], named=None) -> Employee:
    """A PNS whose record is the last step of their career, with every earlier step in their history."""
    name, title, sex = named[:3] if named else people.person(career.education)
    rows = [(step, places[step.post]) for step in career.steps]
    step, position = rows[-1]
    employee = org.create_employee({
        "employment_type": "pns", "name": name, "back_title": title, "front_title": named[4] if named else "",
        "sex": sex, "unit_id": position.unit_id, "position_id": position.id, "status": "aktif",
        "nip": people.nip(sex, career), "golongan": step.golongan}, step.on, _note(step, position))
    org_.history.extend(EmployeeHistory(employee_id=employee.id, valid_from=step.on, unit_id=position.unit_id,
                                       position_id=position.id, golongan=step.golongan, note=_note(step, position))
                       for step, position in rows[:-1])
    return employee


def _head(people: People, org_: Organisation, unit: Unit, post: Position, named) -> Employee:
    """The head of ``unit``: reached through one post of each rung below, taken from those still free
    (preferably under the next post up) and left before their own holder was appointed."""
    org_.free[post.type].remove(post)
    career = plan(people.random, post.type, education=named[3] if named else None,
                  not_before=org_.vacated.get(post.id), latest=None if post.type == "pengawas" else date(2017, 6, 30))
    appointed = career.appointed()
    places = {appointed[-1].post: post}
    above = post
    for step, left in reversed(list(zip(appointed, [s.on for s in appointed[1:]], strict=False))):
        free = org_.free[step.post]
        near = [p for p in free if p.unit.path.startswith(above.unit.path) and p.id not in org_.vacated]
        chosen = people.random.choice(near or [p for p in free if p.id not in org_.vacated])
        org_.vacated[chosen.id] = left
        places[step.post] = above = chosen
    places["staff"] = org_.positions[above.unit_id][data.FIRST_POST[career.education]]
    return _pns(people, org_, career, places, named)


def _staff(people: People, org_: Organisation, unit: Unit, count: int) -> None:
    positions = org_.positions[unit.id]
    for _ in range(count):
        if people.random.random() < 0.12:  # non-ASN field workers (PJLP, THL) on their 2018 contract
            etype = people.random.choice(("pjlp", "thl"))
            name, _title, sex = people.person(None)
            org.create_employee({"employment_type": etype, "name": name, "sex": sex, "unit_id": unit.id,
                                 "position_id": positions["non_asn"].id, "status": "aktif", "nik": people.nik(sex)},
                                LOADED_ON, f"Kontrak {etype.upper()} {YEAR}")
            continue
        name, ptype, _kelas, asks = people.random.choice(data.STAFF_POSITIONS)
        if ptype == "fungsional":
            career = plan(people.random, ptype, jenjang=asks)
        else:
            career = plan(people.random, ptype, diplomas=asks)
        first = positions[name] if ptype == "pelaksana" else positions[data.FIRST_POST[career.education]]
        _pns(people, org_, career, {"staff": first, "jf": positions[name]})


def _organisation(people: People, org_: Organisation) -> Script:
    yield at(LOADED_ON, "08:00")  # the pemda and the OPD's tree, entered when Kinerja was installed
    org.save_pemda(dict(data.PEMDA))
    awards_demo.install_emblem()  # the demo's own emblem, on every document issued below
    _structure(org_)
    yield at(LOADED_ON, "10:00")  # the people, with their history, from the personnel records
    for ptype in HEAD_ORDER:
        for unit, post, named in org_.heads:
            if post.type == ptype:
                head = _head(people, org_, unit, post, named)
                key = {"OPD": "kadis", "REHSOS": "kabid_rehsos", "SATPEL-MAMPANG": "sumadi"}.get(
                    "OPD" if unit.kind == "opd" else unit.code)
                if key:
                    org_.keyed[key] = head
    for unit, count in org_.staff:
        _staff(people, org_, unit, count)
    db.session.add_all(org_.history)
    db.session.flush()
    yield at(LOADED_ON, "14:00")  # the accounts, made with the installation's first administrator
    _accounts(org_.keyed)
    yield at(LOADED_ON, "14:30", by="admin")  # the OPD works in 2018: its pages open on that year
    set_working_year(_opd(), YEAR)


def _opd() -> Unit:
    return db.session.scalar(select(Unit).where(Unit.code == data.OPD["code"], Unit.parent_id.is_(None)))


def is_empty() -> bool:
    return not db.session.scalar(select(func.count(Unit.id)))


def load() -> dict:
    """Build the whole demo in the current transaction; the caller commits."""
    from app.demo import attendance, awards, monitoring, tpp, workers
    from app.monitoring.stats import refresh_all

    org_ = Organisation()
    # attendance before awards: February's recaps are derived from check-ins on 1 March, before the round reads them
    play([_organisation(People(), org_), _agreements(org_.keyed), monitoring.script(), attendance.script(),
          awards.script(), tpp.script(), workers.script(org_.keyed)])
    refresh_all(db.session)  # the dashboards' per-unit figures, as the services keep them
    return {"units": db.session.scalar(select(func.count(Unit.id))),
            "people": db.session.scalar(select(func.count(Employee.id))), "accounts": len(data.ACCOUNTS)}


def _agreements(keyed: dict) -> Script:
    """The Kepala Dinas's PK 2018, drafted in February, signed on 5 March 2018 and in force; the Kepala Bidang's
    drafted afterwards, still a draft."""
    from decimal import Decimal

    from app.agreements import services as pk

    yield at(date(2018, 2, 5), "10:00", by="kadis")
    users = {u.employee_id: u for u in db.session.scalars(select(User).where(User.employee_id.isnot(None)))}
    hr = db.session.scalar(select(User).where(User.username == "hr"))
    kadis, kabid = keyed["kadis"], keyed["kabid_rehsos"]
    top = pk.create(2018, kadis.unit, kadis, external_name="Anies Rasyid Baswedan, Ph.D.",
                    external_position="Gubernur Provinsi Daerah Khusus Ibukota Jakarta")
    version, actor = top.latest, users[kadis.id]
    for sasaran_text, indicators in data.KADIS_SASARAN:
        sasaran = pk.add_sasaran(version, actor, sasaran_text)
        for name, satuan, polarity, target, quarters, rule in indicators:
            pk.save_indicator(sasaran, actor, {
                "name": name, "satuan": satuan, "polarity": polarity, "target": Decimal(target),
                "target_min": None, "target_max": None, "aggregation": rule, "quarter_note": "",
                "definition": "", "data_source": "Laporan bulanan Suku Dinas Sosial", "supports_key": None,
                **{f"tw{i}": Decimal(q) for i, q in enumerate(quarters, 1)}})
    yield at(date(2018, 2, 6), "14:00", by="kadis")
    for level, name, amount in data.KADIS_BUDGET:
        pk.save_budget_line(version, actor, {"level": level, "name": name, "amount": amount, "note": ""})
    yield at(date(2018, 3, 1), "14:00", by="kadis")
    pk.submit(version, actor)
    yield at(date(2018, 3, 5), "09:30", by="kadis")
    pk.sign(version, actor, pakta=True, on=date(2018, 3, 5), place="Jakarta")
    yield at(date(2018, 3, 5), "13:00", by="hr")
    pk.countersign(version, hr)  # the Gubernur signed on paper; HR records it
    yield at(date(2018, 3, 7), "10:00", by="kabid")
    middle = pk.create(2018, kabid.unit, kabid)
    actor = users[kabid.id]
    sasaran = pk.add_sasaran(middle.latest, actor, "Meningkatnya keberfungsian sosial PMKS")
    pk.save_indicator(sasaran, actor, {
        "name": "Jumlah warga binaan panti yang kembali ke keluarga", "satuan": "orang", "polarity": "higher",
        "target": Decimal(600), "target_min": None, "target_max": None, "tw1": Decimal(150), "tw2": Decimal(150),
        "tw3": Decimal(150), "tw4": Decimal(150), "aggregation": "sum", "quarter_note": "", "definition": "",
        "data_source": "Laporan panti sosial", "supports_key": version.indicators[2].key})


def _accounts(keyed: dict) -> int:
    by_code = {u.code: u for u in db.session.scalars(select(Unit))}
    for username, (role, code, employee_key, _) in data.ACCOUNTS.items():
        user = accounts.create_user(username, data.DEMO_PASSWORD, keyed.get(employee_key) if employee_key else None)
        accounts.grant(user, role, by_code[code] if code else None)
    return len(data.ACCOUNTS)


def logins() -> list[tuple[str, str, str]]:
    """(username, password, what the account shows) for the demo accounts that exist."""
    present = set(db.session.scalars(select(User.username).where(User.username.in_(data.ACCOUNTS))))
    return [(u, data.DEMO_PASSWORD, spec[3]) for u, spec in data.ACCOUNTS.items() if u in present]
