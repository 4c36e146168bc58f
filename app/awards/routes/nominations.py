"""Nominations: whom one may nominate and why others may not, the nomination's page and evidence, withdrawing."""

from __future__ import annotations

from io import BytesIO

from flask import abort, flash, request, send_file
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.accounts.access import access, can, scoped
from app.awards import services
from app.awards.forms import NominationForm, WithdrawForm
from app.awards.models import Nomination, Round
from app.awards.routes import bp
from app.awards.routes.rounds import round_changed, round_url
from app.core.clock import agency_today
from app.core.errors import Refused
from app.core.forms import act, submit
from app.core.htmx import redirect_htmx, render
from app.extensions import db
from app.org.models import Employee, Unit


def _nominee_pool(award_round: Round, query: str) -> list:
    """Who the user may nominate: people or units of the round's OPD inside the user's own reach."""
    opd = award_round.opd
    reach = scoped(current_user, "awards.nominate", Unit)
    if award_round.rules["nominee_kind"] == "unit":
        stmt = (select(Unit).where(Unit.path.startswith(opd.path), Unit.id != opd.id, reach)
                .order_by(Unit.depth, Unit.name).limit(300))
        if query:
            stmt = stmt.where(Unit.name.ilike(f"%{query}%"))
        return list(db.session.scalars(stmt))
    stmt = (select(Employee).join(Unit, Employee.unit_id == Unit.id)
            .where(Unit.path.startswith(opd.path), Employee.status == "aktif", reach)
            .options(selectinload(Employee.unit), selectinload(Employee.position))
            .order_by(Employee.name).limit(300))
    if query:
        stmt = stmt.where(Employee.name_search.contains(query.lower()))
    return list(db.session.scalars(stmt))


@bp.route("/awards/rounds/<int:award_round_id>/nominate", methods=["GET", "POST"])
@access("awards.nominate", award_round_id=Round)
def nominate(award_round):
    """The nominee is chosen from the pool above (the user's own reach, eligible this month): any other id is
    refused as not chosen."""
    if award_round.status != "nominating":
        flash(_("Nominations for this round are closed."), "error")
        return redirect_htmx(round_url(award_round))
    query = (request.values.get("q") or "").strip()[:100]
    pool = _nominee_pool(award_round, query)
    unit_award = award_round.rules["nominee_kind"] == "unit"
    rows = services.candidates(award_round, units=pool) if unit_award else services.candidates(award_round, pool)
    form = NominationForm()
    eligible = [(obj.id, obj.name if unit_award else f"{obj.display_name} — {obj.unit.name}")
                for obj, reasons in rows if not reasons]
    form.nominee.choices = [(0, _("— choose —"))] + eligible if eligible else []

    def work():
        chosen = next((obj for obj, _reasons in rows if obj.id == form.nominee.data), None)
        if chosen is None:
            raise Refused(_("Choose the nominee."), "nominee")
        upload = form.evidence.data
        evidence = (upload.read(services.MAX_EVIDENCE + 1), upload.filename or "bukti") if upload else None
        return services.nominate(award_round, current_user, justification=form.justification.data,
                                 employee=None if unit_award else chosen, unit=chosen if unit_award else None,
                                 evidence=evidence if evidence and evidence[0] else None, today=agency_today())

    done, status = submit(form, work, field="nominee")
    if done:
        flash(_("Nomination recorded."), "success")
        return redirect_htmx(round_url(award_round))
    blocked = [(obj, "; ".join(_reason_for(r, obj) for r in reasons)) for obj, reasons in rows
               if reasons and not any(r.key in services.OUTSIDE_CATEGORY for r in reasons)]
    outside = sum(1 for _obj, reasons in rows if any(r.key in services.OUTSIDE_CATEGORY for r in reasons))
    return render("awards/nominate.html", "form", status=status, form=form, r=award_round, blocked=blocked,
                  outside=outside, q=query)


def _reason_for(reason, nominee) -> str:
    """Why a candidate is excluded; a sanction or TK days only for those who may see the person's discipline."""
    private = reason.key in ("sanction", "absent")
    if private and isinstance(nominee, Employee) and not can(current_user, "discipline.view", nominee):
        return _("excluded by the discipline rules for this month")
    return services.reason_text(reason)


def penalty_labels() -> dict[str, str]:
    return {"leave": _("Leave (izin/cuti), days"), "absent": _("Absent without a reason (TK), days"),
            "early": _("Early leave (PSW)"), "late": _("Late arrival (TL)"),
            "roll_call": _("Missed roll call (apel)")}


@bp.get("/awards/nominations/<int:nomination_id>")
@access("awards.view", nomination_id=Nomination)
def nomination(nomination):
    award_round = nomination.round
    details = nomination.employee is None or can(current_user, "discipline.view", nomination.employee)
    evidence = can(current_user, "awards.evidence", nomination)
    return render("awards/nomination.html", n=nomination, r=award_round, evidence=evidence,
                  attendance_details=details, penalty_labels=penalty_labels(), sees_scores=evidence or details,
                  withdraw=award_round.status == "nominating" and can(current_user, "awards.withdraw", nomination),
                  form=WithdrawForm(data={"version": nomination.version}), criteria=award_round.instrument.criteria)


@bp.get("/awards/nominations/<int:nomination_id>/evidence")
@access("awards.evidence", nomination_id=Nomination)
def nomination_evidence(nomination):
    from app.core.files import path_of

    if not nomination.evidence_file:
        abort(404)
    data = path_of(nomination.evidence_file).read_bytes()
    mime = "application/pdf" if nomination.evidence_file.endswith(".pdf") else (
        "image/png" if nomination.evidence_file.endswith(".png") else "image/jpeg")
    return send_file(BytesIO(data), mimetype=mime, download_name=nomination.evidence_name or "bukti")


@bp.post("/awards/nominations/<int:nomination_id>/withdraw")
@access("awards.withdraw", nomination_id=Nomination)
def nomination_withdraw(nomination):
    form = WithdrawForm()
    return act(form, lambda: services.withdraw(nomination, form.reason.data, form.version.data),
               done=_("Nomination withdrawn."), back=round_url(nomination.round), conflict=round_changed())
