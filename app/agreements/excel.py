"""Excel round-trip of an agreement's contents: export to XLSX, read it back into a draft after a preview.

Sheet "Indikator": one row per indicator (the sasaran repeated); the ``key`` column keeps an indicator's
identity, so the preview can say what changes. Sheet "Anggaran": the budget lines. The staged contents
travel between the preview and the confirmation signed with the app's secret (they cannot be altered on
the way) together with the draft's version counter (a draft changed meanwhile is a conflict).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from io import BytesIO

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeSerializer
from openpyxl import Workbook

from app.agreements import rules, services
from app.agreements.models import (
    AGGREGATIONS,
    BUDGET_LEVELS,
    POLARITIES,
    AgreementVersion,
    BudgetLine,
    Indicator,
    Sasaran,
)
from app.core.errors import Refused
from app.extensions import db
from app.imports.export import safe
from app.imports.parse import ImportProblem, read_table

INDICATOR_COLUMNS = ["key", "sasaran", "indikator", "satuan", "polaritas", "target", "target_min", "target_max",
                     "tw1", "tw2", "tw3", "tw4", "agregasi", "alasan_triwulan", "definisi", "sumber_data"]
BUDGET_COLUMNS = ["level", "nama", "anggaran", "keterangan"]
NUMBERS = ("target", "target_min", "target_max", "tw1", "tw2", "tw3", "tw4")


def export(version: AgreementVersion) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Indikator"
    sheet.append(INDICATOR_COLUMNS)
    for s in version.sasaran:
        for i in s.indicators:
            sheet.append([i.key, safe(s.text), safe(i.name), safe(i.satuan), i.polarity, i.target, i.target_min,
                          i.target_max, i.tw1, i.tw2, i.tw3, i.tw4, i.aggregation, safe(i.quarter_note),
                          safe(i.definition), safe(i.data_source)])
    budget = book.create_sheet("Anggaran")
    budget.append(BUDGET_COLUMNS)
    for line in version.budget_lines:
        budget.append([line.level, safe(line.name), line.amount, safe(line.note)])
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _number(text: str) -> Decimal | None:
    text = text.strip().replace(" ", "")
    if not text:
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    return Decimal(text)


def read(data: bytes) -> tuple[dict, list[str]]:
    """Staged contents {"indicators": [...], "budget": [...]} and the problems found, each naming its row."""
    limit = current_app.config["IMPORT_MAX_ROWS"]
    try:
        i_header, i_rows = read_table(data, limit, "Indikator")
        b_header, b_rows = read_table(data, limit, "Anggaran")
    except ImportProblem as problem:
        raise Refused(problem.message, "file") from None
    if i_header[:len(INDICATOR_COLUMNS)] != INDICATOR_COLUMNS or b_header[:len(BUDGET_COLUMNS)] != BUDGET_COLUMNS:
        raise Refused(_l("The columns do not match the workbook exported from Kinerja; export it again."), "file")
    problems: list[str] = []
    indicators, budget = [], []
    for number, cells in i_rows:
        row = dict(zip(INDICATOR_COLUMNS, cells + [""] * len(INDICATOR_COLUMNS), strict=False))
        found, values = _indicator_problems(row)
        where = _l("Sheet Indikator, row %(n)s", n=number)
        problems += [f"{where}, {column}: {message}" for column, message in found]
        if values is not None:  # readable (its targets may still be wrong): the preview shows what it changes
            indicators.append({"key": row["key"][:32], "sasaran": row["sasaran"][:500], "name": row["indikator"][:500],
                               "satuan": row["satuan"][:50], "polarity": row["polaritas"],
                               "aggregation": row["agregasi"], "quarter_note": row["alasan_triwulan"],
                               "definition": row["definisi"], "data_source": row["sumber_data"][:300],
                               **{f: (str(v) if v is not None else None) for f, v in values.items()}})
    for number, cells in b_rows:
        row = dict(zip(BUDGET_COLUMNS, cells + [""] * len(BUDGET_COLUMNS), strict=False))
        found = _budget_problems(row)
        where = _l("Sheet Anggaran, row %(n)s", n=number)
        problems += [f"{where}, {column}: {message}" for column, message in found]
        if not found:
            budget.append({"level": row["level"], "name": row["nama"][:500], "amount": int(row["anggaran"]),
                           "note": row["keterangan"][:300]})
    return {"indicators": indicators, "budget": budget}, problems


SHEET_COLUMN = {"quarter_note": "alasan_triwulan"}  # the names check_targets gives, as the sheet names them


def _indicator_problems(row: dict) -> tuple[list[tuple[str, str]], dict | None]:
    """Every problem of an indicator row at once, each once, as (column, message); and its numbers (None when
    the row cannot be read: a number, a required text, the polarity or the rule is wrong)."""
    found: list[tuple[str, str]] = []
    values: dict = {}
    for f in NUMBERS:
        try:
            values[f] = _number(row[f])
        except InvalidOperation:
            found.append((f, str(_l("Write a number, e.g. 276 or 40,5."))))
    found += [(c, str(_l("Required."))) for c in ("sasaran", "indikator", "satuan") if not row[c]]
    if row["polaritas"] not in POLARITIES:
        found.append(("polaritas", str(_l("Write higher, lower or range."))))
    if row["agregasi"] not in AGGREGATIONS:
        found.append(("agregasi", str(_l("Write sum, average or last."))))
    if found:
        return list(dict.fromkeys(found)), None
    targets = rules.check_targets(row["polaritas"], values["target"], values["target_min"], values["target_max"],
                                  (values["tw1"], values["tw2"], values["tw3"], values["tw4"]), row["agregasi"],
                                  row["alasan_triwulan"])
    found += [(SHEET_COLUMN.get(p.field, p.field), str(p.message)) for p in targets]
    return list(dict.fromkeys(found)), values


def _budget_problems(row: dict) -> list[tuple[str, str]]:
    found = []
    if row["level"] not in BUDGET_LEVELS:
        found.append(("level", str(_l("Write program, kegiatan or sub_kegiatan."))))
    if not row["nama"]:
        found.append(("nama", str(_l("Required."))))
    if not row["anggaran"].isdigit():
        found.append(("anggaran", str(_l("Write the budget in whole rupiah, e.g. 1500000000."))))
    return found


def changes(version: AgreementVersion, staged: dict) -> list[rules.Change]:
    new_i = {(i["key"] or f"new-{n}"): {"sasaran": i["sasaran"], "name": i["name"], "satuan": i["satuan"],
                                        "polarity": i["polarity"], "aggregation": i["aggregation"],
                                        **{f: (Decimal(i[f]) if i[f] is not None else None) for f in NUMBERS}}
             for n, i in enumerate(staged["indicators"])}
    old_i = {k: {f: v for f, v in row.items() if f in ("sasaran", "name", "satuan", "polarity", "aggregation", *NUMBERS)}
             for k, row in services.indicator_rows(version).items()}
    new_b = {(b["level"], b["name"]): {"amount": b["amount"], "note": b["note"]} for b in staged["budget"]}
    return rules.diff(old_i, new_i, services.budget_rows(version), new_b)


def preview(version: AgreementVersion, user, data: bytes) -> dict:
    """What the uploaded workbook would change in the draft, nothing written yet (a token to apply it when the
    rows are right)."""
    services.check("edit", user, version)
    staged, problems = read(data)
    return {"changes": changes(version, staged), "problems": problems,
            "token": sign(version, staged) if not problems else None,
            "indicators": len(staged["indicators"]), "budget": len(staged["budget"])}


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="agreement-excel")


def sign(version: AgreementVersion, staged: dict) -> str:
    return _serializer().dumps({"version_id": version.id, "counter": version.version, "staged": staged})


def apply(version: AgreementVersion, user, token: str) -> None:
    """Replace the draft's contents with the staged ones, all at once."""
    try:
        payload = _serializer().loads(token)
    except BadSignature:
        raise Refused(_l("The preview was altered or has expired; upload the file again.")) from None
    if payload["version_id"] != version.id:
        raise Refused(_l("The preview was altered or has expired; upload the file again."))
    services.require("edit", user, version, payload["counter"])
    supports = {i.key: i.supports_key for i in version.indicators}  # not in the sheet: kept by key
    for s in list(version.sasaran):
        db.session.delete(s)
    for line in list(version.budget_lines):
        db.session.delete(line)
    db.session.flush()
    by_text: dict[str, Sasaran] = {}
    for n, row in enumerate(payload["staged"]["indicators"], 1):
        sasaran = by_text.get(row["sasaran"])
        if sasaran is None:
            sasaran = by_text[row["sasaran"]] = Sasaran(text=row["sasaran"], position=len(by_text) + 1)
            version.sasaran.append(sasaran)
        indicator = Indicator(agreement_version=version, position=n, name=row["name"], satuan=row["satuan"],
                              polarity=row["polarity"], aggregation=row["aggregation"],
                              quarter_note=row["quarter_note"], definition=row["definition"],
                              data_source=row["data_source"],
                              **{f: (Decimal(row[f]) if row[f] is not None else None) for f in NUMBERS})
        if row["key"]:
            indicator.key, indicator.supports_key = row["key"], supports.get(row["key"])
        sasaran.indicators.append(indicator)
    for n, row in enumerate(payload["staged"]["budget"], 1):
        version.budget_lines.append(BudgetLine(position=n, **row))
    db.session.flush()
