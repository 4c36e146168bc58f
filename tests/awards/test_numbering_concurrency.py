"""Certificate numbers under concurrent issuing: two people issue at once → no duplicate, no gap.

Runs on its own database (a SQLite file, and a PostgreSQL database when the suite runs on PostgreSQL) because
the two issuers must commit from their own connections, which the per-test rollback fixture cannot hold.
"""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from app.core.db import commit_retrying
from app.extensions import db
from tests.conftest import TEST_DB_URL, _reset_database


def _database_urls(tmp_path) -> list[str]:
    urls = [f"sqlite:///{tmp_path / 'numbering.db'}"]
    if TEST_DB_URL.startswith("postgresql"):
        target = make_url(TEST_DB_URL).set(database="kinerja_numbering")
        engine = create_engine(make_url(TEST_DB_URL).set(database="postgres"), isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            if not conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = 'kinerja_numbering'")):
                conn.execute(text('CREATE DATABASE "kinerja_numbering"'))
            conn.execute(text("SELECT 1"))
        engine.dispose()
        urls.append(target.render_as_string(hide_password=False))
    return urls


def _decided_rounds(count: int):
    """``count`` decided rounds (one per month) of one category, each with three nominees and one winner."""
    from app.awards import services
    from tests.awards.conftest import build_awards, nominate_all, score_all
    from tests.factories import build_world

    a = build_awards(build_world(), winners=3, cooldown_months=0)  # every nominee wins: three certificates a round
    rounds = []
    for month in range(2, 2 + count):
        award_round = a.round if month == 2 else services.start_round(
            a.category, 2018, month, date(2018, 3, 1), date(2018, 3, 9), [a.assessor.id, a.users["kabid"].id])
        a.round = award_round
        nominate_all(a)
        services.close_nominations(award_round, award_round.version)
        score_all(a, {e.name: {"BerAKHLAK": "4", "Inovasi": "4"} for e in a.staff})
        services.decide(award_round, a.users["kadis"], f"SK-{month}", date(2018, month + 1, 5), award_round.version)
        award_round.decision_date = date(2018, 12, 20)  # every round numbers in the same year's register
        rounds.append(award_round.id)
    db.session.commit()
    return rounds


@pytest.mark.consumer
def test_concurrent_issuing_has_no_duplicates_and_no_gaps(tmp_path, monkeypatch):
    for url in _database_urls(tmp_path):
        _race(url, tmp_path, monkeypatch)


def _race(url, tmp_path, monkeypatch):

    from app import create_app
    from app.awards import services
    from app.awards.models import Certificate, Round
    from app.awards.services import certificates

    other = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "numbering", "TESTING": True,
                        "INSTANCE_PATH": str(tmp_path), "HUEY_IMMEDIATE": True,
                        "FILES_DIR": str(tmp_path / "files"), "SERVER_NAME": "kinerja.test"})
    _reset_database(other)
    with other.app_context():
        round_ids = _decided_rounds(4)

    slow_content = certificates.certificate_content

    def content(*args, **kwargs):  # hold the numbers a moment, so the issuers overlap
        time.sleep(0.05)
        return slow_content(*args, **kwargs)

    monkeypatch.setattr(certificates, "certificate_content", content)
    barrier = threading.Barrier(len(round_ids))
    errors = []

    def issue(round_id: int) -> None:
        with other.app_context():
            try:
                barrier.wait(timeout=10)
                commit_retrying(lambda: services.issue_certificates(db.session.get(Round, round_id)))
            except Exception as error:  # reported below
                errors.append(repr(error))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=issue, args=(i,)) for i in round_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    monkeypatch.setattr(certificates, "certificate_content", slow_content)
    assert errors == [], url
    with other.app_context():
        seqs = sorted(db.session.scalars(select(Certificate.seq)))
        numbers = list(db.session.scalars(select(Certificate.number)))
        assert seqs == list(range(1, 3 * len(round_ids) + 1)), url  # no gap, no duplicate
        assert len(set(numbers)) == len(numbers)
        # A failed issue gives its numbers back: the next certificates continue without a gap.
        extra = _decided_rounds_more(services, round_ids)
        with pytest.raises(RuntimeError):
            services.issue_certificates(db.session.get(Round, extra))
            raise RuntimeError("the request failed after numbering")
        db.session.rollback()
        services.issue_certificates(db.session.get(Round, extra))
        db.session.commit()
        assert sorted(db.session.scalars(select(Certificate.seq))) == list(range(1, 3 * len(round_ids) + 4))
        db.session.remove()
        db.engine.dispose()


def _decided_rounds_more(services, round_ids):
    """One more decided round of the same category (the next month)."""
    from app.awards.models import Round
    from tests.awards.conftest import CRITERIA  # noqa: F401  (same instrument as the others)

    first = db.session.get(Round, round_ids[0])
    award_round = services.start_round(first.category, 2018, 11, date(2018, 11, 1), date(2018, 11, 9),
                                       [a.user_id for a in first.assessors])
    for nomination in services.active_nominations(first):
        services.nominate(award_round, None, justification="lagi", employee=nomination.employee,
                          today=date(2018, 11, 5))
    services.close_nominations(award_round, award_round.version)
    criteria = {c.id for c in services.assessor_criteria(award_round)}
    for nomination in services.active_nominations(award_round):
        for seat in award_round.assessors:
            if not services.conflict_of(seat, nomination):
                services.save_scores(nomination, seat, {c: "4" for c in criteria})
    services.decide(award_round, first.assessors[0].user, "SK-11", date(2018, 12, 20), award_round.version)
    db.session.commit()
    return award_round.id
