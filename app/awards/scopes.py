"""Award objects: OPD-wide set-up and rounds shared with everyone inside the OPD; nominations in their unit.

Relations (who acts because of what they are to the object):
* ``awards.score``: a seat on the round's panel (scoring a round, a nomination of it), held by someone who
  still has a role that scores in the OPD (assessor, leader, HR);
* ``awards.withdraw``: HR running the round, or the nominator while they may still nominate there;
* ``awards.evidence``: who runs, scores or decides the round, and the nominator, among those who may read
  the nomination.
"""

from app.accounts import access
from app.awards import auditing
from app.awards.models import Category, Certificate, Instrument, Nomination, Round

SCORING_ROLES = frozenset({"admin", "hr", "leader", "assessor"})


def _seated(user, award_round: Round) -> bool:
    return any(a.user_id == user.id for a in award_round.assessors)


def _scores(user, award_round: Round) -> bool:
    return _seated(user, award_round) and access.has_role(user, award_round, SCORING_ROLES)


def _withdraws(user, nomination: Nomination) -> bool:
    return access.can(user, "awards.manage", nomination.round) or (
        nomination.nominated_by_id == user.id and access.can(user, "awards.nominate", nomination))


def _sees_evidence(user, nomination: Nomination) -> bool:
    award_round = nomination.round
    return access.can(user, "awards.view", nomination) and (
        nomination.nominated_by_id == user.id or _scores(user, award_round)
        or access.can(user, "awards.manage", award_round) or access.can(user, "awards.decide", award_round))


def register() -> None:
    auditing.register()  # the audit trail's words for this area's records
    for opd_wide in (Category, Instrument):  # everyone in the OPD may know they exist; only HR manages them
        access.register_scope(opd_wide, lambda obj: obj.opd.path, shared_down=frozenset({"awards.view"}),
                              unit_column=opd_wide.opd_id)
    access.register_scope(Round, lambda award_round: award_round.opd.path,
                          shared_down=frozenset({"awards.view", "awards.nominate"}), unit_column=Round.opd_id)
    access.register_scope(Nomination, lambda nomination: nomination.unit.path, unit_column=Nomination.unit_id)
    access.register_self(Nomination, lambda nomination: nomination.employee_id,
                         employee_column=Nomination.employee_id)
    access.register_scope(Certificate, lambda certificate: certificate.nomination.unit.path)
    access.register_self(Certificate, lambda certificate: certificate.nomination.employee_id)
    access.register_relation("awards.score", Round, _scores)
    access.register_relation("awards.score", Nomination, lambda user, nomination: _scores(user, nomination.round))
    access.register_relation("awards.withdraw", Nomination, _withdraws)
    access.register_relation("awards.evidence", Nomination, _sees_evidence)
