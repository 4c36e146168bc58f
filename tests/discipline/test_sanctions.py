"""Sanctions (PP 94/2021): the rules of a record, recording and correcting one, the conflict, who sees what."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditLog
from app.core.errors import Conflict, Refused
from app.discipline import services
from app.discipline.models import Sanction
from app.extensions import db
from tests.factories import make_employee, make_user

HX = {"HX-Request": "true"}


def data(**kw) -> dict:
    values = {"level": "medium", "kind": "Pemotongan tunjangan kinerja 25% selama 6 bulan",
              "decision_number": "862/KPTS/BKD/2018", "decision_date": date(2018, 2, 1),
              "starts_on": date(2018, 3, 1), "ends_on": date(2018, 8, 31), "note": ""}
    values.update(kw)
    return values


def form(**kw) -> dict:
    values = {"level": "medium", "kind": "Pemotongan tunjangan kinerja 25% selama 6 bulan",
              "decision_number": "862/KPTS/BKD/2018", "decision_date": "2018-02-01", "starts_on": "2018-03-01",
              "ends_on": "2018-08-31", "note": ""}
    values.update(kw)
    return values


def count() -> int:
    return db.session.scalar(select(func.count(Sanction.id)))


# -- the rules ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("changes, field", [
    ({"level": "severe"}, "level"),
    ({"kind": ""}, "kind"),
    ({"decision_number": ""}, "decision_number"),
    ({"starts_on": date(2018, 1, 31)}, "starts_on"),  # before the decision
    ({"ends_on": None}, "ends_on"),  # a medium sanction has a last day
    ({"ends_on": date(2018, 2, 28)}, "ends_on"),  # ends before it starts
    ({"level": "heavy", "ends_on": date(2018, 2, 28)}, "ends_on"),
])
def test_bad_sanctions_name_the_field(changes, field):
    problem = services.sanction_problem(data(**changes))
    assert problem is not None and problem.field == field


@pytest.mark.parametrize("changes", [
    {},
    {"ends_on": date(2018, 3, 1)},  # one day
    {"level": "light", "kind": "Teguran tertulis", "starts_on": date(2018, 2, 1), "ends_on": None},
    {"level": "heavy", "kind": "Pemberhentian dengan hormat tidak atas permintaan sendiri sebagai PNS",
     "ends_on": None},
])
def test_good_sanctions_pass(changes):
    assert services.sanction_problem(data(**changes)) is None


def test_state_on_a_day():
    sanction = Sanction(starts_on=date(2018, 3, 1), ends_on=date(2018, 8, 31))
    assert services.sanction_state(sanction, date(2018, 2, 28)) == "upcoming"
    assert services.sanction_state(sanction, date(2018, 3, 1)) == "in_force"
    assert services.sanction_state(sanction, date(2018, 8, 31)) == "in_force"
    assert services.sanction_state(sanction, date(2018, 9, 1)) == "ended"
    dismissal = Sanction(level="heavy", starts_on=date(2018, 3, 1), ends_on=None)
    assert services.sanction_state(dismissal, date(2030, 1, 1)) == "in_force"
    reprimand = Sanction(level="light", starts_on=date(2018, 3, 1), ends_on=None)  # given once, no period
    assert services.sanction_state(reprimand, date(2030, 1, 1)) == "imposed"


def test_record_update_and_conflict_in_the_service(world):
    sanction = services.record_sanction(world.person_a, data())
    assert sanction.id and sanction.version == 1
    services.update_sanction(sanction, data(note="SK dibacakan 2 Maret"), sanction.version)
    assert sanction.version == 2 and sanction.note == "SK dibacakan 2 Maret"
    with pytest.raises(Conflict):
        services.update_sanction(sanction, data(note="lama"), 1)
    thl = make_employee(world.bidang_a, "Asep Suryana", employment_type="thl")
    with pytest.raises(Refused):
        services.record_sanction(thl, data())  # PP 94/2021 is for ASN


# -- recording through the screens ---------------------------------------------------------------------------------

def test_hr_records_a_sanction_and_sees_it_in_force(client, world):
    client.login_as(world.users["hr"])
    person = world.person_a
    assert client.get(f"/discipline/people/{person.id}/sanctions/new").status_code == 200
    answer = client.post(f"/discipline/people/{person.id}/sanctions/new",
                         data=form(starts_on="2018-03-01", ends_on="2099-12-31"), headers=HX)
    assert answer.status_code == 204 and answer.headers["HX-Redirect"] == f"/discipline/people/{person.id}"
    sanction = db.session.scalar(select(Sanction))
    assert (sanction.employee_id, sanction.level, sanction.decision_number) == (person.id, "medium",
                                                                                "862/KPTS/BKD/2018")
    assert (sanction.starts_on, sanction.ends_on) == (date(2018, 3, 1), date(2099, 12, 31))
    page = client.get(f"/discipline/people/{person.id}").get_data(as_text=True)
    row = page[page.index(f'id="sanction-{sanction.id}"'):]
    row = row[:row.index("</tr>")]
    assert 'class="current"' in row and "tag-bad" in row and "862/KPTS/BKD/2018" in row
    assert f"/discipline/sanctions/{sanction.id}/edit" in row
    audit = db.session.scalars(select(AuditLog).where(AuditLog.entity == "sanctions")).all()
    assert [a.action for a in audit] == ["create"] and audit[0].username == "hr"


def test_start_defaults_to_the_decision_date(client, world):
    client.login_as(world.users["hr"])
    answer = client.post(f"/discipline/people/{world.person_a.id}/sanctions/new",
                         data=form(level="light", kind="Teguran lisan", starts_on="", ends_on=""), headers=HX)
    assert answer.status_code == 204
    sanction = db.session.scalar(select(Sanction))
    assert sanction.starts_on == date(2018, 2, 1) and sanction.ends_on is None


@pytest.mark.parametrize("changes, field", [
    ({"level": ""}, "level"),
    ({"kind": "  "}, "kind"),
    ({"decision_date": "31-02-2018"}, "decision_date"),
    ({"decision_number": ""}, "decision_number"),  # markup is text (tests/test_legitimate_text.py); empty is not
    ({"ends_on": ""}, "ends_on"),  # medium: required
    ({"ends_on": "2018-02-15"}, "ends_on"),  # before the start
    ({"starts_on": "2018-01-15"}, "starts_on"),  # before the decision
])
def test_bad_input_answers_422_and_writes_nothing(client, world, changes, field):
    client.login_as(world.users["hr"])
    answer = client.post(f"/discipline/people/{world.person_a.id}/sanctions/new", data=form(**changes), headers=HX)
    assert answer.status_code == 422
    body = answer.get_data(as_text=True)
    assert f'id="{field}-error"' in body and 'aria-invalid="true"' in body
    assert 'id="sanction-form"' in body and "<html" not in body  # the form fragment only
    assert count() == 0


def test_a_non_asn_worker_gets_no_sanction(client, world):
    thl = make_employee(world.bidang_a, "Asep Suryana", employment_type="thl")
    client.login_as(world.users["hr"])
    answer = client.post(f"/discipline/people/{thl.id}/sanctions/new", data=form(), headers=HX)
    assert answer.status_code == 422 and count() == 0
    assert f"/discipline/people/{thl.id}/sanctions/new" not in client.get(f"/discipline/people/{thl.id}").get_data(
        as_text=True)


def test_correcting_keeps_the_audit_trail(client, world):
    sanction = services.record_sanction(world.person_a, data())
    client.login_as(world.users["hr"])
    url = f"/discipline/sanctions/{sanction.id}/edit"
    page = client.get(url).get_data(as_text=True)
    assert 'name="version" type="hidden" value="1"' in page
    answer = client.post(url, data=form(decision_number="862/KPTS/BKD/2018-R", version="1"), headers=HX)
    assert answer.status_code == 204
    db.session.refresh(sanction)
    assert sanction.decision_number == "862/KPTS/BKD/2018-R" and sanction.version == 2
    update = db.session.scalar(select(AuditLog).where(AuditLog.entity == "sanctions", AuditLog.action == "update"))
    assert update.changes == {"decision_number": ["862/KPTS/BKD/2018", "862/KPTS/BKD/2018-R"]}
    assert "862/KPTS/BKD/2018-R" in client.get(url).get_data(as_text=True)  # the changes are listed
    assert client.post(f"/discipline/sanctions/{sanction.id}/delete").status_code in (404, 405)


def test_a_stale_form_conflicts_and_keeps_what_was_typed(client, world):
    sanction = services.record_sanction(world.person_a, data())
    services.update_sanction(sanction, data(note="diubah orang lain"), 1)
    client.login_as(world.users["hr"])
    answer = client.post(f"/discipline/sanctions/{sanction.id}/edit",
                         data=form(decision_number="KETIKAN-SAYA", version="1"), headers=HX)
    assert answer.status_code == 409
    body = answer.get_data(as_text=True)
    assert 'value="KETIKAN-SAYA"' in body and 'class="form-errors"' in body
    db.session.refresh(sanction)
    assert sanction.decision_number == "862/KPTS/BKD/2018" and sanction.note == "diubah orang lain"


# -- who sees and who records ---------------------------------------------------------------------------------

def test_scope_other_opd_404_and_roles_without_the_right_403(client, world):
    other = services.record_sanction(world.person_b, data())
    client.login_as(world.users["hr"])  # HR of OPD A
    assert client.get(f"/discipline/people/{world.person_b.id}").status_code == 404
    assert client.get(f"/discipline/people/{world.person_b.id}/sanctions/new").status_code == 404
    assert client.post(f"/discipline/sanctions/{other.id}/edit", data=form(version="1")).status_code == 404
    client.login_as(world.users["operator"])
    assert client.get(f"/discipline/people/{world.person_a.id}").status_code == 403
    assert client.post(f"/discipline/people/{world.person_a.id}/sanctions/new", data=form()).status_code == 403
    client.login_as(world.users["leader"])  # reads, does not record
    page = client.get(f"/discipline/people/{world.person_a.id}")
    assert page.status_code == 200 and "/sanctions/new" not in page.get_data(as_text=True)
    assert client.post(f"/discipline/people/{world.person_a.id}/sanctions/new", data=form()).status_code == 403
    assert count() == 1


def test_the_employee_sees_their_own_sanctions_only(client, world):
    own = services.record_sanction(world.person_a, data(decision_number="SK/SITI/1"))
    colleague = make_employee(world.bidang_a, "Rudi Hartono")
    services.record_sanction(colleague, data(decision_number="SK/RUDI/1"))
    me = world.users["employee"]  # Siti Aminah (person_a)
    client.login_as(me)
    page = client.get(f"/discipline/people/{world.person_a.id}")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert "SK/SITI/1" in body and "SK/RUDI/1" not in body
    assert f"/discipline/sanctions/{own.id}/edit" not in body and "/sanctions/new" not in body
    assert client.get(f"/discipline/people/{colleague.id}").status_code == 403
    assert client.get(f"/discipline/people/{world.person_b.id}").status_code == 404
    assert client.get(f"/discipline/sanctions/{own.id}/edit").status_code == 403
    # the person page links to it; the main menu does not (the employee has no recap to see)
    person = client.get(f"/people/{world.person_a.id}").get_data(as_text=True)
    assert f'href="/discipline/people/{world.person_a.id}"' in person
    assert 'href="/discipline"' not in person


def test_the_person_page_links_hr_to_discipline(client, world):
    client.login_as(world.users["hr"])
    person = client.get(f"/people/{world.person_a.id}").get_data(as_text=True)
    assert f'href="/discipline/people/{world.person_a.id}"' in person and 'href="/discipline"' in person
    outsider = make_user("op_only", [("operator", world.opd_a)])
    client.login_as(outsider)
    person = client.get(f"/people/{world.person_a.id}").get_data(as_text=True)
    assert "/discipline/" not in person


def test_an_alert_prefills_level_kind_and_note(client, world):
    """An attendance alert links to the new-sanction form with ?level=&kind=&note=; nothing is recorded by it."""
    client.login_as(world.users["hr"])
    url = f"/discipline/people/{world.person_a.id}/sanctions/new"
    page = client.get(url, query_string={"level": "light", "kind": "Teguran tertulis",
                                         "note": "TK 4 hari <2018>"}).get_data(as_text=True)
    assert '<option selected value="light">' in page
    assert 'value="Teguran tertulis"' in page and "TK 4 hari &lt;2018&gt;</textarea>" in page
    assert count() == 0
    page = client.get(url, query_string={"level": "severe", "kind": "  "}).get_data(as_text=True)
    assert "selected value" not in page.replace('<option selected value="">', "")
    assert re.search(r"<input[^>]*name=\"kind\"[^>]*value=\"\"", page)
