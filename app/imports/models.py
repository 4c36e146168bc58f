"""Staged imports: an uploaded file parsed into rows with their errors, waiting for confirmation."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import UTCDateTime, utcnow
from app.extensions import db

IMPORT_KINDS = ("units", "positions", "people", "checkins", "holidays")
IMPORT_STATUSES = ("preview", "committed", "discarded")


class ImportBatch(db.Model):
    __tablename__ = "import_batches"
    __table_args__ = (
        CheckConstraint(f"kind IN {IMPORT_KINDS}", name="kind"),
        CheckConstraint(f"status IN {IMPORT_STATUSES}", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    filename: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(10), default="preview")
    # [{"row": 2, "data": {...}, "errors": ["..."], "columns": ["nip"], "action": "create" | "update" | "skip"}]
    # ("skip": the template's example row, shown in the preview, never written; "columns": those with errors)
    rows: Mapped[list] = mapped_column(JSON, default=list)
    error_count: Mapped[int] = mapped_column(Integer, default=0)
    meta: Mapped[dict | None] = mapped_column(JSON)  # a check-in import's summary (its rows are staged apart)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    committed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def data_rows(self) -> list[dict]:
        """The rows to import (not the template's example row)."""
        return [row for row in self.rows if row.get("action") != "skip"]
