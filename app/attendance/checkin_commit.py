"""Check-in import, the batch's life: upload, check again, preview, commit (all rows or none), discard.

A file up to ``CHECKIN_INLINE_BYTES`` (default 1 MB, some 30,000 rows) is staged in the request; a larger one
by the job ``attendance.checkins_stage``, the preview showing its progress. Likewise a commit of up to
``CHECKIN_INLINE_ROWS`` staged rows (default 30,000) runs in the request, a larger one as the job
``attendance.checkins_commit``. The uploaded file is kept beside the batch until it is committed or discarded,
so that after mapping unknown user numbers the file can be checked again without uploading it anew.

Commit copies the staged rows into ``check_ins`` with one INSERT … SELECT … ON CONFLICT DO NOTHING (the key is
(employee, instant): a check-in already stored stays as it is), removes the staged rows and recomputes the
affected months of the people working in a unit where someone got a new check-in (``compute.recompute``).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, distinct, exists, literal, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.accounts.models import User
from app.attendance import compute
from app.attendance.checkin_import import forget_file, keep_file, limits, stage, stored_file
from app.attendance.models import CheckIn, CheckInSource, StagedCheckIn
from app.core.clock import utcnow
from app.core.db import UTCDateTime
from app.core.errors import Refused
from app.core.formatting import format_number
from app.core.text import clean_file_name
from app.extensions import db
from app.imports.models import ImportBatch
from app.jobs import services as jobs
from app.jobs.models import Job
from app.jobs.tasks import handler
from app.org.models import Employee

BUSY = ("staging", "committing")
PAGE_SIZE = 100
RECOMPUTE_PEOPLE = 20_000  # people per recompute call (its IN list stays within any database's bound parameters)


def _inline_bytes() -> int:
    return current_app.config.get("CHECKIN_INLINE_BYTES", 2**20)


def _inline_rows() -> int:
    return current_app.config.get("CHECKIN_INLINE_ROWS", 30_000)


def _set(batch: ImportBatch, **values) -> None:
    batch.meta = {**(batch.meta or {}), **values}  # a new dict: the JSON column sees the change


def upload(owner, source: CheckInSource, filename: str, data: bytes) -> tuple[ImportBatch, Job | None]:
    """A new import of ``source``: staged now (small files), or by a job returned with the batch."""
    most = limits()[0]
    if len(data) > most:
        raise Refused(_l("The file is larger than %(mb)s MB; split it into smaller files.", mb=most // 2**20), "file")
    batch = ImportBatch(owner_id=owner.id, kind="checkins", filename=clean_file_name(filename, "absensi.csv")[:200],
                        rows=[], meta={"source_id": source.id, "state": "staging", "size": len(data)})
    db.session.add(batch)
    db.session.flush()
    if len(data) <= _inline_bytes():
        stage(batch, data, owner)
        keep_file(batch, data)
        return batch, None
    keep_file(batch, data)
    return batch, _start(batch, owner, "attendance.checkins_stage", _l("Checking check-ins: %(f)s", f=batch.filename))


def _start(batch: ImportBatch, owner, kind: str, title) -> Job:
    job = jobs.start(owner, kind, str(title)[:200], {"batch_id": batch.id})
    _set(batch, state="staging" if kind.endswith("stage") else "committing", job_id=job.id)
    db.session.flush()
    return job


def state(batch: ImportBatch) -> tuple[str, Job | None]:
    """The batch's state as the preview shows it, with its job: staging, committing (the job still works),
    ready, failed (the file could not be read), stuck (its job failed: check the file again or discard it),
    committed, discarded."""
    if batch.status != "preview":
        return batch.status, None
    meta = batch.meta or {}
    job = db.session.get(Job, meta["job_id"]) if meta.get("job_id") else None
    current = meta.get("state", "ready")
    if current in BUSY and (job is None or job.finished):
        return "stuck", job
    return current, job


def _waiting(batch: ImportBatch) -> None:
    if batch.status != "preview":
        raise Refused(_l("This import has already been committed or discarded."))
    if state(batch)[0] in BUSY:
        raise Refused(_l("This import is still being processed; wait until it has finished."))


def recheck(batch: ImportBatch, owner) -> Job | None:
    """Check the kept file again (after user numbers were mapped or the source's settings corrected)."""
    _waiting(batch)
    data = stored_file(batch)
    if len(data) <= _inline_bytes():
        stage(batch, data, owner)
        return None
    return _start(batch, owner, "attendance.checkins_stage", _l("Checking check-ins: %(f)s", f=batch.filename))


def start_commit(batch: ImportBatch, owner) -> Job | None:
    """Commit now, or start the job that does (large files)."""
    _committable(batch)
    if batch.meta["counts"]["staged"] <= _inline_rows():
        commit(batch)
        return None
    return _start(batch, owner, "attendance.checkins_commit", _l("Importing check-ins: %(f)s", f=batch.filename))


def _committable(batch: ImportBatch) -> None:
    _waiting(batch)
    meta = batch.meta or {}
    if meta.get("state") != "ready":
        raise Refused(_l("The file has not been checked: check it again or discard it."))
    if batch.error_count:
        raise Refused(_l("Nothing was imported: the file has rows with errors or of unknown people (%(n)s). Correct "
                         "the file or give the user numbers their person, then check the file again.",
                         n=batch.error_count))


def commit(batch: ImportBatch, progress=None) -> int:
    """Copy the staged rows into ``check_ins`` (those already stored are left), recompute the affected months
    of the people with a new check-in; returns the number of new check-ins. Flushes."""
    if (batch.meta or {}).get("state") != "committing":
        _committable(batch)
    s, c = StagedCheckIn.__table__, CheckIn.__table__
    staged = s.c.batch_id == batch.id
    same = (c.c.employee_id == s.c.employee_id) & (c.c.at == s.c.at)
    # Everyone working in a unit where someone gets a new check-in: a colleague without any is absent (TK) on
    # those days, which only a pass over the whole unit writes.
    changed_units = (select(distinct(Employee.unit_id)).join(s, s.c.employee_id == Employee.id)
                     .where(staged, ~exists().where(same)))
    changed = list(db.session.scalars(select(Employee.id).where(
        Employee.unit_id.in_(changed_units), Employee.status.in_(compute.RECORDED_STATUSES)).order_by(Employee.id)))
    rows = (select(s.c.employee_id, s.c.at, s.c.direction, s.c.device, literal(batch.meta["source_id"]),
                   literal(batch.id), literal(""), literal(utcnow(), UTCDateTime()))
            .select_from(s.join(Employee.__table__, Employee.__table__.c.id == s.c.employee_id)).where(staged)
            .order_by(s.c.employee_id, s.c.at))  # in the unique index's order: a fifth faster on PostgreSQL
    dialect_insert = pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = dialect_insert(c).from_select(
        ["employee_id", "at", "direction", "device", "source_id", "batch_id", "note", "created_at"], rows
    ).on_conflict_do_nothing(index_elements=["employee_id", "at"])
    inserted = db.session.execute(statement, execution_options={"preserve_rowcount": True}).rowcount
    db.session.execute(delete(StagedCheckIn).where(StagedCheckIn.batch_id == batch.id))
    if progress is not None:
        progress(40, _l("New check-ins written: %(n)s; computing the days.", n=format_number(inserted)))
    months = batch.meta.get("months", []) if changed else []
    parts = [changed[i:i + RECOMPUTE_PEOPLE] for i in range(0, len(changed), RECOMPUTE_PEOPLE)]
    steps = len(months) * len(parts)
    for i, (year, month, people) in enumerate((y, m, p) for y, m in months for p in parts):
        within = None
        if progress is not None:  # the steps share 40–99 %, each reporting its chunks of people
            def within(pct, message="", i=i):
                progress(40 + (i * 100 + pct) * 59 // (100 * steps),
                         _l("Computing the days: step %(m)s of %(n)s.", m=i + 1, n=steps))
        compute.recompute(year, month, employee_ids=people, progress=within)
    batch.status, batch.committed_at = "committed", utcnow()
    _set(batch, state="committed", inserted=inserted, recomputed=len(changed))
    db.session.flush()
    forget_file(batch)
    return inserted


def discard(batch: ImportBatch) -> ImportBatch:
    _waiting(batch)
    db.session.execute(delete(StagedCheckIn).where(StagedCheckIn.batch_id == batch.id))
    batch.status = "discarded"
    _set(batch, state="discarded")
    db.session.flush()
    forget_file(batch)
    return batch


# -- the preview ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Page:
    """What ``macros/forms.html``'s pager reads."""

    page: int
    pages: int

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def staged_page(batch: ImportBatch, page: int) -> tuple[list, Page]:
    """One page of the staged rows in file order: (staged row, employee, already stored)."""
    total = (batch.meta or {}).get("counts", {}).get("staged", 0) if batch.status == "preview" else 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, page), pages)
    s = StagedCheckIn
    stored = exists().where(CheckIn.employee_id == s.employee_id, CheckIn.at == s.at).label("stored")
    rows = db.session.execute(select(s, Employee, stored).join(Employee, Employee.id == s.employee_id)
                              .where(s.batch_id == batch.id).order_by(s.row)
                              .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)).all()
    return rows, Page(page, pages)


# -- jobs ------------------------------------------------------------------------------------------------------------

def _job_batch(job) -> tuple[ImportBatch | None, User | None]:
    batch = db.session.get(ImportBatch, (job.params or {}).get("batch_id"))
    if batch is None or batch.kind != "checkins" or batch.status != "preview":
        return None, None
    return batch, db.session.get(User, batch.owner_id)


@handler("attendance.checkins_stage")
def run_stage(job, progress):
    batch, owner = _job_batch(job)
    if batch is None:
        return None
    try:
        stage(batch, stored_file(batch), owner, progress)
    except Refused as refused:  # the file as a whole: the preview says why
        db.session.execute(delete(StagedCheckIn).where(StagedCheckIn.batch_id == batch.id))
        _set(batch, state="failed", problem=str(refused.message))
        db.session.flush()
    counts = batch.meta.get("counts", {})
    progress(100, _l("Rows checked: %(n)s.", n=format_number(counts.get("rows", 0))))
    return None


@handler("attendance.checkins_commit")
def run_commit(job, progress):
    batch, _owner = _job_batch(job)
    if batch is None:
        return None
    inserted = commit(batch, progress)
    progress(100, _l("New check-ins imported: %(n)s.", n=format_number(inserted)))
    return None
