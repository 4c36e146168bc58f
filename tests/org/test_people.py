"""People: validation with clear messages, duplicates, dated history, list search and its query count."""

from datetime import date

import pytest
from sqlalchemy import func, select

from app.core.errors import Refused
from app.extensions import db
from app.org import services
from app.org.models import Employee, EmployeeHistory
from tests.factories import make_employee, make_position


def _form(world, **overrides):
    data = {
        "employment_type": "pns", "nip": "19800115 200501 1 777", "nik": "", "front_title": "", "name": "Andi Wijaya",
        "back_title": "S.Sos.", "sex": "L", "golongan": "III/b", "unit_id": world.bidang_a.id,
        "position_id": world.position_a.id, "status": "aktif", "email": "", "phone": "",
        "valid_from": "2024-01-02", "history_note": "",
    }
    data.update(overrides)
    return data


def test_create_with_a_bad_nip_then_a_good_one(client, world):
    client.login_as(world.users["hr"])
    before = db.session.scalar(select(func.count(Employee.id)))
    bad = client.post("/people/new", data=_form(world, nip="19801315 200501 1 777"), headers={"HX-Request": "true"})
    assert bad.status_code == 422
    assert b'Angka 1' in bad.data and b'bukan tanggal yang benar' in bad.data
    assert db.session.scalar(select(func.count(Employee.id))) == before
    good = client.post("/people/new", data=_form(world), headers={"HX-Request": "true"})
    assert good.status_code == 204 and good.headers["HX-Redirect"].startswith("/people/")
    person = db.session.scalar(select(Employee).where(Employee.nip == "198001152005011777"))
    assert person.display_name == "Andi Wijaya, S.Sos." and person.birth_date == date(1980, 1, 15)
    assert person.pangkat == "Penata Muda Tk. I (III/b)"


def test_duplicate_nip_is_refused(client, world):
    client.login_as(world.users["hr"])
    response = client.post("/people/new", data=_form(world, nip=world.person_a.nip, sex="P"))
    assert response.status_code == 422 and b'sudah dipakai oleh' in response.data


def test_sex_must_match_the_nip(client, world):
    client.login_as(world.users["hr"])
    response = client.post("/people/new", data=_form(world, sex="P"))
    assert response.status_code == 422 and b'angka ke-15' in response.data


def test_non_asn_needs_a_valid_nik(client, world):
    client.login_as(world.users["hr"])
    bad = client.post("/people/new", data=_form(world, employment_type="thl", nip="", nik="123", golongan=""))
    assert bad.status_code == 422 and b'16 angka' in bad.data
    good = client.post("/people/new", data=_form(world, employment_type="thl", nip="", nik="3171011501800099",
                                                 golongan="", position_id=""))
    assert good.status_code == 303
    person = db.session.scalar(select(Employee).where(Employee.nik == "3171011501800099"))
    assert person.nip is None and person.golongan is None and person.display_id == "3171011501800099"


@pytest.mark.parametrize(
    "hostile",
    ["<script>alert(1)</script>", "x" * 10_000_000],  # a digit in a name; a request too large
)
def test_hostile_names_are_refused_and_change_nothing(client, world, hostile):
    client.login_as(world.users["hr"])
    before = db.session.scalar(select(func.count(Employee.id)))
    response = client.post("/people/new", data=_form(world, name=hostile))
    assert response.status_code in (413, 422)
    assert b"<script>alert" not in response.data
    assert db.session.scalar(select(func.count(Employee.id))) == before


def test_sql_in_a_name_is_kept_as_text(client, world):
    """Characters are not refused for looking like SQL or markup: the name is saved as typed and shown escaped."""
    client.login_as(world.users["hr"])
    name = "Robert'); DROP TABLE employees;--"
    assert client.post("/people/new", data=_form(world, name=name)).status_code == 303
    person = db.session.scalar(select(Employee).where(Employee.nip == "198001152005011777"))
    assert person.name == name
    assert "Robert&#39;); DROP TABLE employees;--" in client.get(f"/people/{person.id}").get_data(as_text=True)


def test_position_must_belong_to_the_unit(client, world):
    client.login_as(world.users["hr"])
    other = make_position(world.seksi_a, "Staf Seksi")
    response = client.post("/people/new", data=_form(world, position_id=other.id))
    assert response.status_code == 422 and b'harus berada di unit yang dipilih' in response.data


def test_hr_cannot_place_someone_in_another_opd(client, world):
    client.login_as(world.users["hr"])
    people = db.session.scalar(select(func.count(Employee.id)))
    response = client.post("/people/new", data=_form(world, unit_id=world.bidang_b.id, position_id=""))
    assert response.status_code == 404  # the gate checks the unit the form names: outside HR's OPD
    assert db.session.scalar(select(func.count(Employee.id))) == people


def test_history_keeps_what_was_true_on_each_date():
    from tests.factories import build_world

    w = build_world()
    person = w.person_a  # placed in bidang_a as III/a from 2020-01-01
    services.update_employee(person, {"golongan": "III/b", "unit_id": w.seksi_a.id, "position_id": None},
                             person.version, date(2023, 4, 1), "SK 821/123/2023")
    assert services.as_of(person.id, date(2022, 12, 31)).golongan == "III/a"
    then = services.as_of(person.id, date(2023, 4, 1))
    assert then.golongan == "III/b" and then.unit_id == w.seksi_a.id and then.note == "SK 821/123/2023"
    assert services.as_of(person.id, date(2019, 1, 1)) is None
    with pytest.raises(Refused):
        services.update_employee(person, {"golongan": "III/c"}, person.version, date(2022, 1, 1))


def test_only_changes_of_placement_make_history(world):
    person = world.person_a
    services.update_employee(person, {"phone": "0812345678"}, person.version, date(2024, 1, 1))
    rows = db.session.scalar(select(func.count(EmployeeHistory.id)).where(EmployeeHistory.employee_id == person.id))
    assert rows == 1


def test_person_page_shows_history(client, world):
    services.update_employee(world.person_a, {"golongan": "III/b"}, world.person_a.version, date(2024, 4, 1), "Naik pangkat")
    client.login_as(world.users["leader"])
    page = client.get(f"/people/{world.person_a.id}")
    assert page.status_code == 200
    assert b"Penata Muda Tk. I (III/b)" in page.data and b"Naik pangkat" in page.data


def test_employee_sees_only_themself(client, world):
    client.login_as(world.users["employee"])
    assert client.get(f"/people/{world.person_a.id}").status_code == 200
    assert client.get("/people").status_code == 403


def test_concurrent_edits_conflict(client, world):
    client.login_as(world.users["hr"])
    person = world.person_a
    base = _form(world, nip=person.nip, name="Siti Aminah", sex="P", golongan="III/a", version=person.version,
                 valid_from="2020-01-01")
    assert client.post(f"/people/{person.id}/edit", data=dict(base, phone="0811")).status_code == 303
    second = client.post(f"/people/{person.id}/edit", data=dict(base, phone="0822"))
    assert second.status_code == 409
    assert db.session.get(Employee, person.id).phone == "0811"


def test_people_list_search_filter_paginate(client, world):
    for i in range(30):
        make_employee(world.seksi_a, f"Pegawai Nomor {i:02d}")
    client.login_as(world.users["hr"])
    page = client.get("/people?q=nomor")
    assert b'30 pegawai' in page.data and b'Halaman 1 dari 2' in page.data
    assert b"Joko" not in client.get("/people?q=joko").data  # other OPD
    by_nip = client.get(f"/people?q={world.person_a.nip}", headers={"HX-Request": "true"})
    assert b"Siti Aminah" in by_nip.data and b"<html" not in by_nip.data
    by_unit = client.get(f"/people?unit={world.seksi_a.id}&page=2")
    assert b'Halaman 2 dari 2' in by_unit.data
    assert b"Siti Aminah" not in client.get("/people?type=pppk").data


def test_people_list_statement_count_is_constant(client, world, count_queries):
    client.login_as(world.users["hr"])
    with count_queries() as one:
        client.get("/people?q=siti", headers={"HX-Request": "true"})
    for i in range(50):
        make_employee(world.seksi_a, f"Siti Nomor {i:02d}", make_position(world.seksi_a, f"Jabatan {i}"))
    with count_queries() as many:
        client.get("/people?q=siti", headers={"HX-Request": "true"})
    assert many.n == one.n
    with count_queries() as full:
        client.get("/people")
    assert full.n <= one.n + 2
