"""A unit's monthly attendance recap as a workbook (XLSX) and as an official PDF issued through the documents module.

The numbers come from one GROUP BY over the month's daily statuses (``grid.recap_select``): the page, the
workbook and the PDF show the same columns and totals. The PDF (F4 landscape, the unit's letterhead, signed by
the unit head, with place and date) is issued once per version: after a recompute the recap can be issued
again; the new version supersedes the one in force (its verification page then says so), the earlier PDF
stays served as it was issued.
"""

from __future__ import annotations

from io import BytesIO

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy import select

from app.attendance import explain, grid
from app.core.clock import agency_today
from app.core.errors import Refused
from app.core.formatting import MONTHS_ID, month_bounds, tanggal
from app.documents import services as documents
from app.documents.context import letterhead
from app.documents.models import IssuedDocument
from app.documents.render import render_pdf
from app.extensions import db
from app.imports.export import safe
from app.jobs import services as jobs
from app.jobs.models import Job
from app.org.models import Employee, Position, Unit
from app.org.services import get_pemda

KIND = "attendance_recap"
JOB_THRESHOLD = 60  # people: a bigger recap is issued by a background job
SOURCE = "attendance_recap/{year}-{month:02d}/"  # + the version; the source id is the unit's
TEMPLATE = "pdf/attendance_recap.html"


def column_groups() -> list[tuple[str | None, list[tuple[str, str, str]]]]:
    """The recap's columns grouped as the header shows them: (group label or None, [(key, code, meaning)])."""
    leave = explain.leave_labels()
    return [
        (None, [("workdays", "HK", _l("Working days")), ("present", "H", _l("Present (with official travel)"))]),
        (_l("Late (TL)"), [(f"tl{n}", str(n), label) for n, label in enumerate(explain.late_labels(), 1)]),
        (_l("Left early (PSW)"), [(f"psw{n}", str(n), label) for n, label in enumerate(explain.early_labels(), 1)]),
        (None, [("absent", "TK", _l("Absent without reason (TK)"))]),
        (_l("Leave"), [(f"leave_{kind}", code, leave[kind]) for kind, code in explain.LEAVE_CODES.items()]),
        (None, [("permit", "I", _l("Permission (izin)")), ("travel", "DL", _l("Official travel (dinas luar)")),
                ("apel", "Apel", _l("Missed roll calls (apel)"))]),
    ]


def columns() -> list[tuple[str, str, str]]:
    return [column for _group, items in column_groups() for column in items]


def month_title(year: int, month: int) -> str:
    return f"{MONTHS_ID[month - 1]} {year}"


# -- the workbook --------------------------------------------------------------------------------------------------

def workbook(unit: Unit, year: int, month: int) -> bytes:
    """Every person of the subtree with statuses in the month, one row each, then the totals: one query."""
    first, last = month_bounds(year, month)
    rows = grid.recap_rows(db.session.execute(grid.recap_select(unit, first, last)))
    cols = columns()
    book = Workbook()
    sheet = book.active
    sheet.title = _("Recap")[:31]
    sheet.append([_("Attendance recap %(month)s: %(unit)s", month=month_title(year, month), unit=safe(unit.name))])
    sheet["A1"].font = Font(bold=True)
    sheet.append([_("No."), _("Name"), _("NIP"), _("Unit"),
                  *(f"{meaning} ({key.upper()})" if key.startswith(("tl", "psw")) else
                    f"{meaning} ({code})" if key.startswith("leave_") else str(meaning) for key, code, meaning in cols)])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for n, (employee, counts) in enumerate(rows, 1):
        sheet.append([n, safe(employee.display_name), employee.nip or "", safe(employee.unit.name),
                      *(counts[key] for key, _c, _m in cols)])
    totals = grid.add_up(rows)
    sheet.append(["", _("Total"), "", "", *(totals[key] for key, _c, _m in cols)])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "C3"
    sheet.column_dimensions["B"].width = 34
    sheet.column_dimensions["C"].width = 21
    sheet.column_dimensions["D"].width = 30
    out = BytesIO()
    book.save(out)
    return out.getvalue()


# -- the PDF -------------------------------------------------------------------------------------------------------

def head_of(unit: Unit) -> dict:
    """Who signs: the person in the unit's head position (its name alone when vacant)."""
    position = db.session.scalar(select(Position).where(Position.unit_id == unit.id, Position.is_head)
                                 .order_by(Position.id).limit(1))
    person = None
    if position is not None:
        person = db.session.scalar(select(Employee).where(Employee.position_id == position.id,
                                                          Employee.status == "aktif").order_by(Employee.id).limit(1))
    title = position.name if position is not None else f"Kepala {unit.name}"
    if person is None:
        return {"position": title, "name": "", "pangkat": "", "nip": "", "nip_display": ""}
    return {"position": title, "name": person.display_name, "pangkat": person.pangkat, "nip": person.nip or "",
            "nip_display": person.display_id if person.is_asn and person.nip else ""}


def build(unit: Unit, year: int, month: int) -> dict:
    """Everything the PDF shows, as plain values (Indonesian: an official document)."""
    first, last = month_bounds(year, month)
    rows = grid.recap_rows(db.session.execute(grid.recap_select(unit, first, last)))
    pemda = get_pemda()
    with force_locale("id"):
        groups = [(str(label) if label else None, [(key, str(code), str(meaning)) for key, code, meaning in items])
                  for label, items in column_groups()]
    keys = [key for _label, items in groups for key, _code, _meaning in items]
    totals = grid.add_up(rows)
    return {
        "title": "REKAPITULASI KEHADIRAN PEGAWAI",
        "period": f"BULAN {month_title(year, month).upper()}",
        "unit_name": unit.name,
        "kop": letterhead(unit),
        "groups": groups,
        "rows": [{"no": n, "name": e.display_name, "nip": e.display_id, "counts": [c[k] for k in keys]}
                 for n, (e, c) in enumerate(rows, 1)],
        "totals": [totals[k] for k in keys],
        "legend": [f"{code} = {meaning}" for _label, items in groups for _key, code, meaning in items
                   if not code.isdigit()],
        "signer": head_of(unit),
        "place_date": f"{pemda.city if pemda and pemda.city else '.................'}, {tanggal(agency_today())}",
    }


def render(data: dict, verify: dict | None = None) -> bytes:
    return render_pdf(TEMPLATE, dict(data, verify=verify), paper="F4")


def issued(unit: Unit, year: int, month: int) -> list[IssuedDocument]:
    """The PDFs issued for the unit's month, newest first."""
    return list(db.session.scalars(
        select(IssuedDocument).where(IssuedDocument.kind == KIND, IssuedDocument.source_id == unit.id,
                                     IssuedDocument.source_type.startswith(SOURCE.format(year=year, month=month)))
        .order_by(IssuedDocument.version.desc())))


def check(unit: Unit, year: int, month: int) -> int:
    """The number of people the recap holds; ``Refused`` when the month cannot be issued (yet)."""
    first, last = month_bounds(year, month)
    if last >= agency_today():
        raise Refused(_l("The month has not ended yet: its recap can be issued from the first day of the next "
                         "month."))
    people, _totals = grid.recap_totals(unit, first, last)
    if not people:
        raise Refused(_l("Nobody in this unit has attendance statuses in this month: there is nothing to issue."))
    return people


def start_issue(unit: Unit, year: int, month: int, user) -> IssuedDocument | Job:
    """Issue the recap now, or, for more than ``JOB_THRESHOLD`` people (a PDF of many pages takes seconds to
    lay out: about 7 s of CPU for 300 people), start the job that issues it."""
    if check(unit, year, month) > JOB_THRESHOLD:
        return jobs.start(user, "attendance.recap_pdf",
                          _("Attendance recap %(month)s: %(unit)s", month=month_title(year, month), unit=unit.name),
                          {"unit_id": unit.id, "year": year, "month": month})
    return issue(unit, year, month, user)


def issue(unit: Unit, year: int, month: int, user) -> IssuedDocument:
    """Render the recap now, store it with its verification code; the version in force before is superseded."""
    check(unit, year, month)
    data = build(unit, year, month)
    signer = data["signer"]
    return documents.issue_next(
        issued(unit, year, month), lambda verify: render(data, verify), kind=KIND,
        title=f"Rekapitulasi Kehadiran {month_title(year, month)} — {unit.name}",
        number=lambda version: f"REKAP-KEHADIRAN/{year}/{month:02d}/{unit.code or unit.id}/v{version}",
        source=lambda version: (SOURCE.format(year=year, month=month) + str(version), unit.id),
        parties=[{"role": "Penandatangan", "name": signer["name"], "position": signer["position"],
                  "nip": signer["nip"]}],
        unit_id=unit.id, issued_by_id=getattr(user, "id", None))
