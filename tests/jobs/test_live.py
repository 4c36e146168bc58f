"""Jobs feel live: a consumer picks work up within a second, the pages say the status in words and refresh
while a job waits or runs."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from huey.consumer_options import ConsumerConfig, OptionParserHandler

from app.extensions import db
from app.jobs.models import Job
from app.jobs.queue import IDLE_POLL_MAX, huey

ROOT = Path(__file__).resolve().parents[2]


def _consumer(argv: list[str]):
    """The consumer ``huey_consumer <argv>`` makes (as huey/bin/huey_consumer.py does), not started."""
    options, _ = OptionParserHandler().get_option_parser().parse_args(argv)
    config = ConsumerConfig(**{k: v for k, v in options.__dict__.items() if v is not None})
    return huey.create_consumer(**config.values)


def test_an_idle_consumer_polls_at_least_every_second(monkeypatch):
    """The production command (no options) and ``make run``'s both pick a job up within a second."""
    monkeypatch.setattr(huey, "_immediate", False)
    assert _consumer(["app.jobs.worker.huey"]).max_delay == IDLE_POLL_MAX <= 1
    line = next(line for line in (ROOT / "scripts/run.sh").read_text().splitlines() if "huey_consumer" in line)
    words = shlex.split(line)
    start = next(i for i, word in enumerate(words) if word.endswith("/huey_consumer")) + 1
    consumer = _consumer(words[start:words.index("&")])
    assert consumer.max_delay <= 1 and consumer.default_delay <= 0.1 and consumer.workers == 2
    assert _consumer(["-m", "5", "app.jobs.worker.huey"]).max_delay == 5  # a chosen value is kept


def _job(user, status, progress=0):
    job = Job(owner_id=user.id, kind="export", title="Ekspor pegawai", params={"kind": "people"}, status=status,
              progress=progress)
    db.session.add(job)
    db.session.flush()
    return job


def test_statuses_are_words_and_the_list_refreshes_while_a_job_runs(client, world):
    user = world.users["hr"]
    jobs = [_job(user, "queued"), _job(user, "running", 40), _job(user, "done", 100), _job(user, "failed")]
    client.login_as(user)
    page = client.get("/jobs").get_data(as_text=True)
    for word in ("menunggu", "sedang berjalan", "selesai", "gagal"):
        assert f">{word}</span>" in page, word
    for raw in ("queued", "running", "done", "failed"):
        assert f">{raw}<" not in page, raw
    assert 'hx-trigger="every 1s"' in page and "(40 %)" in page
    for job in jobs[:2]:
        job.status = "done"
    db.session.flush()
    finished = client.get("/jobs", headers={"HX-Request": "true"})
    assert finished.status_code == 286 and "every 1s" not in finished.get_data(as_text=True)


def test_a_waiting_job_shows_a_moving_bar_not_zero_percent(client, world):
    user = world.users["hr"]
    job = _job(user, "queued")
    client.login_as(user)
    fragment = client.get(f"/jobs/{job.id}", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "Menunggu giliran" in fragment and "0 %" not in fragment and 'value="' not in fragment
    assert 'hx-trigger="every 1s"' in fragment


@pytest.mark.own_transaction
def test_progress_is_visible_while_the_job_still_runs(tmp_path, monkeypatch):
    """As a consumer runs a job (not immediate): each report is committed on its own, so the polling page sees
    it while the job's handler is still at work."""
    import threading

    from flask_migrate import upgrade
    from sqlalchemy import create_engine, text

    from app import create_app
    from app.jobs import services, tasks
    from tests.factories import build_world

    url = f"sqlite:///{tmp_path / 'app.db'}"
    other = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "jobs", "INSTANCE_PATH": str(tmp_path),
                        "HUEY_IMMEDIATE": True, "FILES_DIR": str(tmp_path / "f")})
    reported, go_on = threading.Event(), threading.Event()

    def slow(job, progress):
        progress(30, "Bagian 1 dari 3 selesai.")
        reported.set()
        assert go_on.wait(60), "the test never looked"
        progress(60, "Bagian 2 dari 3 selesai.")
        return None

    monkeypatch.setitem(tasks.HANDLERS, "export", slow)
    with other.app_context():
        upgrade()
        job = services.start(build_world().users["hr"], "export", "Ekspor", {"kind": "people"})
        db.session.commit()
        job_id = job.id
    monkeypatch.setattr(huey, "_immediate", False)

    def consume():
        with other.app_context():
            tasks._run(job_id)

    worker = threading.Thread(target=consume)
    worker.start()
    try:
        assert reported.wait(60)
        with create_engine(url).connect() as page:  # what the polling page reads, from its own connection
            row = page.execute(text("SELECT status, progress, message FROM jobs WHERE id = :id"),
                               {"id": job_id}).one()
        assert tuple(row) == ("running", 30, "Bagian 1 dari 3 selesai.")
    finally:
        go_on.set()
        worker.join(60)
    with other.app_context():
        assert db.session.get(Job, job_id).status == "done"
        db.engine.dispose()
