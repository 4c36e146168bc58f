"""The ranking and the decision: the leader confirms the winners and the round is frozen."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.awards import calc
from app.awards.models import Category, Nomination, Round
from app.awards.services.automatic import auto_value
from app.awards.services.certificates import signer_of
from app.awards.services.scoring import progress
from app.awards.services.state import active_nominations, check_editable
from app.core.db import check_version, utcnow
from app.core.errors import Refused
from app.extensions import db


def standings(award_round: Round) -> list[dict]:
    """The ranking now (or as decided): rows with the nomination, total, rank, winner and the parts."""
    nominations = {n.id: n for n in active_nominations(award_round)}
    criteria = award_round.instrument.criteria
    specs = [calc.CriterionSpec(c.id, c.weight, c.scale_max, c.source) for c in criteria]
    entries = []
    for nomination in nominations.values():
        scores: dict[int, dict[int, Decimal]] = {}
        for score in nomination.scores:
            scores.setdefault(score.assessor_id, {})[score.criterion_id] = score.value
        auto = {c.id: auto_value(nomination, c.source) for c in criteria if c.automatic}
        absent = (nomination.auto or {}).get("absent_days")
        entries.append(calc.Entry(nomination_id=nomination.id, scores=scores, auto=auto,
                                  attendance=auto_value(nomination, "attendance"),
                                  absent_days=int(absent or 0), nominated_at=nomination.nominated_at))
    if not entries:
        return []
    ranked = calc.rank(specs, entries, award_round.rules["winners"])
    return [{"nomination": nominations[r.nomination_id], "total": r.total, "rank": r.rank, "winner": r.winner,
             "parts": r.parts, "decided_by": r.decided_by} for r in ranked]


def decide(award_round: Round, user, decision_number: str, decision_date: date, version: int | None) -> None:
    """The leader confirms the ranking's winners; the round and its scores are frozen from now on."""
    check_editable(award_round)
    check_version(award_round, version)
    if award_round.status != "scoring":
        raise Refused(_l("Close the nominations and let the panel score first."))
    if not progress(award_round)["complete"]:
        raise Refused(_l("The panel has not finished scoring."))
    if not decision_number.strip():
        raise Refused(_l("Give the decision number."), "decision_number")
    rows = standings(award_round)
    for row in rows:
        row["nomination"].rank, row["nomination"].winner = row["rank"], row["winner"]
    award_round.result = [{"nomination_id": r["nomination"].id, "name": r["nomination"].display_name,
                           "rank": r["rank"], "total": str(r["total"]), "winner": r["winner"],
                           "decided_by": r["decided_by"],
                           "parts": [{"criterion_id": p.criterion_id, "mean": None if p.mean is None else str(p.mean),
                                      "weighted": str(p.weighted.quantize(Decimal("0.0001")))} for p in r["parts"]]}
                          for r in rows]
    signer = signer_of(award_round.category, decision_date)
    # Who signs is settled with the decision: a later change of the post holder does not change the piagam.
    award_round.rules = {**award_round.rules, "signer_id": signer.id if signer else None}
    award_round.status = "decided"
    award_round.decision_number, award_round.decision_date = decision_number.strip(), decision_date
    award_round.decided_by_id, award_round.decided_at = user.id, utcnow()
    db.session.flush()


def history(where) -> list[Nomination]:
    """The nominations of decided rounds matching ``where`` (not withdrawn), newest first: award histories and
    scorecards. Four statements."""
    return list(db.session.scalars(select(Nomination).join(Round).join(Category).where(
        where, Round.status == "decided", Nomination.withdrawn_at.is_(None))
        .options(selectinload(Nomination.round).selectinload(Round.category), selectinload(Nomination.employee),
                 selectinload(Nomination.unit))
        .order_by(Round.year.desc(), Round.month.desc(), Category.name)))
