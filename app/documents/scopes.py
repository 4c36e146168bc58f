"""Issued documents sit in the unit they were issued for (installation-wide ones: admins only)."""

from app.accounts import access
from app.documents import auditing
from app.documents.models import IssuedDocument


def register() -> None:
    auditing.register()  # the audit trail's words for this area's records
    access.register_scope(IssuedDocument, lambda document: document.unit.path if document.unit else "",
                          unit_column=IssuedDocument.unit_id)
