"""Organisation: the pemda, OPD and their unit trees, positions, and people with dated history."""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    select,
    update,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.orm.attributes import set_committed_value

from app.core.db import TimestampMixin, UnitPath, VersionedMixin
from app.extensions import db
from app.org.rules import ASN_TYPES, format_ni_pppk, format_nip, format_pangkat, full_name

UNIT_KINDS = ("opd", "sekretariat", "bidang", "seksi", "subbagian", "upt", "suku_dinas", "satpel", "other")
PEMDA_LEVELS = ("provinsi", "kabupaten", "kota")
TIMEZONES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}
PAPER_SIZES = ("A4", "F4")
POSITION_TYPES = ("jpt", "administrator", "pengawas", "pelaksana", "fungsional", "non_asn")
EMPLOYEE_STATUSES = ("aktif", "cuti", "tugas_belajar", "pensiun", "berhenti", "meninggal")


class Pemda(TimestampMixin, VersionedMixin, db.Model):
    """The installation's regional government (one row)."""

    __tablename__ = "pemda"
    __table_args__ = (
        CheckConstraint(f"level IN {PEMDA_LEVELS}", name="level"),
        CheckConstraint(f"timezone IN {tuple(TIMEZONES)}", name="timezone"),
        CheckConstraint(f"paper_size IN {PAPER_SIZES}", name="paper_size"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(20), default="provinsi")
    city: Mapped[str] = mapped_column(String(100), default="")
    timezone: Mapped[str] = mapped_column(String(4), default="WIB")
    paper_size: Mapped[str] = mapped_column(String(2), default="A4")
    logo_file: Mapped[str | None] = mapped_column(String(100))
    # Which shipped rating bands colour the achievement on dashboards (app/monitoring/presets.py).
    rating_preset: Mapped[str] = mapped_column(String(30), default="sampang", server_default="sampang")

    @property
    def tz_name(self) -> str:
        return TIMEZONES[self.timezone]


def opd_of(path: str) -> int:
    """The OPD's id from a unit path ("/1/4/9/" → 1): the OPD is the root of its tree."""
    return int(path.strip("/").split("/")[0])


class Unit(TimestampMixin, VersionedMixin, db.Model):
    """A node of an OPD's tree; the OPD itself is the root (kind 'opd').

    ``path`` is the materialised path of ids ("/1/4/9/") so that a subtree is one prefix match.
    """

    __tablename__ = "units"
    __table_args__ = (
        CheckConstraint(f"kind IN {UNIT_KINDS}", name="kind"),
        Index("ix_units_path", "path"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    path: Mapped[str] = mapped_column(UnitPath(400), default="")
    depth: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    code: Mapped[str] = mapped_column(String(30), default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    # Letterhead (kop surat).
    kop_government: Mapped[str] = mapped_column(String(200), default="")
    kop_name: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(60), default="")
    email: Mapped[str] = mapped_column(String(120), default="")
    website: Mapped[str] = mapped_column(String(120), default="")
    postal_code: Mapped[str] = mapped_column(String(10), default="")
    # OPDs only: the year pages open on (``org.years``); None: the latest year with an agreement in force.
    working_year: Mapped[int | None] = mapped_column(Integer)

    parent: Mapped[Unit | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Unit]] = relationship(back_populates="parent", order_by="Unit.sort_order, Unit.name")

    @property
    def opd_id(self) -> int:
        return opd_of(self.path)

    @property
    def ancestor_ids(self) -> list[int]:
        return [int(p) for p in self.path.strip("/").split("/") if p][:-1]

    def __repr__(self) -> str:
        return f"<Unit {self.id} {self.name}>"


@event.listens_for(Unit, "after_insert")
def _fill_unit_path(mapper, connection, unit: Unit) -> None:
    """The path needs the new id: fill it in the same flush, so a new unit is one audited 'create'."""
    table = Unit.__table__
    parent_path, parent_depth = "/", -1
    if unit.parent_id is not None:
        parent_path, parent_depth = connection.execute(
            select(table.c.path, table.c.depth).where(table.c.id == unit.parent_id)
        ).one()
    path, depth = f"{parent_path}{unit.id}/", parent_depth + 1
    connection.execute(update(table).where(table.c.id == unit.id).values(path=path, depth=depth))
    set_committed_value(unit, "path", path)
    set_committed_value(unit, "depth", depth)


class Position(TimestampMixin, VersionedMixin, db.Model):
    """A jabatan within a unit."""

    __tablename__ = "positions"
    __table_args__ = (
        CheckConstraint(f"type IN {POSITION_TYPES}", name="type"),
        CheckConstraint("kelas_jabatan BETWEEN 1 AND 17", name="kelas_jabatan"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(20))
    eselon: Mapped[str | None] = mapped_column(String(5))
    kelas_jabatan: Mapped[int] = mapped_column(Integer)
    is_head: Mapped[bool] = mapped_column(Boolean, default=False)

    unit: Mapped[Unit] = relationship()


class Employee(TimestampMixin, VersionedMixin, db.Model):
    """An ASN (PNS, PPPK) or non-ASN worker (THL, PJLP, honorer)."""

    __tablename__ = "employees"
    __table_args__ = (
        CheckConstraint("employment_type IN ('pns', 'pppk', 'thl', 'pjlp', 'honorer')", name="employment_type"),
        CheckConstraint("sex IN ('L', 'P')", name="sex"),
        CheckConstraint(f"status IN {EMPLOYEE_STATUSES}", name="status"),
        CheckConstraint("(nip IS NOT NULL) OR (nik IS NOT NULL)", name="identified"),
        UniqueConstraint("nip"),
        UniqueConstraint("nik"),
        Index("ix_employees_name_lower", "name_search"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employment_type: Mapped[str] = mapped_column(String(10))
    nip: Mapped[str | None] = mapped_column(String(18))  # NIP (PNS) or NI PPPK
    nik: Mapped[str | None] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(150))
    name_search: Mapped[str] = mapped_column(String(150), default="")  # lower-cased, for search
    front_title: Mapped[str] = mapped_column(String(40), default="")
    back_title: Mapped[str] = mapped_column(String(60), default="")
    sex: Mapped[str] = mapped_column(String(1))
    birth_date: Mapped[date | None] = mapped_column(Date)
    golongan: Mapped[str | None] = mapped_column(String(6))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    position_id: Mapped[int | None] = mapped_column(ForeignKey("positions.id", ondelete="RESTRICT"), index=True)
    status: Mapped[str] = mapped_column(String(15), default="aktif")
    email: Mapped[str] = mapped_column(String(120), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")

    unit: Mapped[Unit] = relationship()
    position: Mapped[Position | None] = relationship()
    history: Mapped[list[EmployeeHistory]] = relationship(
        back_populates="employee", order_by="EmployeeHistory.valid_from.desc(), EmployeeHistory.id.desc()"
    )

    @property
    def is_asn(self) -> bool:
        return self.employment_type in ASN_TYPES

    @property
    def display_name(self) -> str:
        return full_name(self.name, self.front_title, self.back_title)

    @property
    def display_id(self) -> str:
        if self.employment_type == "pns":
            return format_nip(self.nip)
        if self.employment_type == "pppk":
            return format_ni_pppk(self.nip)
        return self.nik or ""

    @property
    def id_label(self) -> str:
        return {"pns": "NIP", "pppk": "NI PPPK"}.get(self.employment_type, "NIK")

    @property
    def pangkat(self) -> str:
        return format_pangkat(self.golongan)


class EmployeeHistory(db.Model):
    """What was true of an employee from ``valid_from`` on: unit, position and golongan.

    A document printed for a past date uses the row in force on that date (see ``services.as_of``).
    """

    __tablename__ = "employee_history"
    __table_args__ = (Index("ix_employee_history_lookup", "employee_id", "valid_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"))
    valid_from: Mapped[date] = mapped_column(Date)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    position_id: Mapped[int | None] = mapped_column(ForeignKey("positions.id", ondelete="RESTRICT"), index=True)
    golongan: Mapped[str | None] = mapped_column(String(6))
    note: Mapped[str] = mapped_column(Text, default="")

    employee: Mapped[Employee] = relationship(back_populates="history")
    unit: Mapped[Unit] = relationship()
    position: Mapped[Position | None] = relationship()
