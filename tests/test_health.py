"""``GET /health``: what a load balancer polls. 200 when the database and the job queue answer, 503 naming the
part that does not; anonymous, no session cookie, never cached, never rate-limited."""

from __future__ import annotations

from huey.storage import SqliteStorage
from sqlalchemy.exc import OperationalError

from app.extensions import db
from app.jobs.queue import QUEUE_NAME, huey


def _database_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("connection to server at 10.0.0.5 refused, password=x"))

    monkeypatch.setattr(db.session, "execute", refuse)


def _queue_down(monkeypatch, tmp_path):
    # A real SQLite queue whose file cannot be opened: its directory does not exist.
    missing = SqliteStorage(QUEUE_NAME, filename=str(tmp_path / "gone" / "huey.db"), create_tables=False)
    monkeypatch.setattr(huey, "storage", missing)


def test_healthy_answers_ok_without_a_cookie(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"


def test_healthy_with_a_real_sqlite_queue(client, monkeypatch, tmp_path):
    monkeypatch.setattr(huey, "storage", SqliteStorage(QUEUE_NAME, filename=str(tmp_path / "huey.db")))
    assert client.get("/health").status_code == 200


def test_head_works_for_load_balancers(client):
    response = client.head("/health")
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers


def test_database_down_answers_503_naming_it(client, monkeypatch):
    _database_down(monkeypatch)
    response = client.get("/health")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "failed": ["database"]}
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_data(as_text=True)
    assert "10.0.0.5" not in body and "password" not in body and "refused" not in body


def test_queue_down_answers_503_naming_it(client, monkeypatch, tmp_path):
    _queue_down(monkeypatch, tmp_path)
    response = client.get("/health")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "failed": ["queue"]}
    assert "unable to open" not in response.get_data(as_text=True)


def test_both_down_names_both(client, monkeypatch, tmp_path):
    _database_down(monkeypatch)
    _queue_down(monkeypatch, tmp_path)
    response = client.get("/health")
    assert response.status_code == 503
    assert response.get_json()["failed"] == ["database", "queue"]


def test_polling_is_not_rate_limited(client):
    # More than any limit the app sets anywhere (login 20, verification 60 a minute), from one address.
    statuses = {client.get("/health").status_code for _ in range(70)}
    assert statuses == {200}
