"""Export units, positions and people to XLSX (streamed, write-only), within the owner's scope.

Text cells that a spreadsheet would run as a formula (starting with = + - @ or a tab/CR) are written with a
leading apostrophe, so an exported file can never execute what someone typed into a name field.
"""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from sqlalchemy import func, select
from sqlalchemy.orm import aliased, selectinload

from app.accounts.access import scoped
from app.accounts.models import User
from app.extensions import db
from app.imports.columns import headers, hints
from app.imports.forms import kind_labels
from app.org.models import Employee, Position, Unit

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BATCH = 500


def safe(value):
    """A cell value that cannot run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _rows(kind: str, user: User, unit: Unit | None):
    within = Unit.path.startswith(unit.path, autoescape=True) if unit is not None else True
    if kind == "units":
        parent = aliased(Unit)
        stmt = (select(Unit, parent.code).outerjoin(parent, Unit.parent_id == parent.id)
                .where(scoped(user, "people.export", Unit), within).order_by(Unit.path))
        for u, parent_code in db.session.execute(stmt.execution_options(yield_per=BATCH)):
            yield [u.code, parent_code or "", u.kind, u.name, u.kop_government, u.kop_name, u.address, u.phone,
                   u.email, u.postal_code]
    elif kind == "positions":
        stmt = (select(Position, Unit.code).join(Unit, Position.unit_id == Unit.id)
                .where(scoped(user, "people.export", Unit), within).order_by(Unit.path, Position.name))
        for p, code in db.session.execute(stmt.execution_options(yield_per=BATCH)):
            yield [code, p.name, p.type, p.eselon or "", p.kelas_jabatan, "ya" if p.is_head else "tidak"]
    else:
        stmt = (select(Employee, Unit.code).join(Unit, Employee.unit_id == Unit.id)
                .where(scoped(user, "people.export", Unit), within)
                .options(selectinload(Employee.position)).order_by(Unit.path, Employee.name_search))
        for e, code in db.session.execute(stmt.execution_options(yield_per=BATCH)):
            yield [e.employment_type, e.nip or "", e.nik or "", e.front_title, e.name, e.back_title, e.sex,
                   e.golongan or "", code, e.position.name if e.position else "", e.status, e.email, e.phone]


def count(kind: str, user: User, unit: Unit | None) -> int:
    model = {"units": Unit, "positions": Position, "people": Employee}[kind]
    stmt = select(func.count()).select_from(model)
    if model is not Unit:
        stmt = stmt.join(Unit, model.unit_id == Unit.id)
    stmt = stmt.where(scoped(user, "people.export", Unit))
    if unit is not None:
        stmt = stmt.where(Unit.path.startswith(unit.path, autoescape=True))
    return db.session.scalar(stmt)


def workbook(kind: str, user: User, unit: Unit | None = None, progress=None) -> bytes:
    total = max(count(kind, user, unit), 1)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(str(kind_labels()[kind])[:31])
    sheet.append(headers(kind))
    sheet.append(hints(kind))  # the import skips this row
    for n, row in enumerate(_rows(kind, user, unit), 1):
        sheet.append([safe(v) for v in row])
        if progress and n % BATCH == 0:
            progress(n * 100 // total)
    out = BytesIO()
    book.save(out)
    return out.getvalue()
