"""deploy/ against the app and README: the examples say what the code does."""

from __future__ import annotations

import importlib
import re
import shlex
from pathlib import Path

import pytest
from flask import Flask
from huey import Huey

from app.core.config import load_config

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
README = (ROOT / "README.md").read_text()


def _unit(name: str) -> dict[str, list[str]]:
    """A systemd unit's settings: key → every value it is given (continuation lines joined)."""
    text = (DEPLOY / name).read_text().replace("\\\n", " ")
    settings: dict[str, list[str]] = {}
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith(("#", ";", "[")):
            key, _, value = line.partition("=")
            settings.setdefault(key.strip(), []).append(value.strip())
    return settings


def _env(commented: bool = False) -> dict[str, str]:
    """The env example's variables; with ``commented``, also the ``# NAME=value`` defaults."""
    found = {}
    for line in (DEPLOY / "kinerja.env.example").read_text().splitlines():
        if commented:
            line = line.removeprefix("# ")
        match = re.fullmatch(r"([A-Z][A-Z0-9_]*)=(.*)", line.strip())
        if match:
            found[match[1]] = match[2].strip('"')
    return found


def _nginx() -> str:
    """The nginx example without its comments."""
    return "\n".join(line.split("#", 1)[0] for line in (DEPLOY / "nginx-kinerja.conf").read_text().splitlines())


def _directives(name: str) -> list[str]:
    return [m.strip() for m in re.findall(rf"^\s*{name}\s+([^;]*);", _nginx(), re.MULTILINE)]


def _exec_start(unit: str) -> list[str]:
    [command] = _unit(unit)["ExecStart"]
    return shlex.split(command)


@pytest.fixture
def built_from_env(monkeypatch, tmp_path, app):
    """Import modules that build an app from the environment (as gunicorn and the consumer do) in a throwaway
    instance, then point the shared queue back at the test app's."""
    for name in ("DATABASE_URL", "KINERJA_ENV", "HUEY_BACKEND", "HUEY_URL", "KINERJA_FILES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("KINERJA_INSTANCE", str(tmp_path))
    monkeypatch.setenv("HUEY_IMMEDIATE", "1")
    yield
    from app.jobs.queue import configure

    configure(app.config)


def test_nginx_body_limit_is_the_apps_upload_limit(monkeypatch, tmp_path):
    monkeypatch.delenv("KINERJA_MAX_UPLOAD", raising=False)
    default = load_config({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x"})["MAX_CONTENT_LENGTH"]
    sizes = _directives("client_max_body_size")
    assert sizes == [f"{default // 2**20}m"]
    assert int(_env()["KINERJA_MAX_UPLOAD"]) == default
    assert f"client_max_body_size {default // 2**20}m" in README


def test_proxy_count_is_nginx_one_replacing_hop():
    # nginx replaces what the client sent with the address it sees: one hop the app may believe.
    assert _directives("proxy_set_header X-Forwarded-For") == ["$remote_addr"]
    assert _directives("proxy_set_header X-Forwarded-Proto") == ["$scheme"]
    assert _directives("proxy_set_header Host") == ["$host"]
    assert int(_env()["KINERJA_PROXY_COUNT"]) == 1


def test_nginx_adds_no_second_hsts_header():
    assert "strict-transport-security" not in _nginx().lower()
    assert int(_env().get("KINERJA_HSTS_MAX_AGE", "31536000")) > 0  # so the app sends it


def test_nginx_upstream_holds_the_web_units_address_and_a_second_server():
    servers = re.findall(r"^\s*server\s+(\d[\d.]*:\d+)", _nginx(), re.MULTILINE)
    assert servers == ["127.0.0.1:8000", "127.0.0.1:8001"]
    command = _exec_start("kinerja-web.service")
    assert command[command.index("--bind") + 1] == servers[0]


def test_nginx_keeps_the_apps_health_check_out_of_the_access_log(app):
    assert "/health" in {rule.rule for rule in app.url_map.iter_rules()}
    block = re.search(r"location = /health \{([^}]*)\}", _nginx())
    assert block is not None and "access_log off;" in block[1]


def test_web_unit_runs_wsgi_app(built_from_env):
    command = _exec_start("kinerja-web.service")
    assert command[0] == "/srv/kinerja/.venv/bin/gunicorn"
    assert command[-1] == "wsgi:app"
    module, _, name = command[-1].partition(":")
    assert isinstance(getattr(importlib.import_module(module), name), Flask)
    # README's gunicorn line is the same command.
    assert " ".join([".venv/bin/gunicorn", *command[1:]]) in README
    # gunicorn --timeout and nginx's wait for an answer agree (nginx waits at least as long).
    timeout = int(command[command.index("--timeout") + 1])
    assert int(_directives("proxy_read_timeout")[0].removesuffix("s")) >= timeout


def test_worker_unit_runs_the_consumer_readme_names(built_from_env):
    command = _exec_start("kinerja-worker.service")
    assert command[0] == "/srv/kinerja/.venv/bin/huey_consumer"
    assert " ".join([".venv/bin/huey_consumer", *command[1:]]) in README
    module, _, name = command[1].rpartition(".")
    from app.jobs.queue import huey

    instance = getattr(importlib.import_module(module), name)
    assert isinstance(instance, Huey) and instance is huey
    assert command[command.index("--worker-type") + 1] == "thread"


def test_units_read_the_env_file_and_may_write_the_instance():
    env = _env()
    for unit in ("kinerja-web.service", "kinerja-worker.service"):
        settings = _unit(unit)
        assert settings["EnvironmentFile"] == ["/etc/kinerja/kinerja.env"]
        assert settings["WorkingDirectory"] == ["/srv/kinerja"]
        assert settings["User"] == ["kinerja"]
        assert settings["Restart"] == ["on-failure"]
        assert settings["NoNewPrivileges"] == ["yes"]
        assert settings["ProtectSystem"] == ["strict"]
        writable = settings["ReadWritePaths"][0].split()
        for path in (env["KINERJA_INSTANCE"], env["KINERJA_FILES"]):
            assert any(Path(path).is_relative_to(w) for w in writable), (unit, path)


def test_env_example_names_every_variable_of_the_readme_and_only_those_the_app_reads():
    table = README.split("Environment variables:", 1)[1].split("\n\n", 1)[0]
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", "\n".join(
        row.split("|")[1] for row in table.splitlines() if row.startswith("| `"))))
    example = _env(commented=True)
    assert documented - set(example) == set()
    source = "\n".join(p.read_text() for p in (ROOT / "app").rglob("*.py"))
    assert {name for name in example if f'"{name}"' not in source} == set()
    env = _env()
    assert env["KINERJA_ENV"] == "production"
    assert env["HUEY_BACKEND"] == "redis" and env["HUEY_URL"].startswith("redis://")
    assert env["RATELIMIT_STORAGE_URI"].startswith("redis://")
    assert env["DATABASE_URL"].startswith("postgresql://")


def test_readme_points_to_deploy_and_the_health_endpoint():
    production = README.split("## Production", 1)[1].split("### Backups", 1)[0]
    for name in ("deploy/README.md", "deploy/kinerja-web.service", "deploy/kinerja-worker.service",
                 "deploy/kinerja.env.example", "deploy/nginx-kinerja.conf", "GET /health"):
        assert name in production
