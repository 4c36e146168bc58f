"""The scorecard as a PDF: the page's data (``data.person`` / ``data.unit``) rendered with the same partial as
the page, in Indonesian, A4 portrait. A closed period's scorecard is issued once through the documents module
(stored, served byte-identical, its QR code verifiable); an open period's is rendered on request, marked
SEMENTARA (provisional) on every page, and never stored."""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.core.clock import agency_today
from app.core.errors import Refused
from app.core.formatting import tanggal
from app.documents import services as documents
from app.documents.context import letterhead
from app.documents.models import IssuedDocument
from app.documents.render import html_to_pdf, layout, render_html
from app.extensions import db
from app.org.models import Unit
from app.org.services import get_pemda
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


def html(entries: list[dict]) -> str:
    """The PDF's HTML for one or more scorecards (``entry``), each from a new page, in Indonesian whatever the
    user's language (an official document)."""
    pemda = get_pemda()
    with force_locale("id"):
        return render_html(TEMPLATE, {**words(), "cards": entries, "pdf": True, "title": title(entries[0]["card"]),
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
    starts (its ``card-<n>`` anchor), and write the chunk's PDF and each scorecard's own."""
    laid = layout(page_html, PAPER, files_root)
    first: dict[str, int] = {}  # a scorecard's anchor is on every page it spans: it starts on the first
    for n, page in enumerate(laid.pages):
        for name in page.anchors:
            if name.startswith("card-"):
                first.setdefault(name, n)
    starts = sorted(first.values())
    ends = [*starts[1:], len(laid.pages)]
    pages = [tuple(range(start, end)) for start, end in zip(starts, ends, strict=True)]
    return laid.write_pdf(), [laid.copy([laid.pages[n] for n in own]).write_pdf() for own in pages], pages
