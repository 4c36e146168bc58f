"""SQLite under concurrency (issue 11): people saving at the same moment get a success or a conflict, never a 500.

SQLite has one writer. A transaction that read before another one committed cannot write any more (its WAL
snapshot is stale) and is refused at once, whatever the busy timeout: that was the 500 "database is locked".
A writing request therefore takes the write lock when its transaction begins (``app.core.db``).

Runs on its own SQLite file, with real threads: each saver commits from its own connection, which the per-test
rollback fixture cannot hold.
"""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.extensions import db, login_manager
from tests.conftest import TEST_DB_URL, Client, _reset_database

pytestmark = [
    pytest.mark.own_transaction,
    pytest.mark.skipif(TEST_DB_URL.startswith("postgresql"),
                       reason="SQLite's single writer under concurrent requests; the SQLite pass of the suite runs it"),
]

HX = {"HX-Request": "true"}


@pytest.fixture
def file_app(tmp_path):
    from app import create_app

    application = create_app({
        "TESTING": True, "SECRET_KEY": "concurrency", "INSTANCE_PATH": str(tmp_path),
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'concurrency.db'}", "HUEY_IMMEDIATE": True,
        "FILES_DIR": str(tmp_path / "files"), "SERVER_NAME": "kinerja.test",
        "PROPAGATE_TEST_ERRORS": False,  # a failing request answers 500, as in production
    })
    application.test_client_class = Client
    login_manager.session_protection = "basic"  # create_app set "strong"; Client.login_as writes the session
    _reset_database(application)
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


def _client(app, user, htmx: bool = False) -> tuple[Client, dict]:
    """A browser of its own, logged in as ``user``, and the headers its posts send (the CSRF token, made here
    rather than in the racing threads)."""
    client = app.test_client().login_as(user)
    return client, {**(HX if htmx else {}), "X-CSRFToken": client.csrf_token()}


def _at_once(posts: list[tuple[Client, dict, str, dict]]) -> list:
    """Send every ``(client, headers, url, data)`` from its own thread, all released at the same moment; the
    status of each answer (or the exception a request raised) in the same order."""
    barrier = threading.Barrier(len(posts))
    answers: list = [None] * len(posts)

    def post(i: int, client, headers, url, data):
        try:
            barrier.wait(timeout=60)
            answers[i] = client.post(url, data=data, headers=headers)
        except Exception as error:  # reported by the caller's assertion
            answers[i] = repr(error)

    threads = [threading.Thread(target=post, args=(i, *p)) for i, p in enumerate(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return answers


def _status(answer):
    return answer if isinstance(answer, str) else answer.status_code


def test_two_people_saving_the_same_draft_get_a_success_and_a_conflict(file_app):
    from app.agreements import services
    from app.agreements.models import AgreementVersion
    from tests.agreements.conftest import build_officials
    from tests.factories import build_world

    with file_app.app_context():
        officials = build_officials(build_world())
        agreement = services.create_for_unit(2018, officials.world.bidang_a)
        db.session.commit()
        agreement_id, version_id = agreement.id, agreement.latest.id
        kadis_id = officials.kadis.id
        savers = [_client(file_app, user) for user in (officials.world.users["hr"], officials.users["kabid"])]
        db.session.remove()
    url = f"/agreements/{agreement_id}/header"

    statuses, winners, moved = [], [], 0
    for attempt in range(10):
        opened = _version_of(file_app, version_id)  # both have the draft open at this version
        places = [f"Tempat {attempt}-{who}" for who in range(2)]
        answers = _at_once([(client, headers, url, {"version": str(opened), "second_party_id": str(kadis_id),
                                                    "place": place})
                            for (client, headers), place in zip(savers, places, strict=True)])
        round_statuses = [_status(a) for a in answers]
        statuses.append(round_statuses)
        winners += [place for place, status in zip(places, round_statuses, strict=True) if status == 303]
        moved += _version_of(file_app, version_id) != opened

    assert all(set(s) <= {303, 409} for s in statuses), statuses  # never a 500
    assert all(s.count(303) == 1 for s in statuses), statuses  # both opened the same version: one wins
    assert moved == len(winners)  # every success, and only those, changed the draft
    with file_app.app_context():
        assert db.session.get(AgreementVersion, version_id).place == winners[-1]  # the last success is kept
        db.session.remove()


def _version_of(app, version_id: int) -> int:
    from app.agreements.models import AgreementVersion

    with app.app_context():
        version = db.session.get(AgreementVersion, version_id).version
        db.session.remove()
    return version


def test_twenty_grid_saves_at_once_all_succeed_and_all_are_kept(file_app):
    from app.monitoring.models import Realisation
    from tests.agreements.conftest import build_officials
    from tests.agreements.test_pdf import _signed
    from tests.factories import build_world, make_user

    with file_app.app_context():
        officials = build_officials(build_world())
        version = _signed(officials, file_app, n_indicators=5)
        operator = make_user("op_bidang", [("operator", officials.world.bidang_a)])
        db.session.commit()
        agreement_id, unit_id = version.agreement.id, version.agreement.unit_id
        keys = [indicator.key for indicator in version.indicators]
        cells = [(key, quarter) for key in keys for quarter in (1, 2, 3, 4)]
        assert len(cells) == 20
        posts = []
        for n, (key, quarter) in enumerate(cells):
            client, headers = _client(file_app, operator, htmx=True)  # one operator, the grid open in twenty tabs
            posts.append((client, headers, f"/monitoring/unit/{unit_id}/cell", {
                "ref": f"pk:{agreement_id}:{key}", "kind": "quarter", "period": str(quarter), "year": "2018",
                "value": str(10 + n)}))
        db.session.remove()

    statuses = [_status(a) for a in _at_once(posts)]

    assert statuses == [200] * 20, statuses
    with file_app.app_context():
        saved = {(r.indicator_key, r.period): r.value for r in db.session.scalars(select(Realisation))}
        assert saved == {cell: Decimal(10 + n) for n, cell in enumerate(cells)}
        db.session.remove()


def test_twenty_saves_of_one_grid_cell_opened_at_the_same_version(file_app):
    from app.monitoring import services
    from app.monitoring.models import Realisation
    from tests.agreements.conftest import build_officials
    from tests.agreements.test_pdf import _signed
    from tests.factories import build_world, make_user

    with file_app.app_context():
        officials = build_officials(build_world())
        version = _signed(officials, file_app)
        operator = make_user("op_bidang", [("operator", officials.world.bidang_a)])
        agreement, key = version.agreement, version.indicators[0].key
        services.enter(agreement, key, 1, Decimal(1), "", operator, date(2018, 4, 5))
        db.session.commit()
        realisation = db.session.scalar(select(Realisation))
        realisation_id, opened = realisation.id, realisation.version
        posts = []
        for n in range(20):
            client, headers = _client(file_app, operator, htmx=True)
            posts.append((client, headers, f"/monitoring/unit/{agreement.unit_id}/cell", {
                "ref": f"pk:{agreement.id}:{key}", "kind": "quarter", "period": "1", "year": "2018",
                "value": str(100 + n), "version": str(opened)}))
        db.session.remove()

    answers = _at_once(posts)
    statuses = [_status(a) for a in answers]

    # One wins; the others are told in the row that someone else saved meanwhile (the grid answers 422).
    assert sorted(statuses) == [200] + [422] * 19, statuses
    assert all("orang lain" in a.get_data(as_text=True).lower() for a in answers if _status(a) == 422)
    winner = next(n for n, status in enumerate(statuses) if status == 200)
    with file_app.app_context():
        realisation = db.session.get(Realisation, realisation_id)
        assert (realisation.value, realisation.version) == (Decimal(100 + winner), opened + 1)
        db.session.remove()
