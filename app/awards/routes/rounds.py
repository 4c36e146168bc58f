"""Rounds: the year's list, starting a round, the round page, its panel and window, closing the nominations
and the decision."""

from __future__ import annotations

from datetime import timedelta

from flask import flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.accounts.access import access, can, scoped
from app.awards import services
from app.awards.forms import DecisionForm, PanelForm, RoundForm, RoundStepForm
from app.awards.models import Category, Nomination, Round
from app.awards.routes import bp
from app.awards.routes.setup import root_opd, setup_url
from app.core.clock import agency_today
from app.core.forms import act, submit
from app.core.htmx import redirect_htmx, render
from app.extensions import db
from app.org.models import Unit
from app.org.years import year_asked


def round_url(award_round: Round) -> str:
    return url_for("awards.round_page", award_round_id=award_round.id)


def round_changed() -> str:
    return _("Someone else changed this round after you opened the page. Check it and try again.")


def _managed_opds(user) -> list[Unit]:
    """The OPDs whose awards the user runs (set-up, new rounds, the year's printing)."""
    return list(db.session.scalars(select(Unit).where(Unit.kind == "opd", scoped(user, "awards.manage", Unit))
                                   .order_by(Unit.sort_order, Unit.name)))


@bp.get("/awards")
@access("awards.view")
def index():
    year = year_asked(current_user)
    rounds = list(db.session.scalars(
        select(Round).join(Category, Round.category_id == Category.id)
        .where(Round.year == year, scoped(current_user, "awards.view", Round))
        .options(selectinload(Round.category), selectinload(Round.opd), selectinload(Round.nominations),
                 selectinload(Round.assessors))
        .order_by(Round.month.desc(), Category.name)))
    seats = {a.round_id for r in rounds for a in r.assessors if a.user_id == current_user.id}
    return render("awards/index.html", rounds=rounds, year=year, seats=seats, opds=_managed_opds(current_user),
                  today=agency_today())


@bp.route("/awards/opd/<int:opd_id>/rounds/new", methods=["GET", "POST"])
@access("awards.manage", opd_id=Unit)
@root_opd
def round_new(opd):
    categories = list(db.session.scalars(select(Category).where(Category.opd_id == opd.id,
                                                                Category.active.is_(True)).order_by(Category.name)))
    if not categories:
        flash(_("Create a category first."), "error")
        return redirect_htmx(setup_url(opd))
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
        return redirect_htmx(round_url(outcome))
    return render("awards/round_new.html", "form", status=outcome, form=form, opd=opd, title=_("New round"),
                  action=url_for("awards.round_new", opd_id=opd.id), back=setup_url(opd), form_id="round-form")


@bp.get("/awards/rounds/<int:award_round_id>")
@access("awards.view", award_round_id=Round)
def round_page(award_round):
    award_round = services.load_round(award_round)
    manage, decide = can(current_user, "awards.manage", award_round), can(current_user, "awards.decide", award_round)
    seat = services.panel_seat(award_round, current_user)
    progress = services.progress(award_round) if award_round.status != "nominating" else None
    # The provisional ranking is for HR and the leader who decides, never for someone still scoring.
    sees_ranking = award_round.frozen or ((manage or decide) and seat is None and award_round.status == "scoring")
    panel_form = PanelForm(obj=award_round, data={"version": award_round.version})
    panel_form.assessor_ids.choices = _panel_choices(award_round)
    panel_form.assessor_ids.data = [a.user_id for a in award_round.assessors]
    return render("awards/round.html", r=award_round, manage=manage, decide=decide, seat=seat, progress=progress,
                  ranking=services.standings(award_round) if sees_ranking else [], panel_form=panel_form,
                  decision_form=DecisionForm(data={"version": award_round.version, "decision_date": agency_today()}),
                  nominate=can(current_user, "awards.nominate", award_round) and award_round.takes_nominations(
                      agency_today()),
                  certificates=services.certificates_of(award_round) if award_round.frozen else [],
                  today=agency_today(), criteria=award_round.instrument.criteria,
                  sees_scores=manage or decide or seat is not None, no_recap=_without_recap(award_round))


def _panel_choices(award_round: Round) -> list[tuple[int, str]]:
    return [(u.id, u.display_name) for u in services.panel_candidates(award_round)]


def _without_recap(award_round: Round) -> list[Nomination]:
    """Nominees whose attendance criterion has no recap to read (it then counts 0), before the decision."""
    if award_round.frozen or not any(c.source == "attendance" for c in award_round.instrument.criteria):
        return []
    return [n for n in services.active_nominations(award_round) if n.employee_id and not n.auto.get("attendance")]


# The round page's actions: each answers with the round page, saying what happened (or why not).

@bp.post("/awards/rounds/<int:award_round_id>/panel")
@access("awards.manage", award_round_id=Round)
def round_panel(award_round):
    form = PanelForm()
    form.assessor_ids.choices = _panel_choices(award_round)

    def work():
        services.set_panel(award_round, form.assessor_ids.data, form.version.data)
        services.update_window(award_round, form.nomination_opens.data, form.nomination_closes.data, None)

    return act(form, work, done=_("Panel and window saved."), back=round_url(award_round), conflict=round_changed())


@bp.post("/awards/rounds/<int:award_round_id>/close")
@access("awards.manage", award_round_id=Round)
def round_close(award_round):
    form = RoundStepForm()
    return act(form, lambda: services.close_nominations(award_round, form.version.data),
               done=_("Nominations closed; the panel can score now."), back=round_url(award_round),
               conflict=round_changed())


@bp.post("/awards/rounds/<int:award_round_id>/decide")
@access("awards.decide", award_round_id=Round)
def round_decide(award_round):
    form = DecisionForm()
    return act(form, lambda: services.decide(award_round, current_user, form.decision_number.data,
                                             form.decision_date.data, form.version.data),
               done=_("Winners confirmed. The result is frozen."), back=round_url(award_round),
               conflict=round_changed())
