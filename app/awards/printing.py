"""Printing certificates in bulk (DESIGN.md performance targets): a month's round, or an OPD's whole year.

Certificates not printed yet are rendered ``CHUNK`` to a document (fonts are loaded, laid out and embedded
once per document rather than once per certificate), the chunks spread over worker processes. Each chunk is
split into single-page PDFs, and each page is issued as the certificate's own document (stored once, then
served byte-identical; its QR code leads to the public verification page). Certificates issued before are
never rendered again: their stored bytes are used. The result is one PDF with every certificate in order,
for the printer, and a ZIP of the single PDFs named by number, for sending one by one.

Worker processes have no Flask app and no database: the parent renders the HTML with Jinja, the worker
(``app.awards.document.render_chunk``) needs only WeasyPrint, the shipped fonts and the file store's path.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from app.awards import document
from app.awards.models import Certificate
from app.core.db import commit_retrying
from app.core.files import files_dir
from app.documents import bulk
from app.documents import services as documents
from app.documents.models import IssuedDocument
from app.extensions import db

KIND = "piagam"
SOURCE = "award_certificate"
CHUNK, MIN_CHUNK = bulk.CHUNK, bulk.MIN_CHUNK  # certificates per rendered document (read at each print)
WORKERS: int | None = None  # worker processes; None: one per CPU (os.cpu_count())

Progress = Callable[..., None]


@dataclass(frozen=True)
class Printed:
    pdf: bytes  # every certificate, in the given order, one page each
    zip: bytes  # one PDF per certificate, named by its number
    pages: int
    issued: int  # rendered and issued now
    reused: int  # issued before: stored bytes used as they are


def parties(content: dict) -> list[dict]:
    """The public facts of the recipient and the signer, shown on the verification page."""
    recipient, signer = content["recipient"], content["signer"]
    if recipient.get("is_unit"):
        first = {"name": recipient["name"], "position": recipient.get("unit", ""), "nip": ""}
    else:
        nip = recipient.get("id", "") if recipient.get("id_label") == "NIP" else ""
        first = {"name": recipient["name"], "position": recipient.get("position", ""), "nip": nip.replace(" ", "")}
    return [{"role": "PENERIMA", **first},
            {"role": "PENANDA TANGAN", "name": signer["name"], "position": signer.get("position", ""),
             "nip": signer.get("nip", "").replace(" ", "")}]


@dataclass(eq=False)
class _Item:
    """What printing needs of one certificate, read once before anything is committed (a commit expires the
    ORM objects; reading them again would cost a query each)."""

    certificate: Certificate
    id: int
    code: str
    number: str
    content: dict
    unit_id: int
    single: bytes | None  # its own PDF: stored before, or rendered now
    chunk: bytes | None = None  # the chunk's PDF it was rendered in (now), and its page there
    page: int = 0

    @classmethod
    def of(cls, certificate: Certificate) -> _Item:
        stored = documents.read_pdf(certificate.document) if certificate.document_id else None
        return cls(certificate, certificate.id, certificate.code, certificate.number, certificate.content,
                   certificate.nomination.unit_id, stored)


def _issued_meanwhile(items: Sequence[_Item]) -> dict[int, IssuedDocument]:
    """The documents of ``items`` that another print issued after this one read them (a year's print running
    while a month's is), by certificate id. The certificates' rows are locked first (PostgreSQL), so two prints
    issue the same chunk one after the other and the second one sees the first one's documents."""
    ids = [item.id for item in items]
    db.session.execute(select(Certificate.id).where(Certificate.id.in_(ids)).order_by(Certificate.id)
                       .with_for_update())  # in one order: two prints never wait on each other in a cycle
    return {document_.source_id: document_ for document_ in db.session.scalars(select(IssuedDocument).where(
        IssuedDocument.source_type == SOURCE, IssuedDocument.source_id.in_(ids)))}


def _issue(items: Sequence[_Item], pdfs: Sequence[bytes], chunk_pdf: bytes | None) -> None:
    """Each item's PDF as its certificate's document (a chunk's in one flush), and the item's page of the chunk
    for the joined PDF. A certificate another print issued meanwhile keeps that print's document: its stored
    bytes are used as they are, and this rendering of it is dropped."""
    meanwhile = _issued_meanwhile(items)
    fresh = [(index, item, pdf) for index, (item, pdf) in enumerate(zip(items, pdfs, strict=True))
             if item.id not in meanwhile]
    issued = documents.issue_many([dict(code=item.code, pdf=pdf, kind=KIND, number=item.number,
                                        title=item.content.get("title") or f"Piagam Penghargaan {item.number}",
                                        parties=parties(item.content), unit_id=item.unit_id, source=(SOURCE, item.id))
                                   for _, item, pdf in fresh])
    for (index, item, pdf), document_ in zip(fresh, issued, strict=True):
        item.certificate.document, item.certificate.document_id = document_, document_.id
        item.single, item.chunk, item.page = pdf, chunk_pdf, index
    for item in items:
        if item.id in meanwhile:
            document_ = meanwhile[item.id]
            item.certificate.document, item.certificate.document_id = document_, document_.id
            item.single, item.chunk, item.page = documents.read_pdf(document_), None, 0


def _chunk_task(group: Sequence[_Item], root: str) -> tuple:
    """The arguments of ``document.render_chunk`` for one chunk: Jinja runs here, in the app."""
    urls = [documents.verification_url(item.code) for item in group]
    pages = [(item.content, {"code": item.code, "url": url, "qr": document.QR_SLOT.format(n)})
             for n, (item, url) in enumerate(zip(group, urls, strict=True))]
    return document.html(pages), urls, root


def _render(pending: list[_Item], report: Progress, workers: int, settle: Callable) -> None:
    """Render ``pending`` chunk by chunk (in worker processes when there is more than one chunk), issue each
    page as its certificate's document (through ``settle``), and report after each chunk."""
    root = str(files_dir())
    done = 0

    def collect(group: list[_Item], result: tuple[bytes, list[bytes]]) -> None:
        nonlocal done
        chunk_pdf, singles = result
        settle(lambda: _issue(group, singles, chunk_pdf))
        done += len(group)
        report(5 + 85 * done // len(pending),
               _("%(done)s of %(total)s certificates rendered.", done=done, total=len(pending)))

    bulk.render_groups(bulk.groups_of(pending, workers, CHUNK, MIN_CHUNK), lambda group: _chunk_task(group, root),
                       document.render_chunk, collect, workers)


def _join(items: list[_Item]) -> tuple[bytes, bytes]:
    """One PDF with every certificate in order, and the ZIP of the single PDFs named by number."""
    return bulk.join([bulk.Part(bulk.file_name(item.number), item.single, item.chunk,
                                (item.page,) if item.chunk is not None else ()) for item in items])


def print_certificates(certificates: Sequence[Certificate], progress: Progress | None = None,
                       workers: int | None = None, commit: Callable[[], None] | None = None) -> Printed:
    """Issue the certificates not printed yet, then join all of them (in order) into one PDF and a ZIP.

    Needs an app context in which ``verification_url`` works (a request, or see ``documents.bulk.urls_for``). Load
    ``nomination`` and ``document`` with the certificates (selectinload). ``commit`` runs before each progress
    report (default: flush; the caller commits). A consumer passes ``db.session.commit``: its progress is
    written by another connection, which SQLite lets write only when no transaction of ours is open; each
    chunk is then issued and committed through ``commit_retrying`` (another print may have written since our
    transaction began reading).
    """
    progress = progress or (lambda pct, message="": None)
    step = commit or db.session.flush
    settle = commit_retrying if commit is not None else (lambda work: work())

    def report(pct: int, message: str) -> None:
        step()
        progress(pct, message)

    items = [_Item.of(c) for c in certificates]
    pending = [item for item in items if item.single is None]
    report(2, _("%(count)s certificates to render, %(reused)s already issued.",
                count=len(pending), reused=len(items) - len(pending)))
    if pending:
        _render(pending, report, workers or WORKERS or os.cpu_count() or 1, settle)
    report(92, _("Joining the certificates into one PDF and a ZIP file."))
    pdf, zipped = _join(items)
    issued = sum(1 for item in pending if item.chunk is not None)  # not those another print issued meanwhile
    return Printed(pdf=pdf, zip=zipped, pages=len(items), issued=issued, reused=len(items) - issued)
