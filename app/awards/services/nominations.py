"""Nominations: nominate someone (or a unit) inside the window, with the evidence; withdraw with a reason."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l

from app.awards.models import Nomination, Round
from app.awards.services.automatic import automatic_values
from app.awards.services.eligibility import candidates, reason_text
from app.awards.services.state import active_nominations, check_editable, touch
from app.core import files
from app.core.clock import agency_today
from app.core.db import check_version, utcnow
from app.core.errors import Refused
from app.core.formatting import tanggal
from app.core.text import clean_file_name
from app.extensions import db
from app.org.models import Employee, Unit

MAX_EVIDENCE = 5 * 1024 * 1024


def nominate(award_round: Round, user, *, justification: str, employee: Employee | None = None,
             unit: Unit | None = None, evidence: tuple[bytes, str] | None = None, today: date | None = None,
             ) -> Nomination:
    check_editable(award_round)
    today = today or agency_today()
    if award_round.status != "nominating":
        raise Refused(_l("Nominations for this round are closed."))
    if not award_round.nomination_opens <= today <= award_round.nomination_closes:
        raise Refused(_l("Nominations are open from %(opens)s to %(closes)s.",
                         opens=tanggal(award_round.nomination_opens),
                         closes=tanggal(award_round.nomination_closes)))
    if not justification.strip():
        raise Refused(_l("Say why this nominee deserves the award."), "justification")
    unit_award = award_round.rules["nominee_kind"] == "unit"
    if unit_award and unit is None or not unit_award and employee is None:
        raise Refused(_l("Choose the nominee."), "nominee")
    nominee_unit = unit if unit_award else employee.unit
    if nominee_unit.opd_id != award_round.opd_id:
        raise Refused(_l("The nominee must belong to this OPD."), "nominee")
    reasons = candidates(award_round, units=[unit]) if unit_award else candidates(award_round, [employee])
    if reasons[0][1]:
        raise Refused(_l("Not eligible: %(reasons)s.", reasons="; ".join(reason_text(r) for r in reasons[0][1])),
                      "nominee")
    quota = award_round.rules["quota_per_unit"]
    used = sum(1 for n in active_nominations(award_round) if n.unit_id == nominee_unit.id)
    if used >= quota:
        raise Refused(_l("%(unit)s has used its quota of %(quota)s nomination(s) in this round.",
                         unit=nominee_unit.name, quota=quota), "nominee")
    nomination = next((n for n in award_round.nominations if n.withdrawn_at is not None and (
        n.employee_id == employee.id if employee else (n.employee_id is None and n.unit_id == unit.id))), None)
    user_id = getattr(user, "id", None)
    if nomination is None:
        nomination = Nomination(round=award_round, employee_id=employee.id if employee else None)
        db.session.add(nomination)
    else:  # nominated again after a withdrawal: the same row, the old reason cleared
        nomination.withdrawn_at = nomination.withdrawn_reason = None
        nomination.evidence_file, nomination.evidence_name = None, ""
    nomination.unit_id, nomination.justification = nominee_unit.id, justification.strip()
    nomination.nominated_by_id, nomination.nominated_at = user_id, utcnow()
    touch(award_round)
    if evidence is not None:
        data, name = evidence
        if len(data) > MAX_EVIDENCE:
            raise Refused(_l("The evidence file is larger than 5 MB."), "evidence")
        extension = "pdf" if data.startswith(b"%PDF-") else (files.sniff_image(data) or (None,))[0]
        if extension is None:
            raise Refused(_l("The evidence must be a PDF, PNG or JPEG file."), "evidence")
        nomination.evidence_file, nomination.evidence_name = files.store(data, extension), clean_file_name(name, f"bukti.{extension}")
    db.session.add(nomination)
    db.session.flush()
    nomination.auto = automatic_values(award_round, [nomination])[nomination.id]
    db.session.flush()
    return nomination


def withdraw(nomination: Nomination, reason: str, version: int | None) -> None:
    check_editable(nomination.round)
    check_version(nomination, version)
    if nomination.round.status != "nominating":
        raise Refused(_l("Nominations are closed; a nomination can no longer be withdrawn."))
    if not reason.strip():
        raise Refused(_l("Give the reason for withdrawing."), "reason")
    nomination.withdrawn_at, nomination.withdrawn_reason = utcnow(), reason.strip()
    touch(nomination.round)
    db.session.flush()
