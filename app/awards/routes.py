"""Award rounds as people use them: nominate, score, rank, decide, announce, print the certificates."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

from flask import abort, flash, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.accounts.access import access, can, is_admin, scope_clause
from app.awards import services
from app.awards.blueprint import bp
from app.awards.forms import DecisionForm, NominationForm, PanelForm, RoundForm, WithdrawForm
from app.awards.models import Category, Certificate, Nomination, Round
from app.awards.setup_routes import root_opd  # (and registers the set-up routes)
from app.core.clock import agency_today
from app.core.db import commit_retrying
from app.core.errors import Conflict, Refused
from app.core.formatting import MONTHS_ID
from app.core.forms import EmptyForm, submit
from app.core.htmx import is_htmx, redirect_htmx, render
from app.documents.services import read_pdf
from app.extensions import db
from app.jobs import services as jobs
from app.org.models import Employee, Unit

__all__ = ["bp"]



def _round_url(award_round: Round) -> str:
    return url_for("awards.round_page", round_id=award_round.id)


def _opds(user) -> list[Unit]:
    """The OPDs whose rounds the user takes part in."""
    stmt = select(Unit).where(Unit.kind == "opd").order_by(Unit.sort_order, Unit.name)
    if not is_admin(user):
        ids = {int(a.unit_path.strip("/").split("/")[0]) for a in user.roles if a.unit_path}
        stmt = stmt.where(Unit.id.in_(ids))
    return list(db.session.scalars(stmt))


@bp.get("/awards")
@access("awards.view")
def index():
    year = request.args.get("year", type=int) or agency_today().year
    rounds = list(db.session.scalars(
        select(Round).join(Unit, Round.opd_id == Unit.id).join(Category, Round.category_id == Category.id)
        .where(Round.year == year, scope_clause(current_user, "awards.view", Unit.path, shared_down=True))
        .options(selectinload(Round.category), selectinload(Round.opd), selectinload(Round.nominations),
                 selectinload(Round.assessors))
        .order_by(Round.month.desc(), Category.name)))
    seats = {a.round_id for r in rounds for a in r.assessors if a.user_id == current_user.id}
    return render("awards/index.html", rounds=rounds, year=year, seats=seats, opds=_opds(current_user),
                  today=agency_today())


# -- rounds ---------------------------------------------------------------------------------------

@bp.route("/awards/opd/<int:opd_id>/rounds/new", methods=["GET", "POST"])
@access("awards.manage", opd_id=Unit)
@root_opd
def round_new(opd):
    categories = list(db.session.scalars(select(Category).where(Category.opd_id == opd.id,
                                                                Category.active.is_(True)).order_by(Category.name)))
    if not categories:
        flash(_("Create a category first."), "error")
        return redirect_htmx(url_for("awards.setup", opd_id=opd.id))
    today = agency_today()
    form = RoundForm(categories=categories, assessors=services.panel_candidates(opd))
    if request.method == "GET":
        last_month = today.replace(day=1) - timedelta(days=1)
        form.year.data, form.month.data = last_month.year, last_month.month
        form.nomination_opens.data, form.nomination_closes.data = today, today + timedelta(days=7)
    by_id = {c.id: c for c in categories}
    done, outcome = submit(form, lambda: services.start_round(
        by_id[form.category_id.data], form.year.data, form.month.data, form.nomination_opens.data,
        form.nomination_closes.data, form.assessor_ids.data, form.appreciation.data), field="category_id")
    if done:
        flash(_("Round started; nominations are open."), "success")
        return redirect_htmx(_round_url(outcome))
    return render("awards/round_new.html", "form", status=outcome, form=form, opd=opd)


def _can_manage(award_round: Round) -> bool:
    return can(current_user, "awards.manage", award_round)


@bp.get("/awards/rounds/<int:round_id>")
@access("awards.view", round_id=Round)
def round_page(round):  # noqa: A002
    award_round = services.load_round(round)
    manage, decide = _can_manage(award_round), can(current_user, "awards.decide", award_round)
    seat = services.panel_seat(award_round, current_user)
    progress = services.progress(award_round) if award_round.status != "nominating" else None
    # The provisional ranking is for HR and the leader who decides, never for someone still scoring.
    sees_ranking = award_round.frozen or ((manage or decide) and seat is None and award_round.status == "scoring")
    ranking = services.standings(award_round) if sees_ranking else []
    panel_form = PanelForm(obj=award_round, data={"version": award_round.version})
    panel_form.assessor_ids.choices = [(u.id, u.display_name) for u in services.panel_candidates(award_round)]
    if request.method == "GET":
        panel_form.assessor_ids.data = [a.user_id for a in award_round.assessors]
    decision_form = DecisionForm(data={"version": award_round.version, "decision_date": agency_today()})
    return render("awards/round.html", r=award_round, manage=manage, decide=decide, seat=seat, progress=progress,
                  ranking=ranking, panel_form=panel_form, decision_form=decision_form,
                  nominate=can(current_user, "awards.nominate", award_round) and award_round.status == "nominating",
                  certificates=services.certificates_of(award_round) if award_round.frozen else [],
                  today=agency_today(), criteria=award_round.instrument.criteria,
                  sees_scores=manage or decide or seat is not None,
                  no_recap=_without_recap(award_round))


def _without_recap(award_round: Round) -> list[Nomination]:
    """Nominees whose attendance criterion has no recap to read (it then counts 0), before the decision."""
    if award_round.frozen or not any(c.source == "attendance" for c in award_round.instrument.criteria):
        return []
    return [n for n in services.active_nominations(award_round) if n.employee_id and not n.auto.get("attendance")]


def _refused_back(award_round: Round, refused: Refused):
    db.session.rollback()
    flash(str(refused.message), "error")
    return redirect_htmx(_round_url(award_round))


def _act(award_round: Round, work, done: str):
    """Run one service call on the round, commit, and go back to the round page saying what happened."""
    try:
        work()
    except Conflict:
        return _conflict_back(award_round)
    except Refused as refused:
        return _refused_back(award_round, refused)
    db.session.commit()
    flash(done, "success")
    return redirect_htmx(_round_url(award_round))


def _conflict_back(award_round: Round):
    db.session.rollback()
    flash(_("Someone else changed this round after you opened the page. Check it and try again."), "error")
    return redirect_htmx(_round_url(award_round))


@bp.post("/awards/rounds/<int:round_id>/panel")
@access("awards.manage", round_id=Round)
def round_panel(round):  # noqa: A002
    form = PanelForm()
    form.assessor_ids.choices = [(u.id, u.display_name) for u in services.panel_candidates(round)]
    if not form.validate_on_submit():
        flash(_("Check the panel and the dates."), "error")
        return redirect_htmx(_round_url(round))

    def work():
        services.set_panel(round, form.assessor_ids.data, form.version.data)
        services.update_window(round, form.nomination_opens.data, form.nomination_closes.data, None)

    return _act(round, work, _("Panel and window saved."))


@bp.post("/awards/rounds/<int:round_id>/close")
@access("awards.manage", round_id=Round)
def round_close(round):  # noqa: A002
    form = EmptyForm()
    if not form.validate_on_submit():
        abort(400)
    version = request.form.get("version", type=int)
    if version is None:
        abort(400)
    return _act(round, lambda: services.close_nominations(round, version),
                _("Nominations closed; the panel can score now."))


@bp.post("/awards/rounds/<int:round_id>/decide")
@access("awards.decide", round_id=Round)
def round_decide(round):  # noqa: A002
    form = DecisionForm()
    if not form.validate_on_submit():
        flash(_("Give the decision number and date."), "error")
        return redirect_htmx(_round_url(round))
    return _act(round, lambda: services.decide(round, current_user, form.decision_number.data,
                                               form.decision_date.data, form.version.data),
                _("Winners confirmed. The result is frozen."))


# -- nominations ----------------------------------------------------------------------------------

def _nominee_pool(award_round: Round, query: str) -> list:
    """Who the user may nominate: people or units of the round's OPD inside the user's own reach."""
    opd = award_round.opd
    if award_round.rules["nominee_kind"] == "unit":
        stmt = (select(Unit).where(Unit.path.startswith(opd.path), Unit.id != opd.id,
                                   scope_clause(current_user, "awards.nominate", Unit.path))
                .order_by(Unit.depth, Unit.name).limit(300))
        if query:
            stmt = stmt.where(Unit.name.ilike(f"%{query}%"))
        return list(db.session.scalars(stmt))
    stmt = (select(Employee).join(Unit, Employee.unit_id == Unit.id)
            .where(Unit.path.startswith(opd.path), Employee.status == "aktif",
                   scope_clause(current_user, "awards.nominate", Unit.path))
            .options(selectinload(Employee.unit), selectinload(Employee.position))
            .order_by(Employee.name).limit(300))
    if query:
        stmt = stmt.where(Employee.name_search.contains(query.lower()))
    return list(db.session.scalars(stmt))


@bp.route("/awards/rounds/<int:round_id>/nominate", methods=["GET", "POST"])
@access("awards.nominate", round_id=Round)
def nominate(round):  # noqa: A002
    award_round = round
    if award_round.status != "nominating":
        flash(_("Nominations for this round are closed."), "error")
        return redirect_htmx(_round_url(award_round))
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
        return redirect_htmx(_round_url(award_round))
    blocked = [(obj, reasons) for obj, reasons in rows
               if reasons and not any(r.key in services.OUTSIDE_CATEGORY for r in reasons)]
    outside = sum(1 for _obj, reasons in rows if any(r.key in services.OUTSIDE_CATEGORY for r in reasons))
    return render("awards/nominate.html", "form", status=status, form=form, r=award_round, blocked=blocked,
                  outside=outside, q=query, reason_text=_reason_for, today=agency_today())


def penalty_labels() -> dict[str, str]:
    return {"leave": _("Leave (izin/cuti), days"), "absent": _("Absent without a reason (TK), days"),
            "early": _("Early leave (PSW)"), "late": _("Late arrival (TL)"),
            "roll_call": _("Missed roll call (apel)")}


def _reason_for(reason, nominee) -> str:
    """Why a candidate is excluded; a sanction or TK days only for those who may see the person's discipline."""
    private = reason.key in ("sanction", "absent")
    if private and isinstance(nominee, Employee) and not can(current_user, "discipline.view", nominee):
        return _("excluded by the discipline rules for this month")
    return services.reason_text(reason)


def _sees_file(nomination: Nomination) -> bool:
    """The evidence is for those who run, score or decide the round, and for whoever nominated."""
    award_round = nomination.round
    return (_can_manage(award_round) or can(current_user, "awards.decide", award_round)
            or services.panel_seat(award_round, current_user) is not None
            or nomination.nominated_by_id == current_user.id)


@bp.get("/awards/nominations/<int:nomination_id>")
@access("awards.view", nomination_id=Nomination)
def nomination(nomination):
    award_round = nomination.round
    details = nomination.employee is None or can(current_user, "discipline.view", nomination.employee)
    return render("awards/nomination.html", n=nomination, r=award_round, manage=_can_manage(award_round),
                  evidence=_sees_file(nomination), attendance_details=details, penalty_labels=penalty_labels(),
                  sees_scores=_sees_file(nomination) or details,
                  withdraw=(award_round.status == "nominating" and (
                      _can_manage(award_round) or nomination.nominated_by_id == current_user.id)),
                  form=WithdrawForm(data={"version": nomination.version}), criteria=award_round.instrument.criteria)


@bp.get("/awards/nominations/<int:nomination_id>/evidence")
@access("awards.view", nomination_id=Nomination)
def nomination_evidence(nomination):
    from app.core.files import path_of

    if not nomination.evidence_file:
        abort(404)
    if not _sees_file(nomination):
        abort(403)
    data = path_of(nomination.evidence_file).read_bytes()
    mime = "application/pdf" if nomination.evidence_file.endswith(".pdf") else (
        "image/png" if nomination.evidence_file.endswith(".png") else "image/jpeg")
    return send_file(BytesIO(data), mimetype=mime, download_name=nomination.evidence_name or "bukti")


@bp.post("/awards/nominations/<int:nomination_id>/withdraw")
@access("awards.nominate", nomination_id=Nomination)
def nomination_withdraw(nomination):
    award_round = nomination.round
    if not (_can_manage(award_round) or nomination.nominated_by_id == current_user.id):
        abort(403)
    form = WithdrawForm()
    back = url_for("awards.nomination", nomination_id=nomination.id)
    if not form.validate_on_submit():
        flash(_("Give the reason for withdrawing."), "error")
        return redirect_htmx(back)
    return _act(award_round, lambda: services.withdraw(nomination, form.reason.data, form.version.data),
                _("Nomination withdrawn."))


# -- scoring --------------------------------------------------------------------------------------

def _seat_or_403(award_round: Round):
    seat = services.panel_seat(award_round, current_user)
    if seat is None:
        abort(403)
    return seat


def _not_on_panel(award_round: Round):
    flash(_("You are not on the assessor panel of this round."), "error")
    return redirect_htmx(_round_url(award_round))


def _values_of(seat):
    def values_of(nomination: Nomination) -> dict:
        return {s.criterion_id: s.value.normalize() for s in nomination.scores if s.assessor_id == seat.id}

    return values_of


def _score_page(award_round: Round, seat, nominations, fragment=None, status=200, **state):
    context = {"errors_by": {}, "typed_by": {}, "saved_id": None, **state}
    return render("awards/score.html", fragment, status=status, r=award_round, seat=seat, nominations=nominations,
                  values_of=_values_of(seat), conflict_of=services.conflict_of,
                  conflict_text=services.conflict_text, criteria=services.assessor_criteria(award_round),
                  auto_criteria=[c for c in award_round.instrument.criteria if c.automatic], **context)


@bp.get("/awards/rounds/<int:round_id>/score")
@access("awards.score", round_id=Round)
def score(round):  # noqa: A002
    seat = services.panel_seat(round, current_user)
    if seat is None:
        return _not_on_panel(round)
    return _score_page(round, seat, services.active_nominations(services.load_round(round)))


@bp.post("/awards/rounds/<int:round_id>/score")
@access("awards.score", round_id=Round)
def score_save(round):  # noqa: A002
    """Save one nominee's values; htmx gets the nominee's card back, a plain form the whole page.

    Authorised on the round: a panel member scores every nominee of the round they may score, wherever in
    the OPD the nominee works (conflicts of interest are the service's to refuse).
    """
    award_round = round
    seat = _seat_or_403(award_round)
    if not EmptyForm().validate_on_submit():
        abort(400)
    nomination = db.session.get(Nomination, request.form.get("nomination_id", type=int) or 0)
    if nomination is None or nomination.round_id != award_round.id:
        abort(404)
    typed = {c.id: request.form.get(f"c{c.id}", "") for c in services.assessor_criteria(award_round)}
    try:
        errors = services.save_scores(nomination, seat, typed)
    except Refused as refused:
        errors = {0: str(refused.message)}
    if errors:
        db.session.rollback()
        return _score_page(award_round, seat, services.active_nominations(award_round), "card", 422, n=nomination,
                           errors_by={nomination.id: errors}, typed_by={nomination.id: typed})
    db.session.commit()
    if not is_htmx():
        return redirect_htmx(url_for("awards.score", round_id=award_round.id) + f"#score-{nomination.id}")
    return _score_page(award_round, seat, [nomination], "card", n=nomination, saved_id=nomination.id)


# -- publication ----------------------------------------------------------------------------------

def _month_rounds(award_round: Round) -> list[Round]:
    nominee = selectinload(Round.nominations)
    return list(db.session.scalars(select(Round).join(Category).where(
        Round.opd_id == award_round.opd_id, Round.year == award_round.year, Round.month == award_round.month,
        Round.status == "decided").options(
        selectinload(Round.category), nominee.selectinload(Nomination.employee).selectinload(Employee.position),
        nominee.selectinload(Nomination.unit).selectinload(Unit.parent)).order_by(Category.name)))


def _winners(rounds: list[Round]) -> list[tuple[Round, list[Nomination]]]:
    return [(r, sorted((n for n in r.nominations if n.winner), key=lambda n: n.rank)) for r in rounds]


@bp.get("/awards/rounds/<int:round_id>/announcement")
@access("awards.view", round_id=Round)
def announcement(round):  # noqa: A002
    if not round.frozen:
        abort(404)
    return render("awards/announcement.html", r=round, groups=_winners(_month_rounds(round)))


@bp.get("/awards/rounds/<int:round_id>/roll-call")
@access("awards.view", round_id=Round)
def roll_call(round):  # noqa: A002
    if not round.frozen:
        abort(404)
    return render("awards/roll_call.html", r=round, groups=_winners(_month_rounds(round)))


def _history(where) -> list[Nomination]:
    return list(db.session.scalars(select(Nomination).join(Round).join(Category).where(
        where, Round.status == "decided", Nomination.withdrawn_at.is_(None))
        .options(selectinload(Nomination.round).selectinload(Round.category), selectinload(Nomination.employee),
                 selectinload(Nomination.unit))
        .order_by(Round.year.desc(), Round.month.desc(), Category.name)))


@bp.get("/awards/history/people/<int:employee_id>")
@access("awards.view", employee_id=Employee)
def history_person(employee):
    return render("awards/history.html", subject=employee.display_name, rows=_history(
        Nomination.employee_id == employee.id))


@bp.get("/awards/history/units/<int:unit_id>")
@access("awards.view", unit_id=Unit)
def history_unit(unit):
    return render("awards/history.html", subject=unit.name, rows=_history(
        (Nomination.unit_id == unit.id) & Nomination.employee_id.is_(None)), unit=unit,
        people=_history((Nomination.unit_id == unit.id) & Nomination.employee_id.is_not(None)))


# -- certificates ---------------------------------------------------------------------------------

def _print_job(title: str, params: dict):
    # The QR codes need this server's address when the consumer renders them (unless PUBLIC_URL is set).
    job = jobs.start(current_user, "awards.print", title, {**params, "base_url": request.host_url})
    db.session.commit()
    jobs.enqueue(job)
    db.session.commit()
    return redirect_htmx(url_for("jobs.detail", job_id=job.id))


@bp.post("/awards/rounds/<int:round_id>/certificates")
@access("awards.manage", round_id=Round)
def certificates_issue(round):  # noqa: A002
    if not EmptyForm().validate_on_submit():
        abort(400)
    round_id = round.id
    try:  # numbered in one transaction; on SQLite a concurrent issuer makes us start again
        issued = commit_retrying(lambda: services.issue_certificates(db.session.get(Round, round_id)))
    except Conflict:
        return _conflict_back(round)
    except Refused as refused:
        return _refused_back(round, refused)
    if issued:
        flash(_("%(n)s certificate(s) numbered.", n=len(issued)), "success")
    return _print_job(_("Certificates: %(category)s, %(month)s", category=round.category_name,
                        month=f"{MONTHS_ID[round.month - 1]} {round.year}"), {"round_id": round.id})


@bp.post("/awards/opd/<int:opd_id>/certificates/print")
@access("awards.manage", opd_id=Unit)
@root_opd
def certificates_print_year(opd):
    if not EmptyForm().validate_on_submit():
        abort(400)
    year = request.form.get("year", type=int)
    if not year or not 2000 <= year <= 2100:
        abort(400)
    if not db.session.scalar(select(Certificate.id).where(Certificate.opd_id == opd.id, Certificate.year == year)):
        flash(_("No certificate was issued in %(year)s.", year=year), "error")
        return redirect_htmx(url_for("awards.index", year=year))
    return _print_job(_("Certificates of %(year)s: %(opd)s", year=year, opd=opd.name),
                      {"opd_id": opd.id, "year": year})


@bp.get("/awards/certificates/<int:certificate_id>")
@access("awards.view", certificate_id=Certificate)
def certificate(certificate):
    if certificate.document is None:
        flash(_("The certificate is being printed; try again in a moment."), "info")
        return redirect_htmx(_round_url(certificate.nomination.round))
    name = certificate.number.replace("/", "-") + ".pdf"
    return send_file(BytesIO(read_pdf(certificate.document)), mimetype="application/pdf", download_name=name,
                      etag=certificate.document.sha256, max_age=0)


@bp.post("/awards/certificates/<int:certificate_id>/revoke")
@access("awards.manage", certificate_id=Certificate)
def certificate_revoke(certificate):
    """Revoke a printed piagam (e.g. a wrong name), with the reason: its QR code then says so. Its number
    stays used, so the register keeps no gap."""
    from app.documents import services as documents

    award_round = certificate.nomination.round
    if not EmptyForm().validate_on_submit():
        abort(400)
    if certificate.document is None:
        flash(_("The certificate is being printed; try again in a moment."), "info")
        return redirect_htmx(_round_url(award_round))
    return _act(award_round, lambda: documents.revoke(certificate.document, request.form.get("reason", "")),
                _("Certificate %(number)s revoked.", number=certificate.number))
