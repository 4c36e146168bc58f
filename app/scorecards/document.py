"""The scorecard as a PDF: the page's data (``data.person`` / ``data.unit``) rendered with the same partial as
the page, in Indonesian, A4 portrait. A closed period's scorecard is issued once through the documents module
(stored, served byte-identical, its QR code verifiable); an open period's is rendered on request, marked
SEMENTARA (provisional) on every page, and never stored."""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import select

from app.core.clock import agency_today
from app.core.errors import Refused
from app.core.formatting import rupiah, tanggal
from app.documents import lines
from app.documents import services as documents
from app.documents.context import letterhead
from app.documents.models import IssuedDocument
from app.documents.pages import split
from app.documents.render import css_string, html_to_pdf, layout, qr_png, render_html
from app.extensions import db
from app.org.models import Unit
from app.org.services import get_pemda
from app.scorecards.data import ATTENDANCE, TPP_CUTS
from app.scorecards.labels import words
from app.scorecards.periods import Period

KIND = "scorecard"
TEMPLATE = "pdf/scorecard.html"
PAPER = "A4"


def source(kind: str, period: Period, subject_id: int, version: int = 1) -> tuple[str, int]:
    """'scorecard/person/2018-tw1', employee id; 'scorecard/unit/2018', unit id; a later version (issued again
    after a month of the period was reopened and closed again) ends in '/v2', '/v3'."""
    return f"{KIND}/{kind}/{period.key}" + (f"/v{version}" if version > 1 else ""), subject_id


def versions(kind: str, period: Period, subject_ids: list[int]):
    """Where every version of these subjects' scorecards of ``period`` is (for a ``select``)."""
    base = source(kind, period, 0)[0]
    return (IssuedDocument.source_type == base) | IssuedDocument.source_type.startswith(base + "/v", autoescape=True), \
        IssuedDocument.source_id.in_(subject_ids)


def issued(kind: str, period: Period, subject_id: int) -> IssuedDocument | None:
    """The subject's latest scorecard issued for the period, or None."""
    return db.session.scalar(select(IssuedDocument).where(*versions(kind, period, [subject_id]))
                             .order_by(IssuedDocument.version.desc()).limit(1))


def stale(card: dict, document: IssuedDocument | None) -> bool:
    """Issued before the period's last month was closed again (reopened, changed, closed): out of date."""
    return document is not None and card["closed_at"] is not None and document.issued_at < card["closed_at"]


def title(data: dict) -> str:
    subject = data["person"]["name"] if data["kind"] == "person" else data["unit"]["name"]
    return f"Kartu Kinerja {subject} — {data['period'].label_id}"


def number(data: dict, version: int = 1) -> str:
    subject = data["person"]["id"] if data["kind"] == "person" else data["unit"]["id"]
    return (f"KK/{data['period'].key.upper()}/{'P' if data['kind'] == 'person' else 'U'}{subject}"
            + (f"/{version}" if version > 1 else ""))


def parties(data: dict) -> list[dict]:
    """The public facts the verification page shows: the person of a person's scorecard."""
    who = data.get("person")
    if who is None:
        return []
    return [{"role": "PEGAWAI", "name": who["name"], "position": who["position"],
             "nip": who["number"].replace(" ", "") if who["id_label"] == "NIP" else ""}]


def entry(data: dict, kop: dict, verify: dict | None = None, version: int = 1) -> dict:
    """One scorecard of a PDF: its data, letterhead and (issued) QR block and number."""
    return {"card": data, "kop": kop, "verify": verify, "number": number(data, version) if verify else ""}


CAPTION = "Keaslian dokumen ini dapat diperiksa dengan memindai kode QR atau membuka:"


def page_rules(n: int, verify: dict | None) -> Markup:
    """The pages of the ``n``-th scorecard of a PDF (``card-<n>``): an issued one's QR code at the left of the
    bottom margin of each (the margin box's background), its caption and address beside it. A margin box of a
    named page rather than a running element: WeasyPrint lays out every page that holds a running element twice
    (a third of a bulk chunk's time)."""
    if not verify:
        return Markup("")
    return Markup(  # noqa: S704 -- a stylesheet: each value printed is a CSS string (css_string escapes "<" too)
        f"@page card-{n} {{ @bottom-left {{ content: {css_string(CAPTION + chr(10) + verify['url'])}; "
        f"background: url({css_string(qr_png(verify['url']))}) no-repeat 0 0 / 15mm 15mm; padding-left: 17mm; "
        f"image-rendering: pixelated; min-height: 15mm; font-size: 7.5pt; white-space: pre-wrap; vertical-align: top }} }}\n"
        f"#card-{n} {{ page: card-{n} }}\n")


TABLE_MM = 180  # A4 less the page's side margins
ROW_PT = 11.5  # a row of the attendance and TPP tables
MONO_PT = 8.5


def _lines(keys: tuple[str, ...], rows: list[dict], total: dict, text_mm: float) -> dict:
    """A table's numbers as lines (``documents.lines``): a row's numbers are one line of the monospace font, its
    columns as wide as they fill the table; the rules drawn by one image behind the rows."""
    room = TABLE_MM - text_mm
    fill = int(room / (MONO_PT * lines.MONO_EM * lines.PT_MM)) // len(keys)
    layout = lines.Layout.of(list(keys), [*rows, total], text_mm=text_mm, after_mm=0, table_mm=TABLE_MM,
                             font_pt=MONO_PT, row_pt=ROW_PT, min_chars=fill)
    return {"layout": layout, "rows": "\n".join(layout.line(row) for row in rows), "total": layout.line(total),
            "ruling": layout.ruling(len(rows))}


def tables(card: dict) -> dict:
    """The attendance and TPP tables of a person's scorecard as the PDF lays them out: each row's numbers as one
    line (a table of cells costs WeasyPrint about a millisecond a cell: three quarters of a scorecard's time)."""
    out = {}
    attendance = [card["attendance"][m] for m in card["period"].months if m in card["attendance"]]
    if attendance:
        rows = [{key: "—" if getattr(a, key) is None else str(getattr(a, key)) for key in ATTENDANCE} for a in attendance]
        out["attendance"] = _lines(ATTENDANCE, rows, {k: str(v) for k, v in card["attendance_total"].items()}, 30)
    if card["tpp"]:
        keys = ("base", *TPP_CUTS, "total")
        rows = [{key: rupiah(row[key]) for key in keys} for row in card["tpp"]]
        total = {key: rupiah(sum(row[key] for row in card["tpp"])) for key in keys}
        out["tpp"] = _lines(keys, rows, total, 40)  # the month (17 mm) and its state (23 mm: "Belum ditutup")
    return out


def html(entries: list[dict]) -> str:
    """The PDF's HTML for one or more scorecards (``entry``), each from a new page, in Indonesian whatever the
    user's language (an official document)."""
    pemda = get_pemda()
    rules = Markup("").join(page_rules(n, entry["verify"]) for n, entry in enumerate(entries, 1))
    entries = [dict(entry, tables=tables(entry["card"]) if entry["card"]["kind"] == "person" else {})
               for entry in entries]
    with force_locale("id"):
        return render_html(TEMPLATE, {**words(), "cards": entries, "pdf": True, "title": title(entries[0]["card"]),
                                      "page_rules": rules,
                                      "place_date": f"{pemda.city if pemda and pemda.city else ''}, "
                                                    f"{tanggal(agency_today())}".lstrip(", ")}, PAPER)


def provisional(data: dict, unit: Unit) -> bytes:
    """An open period's scorecard: rendered now, marked provisional, not stored."""
    if data["closed"]:
        raise Refused(_l("This period is closed: its scorecard is issued as an official document."))
    return html_to_pdf(html([entry(data, letterhead(unit))]), PAPER)


def issue(data: dict, unit: Unit, subject_id: int, user) -> IssuedDocument:
    """Issue a closed period's scorecard once; later requests get the stored bytes. Issued again (the next
    version, superseding the one before) only when it is out of date (``stale``)."""
    found = issued(data["kind"], data["period"], subject_id)
    if found is not None and not stale(data, found):
        return found
    if not data["closed"]:
        raise Refused(_l("This period is not closed yet: its scorecard is printed as provisional only."))
    after = found.version + 1 if found else 1
    return documents.issue_next(  # two at the same moment: the second gets Conflict (409)
        [found] if found else [],
        lambda verify: html_to_pdf(html([entry(data, letterhead(unit), verify, after)]), PAPER),
        kind=KIND, title=title(data), number=lambda version: number(data, version),
        source=lambda version: source(data["kind"], data["period"], subject_id, version),
        parties=parties(data), unit_id=unit.id, issued_by_id=getattr(user, "id", None))


def render_chunk(page_html: str, files_root: str) -> tuple[bytes, list[bytes], list[tuple[int, ...]]]:
    """Worker side of bulk printing (``documents.bulk``): lay out a chunk of scorecards, find where each
    starts (its ``card-<n>`` anchor), and cut each scorecard's own PDF from the chunk's (``documents.pages``)."""
    laid = layout(page_html, PAPER, files_root)
    first: dict[str, int] = {}  # a scorecard's anchor is on every page it spans: it starts on the first
    for n, page in enumerate(laid.pages):
        for name in page.anchors:
            if name.startswith("card-"):
                first.setdefault(name, n)
    starts = sorted(first.values())
    ends = [*starts[1:], len(laid.pages)]
    pages = [tuple(range(start, end)) for start, end in zip(starts, ends, strict=True)]
    pdf = laid.write_pdf()
    return pdf, split(pdf, pages), pages
