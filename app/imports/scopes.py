"""An import batch belongs to the user who uploaded it."""

from app.accounts import access
from app.imports.models import ImportBatch


def register() -> None:
    access.register_owner(ImportBatch, lambda batch: batch.owner_id, owner_column=ImportBatch.owner_id)
