"""The payment list (daftar pembayaran TPP) of a closed month: the columns of Lampiran V (DOMAIN.md §4) as a
workbook (XLSX) and as an official PDF issued through the documents module (F4 landscape, the OPD's letterhead,
signed by the head of the OPD and the treasurer, with a QR code to verify it).

Only a closed month is printed: its results are frozen, and each row is read from the result as it was
calculated (the person's name, NIP, golongan and position included). The BPJS and PPh 21 columns come from the
preset's payroll percentages (``calc.payment``): payroll computes the real amounts, so the list says that these
are configured percentages. Issuing again (another treasurer, a corrected month reopened and closed again)
supersedes the version in force.
"""

from __future__ import annotations

from io import BytesIO

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy import select

from app.attendance.recap import head_of
from app.core.clock import agency_today
from app.core.errors import Refused
from app.core.formatting import MONTHS_ID, format_number, rupiah, tanggal, terbilang
from app.documents import services as documents
from app.documents.context import letterhead
from app.documents.lines import Layout, chunks, fit, two_lines
from app.documents.models import IssuedDocument
from app.documents.render import render_pdf
from app.extensions import db
from app.imports.export import safe
from app.jobs import services as jobs
from app.jobs.models import Job
from app.org.models import Employee, Unit
from app.org.rules import format_nip
from app.org.services import get_pemda
from app.tpp import calc
from app.tpp.models import Period, Result
from app.tpp.rules import Rules

KIND = "tpp_payment_list"
JOB_THRESHOLD = 60  # people: a bigger list is issued by a background job
SOURCE = "tpp_payment/{period}/"  # + the version; the source id is the period's
TEMPLATE = "pdf/tpp_payment.html"
AMOUNTS = ("base", "amount", "sanction", "subsidy", "gross", "bpjs", "contribution", "deductions", "net", "tax",
           "received")


def columns(payroll) -> list[tuple[str, str]]:
    """(key, header) of the money columns, in Lampiran V's order; the percentages the preset sets are named."""
    pct = format_number
    return [("base", "Besaran TPP"), ("percent", "Total % Penilaian"), ("amount", "Jumlah TPP"),
            ("last_month", "Pot. Bulan Lalu"), ("sanction", "Pot. Hukdis"),
            ("subsidy", f"Subsidi BPJS {pct(payroll.bpjs_subsidy)}%"), ("gross", "Kotor"),
            ("bpjs", f"BPJS {pct(payroll.bpjs)}%"), ("contribution", f"Iuran {pct(payroll.contribution)}%"),
            ("deductions", "Jumlah Potongan"), ("net", "Bersih"), ("tax", "PPh 21"), ("received", "Diterima")]


def _closed(period: Period) -> None:
    if period.state != "closed":
        raise Refused(_l("The payment list is printed from a closed month only: close the month first."))


def rows(period: Period) -> tuple[list[dict], dict, Rules]:
    """Each person's row (in unit and name order) and the totals: one statement."""
    rules = Rules.read(period.preset.rules)
    found = db.session.execute(
        select(Result, Employee).join(Employee, Result.employee_id == Employee.id)
        .join(Unit, Result.unit_id == Unit.id).where(Result.period_id == period.id)
        .order_by(Unit.path, Employee.name, Employee.id)).all()
    out, totals = [], dict.fromkeys((*AMOUNTS, "last_month"), 0)
    for n, (result, employee) in enumerate(found, 1):
        detail = result.detail
        etype = detail.get("employment_type", employee.employment_type)
        golongan = detail.get("golongan", employee.golongan)
        row = calc.payment(result.base, result.total, detail.get("sanction_cut", 0), rules.payroll,
                           rules.payroll.tax_of(golongan, etype), rules.rounding)
        values = {key: getattr(row, key) for key in AMOUNTS}
        values.update(percent=row.percent, last_month=0)
        for key in AMOUNTS:
            totals[key] += values[key]
        nip = detail.get("nip", employee.nip)
        out.append({"no": n, "name": detail.get("name", employee.display_name),
                    "nip": format_nip(nip) if nip and etype == "pns" else (nip or ""),
                    "golongan": golongan or "", "position": detail.get("position") or "", "kelas": result.kelas,
                    **values})
    return out, totals, rules


def month_title(period: Period) -> str:
    return f"{MONTHS_ID[period.month - 1]} {period.year}"


def workbook(period: Period) -> bytes:
    _closed(period)
    found, totals, rules = rows(period)
    cols = columns(rules.payroll)
    book = Workbook()
    sheet = book.active
    sheet.title = "Daftar Pembayaran"
    sheet.append([f"Daftar Pembayaran TPP {month_title(period)}: {safe(period.opd.name)}"])
    sheet["A1"].font = Font(bold=True)
    sheet.append(["No", "Nama", "NIP", "Gol", "Jabatan", "Kelas Jabatan", *(header for _key, header in cols)])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in found:
        sheet.append([row["no"], safe(row["name"]), row["nip"], row["golongan"], safe(row["position"]), row["kelas"],
                      *(float(row[key]) if key == "percent" else row[key] for key, _header in cols)])
    sheet.append(["", "Jumlah", "", "", "", "", *("" if key == "percent" else totals[key] for key, _header in cols)])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    sheet.append([])
    sheet.append([_note(rules)])
    sheet.freeze_panes = "C3"
    sheet.column_dimensions["B"].width = 34
    sheet.column_dimensions["C"].width = 22
    sheet.column_dimensions["E"].width = 30
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _note(rules: Rules) -> str:
    tax = ", ".join(f"{group} {format_number(pct)}%" for group, pct in (rules.payroll.tax or {}).items())
    return ("Subsidi BPJS, BPJS, iuran dan PPh 21 dihitung dengan persentase setelan preset (PPh 21: " + tax
            + "); jumlah resmi dihitung oleh penggajian.")


def _treasurer(person: Employee | None) -> dict:
    if person is None:
        return {"position": "Bendahara Pengeluaran", "name": "", "pangkat": "", "nip_display": ""}
    return {"position": "Bendahara Pengeluaran", "name": person.display_name, "pangkat": person.pangkat,
            "nip_display": person.display_id if person.is_asn and person.nip else ""}


# The PDF lays each page's rows out as lines, not as table cells: WeasyPrint spends about 1 ms on every box it
# lays out, and a list of 1,000 people in cells (21,000 of them) took 26 s. Each text column of a page is one cell
# holding a line per person (two for name and NIP, and for a long position), and the 13 amounts of a person are
# one line of a monospace font; one SVG per page draws the rules between the rows and the amounts' columns.
# Rows stay aligned because every row is exactly ROW_PT high in every column.
FONT_PT = 6.2
ROW_PT = 14.0
FIRST_PAGE_ROWS, PAGE_ROWS, LAST_PAGE_ROWS = 22, 34, 20
TEXT_COLUMNS_MM = (7, 42, 8, 34, 7)  # No, Nama / NIP, Gol, Jabatan, Kelas: the template's widths
SIGN_MM = 11
TABLE_MM = 306  # what F4 landscape holds between the margins
NAME_CHARS, POSITION_CHARS = 40, 34  # what fits a line of the name and position columns
MIN_CHARS = 10  # an amounts' column is never narrower (its header is two short lines)


def _layout(keys: list[str], cells: list[dict]) -> Layout:
    return Layout.of(keys, cells, text_mm=sum(TEXT_COLUMNS_MM), after_mm=SIGN_MM, table_mm=TABLE_MM, font_pt=FONT_PT,
                     row_pt=ROW_PT, min_chars=MIN_CHARS)


def _pages(found: list[dict], cells: list[dict], layout: Layout) -> list[dict]:
    """The rows cut into pages, each column of a page one text of lines."""
    pages = []
    for start, size in chunks(len(found), FIRST_PAGE_ROWS, PAGE_ROWS, LAST_PAGE_ROWS):
        chunk, amounts = found[start:start + size], cells[start:start + size]
        positions = [two_lines(row["position"], POSITION_CHARS) for row in chunk]
        pages.append({
            "no": "\n".join(str(row["no"]) for row in chunk),
            "who": Markup("\n").join(Markup("{}\n{}").format(fit(row["name"], NAME_CHARS), row["nip"])
                                      for row in chunk),
            "golongan": "\n".join(row["golongan"] for row in chunk),
            "position": Markup("\n").join(Markup("{}\n{}").format(a, b) for a, b in positions),
            "kelas": "\n".join(str(row["kelas"] or "") for row in chunk),
            "money": "\n".join(layout.line(line) for line in amounts),
            "sign": "\n".join(f"{row['no']}." for row in chunk),
            "ruling": layout.ruling(len(chunk)),
        })
    return pages


def build(period: Period, treasurer: Employee | None) -> dict:
    """Everything the PDF shows, as plain values (Indonesian: an official document)."""
    found, totals, rules = rows(period)
    pemda = get_pemda()
    cols = columns(rules.payroll)
    keys = [key for key, _header in cols]
    cells = [{key: _cell(key, row[key]) for key in keys} for row in found]
    total_cells = {key: _cell(key, totals[key]) if key != "percent" else "" for key in keys}
    layout = _layout(keys, [*cells, total_cells])
    return {
        "title": "DAFTAR PEMBAYARAN TAMBAHAN PENGHASILAN PEGAWAI (TPP)",
        "period": f"BULAN {month_title(period).upper()}",
        "opd_name": period.opd.name,
        "kop": letterhead(period.opd),
        "headers": [(header, round(width, 2)) for (_key, header), width in zip(cols, layout.widths_mm, strict=True)],
        "pages": _pages(found, cells, layout),
        "totals": layout.line(total_cells), "totals_ruling": layout.ruling(1),
        "table_mm": round(layout.table_mm, 2), "font_pt": FONT_PT, "mono_pt": layout.mono_pt, "row_pt": ROW_PT,
        "received_words": terbilang(totals["received"]),
        "received_total": rupiah(totals["received"]),
        "note": _note(rules),
        "preset": f"{period.preset.name}, versi {period.preset.number}",
        "signer": head_of(period.opd),
        "treasurer": _treasurer(treasurer),
        "place_date": f"{pemda.city if pemda and pemda.city else '.................'}, {tanggal(agency_today())}",
    }


def _cell(key: str, value) -> str:
    if key == "percent":
        return format_number(value)
    return format_number(value) if value else "–"


def render(data: dict, verify: dict | None = None) -> bytes:
    return render_pdf(TEMPLATE, dict(data, verify=verify), paper="F4")


def issued(period: Period) -> list[IssuedDocument]:
    return list(db.session.scalars(
        select(IssuedDocument).where(IssuedDocument.kind == KIND, IssuedDocument.source_id == period.id,
                                     IssuedDocument.source_type.startswith(SOURCE.format(period=period.id)))
        .order_by(IssuedDocument.version.desc())))


def start_issue(period: Period, treasurer: Employee | None, user) -> IssuedDocument | Job:
    """Issue now, or, for more than ``JOB_THRESHOLD`` people, start the job that issues it."""
    _closed(period)
    if period.people > JOB_THRESHOLD:
        return jobs.start(user, "tpp.payment_pdf", _("TPP payment list %(month)s: %(opd)s", month=month_title(period),
                                                     opd=period.opd.name),
                          {"period_id": period.id, "treasurer_id": treasurer.id if treasurer else None})
    return issue(period, treasurer, user)


def issue(period: Period, treasurer: Employee | None, user) -> IssuedDocument:
    """Render the list, store it with its verification code; the version in force before is superseded."""
    _closed(period)
    data = build(period, treasurer)
    parties = [{"role": "Kepala", "name": data["signer"]["name"], "position": data["signer"]["position"],
                "nip": data["signer"]["nip"]},
               {"role": "Bendahara", "name": data["treasurer"]["name"], "position": data["treasurer"]["position"],
                "nip": treasurer.nip if treasurer else ""}]
    opd = period.opd
    return documents.issue_next(
        issued(period), lambda verify: render(data, verify), kind=KIND,
        title=f"Daftar Pembayaran TPP {month_title(period)} — {opd.name}",
        number=lambda version: f"TPP/{period.year}/{period.month:02d}/{opd.code or opd.id}/v{version}",
        source=lambda version: (SOURCE.format(period=period.id) + str(version), period.id),
        parties=parties, unit_id=period.opd_id, issued_by_id=getattr(user, "id", None))
