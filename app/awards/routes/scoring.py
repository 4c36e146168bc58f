"""Scoring: a panel member's cards, one per nominee; each saves on its own (htmx swaps the card)."""

from __future__ import annotations

from flask import abort, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.access import access
from app.awards import services
from app.awards.models import Assessor, Nomination, Round
from app.awards.routes import bp
from app.awards.routes.rounds import round_url
from app.core.formatting import tanggal
from app.core.forms import EmptyForm, submit
from app.core.htmx import is_htmx, redirect_htmx, render


def _card(seat: Assessor, nomination: Nomination) -> dict:
    """What a nominee's card shows: the seat's values so far, or why the seat does not score them."""
    conflict = services.conflict_of(seat, nomination)
    return {"n": nomination, "conflict": services.conflict_text(conflict) if conflict else None,
            "scored": {s.criterion_id: s.value.normalize() for s in nomination.scores if s.assessor_id == seat.id}}


def _score_page(award_round: Round, seat: Assessor, nominations: list[Nomination], fragment=None, status=200, *,
                one: Nomination | None = None, errors_by=None, typed_by=None, saved_id=None):
    """The page of cards, or (htmx) the card of ``one`` nominee."""
    cards = [_card(seat, n) for n in nominations]
    return render("awards/score.html", fragment, status=status, r=award_round, cards=cards,
                  card=_card(seat, one) if one is not None else None, errors_by=errors_by or {},
                  typed_by=typed_by or {}, saved_id=saved_id, criteria=services.assessor_criteria(award_round),
                  auto_criteria=[c for c in award_round.instrument.criteria if c.automatic])


@bp.get("/awards/rounds/<int:award_round_id>/score")
@access("awards.view", award_round_id=Round)
def score(award_round):
    seat = services.panel_seat(award_round, current_user)
    if seat is None:
        flash(_("You are not on the assessor panel of this round."), "error")
        return redirect_htmx(round_url(award_round))
    if award_round.status != "scoring":  # the round page says when scoring opens, or that it is over
        flash(_("Scoring has not opened yet: it opens when nominations close (they run until %(date)s).",
                date=tanggal(award_round.nomination_closes))
              if award_round.status == "nominating" else _("Scoring is over: the round has been decided."), "info")
        return redirect_htmx(round_url(award_round))
    return _score_page(award_round, seat, services.active_nominations(services.load_round(award_round)))


@bp.post("/awards/rounds/<int:award_round_id>/score")
@access("awards.score", award_round_id=Round, params={"nomination_id": Nomination})
def score_save(award_round, nomination):
    """Save one nominee's values; htmx gets the nominee's card back, a plain form the whole page.

    ``awards.score`` is held by a seat on the round's panel: a member scores every nominee of the round,
    wherever in the OPD the nominee works (conflicts of interest are the service's to refuse).
    """
    if nomination is None or nomination.round_id != award_round.id:
        abort(404)
    seat = services.panel_seat(award_round, current_user)
    typed = {c.id: request.form.get(f"c{c.id}", "") for c in services.assessor_criteria(award_round)}
    form = EmptyForm()
    done, outcome = submit(form, lambda: services.save_scores(nomination, seat, typed), field=None)
    errors = outcome if done else {0: " ".join(map(str, form.form_errors))}
    if errors:  # nothing was written
        return _score_page(award_round, seat, services.active_nominations(award_round), "card", 422, one=nomination,
                           errors_by={nomination.id: errors}, typed_by={nomination.id: typed})
    if not is_htmx():
        return redirect_htmx(url_for("awards.score", award_round_id=award_round.id) + f"#score-{nomination.id}")
    return _score_page(award_round, seat, [nomination], "card", one=nomination, saved_id=nomination.id)
