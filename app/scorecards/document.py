"""The scorecard as a PDF: the page's data (``data.person`` / ``data.unit``) rendered with the same partial as
the page, in Indonesian, A4 portrait. A closed period's scorecard is issued once through the documents module
(stored, served byte-identical, its QR code verifiable); an open period's is rendered on request, marked
SEMENTARA (provisional) on every page, and never stored."""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from app.core.clock import agency_today
from app.core.errors import Refused
from app.core.formatting import tanggal
from app.documents import services as documents
from app.documents.context import letterhead
from app.documents.models import IssuedDocument
from app.documents.render import html_to_pdf, layout, render_html
from app.org.models import Unit
from app.org.services import get_pemda
from app.scorecards.labels import words
from app.scorecards.periods import Period

KIND = "scorecard"
TEMPLATE = "pdf/scorecard.html"
PAPER = "A4"


def source(kind: str, period: Period, subject_id: int) -> tuple[str, int]:
    """'scorecard/person/2018-tw1', employee id; 'scorecard/unit/2018', unit id."""
    return f"{KIND}/{kind}/{period.key}", subject_id


def issued(kind: str, period: Period, subject_id: int) -> IssuedDocument | None:
    return documents.find_issued(*source(kind, period, subject_id))


def title(data: dict) -> str:
    subject = data["person"]["name"] if data["kind"] == "person" else data["unit"]["name"]
    return f"Kartu Kinerja {subject} — {data['period'].label_id}"


def number(data: dict) -> str:
    subject = data["person"]["id"] if data["kind"] == "person" else data["unit"]["id"]
    return f"KK/{data['period'].key.upper()}/{'P' if data['kind'] == 'person' else 'U'}{subject}"


def parties(data: dict) -> list[dict]:
    """The public facts the verification page shows: the person of a person's scorecard."""
    who = data.get("person")
    if who is None:
        return []
    return [{"role": "PEGAWAI", "name": who["name"], "position": who["position"],
             "nip": who["number"].replace(" ", "") if who["id_label"] == "NIP" else ""}]


def entry(data: dict, kop: dict, verify: dict | None = None) -> dict:
    """One scorecard of a PDF: its data, letterhead and (issued) QR block and number."""
    return {"card": data, "kop": kop, "verify": verify, "number": number(data) if verify else ""}


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
    """Issue a closed period's scorecard once; later requests get the stored bytes."""
    found = issued(data["kind"], data["period"], subject_id)
    if found is not None:
        return found
    if not data["closed"]:
        raise Refused(_l("This period is not closed yet: its scorecard is printed as provisional only."))
    return documents.issue_next(  # two at the same moment: the second gets Conflict (409)
        [], lambda verify: html_to_pdf(html([entry(data, letterhead(unit), verify)]), PAPER), kind=KIND, title=title(data),
        number=lambda _version: number(data), source=lambda _version: source(data["kind"], data["period"], subject_id),
        parties=parties(data), unit_id=unit.id, issued_by_id=getattr(user, "id", None))


def render_chunk(page_html: str, files_root: str) -> tuple[bytes, list[bytes], list[tuple[int, ...]]]:
    """Worker side of bulk printing (``documents.bulk``): lay out a chunk of scorecards, find where each
    starts (its ``card-<n>`` anchor), and write the chunk's PDF and each scorecard's own."""
    laid = layout(page_html, PAPER, files_root)
    starts = [n for n, page in enumerate(laid.pages) if any(name.startswith("card-") for name in page.anchors)]
    ends = [*starts[1:], len(laid.pages)]
    pages = [tuple(range(start, end)) for start, end in zip(starts, ends, strict=True)]
    return laid.write_pdf(), [laid.copy([laid.pages[n] for n in own]).write_pdf() for own in pages], pages
