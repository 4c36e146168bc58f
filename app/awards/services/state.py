"""What every change to a round checks: a decided round is frozen, and each change bumps its version."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.awards.models import Nomination, Round
from app.core.db import utcnow
from app.core.errors import Refused


def check_editable(award_round: Round) -> None:
    if award_round.frozen:
        raise Refused(_l("The round has been decided; its results are frozen."))


def touch(award_round: Round) -> None:
    """Bump the round's version with every nomination and score: a change racing the closing of nominations
    or the decision makes one of them fail with a conflict instead of slipping past it."""
    award_round.updated_at = utcnow()


def active_nominations(award_round: Round) -> list[Nomination]:
    return [n for n in award_round.nominations if n.withdrawn_at is None]
