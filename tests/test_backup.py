"""Backup and restore round-trip (issue 17): README's procedure, ``scripts/backup.sh`` then ``scripts/restore.sh``.

Issued documents and audited changes are committed to a database of their own; the scripts back it up and
restore it into a fresh database and a fresh files directory; an app opened on the restored copy finds every
document's bytes matching its sha256, the audit trail row for row, and answers the public verification page.

On SQLite, and on PostgreSQL (pg_dump / pg_restore) whenever a server answers: the one the PostgreSQL pass tests
on, else the local one. Its databases get random names, so both passes may run this at the same moment.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import g
from sqlalchemy import create_engine, func, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError

from app.extensions import db
from tests.conftest import TEST_DB_URL, _reset_database

pytestmark = pytest.mark.own_transaction  # the data must be committed for the scripts to see it

ROOT = Path(__file__).resolve().parents[1]
PG_SERVER = make_url(TEST_DB_URL if TEST_DB_URL.startswith("postgresql")
                     else "postgresql+psycopg://postgres@127.0.0.1:5432/postgres").set(database="postgres")
PG_TOOLS = ("pg_dump", "pg_restore", "psql")


def _path_with_postgresql_tools() -> str:
    """PATH, then the server packages' own bin directories (newest first), where pg_dump may be found."""
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name)
                      if p.parent.name.isdigit() else 0, reverse=True)
    return os.pathsep.join([os.environ.get("PATH", ""), *map(str, versions)])


@dataclass
class Snapshot:
    audit: list[dict]  # every column of every row
    documents: dict[str, tuple]  # code -> (sha256, file name, size, status)
    counts: dict[str, int]  # rows in every table
    migration: str


class Site:
    """Databases of one kind made for the test, the apps opened on them, all gone at the end."""

    def __init__(self, kind: str, tmp_path: Path):
        self.kind, self.tmp_path, self.apps, self.created = kind, tmp_path, [], []
        self.env = {**os.environ, "KINERJA_INSTANCE": str(tmp_path / "instance")}
        self.admin = None
        if kind == "postgresql":
            self.env["PATH"] = _path_with_postgresql_tools()
            self.admin = create_engine(PG_SERVER, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 5})
            try:
                with self.admin.connect():
                    pass
            except OperationalError as error:
                self.admin.dispose()
                pytest.skip(f"PostgreSQL is not reachable at {PG_SERVER.host}:{PG_SERVER.port}: {error.orig}")
            missing = [tool for tool in PG_TOOLS if shutil.which(tool, path=self.env["PATH"]) is None]
            if missing:
                self.admin.dispose()
                pytest.skip(f"PostgreSQL answers but {', '.join(missing)} is not installed (postgresql-client)")

    def database(self, role: str) -> str:
        """The URL of a new, empty database (a SQLite file not yet made)."""
        if self.kind == "sqlite":
            return f"sqlite:///{self.tmp_path / f'{role}.db'}"
        name = f"kinerja_{role}_{secrets.token_hex(5)}"
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        self.created.append(name)
        return PG_SERVER.set(database=name).render_as_string(hide_password=False)

    def app(self, url: str, files: Path):
        from app import create_app

        application = create_app({"TESTING": True, "SECRET_KEY": "backup", "SQLALCHEMY_DATABASE_URI": url,
                                  "INSTANCE_PATH": str(self.tmp_path / "instance"), "FILES_DIR": str(files),
                                  "HUEY_IMMEDIATE": True, "SERVER_NAME": "kinerja.test"})
        self.apps.append(application)
        return application

    def run(self, script: str, directory: Path, url: str, files: Path) -> subprocess.CompletedProcess:
        """``scripts/<script> <directory>`` with the app's settings pointing at ``url`` and ``files``."""
        env = {**self.env, "DATABASE_URL": url, "KINERJA_FILES": str(files)}
        return subprocess.run([str(ROOT / "scripts" / script), str(directory)], env=env, capture_output=True,
                              text=True, timeout=300)

    def close(self) -> None:
        for application in self.apps:
            with application.app_context():
                db.session.remove()
                db.engine.dispose()
        if self.admin is not None:
            with self.admin.connect() as conn:
                for name in self.created:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            self.admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def site(request, tmp_path):
    made = Site(request.param, tmp_path)
    yield made
    made.close()


def _build(app) -> None:
    """Three issued PDFs (one in force, one superseded, one revoked) and changes made by a person from an address:
    creates, updates and deletes in the audit trail, with text beyond ASCII."""
    from app.documents import services
    from app.documents.context import letterhead, verification
    from app.documents.render import render_pdf
    from app.org import services as org
    from tests.factories import build_world, make_unit

    with app.test_request_context(environ_base={"REMOTE_ADDR": "10.1.2.3"}):
        world = build_world()
        g.audit_actor = world.users["hr"]
        documents = []
        for number in range(1, 4):
            code = services.new_code()
            pdf = render_pdf("pdf/base.html", {"title": f"UJI {number}", "kop": letterhead(world.seksi_a),
                                               "verify": verification(code, services.verification_url(code))})
            documents.append(services.issue(
                code=code, pdf=pdf, kind="perjanjian_kinerja", title=f"Perjanjian Kinerja Tahun 2018 ({number})",
                number=f"800/{number}/PK/2018", source=("backup_test", number), unit_id=world.opd_a.id,
                issued_by_id=world.users["hr"].id,
                parties=[{"role": "PIHAK PERTAMA", "name": "Siti Aminah", "nip": "198001152005012001",
                          "position": "Analis"}]))
        services.supersede(documents[0], "Diganti oleh versi 2 (800/2/PK/2018).")
        services.revoke(documents[2], "Ditarik: salah ketik — “nama” & <jabatan>")
        unit = make_unit(world.opd_a, "Bidang Uji Cadangan")
        org.update_unit(unit, {"name": "Bidang Pemulihan — Ünïcödé ✓", "kind": "bidang"}, unit.version)
        org.delete_unit(unit, unit.version)
        db.session.commit()


def _snapshot(app) -> Snapshot:
    from app.audit.models import AuditLog
    from app.documents.models import IssuedDocument

    with app.app_context():
        snapshot = Snapshot(
            audit=[row._asdict() for row in db.session.execute(select(AuditLog.__table__).order_by(AuditLog.id))],
            documents={d.code: (d.sha256, d.file_name, d.size, d.status)
                       for d in db.session.scalars(select(IssuedDocument).order_by(IssuedDocument.id))},
            counts={t.name: db.session.scalar(select(func.count()).select_from(t)) for t in db.metadata.sorted_tables},
            migration=db.session.scalar(text("SELECT version_num FROM alembic_version")))
        db.session.remove()
    return snapshot


def test_backup_restores_every_document_and_the_audit_trail(site):
    tmp = site.tmp_path
    source_url, source_files = site.database("source"), tmp / "source-files"
    source = site.app(source_url, source_files)
    _reset_database(source)
    _build(source)
    before = _snapshot(source)
    assert [status for *_, status in before.documents.values()] == ["superseded", "in_force", "revoked"]
    assert {row["action"] for row in before.audit} == {"create", "update", "delete"}
    assert any(row["username"] == "hr" and row["ip"] == "10.1.2.3" for row in before.audit)

    # The source app stays open: the backup is taken while the app could be running.
    made = site.run("backup.sh", tmp / "backup", source_url, source_files)
    assert made.returncode == 0, made.stderr
    dump = "database.pgdump" if site.kind == "postgresql" else "database.sqlite"
    assert sorted(p.name for p in (tmp / "backup").iterdir()) == [dump, "files.tgz"]

    target_url, target_files = site.database("restore"), tmp / "restored-files"
    restored_run = site.run("restore.sh", tmp / "backup", target_url, target_files)
    assert restored_run.returncode == 0, restored_run.stderr

    restored = site.app(target_url, target_files)
    after = _snapshot(restored)
    assert after.audit == before.audit  # the same rows with the same content, ids and times
    assert after == before  # the same documents, row counts of every table and migration

    from app.audit.models import AuditLog
    from app.core import files
    from app.documents.models import IssuedDocument

    client = restored.test_client()
    with restored.app_context():
        for document in db.session.scalars(select(IssuedDocument)):
            path = files.path_of(document.file_name)
            assert path.is_relative_to(target_files) and path.is_file(), document.file_name
            assert hashlib.sha256(path.read_bytes()).hexdigest() == document.sha256
            page = client.get(f"/v/{document.code}")
            assert page.status_code == 200 and document.sha256 in page.get_data(as_text=True)
        # The audit trail's triggers came back too: it stays append-only.
        with pytest.raises(DBAPIError, match="append-only"):
            db.session.execute(update(AuditLog).values(label="edited"))
        db.session.rollback()

    # Restoring again refuses, before writing anything: into a database that is not empty,
    refused = site.run("restore.sh", tmp / "backup", target_url, tmp / "more-files")
    assert refused.returncode != 0 and "is not empty" in refused.stderr and "database" in refused.stderr
    assert not (tmp / "more-files").exists()
    # and into a files directory that is not empty.
    empty_url = site.database("empty")
    refused = site.run("restore.sh", tmp / "backup", empty_url, target_files)
    assert refused.returncode != 0 and f"files directory {target_files} is not empty" in refused.stderr
    assert _tables(empty_url) == 0
    assert _snapshot(restored) == before


def _tables(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            if engine.dialect.name == "sqlite":
                return conn.scalar(text("SELECT count(*) FROM sqlite_master"))
            return conn.scalar(text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"))
    finally:
        engine.dispose()
