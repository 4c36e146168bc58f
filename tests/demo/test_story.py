"""The demo tells its story in 2018, in order, on office days: whatever the server's clock says when it is
loaded, every timestamp it writes (records, the audit trail, documents) belongs to the day the thing happened
(issue 12, item 10)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from app.agreements.models import AgreementVersion
from app.audit.models import AuditLog
from app.awards.models import Certificate, Nomination, Round, Score
from app.core import clock
from app.core.db import UTCDateTime
from app.extensions import db
from app.monitoring.models import Evidence, Realisation
from tests.demo.test_demo import _load

WIB = ZoneInfo("Asia/Jakarta")
STORY = (datetime(2018, 1, 1, tzinfo=WIB), datetime(2018, 8, 1, tzinfo=WIB))  # January to July 2018


def _local(moment: datetime) -> datetime:
    return moment.astimezone(WIB)


def test_set_to_holds_the_clock_in_this_context_only():
    moment = datetime(2018, 3, 5, 2, 30, tzinfo=UTC)
    with clock.set_to(moment):
        assert clock.utcnow() == moment and clock.agency_now().date() == date(2018, 3, 5)
    assert clock.utcnow().year > 2018


def test_the_demo_happens_in_2018_in_order_on_office_days(app):
    """(One test, one demo load: loading takes seconds.)"""
    _load(app)
    _check_timestamps()
    _check_order()


# When people clocked in and out, not when the demo acted: the P3S officers' shifts run 07:00–15:00 and 15:00–23:00.
CLOCKED = {("check_ins", "at"), ("attendance_days", "first_in"), ("attendance_days", "last_out")}


def _check_timestamps() -> None:
    """Every timestamp in January–July 2018, on an office day (the attendance machines' times: in 2018); the
    audit trail in order, naming who."""
    outside = []
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if not isinstance(column.type, UTCDateTime):
                continue
            for (value,) in db.session.execute(select(column).where(column.is_not(None))):
                local = _local(value)
                if not STORY[0] <= local < STORY[1]:
                    outside.append(f"{table.name}.{column.name} = {local:%Y-%m-%d %H:%M}")
                elif (table.name, column.name) in CLOCKED:
                    continue
                elif local.weekday() > 4 or not 7 <= local.hour < 17:
                    outside.append(f"{table.name}.{column.name} at {local:%a %Y-%m-%d %H:%M} WIB")
    assert outside == [], "\n".join(sorted(set(outside))[:40])
    times = list(db.session.scalars(select(AuditLog.at).order_by(AuditLog.id)))
    assert times == sorted(times), "the audit trail is written in the order things happened"
    # Once the accounts exist, each step is taken by someone: the audit trail names who.
    accounts_made = db.session.scalar(select(func.min(AuditLog.at)).where(AuditLog.entity == "users"))
    anonymous = db.session.scalars(select(AuditLog).where(AuditLog.at > accounts_made, AuditLog.user_id.is_(None)))
    assert [(a.entity, _local(a.at)) for a in anonymous] == []
    who = set(db.session.execute(select(AuditLog.entity, AuditLog.username).where(
        AuditLog.entity.in_(("award_scores", "agreement_versions")))).tuples())
    assert {u for e, u in who if e == "award_scores"} == {"penilai", "kabid"}  # the panel
    assert {u for e, u in who if e == "agreement_versions"} == {"kadis", "hr", "kabid"}  # drafts, signs, records


def _check_order() -> None:
    """Drafted before submitted before signed; values entered after their period and verified soon after;
    nominations in their window, scores before the decision."""
    kadis = db.session.scalar(select(AgreementVersion).where(AgreementVersion.status == "in_force"))
    assert kadis.created_at < kadis.submitted_at < kadis.signed_at <= kadis.countersigned_at
    assert _local(kadis.created_at).month in (1, 2) and _local(kadis.signed_at).date() == kadis.signed_on
    assert kadis.document.issued_at == kadis.countersigned_at

    for r in db.session.scalars(select(Realisation)):
        period_end = (date(r.year, r.period * 3, 1) if r.period_kind == "quarter" else date(r.year, r.period, 1))
        period_end = (period_end.replace(day=28) + timedelta(days=4)).replace(day=1)  # the first day after it
        entered = _local(r.created_at).date()
        assert period_end <= entered <= period_end + timedelta(days=10), (r.period_kind, r.period, entered)
        if r.verified_at is not None:  # verified within two weeks of being entered
            assert r.created_at < r.verified_at <= r.created_at + timedelta(days=14)
    for evidence in db.session.scalars(select(Evidence)):
        assert evidence.uploaded_at >= evidence.realisation.created_at

    rounds = list(db.session.scalars(select(Round)))
    assert rounds and {r.year for r in rounds} == {2018}
    for award_round in rounds:
        month_after = date(2018, award_round.month + 1, 1)
        assert award_round.nomination_opens >= month_after  # a month is judged once it is over
        for nomination in db.session.scalars(select(Nomination).where(Nomination.round_id == award_round.id)):
            on = _local(nomination.nominated_at).date()
            assert award_round.nomination_opens <= on <= award_round.nomination_closes
            for score in db.session.scalars(select(Score).where(Score.nomination_id == nomination.id)):
                assert nomination.nominated_at < score.scored_at
                if award_round.decided_at:
                    assert score.scored_at < award_round.decided_at
        if award_round.decided_at:
            assert _local(award_round.decided_at).date() == award_round.decision_date
    for certificate in db.session.scalars(select(Certificate)):
        assert certificate.issued_on == _local(certificate.created_at).date()
