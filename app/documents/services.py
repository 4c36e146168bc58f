"""Issue, supersede and revoke official documents. Services flush; the caller commits."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, tuple_
from sqlalchemy.exc import IntegrityError

from app.core import files
from app.core.db import utcnow
from app.core.errors import Conflict, Refused
from app.documents.models import IssuedDocument
from app.extensions import db


def new_code() -> str:
    """A verification code: 128 random bits, URL-safe, unguessable."""
    return secrets.token_urlsafe(16)


def verification_url(code: str) -> str:
    """The absolute URL printed in the QR code (PUBLIC_URL when set, else this server's address)."""
    base = current_app.config.get("PUBLIC_URL")
    if base:
        return base.rstrip("/") + url_for("documents.verify", code=code)
    return url_for("documents.verify", code=code, _external=True)


# A document sits in the unit it was issued for; a kind that holds more than that unit's people may all read (a
# worker's SPK, everyone's pay) names who else may open it: kind -> holds(user, document). Registered by the
# issuing area's ``scopes.register``.
READERS: dict[str, Callable[[object, IssuedDocument], bool]] = {}


def register_readers(kind: str, holds: Callable[[object, IssuedDocument], bool]) -> None:
    READERS[kind] = holds


def readable(user, document: IssuedDocument) -> bool:
    """May ``user``, who reaches the document's unit, open its PDF?"""
    holds = READERS.get(document.kind)
    return holds is None or holds(user, document)


def find_issued(source_type: str, source_id: int) -> IssuedDocument | None:
    return db.session.scalar(select(IssuedDocument).where(
        IssuedDocument.source_type == source_type, IssuedDocument.source_id == source_id))


def issue(*, code: str, pdf: bytes, kind: str, title: str, source: tuple[str, int], number: str = "",
          parties: list[dict] | None = None, version: int = 1, unit_id: int | None = None,
          issued_by_id: int | None = None) -> IssuedDocument:
    """Store ``pdf`` once and record it as in force. A source is issued at most once."""
    return issue_many([dict(code=code, pdf=pdf, kind=kind, title=title, source=source, number=number, parties=parties,
                            version=version, unit_id=unit_id, issued_by_id=issued_by_id)])[0]


def issue_many(documents: list[dict]) -> list[IssuedDocument]:
    """``issue`` for many documents at once (a bulk print's chunk): one query for those issued before, one
    flush. Each dict holds ``issue``'s arguments."""
    sources = [document["source"] for document in documents]
    if len(set(sources)) < len(sources) or (sources and db.session.scalar(
            select(IssuedDocument.id).where(tuple_(IssuedDocument.source_type, IssuedDocument.source_id).in_(sources))
            .limit(1)) is not None):
        raise Refused(_l("This document has already been issued; it cannot be issued again."))
    made = [IssuedDocument(
        code=d["code"], kind=d["kind"], title=d["title"], number=d.get("number", ""), parties=d.get("parties") or [],
        version=d.get("version", 1), sha256=hashlib.sha256(d["pdf"]).hexdigest(), file_name=files.store(d["pdf"], "pdf"),
        size=len(d["pdf"]), unit_id=d.get("unit_id"), source_type=d["source"][0], source_id=d["source"][1],
        issued_by_id=d.get("issued_by_id")) for d in documents]
    db.session.add_all(made)
    db.session.flush()
    return made


def issue_next(earlier: list[IssuedDocument], render: Callable[[dict], bytes], *, number: Callable[[int], str],
               source: Callable[[int], tuple[str, int]], **fields) -> IssuedDocument:
    """Issue the next version of a document printed again and again (a monthly recap, a payment list):
    ``earlier`` are its versions (newest first), ``render(verify)`` lays it out with its QR block, ``number`` and
    ``source`` name a version. The version in force before is superseded. Two issues at the same moment: the
    second gets ``Conflict``."""
    from app.documents.context import verification

    version = earlier[0].version + 1 if earlier else 1
    code = new_code()
    pdf = render(verification(code, verification_url(code)))
    try:
        with db.session.begin_nested():
            document = issue(code=code, pdf=pdf, version=version, number=number(version), source=source(version),
                             **fields)
    except IntegrityError as error:
        raise Conflict() from error
    replace(earlier, document)
    return document


def replace(earlier: list[IssuedDocument], document: IssuedDocument) -> None:
    """Supersede the versions of ``earlier`` still in force by ``document``, their next version."""
    for older in earlier:
        if older.status == "in_force":
            supersede(older, f"Diganti oleh versi {document.version} ({document.number}).")


def _change_status(document: IssuedDocument, status: str, reason: str) -> IssuedDocument:
    if document.status != "in_force":
        raise Refused(_l("Only a document in force can be superseded or revoked."))
    document.status = status
    document.status_reason = reason
    document.status_changed_at = utcnow()
    db.session.flush()
    return document


def supersede(document: IssuedDocument, reason: str) -> IssuedDocument:
    return _change_status(document, "superseded", reason)


def revoke(document: IssuedDocument, reason: str) -> IssuedDocument:
    if not reason.strip():
        raise Refused(_l("Give the reason for revoking the document."), "reason")
    return _change_status(document, "revoked", reason)


def read_pdf(document: IssuedDocument) -> bytes:
    """The stored bytes, checked against the recorded hash (a changed file is an error, never served)."""
    data = files.path_of(document.file_name).read_bytes()
    if hashlib.sha256(data).hexdigest() != document.sha256:
        raise RuntimeError(f"stored file of document {document.id} does not match its sha256")
    return data
