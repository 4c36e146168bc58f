"""Reporting realisation: enter, add evidence, submit, verify (accept or return), correct an accepted value.

Services flush; the route commits. Who may do what: the unit's operator or the official enters; the
official's superior (PIHAK KEDUA of the agreement in force) or HR verifies; nobody verifies their own entry.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date
from decimal import Decimal

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.accounts.access import can
from app.agreements.models import Agreement
from app.core import files
from app.core.db import check_shown, check_version, flush_unique, utcnow
from app.core.errors import Refused
from app.core.formatting import tanggal
from app.core.text import clean_file_name
from app.extensions import db
from app.monitoring.models import EVIDENCE_TYPES, Evidence, Realisation, RealisationChange, ReportingWindow, UnitKpi
from app.monitoring.scopes import is_party, is_second_party

XLSX = ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
PERIODS = {"quarter": 4, "month": 12}


Subject = Agreement | UnitKpi  # what a realisation reports on


def may_enter(user, unit, official_id: int | None = None) -> bool:
    """The unit's operator (or HR) enters; for an agreement also the official themself (PIHAK PERTAMA).

    ``can_enter`` on plain values, for screens that read lines (the grid)."""
    return is_party(user, official_id) or can(user, "monitoring.enter", unit)


def may_verify(user, unit, source: str, superior_id: int | None, entered_by_id: int | None = None) -> bool:
    """An agreement's PIHAK KEDUA or HR; for a unit KPI a leader over the unit or HR. Never one's own entry.

    ``can_verify`` on plain values, for screens that read lines (the grid, reminders)."""
    if entered_by_id is not None and entered_by_id == user.id:
        return False
    if source == "kpi":
        return can(user, "monitoring.verify", unit)
    return is_party(user, superior_id) or can(user, "monitoring.manage", unit)


def can_enter(user, subject: Subject) -> bool:
    return can(user, "monitoring.enter", subject)  # the official by relation (app.monitoring.scopes)


def can_verify(user, subject: Subject, realisation: Realisation | None = None) -> bool:
    if realisation is not None and realisation.entered_by_id == user.id:
        return False
    if isinstance(subject, UnitKpi):
        return can(user, "monitoring.verify", subject)
    return is_second_party(user, subject) or can(user, "monitoring.manage", subject)


def window_of(unit, year: int, kind: str, period: int) -> ReportingWindow | None:
    return db.session.scalar(select(ReportingWindow).where(
        ReportingWindow.opd_id == unit.opd_id, ReportingWindow.year == year,
        ReportingWindow.period_kind == kind, ReportingWindow.period == period))


def _measure(subject: Subject, key: str):
    """The indicator (or KPI) being reported on, refusing what cannot be reported."""
    if isinstance(subject, UnitKpi):
        if not subject.active or key != subject.key:
            raise Refused(_l("This KPI is no longer reported."), "indicator")
        return subject
    version = subject.in_force
    if version is None:
        raise Refused(_l("Realisation is reported only against an agreement in force."))
    indicator = next((i for i in version.indicators if i.key == key), None)
    if indicator is None:
        raise Refused(_l("This indicator is not in the agreement in force."), "indicator")
    return indicator


def find(subject: Subject, key: str, kind: str, period: int) -> Realisation | None:
    stmt = select(Realisation).where(Realisation.period_kind == kind, Realisation.period == period)
    if isinstance(subject, UnitKpi):
        stmt = stmt.where(Realisation.kpi_id == subject.id)
    else:
        stmt = stmt.where(Realisation.agreement_id == subject.id, Realisation.indicator_key == key)
    return db.session.scalar(stmt)


def enter(subject: Subject, key: str, period: int, value: Decimal | None, note: str, user, today: date,
          kind: str = "quarter", expected: int | None = None, shown: bool = False) -> Realisation:
    """Record (or change, while not yet verified) the realisation of one indicator for one period.

    ``shown``: saved from a row shown with ``expected`` (None: shown empty), so a value someone else entered since
    is a ``Conflict``, never overwritten; otherwise ``expected`` is checked when given."""
    measure = _measure(subject, key)
    if kind != measure.period_kind or not 1 <= period <= PERIODS.get(kind, 0):
        raise Refused(_l("There is no such period."), "period")
    if not can_enter(user, subject):
        raise Refused(_l("Only the unit's operator or the official reports the realisation."))
    if value is not None and value < 0:
        raise Refused(_l("A realisation cannot be negative."), "value")
    window = window_of(subject.unit, subject.year, kind, period)
    late = bool(window and today > window.closes_on)
    if window and today < window.opens_on:
        raise Refused(_l("The input window for this period opens on %(d)s.", d=tanggal(window.opens_on)), "period")
    if late and not can(user, "monitoring.manage", subject):
        raise Refused(_l("The input window closed on %(d)s; ask HR to enter a late value.",
                         d=tanggal(window.closes_on)), "period")
    realisation = find(subject, key, kind, period)
    if shown:
        check_shown(realisation, expected)
    first = realisation is None
    if first:
        realisation = Realisation(indicator_key=key, period_kind=kind, period=period, unit_id=subject.unit_id,
                                  year=subject.year)
        if isinstance(subject, UnitKpi):
            realisation.kpi = subject
        else:
            realisation.agreement = subject
        db.session.add(realisation)
    else:
        check_version(realisation, expected)
        if realisation.status not in ("draft", "returned"):
            raise Refused(_l("This value has been submitted or accepted; an accepted value changes only by a "
                             "correction request."))
    realisation.value, realisation.note, realisation.late = value, note, late
    realisation.entered_by_id = user.id
    if first:
        flush_unique()  # two first values of a cell at the same moment: the second one is a Conflict, not a 500
    else:
        db.session.flush()
    return realisation


def add_evidence(realisation: Realisation, user, original_name: str, data: bytes) -> Evidence:
    if realisation.status not in ("draft", "returned"):
        raise Refused(_l("Evidence of a submitted or accepted value cannot change."), "file")
    if not can_enter(user, realisation.subject):
        raise Refused(_l("Only the unit's operator or the official reports the realisation."), "file")
    limit = evidence_limit()
    if len(data) > limit:
        raise Refused(_l("The file is larger than %(mb)s MB.", mb=limit // 2**20), "file")
    kind = sniff_evidence(data)
    if kind is None:
        raise Refused(_l("Evidence must be a PDF, a PNG or JPEG image, or an Excel workbook (.xlsx); this file's "
                         "content is none of these."), "file")
    evidence = Evidence(realisation=realisation, file_name=files.store(data, kind[0]), mime=kind[1], size=len(data),
                        original_name=clean_file_name(original_name, f"bukti.{kind[0]}"), uploaded_by_id=user.id)
    db.session.add(evidence)
    db.session.flush()
    return evidence


def evidence_limit() -> int:
    return current_app.config.get("EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)


def remove_evidence(evidence: Evidence, user) -> None:
    """Take a file off a value that is still a draft or returned (the stored file stays, others may share it)."""
    realisation = evidence.realisation
    if realisation.status not in ("draft", "returned"):
        raise Refused(_l("Evidence of a submitted or accepted value cannot change."), "file")
    if not can_enter(user, realisation.subject):
        raise Refused(_l("Only the unit's operator or the official reports the realisation."), "file")
    db.session.delete(evidence)
    db.session.flush()


def sniff_evidence(data: bytes) -> tuple[str, str] | None:
    """(extension, MIME type) judged by content, whatever the file name says; None for anything else."""
    for magic, kind in EVIDENCE_TYPES.items():
        if data.startswith(magic):
            return kind
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
            return XLSX
    return None


def submit(realisation: Realisation, user, expected: int | None = None) -> Realisation:
    check_version(realisation, expected)
    if realisation.status not in ("draft", "returned"):
        raise Refused(_l("Only a draft or returned value can be submitted."))
    if not can_enter(user, realisation.subject):
        raise Refused(_l("Only the unit's operator or the official reports the realisation."))
    if realisation.value is None:
        raise Refused(_l("Enter the value before submitting it."), "value")
    realisation.status, realisation.returned_note = "submitted", ""
    db.session.flush()
    return realisation


def verify(realisation: Realisation, user, accept: bool, note: str = "", expected: int | None = None) -> Realisation:
    """Accept (the value and its evidence freeze) or return with a required note."""
    check_version(realisation, expected)
    if realisation.status != "submitted":
        raise Refused(_l("Only a submitted value can be verified."))
    if not can_verify(user, realisation.subject, realisation):
        raise Refused(_l("The official's superior or HR verifies, and never their own entry."))
    if not accept and not note.strip():
        raise Refused(_l("Say what is wrong: the note goes back with the value."), "note")
    realisation.status = "accepted" if accept else "returned"
    realisation.returned_note = "" if accept else note.strip()
    realisation.verified_by_id, realisation.verified_at = user.id, utcnow()
    db.session.flush()
    return realisation


def request_correction(realisation: Realisation, user, new_value: Decimal, reason: str) -> RealisationChange:
    if realisation.status != "accepted":
        raise Refused(_l("Only an accepted value is corrected by request; change a draft directly."))
    if not can_enter(user, realisation.subject):
        raise Refused(_l("Only the unit's operator or the official reports the realisation."))
    if not reason.strip():
        raise Refused(_l("Give the reason for the correction."), "reason")
    if new_value is None or new_value < 0:
        raise Refused(_l("A realisation cannot be negative."), "value")
    change = RealisationChange(realisation=realisation, old_value=realisation.value, new_value=new_value,
                               reason=reason.strip(), requested_by_id=user.id)
    db.session.add(change)
    db.session.flush()
    return change


def decide_correction(change: RealisationChange, user, approve: bool) -> RealisationChange:
    if change.status != "requested":
        raise Refused(_l("This correction has already been decided."))
    realisation = change.realisation
    if not can_verify(user, realisation.subject) or change.requested_by_id == user.id:
        raise Refused(_l("The official's superior or HR verifies, and never their own entry."))
    change.status, change.decided_by_id, change.decided_at = ("approved" if approve else "rejected"), user.id, utcnow()
    if approve:
        realisation.value = change.new_value  # the old value stays in the change row
    db.session.flush()
    return change
