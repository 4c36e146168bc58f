"""Jobs feel live: a consumer picks work up within a second, the pages say the status in words and refresh
while a job waits or runs."""

from __future__ import annotations

import shlex
from pathlib import Path

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
