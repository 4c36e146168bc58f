"""Excuses (izin, official travel with a surat tugas, a forgotten check-in): requested, then decided.

The person requests an excuse for themself, or an operator or HR for a person of their scope, with a reason
(a surat tugas also with its number) and at most one attachment: a PDF, PNG or JPEG file judged by its
content, stored once under its checksum (``app.core.files``). The request waits (``requested``) until the
superior (``app.attendance.superior``) or a role that decides over the person's unit approves it, or refuses
it with a note; the requester may withdraw it while it waits. Approval recomputes the months it covers, so its
days change (``compute.recompute_for``); nobody decides their own excuse.

Rules: the last day is not before the first, an excuse covers at most 31 days, a forgotten check-in one day
and says which side was forgotten; an excuse never overlaps the person's leave or another of their excuses
that is waiting or approved. Services flush; the route commits.
"""

from __future__ import annotations

from datetime import date, timedelta

from flask import current_app
from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.orm import contains_eager, joinedload

from app.accounts.access import scoped
from app.accounts.models import User
from app.attendance import compute, superior
from app.attendance.leave import describe as describe_leave
from app.attendance.leave import overlapping as overlapping_leave
from app.attendance.models import EXCUSE_KINDS, FORGOT_SIDES, Excuse
from app.core import files
from app.core.clock import utcnow
from app.core.db import check_version
from app.core.errors import Refused
from app.core.text import clean_file_name
from app.extensions import db
from app.org.models import Employee, Unit

EXCUSE_FIELDS = ("kind", "starts_on", "ends_on", "forgot", "reason", "letter_number")
LONGEST_DAYS = 31
ACTIVE = ("requested", "approved")  # an excuse that stands (or may): no other may overlap it
ATTACHMENT_TYPES = {b"%PDF-": ("pdf", "application/pdf"), b"\x89PNG\r\n\x1a\n": ("png", "image/png"),
                    b"\xff\xd8\xff": ("jpg", "image/jpeg")}


def excuse_kind_labels() -> dict[str, str]:
    return {"permit": _l("Permission (izin)"), "travel": _l("Official travel (surat tugas)"),
            "forgot": _l("Forgotten check-in")}


def forgot_labels() -> dict[str, str]:
    return {"in": _l("arrival"), "out": _l("departure"), "both": _l("arrival and departure")}


def state_labels() -> dict[str, str]:
    return {"requested": _l("waiting for a decision"), "approved": _l("approved"), "refused": _l("refused"),
            "withdrawn": _l("withdrawn")}


def _day(value: date) -> str:
    return format_date(value, "d MMMM y")


def describe(excuse: Excuse) -> str:
    """'Izin 6 Februari 2018 – 6 Februari 2018 (menunggu keputusan)': how a refusal names another excuse."""
    return str(_l("%(kind)s from %(start)s to %(end)s (%(state)s)",
                  kind=excuse_kind_labels().get(excuse.kind, excuse.kind), start=_day(excuse.starts_on),
                  end=_day(excuse.ends_on), state=state_labels().get(excuse.state, excuse.state)))


def attachment_limit() -> int:
    return current_app.config.get("EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)


def sniff_attachment(data: bytes) -> tuple[str, str] | None:
    """(extension, MIME type) of a PDF, PNG or JPEG judged by content, whatever the name says; else None."""
    for magic, kind in ATTACHMENT_TYPES.items():
        if data.startswith(magic):
            return kind
    return None


def problem(employee: Employee, data: dict) -> Refused | None:
    """The first thing wrong with a request's values (a refusal naming its field), or None."""
    kind = data.get("kind")
    if kind not in EXCUSE_KINDS:
        return Refused(_l("Choose the kind of excuse."), "kind")
    starts, ends = data.get("starts_on"), data.get("ends_on") or data.get("starts_on")
    if starts is None:
        return Refused(_l("Enter the first day."), "starts_on")
    if ends < starts:
        return Refused(_l("The last day cannot be before the first day."), "ends_on")
    if kind == "forgot":
        if data.get("forgot") not in FORGOT_SIDES:
            return Refused(_l("Say what was forgotten: the arrival, the departure or both."), "forgot")
        if ends != starts:
            return Refused(_l("A forgotten check-in is excused day by day: the last day is the first day."),
                           "ends_on")
    elif ends > starts + timedelta(days=LONGEST_DAYS - 1):
        return Refused(_l("An excuse covers at most %(n)s days; for longer, record leave.", n=LONGEST_DAYS),
                       "ends_on")
    if not (data.get("reason") or "").strip():
        return Refused(_l("Give the reason."), "reason")
    if kind == "travel" and not (data.get("letter_number") or "").strip():
        return Refused(_l("Enter the number of the surat tugas."), "letter_number")
    leave = overlapping_leave(employee.id, starts, ends)
    if leave is not None:
        return Refused(_l("%(name)s is on leave on some of these days: %(leave)s. Leave needs no excuse.",
                          name=employee.display_name, leave=describe_leave(leave)), "starts_on")
    other = db.session.scalar(
        select(Excuse).where(Excuse.employee_id == employee.id, Excuse.state.in_(ACTIVE), Excuse.starts_on <= ends,
                             Excuse.ends_on >= starts).order_by(Excuse.starts_on, Excuse.id).limit(1))
    if other is not None:
        return Refused(_l("%(name)s already has an excuse on some of these days: %(other)s. Withdraw it first, or "
                          "choose other days.", name=employee.display_name, other=describe(other)), "starts_on")
    return None


def store_attachment(upload: tuple[str, bytes]) -> tuple[str, str]:
    """Check and store an attachment (a PDF, PNG or JPEG by its content, within ``attachment_limit``): its stored
    name and its cleaned original name. TPP objections store theirs the same way."""
    name, data = upload
    limit = attachment_limit()
    if len(data) > limit:
        raise Refused(_l("The file is larger than %(mb)s MB.", mb=limit // 2**20), "attachment")
    if not data:
        raise Refused(_l("The file is empty."), "attachment")
    kind = sniff_attachment(data)
    if kind is None:
        raise Refused(_l("The attachment must be a PDF file or a PNG or JPEG image; this file's content is none "
                         "of these."), "attachment")
    return files.store(data, kind[0]), clean_file_name(name, f"lampiran.{kind[0]}")


def request(employee: Employee, user, data: dict, upload: tuple[str, bytes] | None = None) -> Excuse:
    """Request an excuse for ``employee`` (by themself, an operator or HR): it waits for a decision."""
    refused = problem(employee, data)
    if refused is not None:
        raise refused
    kind = data["kind"]
    excuse = Excuse(employee=employee, kind=kind, starts_on=data["starts_on"],
                    ends_on=data.get("ends_on") or data["starts_on"],
                    forgot=data.get("forgot") if kind == "forgot" else None, reason=data["reason"].strip(),
                    letter_number=(data.get("letter_number") or "").strip() if kind == "travel" else "",
                    state="requested", requested_by_id=user.id)
    if upload is not None:
        excuse.attachment, excuse.attachment_name = store_attachment(upload)
    db.session.add(excuse)
    db.session.flush()
    return excuse


def withdraw(excuse: Excuse, expected: int | None) -> Excuse:
    """The requester takes back an excuse that is still waiting."""
    check_version(excuse, expected)
    if excuse.state != "requested":
        raise Refused(_l("Only an excuse still waiting for a decision can be withdrawn."))
    excuse.state = "withdrawn"
    db.session.flush()
    return excuse


def decide(excuse: Excuse, user, approve: bool, note: str, expected: int | None) -> Excuse:
    """Approve or refuse (with a note) a waiting excuse; approval recomputes the months it covers."""
    check_version(excuse, expected)
    if excuse.state != "requested":
        raise Refused(_l("This excuse has already been decided or withdrawn."))
    if user.employee_id is not None and user.employee_id == excuse.employee_id:
        raise Refused(_l("Nobody decides their own excuse: your superior does."))
    note = (note or "").strip()
    if not approve and not note:
        raise Refused(_l("Say why the excuse is refused."), "note")
    excuse.state = "approved" if approve else "refused"
    excuse.decided_by_id, excuse.decided_at, excuse.decision_note = user.id, utcnow(), note
    db.session.flush()
    if approve:
        compute.recompute_for(excuse.employee_id, excuse.starts_on, excuse.ends_on)
    return excuse


# -- reading -----------------------------------------------------------------------------------------------------

def of_person(employee: Employee) -> list[Excuse]:
    """The person's excuses, latest first, with who requested and decided them (one statement)."""
    return list(db.session.scalars(
        select(Excuse).where(Excuse.employee_id == employee.id)
        .options(joinedload(Excuse.requested_by).joinedload(User.employee),
                 joinedload(Excuse.decided_by).joinedload(User.employee))
        .order_by(Excuse.starts_on.desc(), Excuse.id.desc())))


def to_decide_query(user, unit: Unit):
    """The excuses waiting in ``unit``'s subtree that ``user`` may decide: as the person's superior, or by a
    role that decides over the person's unit; never their own. Earliest days first."""
    mine = superior.subordinates(user.employee_id)
    return (select(Excuse).join(Excuse.employee).join(Employee.unit)
            .options(contains_eager(Excuse.employee).contains_eager(Employee.unit),
                     joinedload(Excuse.requested_by).joinedload(User.employee))
            .where(Excuse.state == "requested", Unit.path.startswith(unit.path, autoescape=True),
                   Employee.id != (user.employee_id or 0), or_(mine, scoped(user, "attendance.decide", Employee)))
            .order_by(Excuse.starts_on, Excuse.id))
