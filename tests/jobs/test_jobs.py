"""Jobs: export through the queue, the progress fragment, owner-only access, and a real consumer process."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from app.extensions import db
from app.imports.export import safe, workbook
from app.jobs import services
from app.jobs.models import Job
from tests.factories import make_employee
from tests.jobs.consumer import consumer_app, stop_consumer, wait_for


def _export(client, user, kind="people", **form):
    client.login_as(user)
    response = client.post(f"/exports/{kind}", data=form)
    assert response.status_code == 303, response.status_code
    return db.session.get(Job, response.headers["Location"].rsplit("/", 1)[-1])


def _download(client, job) -> bytes:
    response = client.get(f"/jobs/{job.id}/download")
    try:
        assert response.status_code == 200
        return response.data
    finally:
        response.close()


def _sheet(data: bytes):
    return list(load_workbook(io.BytesIO(data), read_only=True).active.iter_rows(values_only=True))


def test_export_job_writes_the_people_in_scope(client, world, app):
    job = _export(client, world.users["hr"])
    assert job.status == "done" and job.progress == 100 and job.result_name == "kinerja-people.xlsx"
    rows = _sheet(_download(client, job))
    assert rows[0][:5] == ("Jenis kepegawaian", "NIP / NI PPPK", "NIK", "Gelar depan", "Nama")
    names = {r[4] for r in rows[2:]}
    assert names == {"Siti Aminah"}  # HR of OPD A: nothing of OPD B


def test_export_of_units_and_positions_and_one_subtree(client, world):
    units = _sheet(_download(client, _export(client, world.users['admin'], 'units')))
    assert {r[3] for r in units[2:]} >= {"Dinas Sosial A", "Dinas Sosial B", "Seksi Rehabilitasi Anak"}
    positions = _sheet(_download(client, _export(client, world.users['admin'], 'positions')))
    assert {r[1] for r in positions[2:]} == {"Analis Rehabilitasi", "Analis Pemberdayaan"}
    only_b = _export(client, world.users["admin"], "people", unit_id=world.opd_b.id)
    assert {r[4] for r in _sheet(_download(client, only_b))[2:]} == {"Joko Widodo"}
    client.login_as(world.users["hr"])
    assert client.post("/exports/people", data={"unit_id": world.opd_b.id}).status_code == 404
    assert client.post("/exports/salaries").status_code == 404


@pytest.mark.parametrize(("value", "written"), [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+1", "'+1"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("Siti", "Siti"), (17, 17), (None, None),
])
def test_formula_injection_is_escaped(value, written):
    assert safe(value) == written


def test_a_hostile_name_is_exported_as_text(world, app):
    make_employee(world.bidang_a, "Budi", front_title="=cmd|' /C calc'!A0")
    rows = _sheet(workbook("people", world.users["hr"]))
    assert "'=cmd|' /C calc'!A0" in {r[3] for r in rows[2:]}


def test_only_the_owner_or_an_admin_sees_a_job(client, world):
    job = _export(client, world.users["hr"])
    client.login_as(world.users["leader"])
    assert client.get(f"/jobs/{job.id}").status_code == 404
    assert client.get(f"/jobs/{job.id}/download").status_code == 404
    client.login_as(world.users["admin"])
    assert client.get(f"/jobs/{job.id}").status_code == 200
    assert client.get("/jobs/not-a-job").status_code == 404


def test_progress_fragment_polls_while_running_and_becomes_the_link(client, world):
    user = world.users["hr"]
    job = Job(owner_id=user.id, kind="export", title="Ekspor", params={"kind": "people"}, status="running", progress=40)
    db.session.add(job)
    db.session.flush()
    client.login_as(user)
    running = client.get(f"/jobs/{job.id}", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert 'hx-trigger="every 1s"' in running and 'value="40"' in running and "<html" not in running
    job.status, job.progress, job.result_name, job.result_path = "done", 100, "x.xlsx", "jobs/x/x.xlsx"
    done = client.get(f"/jobs/{job.id}", headers={"HX-Request": "true"})
    assert done.status_code == 286 and "every 1s" not in done.get_data(as_text=True)
    assert f"/jobs/{job.id}/download" in done.get_data(as_text=True)
    job.status, job.error = "failed", "Unit tidak ditemukan"
    assert "Unit tidak ditemukan" in client.get(f"/jobs/{job.id}").get_data(as_text=True)


def test_a_failing_job_is_marked_failed_with_a_short_message(client, world, monkeypatch):
    from app.jobs import tasks

    def broken(job, progress):
        raise RuntimeError("secret internals")

    monkeypatch.setitem(tasks.HANDLERS, "export", broken)
    job = services.start(world.users["hr"], "export", "Ekspor", {"kind": "people"})
    db.session.commit()
    services.enqueue(job)
    db.session.refresh(job)
    assert job.status == "failed" and "secret internals" not in job.error and job.error


def test_job_page_query_count_is_constant(client, world, count_queries):
    job = _export(client, world.users["hr"])
    with count_queries() as counted:
        client.get(f"/jobs/{job.id}", headers={"HX-Request": "true"})
    assert counted.n <= 6


@pytest.mark.consumer
def test_a_real_consumer_process_runs_the_export(tmp_path):
    """Start huey_consumer as `make run` does, enqueue from here, and wait for the job row to be done."""
    from flask_migrate import upgrade

    from tests.factories import build_world

    other, consumer = consumer_app(tmp_path)
    try:
        with other.app_context():
            upgrade()
            world = build_world()
            job = services.start(world.users["admin"], "export", "Ekspor", {"kind": "people", "unit_id": None})
            db.session.commit()
            services.enqueue(job)
            job_id = job.id
            job = wait_for(job_id, consumer, 60)
            assert job.status == "done", (job.status, job.error)
            data = (tmp_path / "files" / job.result_path).read_bytes()
            assert {"Siti Aminah", "Joko Widodo"} <= {r[4] for r in _sheet(data)[2:]}
            db.session.remove()
            db.engine.dispose()
    finally:
        output = stop_consumer(consumer, tmp_path)
    assert "Traceback" not in output, output


@pytest.mark.consumer
def test_a_consumer_job_that_writes_reports_progress_on_sqlite(tmp_path, monkeypatch):
    """Starting a year as the consumer runs it (not immediate): progress from its own connection, the drafts
    from the job's session, on one SQLite file; neither may lock the other out."""
    from flask_migrate import upgrade

    from app import create_app
    from app.agreements.models import Agreement
    from app.jobs import tasks
    from app.jobs.queue import huey
    from tests.agreements.conftest import build_officials
    from tests.factories import build_world, make_employee, make_position

    other = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'app.db'}", "SECRET_KEY": "jobs",
                        "INSTANCE_PATH": str(tmp_path), "HUEY_IMMEDIATE": True, "FILES_DIR": str(tmp_path / "f")})
    with other.app_context():
        upgrade()
        world = build_world()
        build_officials(world)
        for n in range(45):  # more than 20 officials: several progress reports
            unit = world.seksi_a
            make_employee(unit, f"Kepala {n}", make_position(unit, f"Kepala Sub {n}", type="pengawas",
                                                             eselon="IV.a", kelas_jabatan=9, is_head=True))
        job = services.start(world.users["hr"], "agreements.start_year", "PK 2019",
                             {"opd_id": world.opd_a.id, "year": 2019})
        db.session.commit()
        job_id = job.id
        monkeypatch.setattr(huey, "_immediate", False)
        tasks._run(job_id)
        db.session.remove()
        job = db.session.get(Job, job_id)
        assert (job.status, job.error) == ("done", None)
        assert db.session.query(Agreement).filter_by(year=2019).count() >= 45
        db.engine.dispose()
