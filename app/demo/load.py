"""Load the demo agency through the same services users go through (validation, history, audit)."""

from __future__ import annotations

import random
from datetime import date

from sqlalchemy import func, select

from app.accounts import services as accounts
from app.accounts.models import User
from app.demo import data
from app.extensions import db
from app.org import services as org
from app.org.models import Employee, Unit
from app.org.rules import check_ni_pppk, check_nik, check_nip

SEED = 2018
VALID_FROM = date(2018, 1, 2)
GOLONGAN_BY_TYPE = {
    "jpt": ["IV/c", "IV/d"], "administrator": ["IV/a", "IV/b"], "pengawas": ["III/c", "III/d"],
    "pelaksana": ["II/a", "II/b", "II/c", "II/d", "III/a", "III/b", "III/c", "III/d"],
    "fungsional": ["III/a", "III/b", "III/c", "III/d"],
}
ESELON = {"jpt": "II.a", "administrator": "III.a", "pengawas": "IV.a"}
KELAS = {"jpt": 14, "administrator": 11, "pengawas": 9}


class People:
    """Deterministic invented people with valid, unique identity numbers."""

    def __init__(self, seed: int = SEED):
        self.random = random.Random(seed)
        self.serial = 0

    def person(self, sex: str | None = None) -> tuple[str, str, str]:
        sex = sex or self.random.choice("LP")
        first = self.random.choice(data.MEN if sex == "L" else data.WOMEN)
        name = f"{first} {self.random.choice(data.FAMILY)}"
        title = self.random.choice(data.BACK_TITLES) if self.random.random() < 0.7 else ""
        return name, title, sex

    def _birth(self, oldest: int, youngest: int) -> date:
        year = self.random.randint(oldest, youngest)
        return date(year, self.random.randint(1, 12), self.random.randint(1, 28))

    def nip(self, sex: str, oldest: int = 1962, youngest: int = 1995) -> str:
        self.serial += 1
        birth = self._birth(oldest, youngest)
        start = min(birth.year + self.random.randint(22, 30), 2017)
        number = f"{birth:%Y%m%d}{start}{self.random.randint(1, 12):02d}{'1' if sex == 'L' else '2'}{self.serial % 999 + 1:03d}"
        assert not check_nip(number, date(2018, 1, 1)), number
        return number

    def ni_pppk(self, sex: str) -> str:
        self.serial += 1
        birth = self._birth(1975, 1996)
        number = f"{birth:%Y%m%d}{self.random.choice((2022, 2023))}21{'1' if sex == 'L' else '2'}{self.serial % 999 + 1:03d}"
        assert not check_ni_pppk(number, date(2026, 1, 1)), number
        return number

    def nik(self, sex: str) -> str:
        self.serial += 1
        birth = self._birth(1975, 2000)
        day = birth.day + (40 if sex == "P" else 0)
        number = f"3174{self.random.randint(1, 10):02d}{day:02d}{birth:%m%y}{self.serial % 9999 + 1:04d}"
        assert not check_nik(number), number
        return number


def _unit(parent: Unit | None, kind: str, name: str, code: str, **extra) -> Unit:
    return org.create_unit(parent, {"kind": kind, "name": name, "code": code, **extra})


def _head(people: People, unit: Unit, title: str, ptype: str, name: tuple[str, str, str] | None = None,
          front: str = ""):
    position = org.create_position(unit, {"name": title, "type": ptype, "eselon": ESELON[ptype],
                                          "kelas_jabatan": KELAS[ptype], "is_head": True})
    return _employee(people, unit, position, ptype, name, front)


def _employee(people: People, unit: Unit, position, ptype: str, name=None, front: str = "", etype: str = "pns"):
    full, back, sex = name or people.person()
    record = {"employment_type": etype, "name": full, "back_title": back, "front_title": front, "sex": sex,
              "unit_id": unit.id, "position_id": position.id if position else None, "status": "aktif"}
    if etype == "pns":
        record.update(nip=people.nip(sex, 1962 if ptype in ("jpt", "administrator") else 1968),
                      golongan=people.random.choice(GOLONGAN_BY_TYPE[ptype]))
    elif etype == "pppk":
        record.update(nip=people.ni_pppk(sex), golongan=people.random.choice(["V", "VII", "IX"]))
    else:
        record.update(nik=people.nik(sex))
    return org.create_employee(record, VALID_FROM if etype != "pppk" else date(2023, 3, 1), "Data awal")


def _staff(people: People, unit: Unit, positions: dict, count: int) -> None:
    for _ in range(count):
        roll = people.random.random()
        if roll < 0.12:  # non-ASN field workers (PJLP, THL)
            _employee(people, unit, positions["non_asn"], "non_asn", etype=people.random.choice(("pjlp", "thl")))
        elif roll < 0.2:
            _employee(people, unit, positions["pelaksana"][0], "pelaksana", etype="pppk")
        else:
            ptype, position = people.random.choice(positions["pns"])
            _employee(people, unit, position, ptype)


def _staff_positions(unit: Unit) -> dict:
    pns = [(ptype, org.create_position(unit, {"name": name, "type": ptype, "eselon": None, "kelas_jabatan": kelas,
                                              "is_head": False}))
           for name, ptype, kelas in data.STAFF_POSITIONS]
    non_asn = org.create_position(unit, {"name": "Petugas Lapangan (PJLP)", "type": "non_asn", "eselon": None,
                                         "kelas_jabatan": 1, "is_head": False})
    return {"pns": pns, "pelaksana": [p for t, p in pns if t == "pelaksana"], "non_asn": non_asn}


def is_empty() -> bool:
    return not db.session.scalar(select(func.count(Unit.id)))


def load() -> dict:
    """Build the whole demo in the current transaction; the caller commits."""
    people = People()
    org.save_pemda(dict(data.PEMDA))
    opd = _unit(None, "opd", data.OPD["name"], data.OPD["code"],
                **{k: v for k, v in data.OPD.items() if k not in ("name", "code")})
    keyed = {"kadis": _head(people, opd, "Kepala Dinas Sosial", "jpt", ("Masrokhan", "M.Si.", "L"), "Drs.")}
    _staff(people, opd, _staff_positions(opd), 4)

    def branch(parent, spec, staff):
        kind, name, code, head_title, children = spec
        unit = _unit(parent, kind, name, code)
        ptype = "administrator" if kind in ("sekretariat", "bidang") else "pengawas"
        head_name = ("Mariana", "S.Sos., M.Si.", "P") if code == "SEK" else None
        head = _head(people, unit, head_title, ptype, head_name)
        _staff(people, unit, _staff_positions(unit), staff)
        for child in children:
            branch(unit, child, 7)
        return unit, head

    branch(opd, data.SEKRETARIAT, 5)
    for spec in data.BIDANG:
        unit, head = branch(opd, spec, 4)
        if spec[2] == "REHSOS":
            keyed["kabid_rehsos"] = head
    for city, kecamatan in data.SUKU_DINAS.items():
        code = "SUDIN-" + "".join(w[0] for w in city.split())
        sudin = _unit(opd, "suku_dinas", f"Suku Dinas Sosial {city}", code,
                      kop_government=data.KOP_GOVERNMENT, kop_name=f"SUKU DINAS SOSIAL {city.upper()}")
        _head(people, sudin, f"Kepala Suku Dinas Sosial {city}", "administrator")
        _staff(people, sudin, _staff_positions(sudin), 8)
        for name in kecamatan:
            satpel_code = "SATPEL-" + name.split()[0].upper()
            satpel = _unit(sudin, "satpel", f"Satpel Sosial Kecamatan {name}", satpel_code)
            head_name = ("Sumadi", "", "L") if name == "Mampang Prapatan" else None
            head = _head(people, satpel, f"Kepala Satpel Sosial Kecamatan {name}", "pengawas", head_name)
            if name == "Mampang Prapatan":
                keyed["sumadi"] = head
            _staff(people, satpel, _staff_positions(satpel), 4)
    for name, code in [*data.PANTI, *data.UPT]:
        unit = _unit(opd, "upt", name, code)
        _head(people, unit, f"Kepala {name}", "pengawas")
        _staff(people, unit, _staff_positions(unit), 8)
    accounts_made = _accounts(keyed)
    _agreements(keyed)
    from app.demo import monitoring

    monitoring.load()
    from app.demo import awards
    from app.monitoring.stats import refresh_all

    refresh_all(db.session)  # the award instrument reads the units' achievement figures
    awards.load()
    return {"units": db.session.scalar(select(func.count(Unit.id))),
            "people": db.session.scalar(select(func.count(Employee.id))), "accounts": accounts_made}


def _agreements(keyed: dict) -> None:
    """The Kepala Dinas's PK 2018, signed on 5 March 2018 and in force; the Kepala Bidang's still a draft."""
    from decimal import Decimal

    from app.agreements import services as pk

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
    for level, name, amount in data.KADIS_BUDGET:
        pk.save_budget_line(version, actor, {"level": level, "name": name, "amount": amount, "note": ""})
    pk.submit(version, actor)
    pk.sign(version, actor, pakta=True, on=date(2018, 3, 5), place="Jakarta")
    pk.countersign(version, hr)  # the Gubernur signed on paper; HR records it
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
