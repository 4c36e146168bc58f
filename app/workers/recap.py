"""The honorarium recap of a closed month for a unit (the OPD, or a unit under it): a workbook (XLSX) and an
official PDF issued through the documents module (F4 landscape, the unit's letterhead, signed by the unit's head
and the OPD's treasurer, with a QR code to verify it). Read from the month's stored lines only: an open month is
not printed. Issuing again (after a month was reopened and closed again) supersedes the version in force."""

from __future__ import annotations

from io import BytesIO

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy import func, select

from app.attendance.recap import head_of
from app.core.clock import agency_today
from app.core.errors import Refused
from app.core.formatting import MONTHS_ID, format_number, rupiah, tanggal, terbilang
from app.documents import services as documents
from app.documents.context import letterhead
from app.documents.lines import Layout, chunks, fit
from app.documents.models import IssuedDocument
from app.documents.render import render_pdf
from app.extensions import db
from app.imports.export import safe
from app.jobs import services as jobs
from app.jobs.models import Job
from app.org.models import Employee, Position, Unit
from app.org.services import get_pemda
from app.workers.models import HonorLine, HonorMonth
from app.workers.services import honor

KIND = "honor_recap"
JOB_THRESHOLD = 60  # workers: a bigger recap is issued by a background job
SOURCE = "honor_recap/{month}/{unit}/"  # + the version; the source id is the month's
TEMPLATE = "pdf/honor_recap.html"
BASIS = {"daily": "Harian", "monthly": "Bulanan"}


def month_title(found: HonorMonth) -> str:
    return f"{MONTHS_ID[found.month - 1]} {found.year}"


def _closed(found: HonorMonth) -> None:
    if found.state != "closed":
        raise Refused(_l("The recap is printed from a closed month only: close the month first."))


def lines(found: HonorMonth, unit: Unit) -> list[HonorLine]:
    _closed(found)
    return list(db.session.scalars(honor.stored(found, unit)))


def totals(found_lines: list[HonorLine]) -> dict:
    return {key: sum(getattr(line, key) for line in found_lines) for key in ("gross", "penalty", "net")}


def workbook(found: HonorMonth, unit: Unit) -> bytes:
    rows = lines(found, unit)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Honorarium")[:31]
    sheet.append([_("Honorarium recap %(month)s: %(unit)s", month=month_title(found), unit=safe(unit.name))])
    sheet["A1"].font = Font(bold=True)
    sheet.append([_("No."), _("Name"), "NIK", _("Contract number"), _("Unit"), _("Position"), _("Pay basis"),
                  _("Rate (Rp)"), _("Working days"), _("Days in the contract"), _("Days paid"), _("Absent (TK)"),
                  _("Late (TL)"), _("Left early (PSW)"), _("Honorarium (Rp)"), _("Deduction %"),
                  _("Deduction (Rp)"), _("Received (Rp)")])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for n, line in enumerate(rows, 1):
        d = line.detail
        sheet.append([n, safe(d["name"]), d["nik"], safe(d["number"]), safe(d["unit"]), safe(d["position"]),
                      BASIS[line.pay_basis], line.rate, line.working, line.contract_days, line.paid, line.absent,
                      line.late, line.early, line.gross, float(d["penalty_pct"]), line.penalty, line.net])
    total = totals(rows)
    sheet.append(["", _("Total"), *[""] * 12, total["gross"], "", total["penalty"], total["net"]])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=3, min_col=8, max_col=18):
        for cell in row:
            cell.number_format = "#,##0.##" if cell.column == 16 else "#,##0"
    sheet.freeze_panes = "C3"
    for column, width in (("B", 30), ("C", 18), ("D", 24), ("E", 28), ("F", 24)):
        sheet.column_dimensions[column].width = width
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def treasurer_of(opd: Unit) -> dict:
    """The OPD's treasurer when a position says so (its name holds "Bendahara"); dots to sign otherwise."""
    person = db.session.scalar(select(Employee).join(Position, Employee.position_id == Position.id)
                               .join(Unit, Employee.unit_id == Unit.id)
                               .where(Unit.path.startswith(opd.path, autoescape=True), Employee.status == "aktif",
                                      Position.name.ilike("%bendahara%")).order_by(Employee.id).limit(1))
    if person is None:
        return {"position": "Bendahara Pengeluaran", "name": "", "pangkat": "", "nip": "", "nip_display": ""}
    return {"position": "Bendahara Pengeluaran", "name": person.display_name, "pangkat": person.pangkat,
            "nip": person.nip or "", "nip_display": person.display_id if person.is_asn and person.nip else ""}


# The PDF lays each page's rows out as lines (``app.documents.lines``): a recap of 5,000 workers in cells took
# 90–120 s and 2 GB. Every row is two lines (name over NIK, contract number over position) in every column; the
# amounts and counts of a row are one line of a monospace font.
FONT_PT = 7.0
ROW_PT = 17.0  # two lines
FIRST_PAGE_ROWS, PAGE_ROWS, LAST_PAGE_ROWS = 18, 27, 17
NAME_CHARS, NUMBER_CHARS = 40, 36  # what fits a line of the name and the number / position columns
TEXT_COLUMNS_MM = (7, 56, 50, 14)  # No, Nama / NIK, No. Kontrak / Jabatan, Dasar: the template's widths
SIGN_MM = 25
TABLE_MM = 300  # what F4 landscape holds between the margins
AMOUNTS = ("rate", "working", "contract", "paid", "absent", "late", "early", "gross", "pct", "penalty", "net")
COUNTS = frozenset({"working", "contract", "paid", "absent", "late", "early"})
MIN_CHARS = 5


def _column(values) -> Markup:
    """One column of a page: each row's value on its first line, its second line empty."""
    return Markup("\n").join(Markup("{}\n").format(value) for value in values)


def _pages(rows: list[dict], cells: list[dict], layout: Layout) -> list[dict]:
    pages, rulings = [], {}
    for start, size in chunks(len(rows), FIRST_PAGE_ROWS, PAGE_ROWS, LAST_PAGE_ROWS):
        chunk, amounts = rows[start:start + size], cells[start:start + size]
        if size not in rulings:
            rulings[size] = layout.ruling(size)
        pages.append({
            "no": _column(row["no"] for row in chunk),
            "who": Markup("\n").join(Markup("{}\n{}").format(fit(row["name"], NAME_CHARS), row["nik"])
                                      for row in chunk),
            "contract": Markup("\n").join(Markup("{}\n{}").format(fit(row["number"], NUMBER_CHARS),
                                                                    fit(row["position"], NUMBER_CHARS))
                                           for row in chunk),
            "basis": _column(row["basis"] for row in chunk),
            "money": _column(layout.line(line) for line in amounts),
            "sign": _column(f"{row['no']}." for row in chunk),
            "ruling": rulings[size],
        })
    return pages


def build(found: HonorMonth, unit: Unit) -> dict:
    found_lines = lines(found, unit)
    if not found_lines:
        raise Refused(_l("No worker of this unit has a line in this month: there is nothing to print."))
    pemda = get_pemda()
    total = totals(found_lines)
    version = found.rules_version
    rows = [{"no": n, "name": line.detail["name"], "nik": line.detail["nik"], "number": line.detail["number"],
             "position": line.detail["position"], "basis": BASIS[line.pay_basis]} for n, line in enumerate(found_lines, 1)]
    cells = [{"rate": format_number(line.rate), "working": str(line.working), "contract": str(line.contract_days),
              "paid": str(line.paid), "absent": str(line.absent), "late": str(line.late), "early": str(line.early),
              "gross": format_number(line.gross), "pct": format_number(line.detail["penalty_pct"]),
              "penalty": format_number(line.penalty) if line.penalty else "–", "net": format_number(line.net)}
             for line in found_lines]
    total_cells = dict.fromkeys(AMOUNTS, "") | {key: format_number(value) for key, value in total.items()}
    layout = Layout.of(list(AMOUNTS), [*cells, total_cells], text_mm=sum(TEXT_COLUMNS_MM), after_mm=SIGN_MM,
                       table_mm=TABLE_MM, font_pt=FONT_PT, row_pt=ROW_PT, min_chars=MIN_CHARS, centered=COUNTS)
    return {
        "title": "REKAPITULASI PEMBAYARAN HONORARIUM TENAGA NON-ASN",
        "period": f"BULAN {month_title(found).upper()}",
        "unit_name": unit.name,
        "kop": letterhead(unit),
        "pages": _pages(rows, cells, layout), "text_widths": TEXT_COLUMNS_MM, "sign_mm": SIGN_MM,
        "widths": [round(width, 2) for width in layout.widths_mm], "table_mm": round(layout.table_mm, 2),
        "font_pt": FONT_PT, "mono_pt": layout.mono_pt, "row_pt": ROW_PT,
        "totals": layout.line(total_cells), "totals_ruling": layout.ruling(1),
        "total_words": terbilang(total["net"]), "total_rupiah": rupiah(total["net"]),
        "rules": ("Aturan: setelan awal Kinerja" if version.shipped else
                  f"Aturan berlaku sejak {tanggal(version.valid_from)}") if version else "",
        "signer": head_of(unit),
        "treasurer": treasurer_of(found.opd),
        "place_date": f"{pemda.city if pemda and pemda.city else '.................'}, {tanggal(agency_today())}",
    }


def render(data: dict, verify: dict | None = None) -> bytes:
    return render_pdf(TEMPLATE, dict(data, verify=verify), paper="F4")


def issued(found: HonorMonth, unit: Unit) -> list[IssuedDocument]:
    return list(db.session.scalars(
        select(IssuedDocument).where(IssuedDocument.kind == KIND, IssuedDocument.source_id == found.id,
                                     IssuedDocument.source_type.startswith(SOURCE.format(month=found.id, unit=unit.id)))
        .order_by(IssuedDocument.version.desc())))


def start_issue(found: HonorMonth, unit: Unit, user) -> IssuedDocument | Job:
    """Issue now, or, for more than ``JOB_THRESHOLD`` workers, start the job that issues it."""
    _closed(found)
    count = db.session.scalar(select(func.count()).select_from(honor.stored(found, unit).subquery()))
    if count > JOB_THRESHOLD:
        return jobs.start(user, "workers.recap_pdf", _("Honorarium recap %(month)s: %(unit)s",
                                                       month=month_title(found), unit=unit.name),
                          {"month_id": found.id, "unit_id": unit.id})
    return issue(found, unit, user)


def issue(found: HonorMonth, unit: Unit, user) -> IssuedDocument:
    data = build(found, unit)
    signer, treasurer = data["signer"], data["treasurer"]
    return documents.issue_next(
        issued(found, unit), lambda verify: render(data, verify), kind=KIND,
        title=f"Rekapitulasi Honorarium {month_title(found)} — {unit.name}",
        number=lambda version: f"HONOR/{found.year}/{found.month:02d}/{unit.code or unit.id}/v{version}",
        source=lambda version: (SOURCE.format(month=found.id, unit=unit.id) + str(version), found.id),
        parties=[{"role": "Kepala", "name": signer["name"], "position": signer["position"], "nip": signer["nip"]},
                 {"role": "Bendahara", "name": treasurer["name"], "position": treasurer["position"],
                  "nip": treasurer["nip"]}],
        unit_id=unit.id, issued_by_id=getattr(user, "id", None))
