"""Read an uploaded table (XLSX or CSV) into a header and rows, judging the type by content.

XLSX is parsed by openpyxl, which uses defusedxml (installed) against entity attacks; the zip is checked
for size before it is opened. CSV may be comma- or semicolon-separated (Indonesian Excel writes ';'), in
UTF-8 (with or without BOM) or Windows-1252. Anything else is refused with a message saying what it is.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterable

from flask_babel import lazy_gettext as _l

MAX_CELL = 500
MAX_UNZIPPED = 50 * 1024 * 1024
SIGNATURES = {
    b"\x89PNG": "PNG", b"\xff\xd8\xff": "JPEG", b"GIF8": "GIF", b"%PDF": "PDF",
    b"\xd0\xcf\x11\xe0": "XLS",  # the old binary Excel format
}


class ImportProblem(Exception):
    """The file as a whole cannot be read; ``message`` says why."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def read_table(data: bytes, max_rows: int, sheet: str | None = None) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """(header, [(row number in the file, cells)]) with empty rows dropped and cells stripped.

    ``sheet`` names the worksheet of an XLSX to read (the first one when None); CSV has only one.
    """
    if not data.strip():
        raise ImportProblem(_l("The file is empty."))
    for magic, kind in SIGNATURES.items():
        if data.startswith(magic):
            if kind == "XLS":
                raise ImportProblem(_l("This is an old Excel file (.xls). Save it as .xlsx or .csv and upload it again."))
            raise ImportProblem(_l("This file is a %(kind)s, not a spreadsheet. Upload an .xlsx or .csv file.", kind=kind))
    if data.startswith(b"PK\x03\x04"):
        table = [(n, [_cell(v) for v in row]) for n, row in _xlsx_rows(data, max_rows, sheet)]
    elif sheet is not None:
        raise ImportProblem(_l("Upload the Excel workbook (.xlsx) downloaded from Kinerja."))
    else:  # a CSV's cells are text already
        table = [(n, [v.strip() for v in row]) for n, row in _csv_rows(data, max_rows)]
    table = [(n, row) for n, row in table if any(row)]
    _refuse_invisible(table)
    if not table:
        raise ImportProblem(_l("The file has no rows."))
    header = [h.strip().lower() for h in table[0][1]]
    return header, table[1:]


def header_problems(header: list[str], columns: list[str | None], label: Callable[[str], str],
                    required: Iterable[str]) -> str:
    """What is wrong with a file's header row read as ``columns`` (each cell's column name; None where the cell is
    empty or names no column): the missing, unknown and doubled columns, each named by ``label``, '; '-joined in the
    user's language; '' when nothing is."""
    unknown = [h for h, name in zip(header, columns, strict=True) if h and name is None]
    twice = sorted({label(n) for n in columns if n and columns.count(n) > 1})
    missing = [label(c) for c in required if c not in columns]
    parts = []
    if missing:
        parts.append(str(_l("missing column(s): %(c)s", c=", ".join(missing))))
    if unknown:
        parts.append(str(_l("unknown column(s): %(c)s", c=", ".join(unknown))))
    if twice:
        parts.append(str(_l("column(s) given twice: %(c)s", c=", ".join(twice))))
    return "; ".join(parts)


def _refuse_invisible(table) -> None:
    """Every cell of the whole file, as a form field would be: no control or invisible characters (line
    breaks and tabs inside a cell are kept)."""
    from openpyxl.utils import get_column_letter

    from app.core.text import problem

    table = list(table)
    # One search over the whole file; the cell is looked for only when there is something to name. The cells
    # are joined by a space, which is allowed. (With the CSV cells stripped without ``_cell``: a CSV of
    # 1,000,000 check-ins was read in 4.2–4.7 s instead of 12.3–12.7 s.)
    if problem(" ".join([value for _, row in table for value in row if value]).translate(_LINE_BREAKS_AS_SPACES)) is None:
        return
    for n, row in table:
        for column, value in enumerate(row, 1):
            if value and problem(value.translate(_LINE_BREAKS_AS_SPACES)) is not None:
                raise ImportProblem(_l("Row %(row)s, column %(column)s contains an invisible or control character "
                                       "(%(code)s). Retype that cell and upload the file again.", row=n,
                                       column=get_column_letter(column), code=_first_invisible(value)))


_LINE_BREAKS_AS_SPACES = str.maketrans("\t\n\r", "   ")


def _first_invisible(value: str) -> str:
    from app.core.text import problem

    for char in value.translate(_LINE_BREAKS_AS_SPACES):
        if problem(char) is not None:
            return f"U+{ord(char):04X}"
    return ""


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value).strip()


def _xlsx_rows(data: bytes, max_rows: int, sheet_name: str | None = None):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
            raise ImportProblem(_l("This zip file is not an Excel workbook (.xlsx)."))
        if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED:
            raise ImportProblem(_l("The workbook unpacks to more than 50 MB; split it into smaller files."))
    except zipfile.BadZipFile:
        raise ImportProblem(_l("The Excel file is damaged and cannot be opened.")) from None
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        if sheet_name is not None and sheet_name not in book.sheetnames:
            book.close()
            raise ImportProblem(_l("The workbook has no sheet named %(s)s.", s=sheet_name))
        sheet = book[sheet_name] if sheet_name else book.worksheets[0]
        rows = []
        for n, row in enumerate(sheet.iter_rows(values_only=True), 1):
            if n > max_rows + 2:
                raise ImportProblem(_l("The file has more than %(n)s rows; split it into smaller files.", n=max_rows))
            rows.append((n, list(row)))
        book.close()
        return rows
    except ImportProblem:
        raise
    except Exception:  # defusedxml's refusals, broken XML, unknown parts: all mean the same to the user
        raise ImportProblem(_l("The Excel file could not be read safely (damaged, or it contains forbidden "
                               "XML). Save it again from Excel and retry.")) from None


def _csv_rows(data: bytes, max_rows: int):
    if b"\x00" in data:
        raise ImportProblem(_l("This file is not a spreadsheet. Upload an .xlsx or .csv file."))
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportProblem(_l("The CSV file's characters cannot be read; save it as UTF-8."))
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    rows = []
    csv.field_size_limit(max(len(data), 131072))  # long cells are refused by name later, not as 'malformed'
    try:
        for n, row in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), 1):
            if n > max_rows + 2:
                raise ImportProblem(_l("The file has more than %(n)s rows; split it into smaller files.", n=max_rows))
            rows.append((n, row))
    except csv.Error:
        raise ImportProblem(_l("The CSV file is malformed (an unclosed quote?).")) from None
    return rows
