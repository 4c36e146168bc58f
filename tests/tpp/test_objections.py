"""Objections: a person contests a deduction of an open month with an attachment; HR finds it in the inbox and
decides (a rejection needs a note); the month is not closed while one waits; nobody contests another's TPP."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from sqlalchemy import select

from app.attendance.models import AttendanceDay
from app.core.errors import Refused
from app.extensions import db
from app.tpp.models import Objection, Result
from app.tpp.services import objections, periods, presets, ratings
from tests.factories import make_employee, make_position

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def month(world):
    presets.install_presets()
    hr = world.users["hr"]
    ratings.save(world.person_a, 2018, 3, {"hasil_kerja": "sesuai", "perilaku": "sesuai"}, hr, None, {})
    db.session.add(AttendanceDay(employee_id=world.person_a.id, day=date(2018, 3, 5), status="absent"))
    db.session.flush()
    period = periods.start(world.opd_a, 2018, 3, "A", hr)
    result = db.session.scalar(select(Result).where(Result.employee_id == world.person_a.id))
    return period, result


def test_a_person_contests_a_day_and_hr_decides(client, world, month):
    period, result = month
    client.login_as(world.users["employee"])  # Siti Aminah
    page = client.get(f"/tpp/results/{result.id}").text
    assert "Kirim keberatan" in page and 'value="2018-03-05|TK"' in page
    empty = client.post(f"/tpp/results/{result.id}/objections", data={"line": "2018-03-05|TK", "reason": " "})
    assert empty.status_code == 422
    made_up = client.post(f"/tpp/results/{result.id}/objections", data={"line": "2018-03-06|TK", "reason": "x"})
    assert made_up.status_code == 422
    sent = client.post(f"/tpp/results/{result.id}/objections", content_type="multipart/form-data", data={
        "line": "2018-03-05|TK", "reason": "Saya dinas luar <Bogor>, surat tugas terlampir",
        "attachment": (BytesIO(PDF), "surat tugas.pdf")})
    assert sent.status_code == 303
    objection = db.session.scalar(select(Objection))
    assert (objection.day, objection.code, objection.state) == (date(2018, 3, 5), "TK", "open")
    assert client.get(f"/tpp/objections/{objection.id}/attachment").data == PDF

    hr = world.users["hr"]
    with pytest.raises(Refused):
        periods.close(period, hr, period.version)
    client.login_as(hr)
    tasks = client.get("/tasks").text
    assert "Keberatan TPP yang menunggu keputusan Anda" in tasks and "Saya dinas luar &lt;Bogor&gt;" in tasks
    page = client.get(f"/tpp/objections/{objection.id}").text
    assert "Simpan keputusan" in page
    no_note = client.post(f"/tpp/objections/{objection.id}/resolve",
                          data={"decision": "reject", "note": "", "version": objection.version})
    assert no_note.status_code == 422 and "Sebutkan alasan keberatan ditolak" in no_note.text
    assert db.session.get(Objection, objection.id).state == "open"
    undecided = client.post(f"/tpp/objections/{objection.id}/resolve",
                            data={"decision": "", "note": "", "version": objection.version})
    assert undecided.status_code == 422
    client.post(f"/tpp/objections/{objection.id}/resolve",
                data={"decision": "reject", "note": "Surat tugas untuk tanggal lain", "version": objection.version})
    db.session.refresh(objection)
    assert (objection.state, objection.resolution) == ("rejected", "Surat tugas untuk tanggal lain")

    client.login_as(world.users["employee"])
    assert "Keberatan TPP Anda yang sudah diputuskan" in client.get("/tasks").text
    periods.close(period, hr, period.version)  # nothing waits any more


def test_nobody_contests_another_persons_tpp_or_a_closed_month(client, world, month):
    period, result = month
    colleague = make_employee(world.bidang_a, "Rudi Hartono", make_position(world.bidang_a, "Pranata"))
    periods.start(world.opd_a, 2018, 3, "A", world.users["hr"])
    other = db.session.scalar(select(Result).where(Result.employee_id == colleague.id))
    client.login_as(world.users["employee"])
    assert client.post(f"/tpp/results/{other.id}/objections", data={"reason": "x"}).status_code == 403
    hr = world.users["hr"]
    ratings.save(colleague, 2018, 3, {"hasil_kerja": "sesuai", "perilaku": "sesuai"}, hr, None, {})
    periods.start(world.opd_a, 2018, 3, "A", hr)
    periods.close(period, hr, period.version)
    own = db.session.scalar(select(Result).where(Result.employee_id == world.person_a.id))
    assert client.post(f"/tpp/results/{own.id}/objections", data={"reason": "x"}).status_code == 403
    with pytest.raises(Refused):
        objections.lodge(own, world.users["employee"], {"reason": "x"})
