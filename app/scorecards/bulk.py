"""An OPD's scorecards in bulk: every person (or every unit) of the OPD for a closed period, in one background
job, through the bulk printing path the awards' certificates use (``documents.bulk``): scorecards not issued
yet are laid out many to a chunk across worker processes, each issued as its own document; those issued
before are reused as stored. The result: one joined PDF, and a ZIP of one PDF per scorecard."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.core.clock import agency_today
from app.core.errors import Refused
from app.core.files import files_dir
from app.documents import bulk as printing
from app.documents import services as documents
from app.documents.context import letterhead
from app.documents.models import IssuedDocument
from app.extensions import db
from app.jobs import services as jobs
from app.jobs.models import Job
from app.org.models import Employee, Unit
from app.scorecards import data, document, periods
from app.scorecards.periods import Period

CHUNK, MIN_CHUNK = 80, 40  # scorecards are one to three pages each; 80 a chunk cost 6 % less CPU a card than 40
WORKERS: int | None = None  # worker processes; None: one per CPU
KINDS = {"people": "person", "units": "unit"}


def start(opd: Unit, period: Period | None, what: str, user, base_url: str) -> Job:
    """Check the period is closed, then record the job (the route commits and launches it)."""
    if period is None or what not in KINDS:
        raise Refused(_l("Choose a period and what to issue."))
    if not periods.closed(period, agency_today(), set(data.closed_months(opd.id, period.year))):
        raise Refused(_l("Only a closed period's scorecards are issued: close every TPP month of it first."))
    label = _("people") if what == "people" else _("units")
    return jobs.start(user, "scorecards.bulk", _("Scorecards %(period)s: %(what)s of %(opd)s",
                                                 period=period.label_id, what=label, opd=opd.name),
                      {"opd_id": opd.id, "what": what, **period.query, "base_url": base_url})


def subjects(opd: Unit, what: str) -> list:
    """The OPD's people still in service (ASN and non-ASN), or its units, in the order of the tree."""
    inside = Unit.path.startswith(opd.path, autoescape=True)
    if what == "units":
        return list(db.session.scalars(select(Unit).where(inside).order_by(Unit.path)))
    return list(db.session.scalars(select(Employee).join(Unit, Employee.unit_id == Unit.id)
                                   .where(inside, Employee.status.not_in(data.GONE))
                                   .order_by(Unit.path, Employee.name)))


@dataclass(eq=False)
class _Item:
    subject: Employee | Unit
    subject_id: int
    name: str  # its file name in the ZIP
    unit: Unit
    single: bytes | None  # issued before and still up to date: its stored PDF
    earlier: IssuedDocument | None = None  # issued before but out of date: issued again as its next version
    card: dict | None = None
    code: str = ""
    chunk: bytes | None = None
    pages: tuple[int, ...] = ()

    @property
    def version(self) -> int:
        return self.earlier.version + 1 if self.earlier is not None else 1


@dataclass(frozen=True)
class Printed:
    pdf: bytes
    zip: bytes
    count: int
    issued: int
    reused: int
    left_out: int  # non-ASN workers whose honorarium months of the period are not all closed


def _items(opd: Unit, period: Period, what: str, today) -> tuple[list[_Item], int]:
    """Every subject whose period is closed, with its latest scorecard of the period when one was issued:
    reused when still up to date, issued again (next version) when a month of the period was closed again after
    it. Non-ASN workers follow their honorarium months: those still open leave them out (counted)."""
    kind = KINDS[what]
    found = subjects(opd, what)
    closings = {asn: data.closing(period, today, data.closed_months(opd.id, period.year, asn)) for asn in (True, False)}
    stored: dict[int, IssuedDocument] = {}
    for doc in db.session.scalars(select(IssuedDocument).where(*document.versions(
            kind, period, [s.id for s in found] or [0])).order_by(IssuedDocument.version)):
        stored[doc.source_id] = doc  # the latest version last
    items, left_out = [], 0
    for subject in found:
        closing = closings[kind == "unit" or subject.is_asn]
        if not closing["closed"]:
            left_out += 1
            continue
        unit = subject if kind == "unit" else subject.unit
        label = subject.name if kind == "unit" else subject.display_name
        name = printing.file_name(f"kartu-kinerja-{period.key}-{subject.id}-{label[:60]}")
        doc = stored.get(subject.id)
        if doc is not None and document.stale(closing, doc):
            items.append(_Item(subject, subject.id, name, unit, None, earlier=doc))
        else:
            items.append(_Item(subject, subject.id, name, unit, documents.read_pdf(doc) if doc else None))
    return items, left_out


def print_all(opd: Unit, period: Period, what: str, progress: Callable[..., None],
              commit: Callable[[], None] | None = None, workers: int | None = None) -> Printed:
    """Issue every scorecard of the OPD for ``period`` not issued yet, and join all of them. Needs an app
    context where ``verification_url`` works (``documents.bulk.urls_for``)."""
    step = commit or db.session.flush
    kind = KINDS[what]
    today = agency_today()
    items, left_out = _items(opd, period, what, today)
    pending = [item for item in items if item.single is None]
    step()
    progress(2, _("%(count)s scorecards to issue, %(reused)s issued before.", count=len(pending),
                  reused=len(items) - len(pending)))
    kops: dict[int, dict] = {}
    done = 0
    root = str(files_dir())

    def task(group: list[_Item]) -> tuple:
        """A chunk's scorecards read and rendered with Jinja, just before a worker lays them out (the workers start
        with the first chunk rather than after the whole OPD is read)."""
        cards = (data.people([item.subject for item in group], period, today) if kind == "person"
                 else [data.unit(item.subject, period, today) for item in group])
        for item, card in zip(group, cards, strict=True):
            item.card, item.code = card, documents.new_code()
            if item.unit.id not in kops:
                kops[item.unit.id] = letterhead(item.unit)
        entries = [document.entry(item.card, kops[item.unit.id],
                                  {"code": item.code, "url": documents.verification_url(item.code)}, item.version)
                   for item in group]
        return document.html(entries), root

    def collect(group: list[_Item], result) -> None:
        nonlocal done
        chunk_pdf, singles, pages = result
        if len(singles) != len(group):
            raise RuntimeError(f"{len(group)} scorecards laid out as {len(singles)}")
        issued = documents.issue_many([dict(
            code=item.code, pdf=single, kind=document.KIND, title=document.title(item.card),
            number=document.number(item.card, item.version), version=item.version,
            source=document.source(kind, period, item.subject_id, item.version),
            parties=document.parties(item.card), unit_id=item.unit.id) for item, single in zip(group, singles, strict=True)])
        for item, single, own, made in zip(group, singles, pages, issued, strict=True):
            if item.earlier is not None:
                documents.replace([item.earlier], made)
            item.single, item.chunk, item.pages = single, chunk_pdf, own
        done += len(group)
        step()
        progress(5 + 85 * done // len(pending), _("%(done)s of %(total)s scorecards issued.", done=done,
                                                  total=len(pending)))

    count = workers or WORKERS or os.cpu_count() or 1
    printing.render_groups(printing.groups_of(pending, count, CHUNK, MIN_CHUNK), task, document.render_chunk,
                           collect, count)
    progress(92, _("Joining the scorecards into one PDF and a ZIP file."))
    pdf, zipped = printing.join([printing.Part(item.name, item.single, item.chunk, item.pages) for item in items])
    return Printed(pdf, zipped, len(items), len(pending), len(items) - len(pending), left_out)
