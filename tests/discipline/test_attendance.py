"""The monthly attendance recap: the grid of a unit's subtree, saving a row, bad values, conflicts, query counts."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.core.clock import agency_today
from app.core.errors import Conflict, Refused
from app.discipline import services
from app.discipline.models import AttendanceMonth, Sanction
from app.extensions import db
from tests.factories import make_employee, make_unit

HX = {"HX-Request": "true"}
COUNTS = {"leave_days": "1", "absent_days": "2", "early_leaves": "0", "late_arrivals": "3", "missed_roll_calls": "1"}


def row(year=2018, month=3, version="", **counts) -> dict:
    return {"year": str(year), "month": str(month), "version": version, **COUNTS, **counts}


def recaps() -> list[AttendanceMonth]:
    return list(db.session.scalars(select(AttendanceMonth).order_by(AttendanceMonth.id)))


def values(record: AttendanceMonth) -> tuple:
    return tuple(getattr(record, name) for name in services.COUNTS)


def grid(client, unit, year=2018, month=3) -> str:
    answer = client.get(f"/discipline/unit/{unit.id}/attendance?year={year}&month={month}")
    assert answer.status_code == 200
    return answer.get_data(as_text=True)


def test_grid_lists_the_active_employees_of_the_subtree(client, world):
    below = make_employee(world.seksi_a, "Dewi Lestari", sex="P")
    retired = make_employee(world.bidang_a, "Pensiunan Satu", status="pensiun")
    client.login_as(world.users["hr"])
    page = grid(client, world.opd_a)
    assert world.person_a.name in page and below.name in page and retired.name not in page
    assert world.person_b.name not in page  # another OPD
    assert f'id="att-{below.id}"' in page and f'id="leave_days-{below.id}"' in page
    assert f'hx-post="/discipline/people/{below.id}/attendance"' in page
    narrow = grid(client, world.seksi_a)
    assert below.name in narrow and world.person_a.name not in narrow


def test_default_month_is_the_last_finished_one_and_bad_months_404(client, world):
    client.login_as(world.users["hr"])
    today = agency_today()
    year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    page = client.get(f"/discipline/unit/{world.opd_a.id}/attendance").get_data(as_text=True)
    assert f'name="year" value="{year}"><input type="hidden" name="month" value="{month}">' in page
    for query in ("year=2018&month=13", "year=2018&month=0", "year=1999&month=1", "year=2101&month=1"):
        assert client.get(f"/discipline/unit/{world.opd_a.id}/attendance?{query}").status_code in (404, 422), query
    answer = client.get("/discipline")
    assert answer.status_code == 302 and answer.headers["Location"].endswith(
        f"/discipline/unit/{world.opd_a.id}/attendance")


def test_default_month_of_a_past_year_is_the_one_recapped_for_everyone(client, world):
    """A few recaps typed ahead for a later month do not pull the page there: it opens on the latest of the
    months with the most recaps."""
    below = make_employee(world.seksi_a, "Dewi Lestari", sex="P")
    for month, people in ((2, (world.person_a, below)), (3, (world.person_a, below)), (6, (below,))):
        for person in people:
            db.session.add(AttendanceMonth(employee_id=person.id, year=2018, month=month, present_days=20,
                                           late_arrivals=0, early_leaves=0, absent_days=0, leave_days=0,
                                           missed_roll_calls=0))
    db.session.flush()
    client.login_as(world.users["hr"])
    page = client.get(f"/discipline/unit/{world.opd_a.id}/attendance?year=2018").get_data(as_text=True)
    assert "Rekap kehadiran Maret 2018" in page
    alone = client.get(f"/discipline/unit/{world.seksi_a.id}/attendance?year=2018").get_data(as_text=True)
    assert "Rekap kehadiran Juni 2018" in alone  # in the seksi, June is recapped for all (one) of its people


def test_first_save_creates_the_recap_then_a_change_updates_it(client, world):
    person = world.person_a
    client.login_as(world.users["hr"])
    page = grid(client, world.opd_a)
    # no recap yet: empty fields
    assert f'id="absent_days-{person.id}" name="absent_days" inputmode="numeric" size="3" autocomplete="off" value=""' \
        in page
    answer = client.post(f"/discipline/people/{person.id}/attendance", data=row(), headers=HX)
    assert answer.status_code == 200
    body = answer.get_data(as_text=True)
    assert body.lstrip().startswith("<tr") and f'id="att-{person.id}"' in body and "tag-ok" in body
    [record] = recaps()
    assert (record.employee_id, record.year, record.month) == (person.id, 2018, 3)
    assert values(record) == (1, 2, 0, 3, 1) and record.version == 1
    assert 'name="version" value="1"' in body
    answer = client.post(f"/discipline/people/{person.id}/attendance", data=row(version="1", absent_days="4"),
                         headers=HX)
    assert answer.status_code == 200
    db.session.refresh(record)
    assert values(record) == (1, 4, 0, 3, 1) and record.version == 2 and len(recaps()) == 1


def test_empty_counts_are_saved_as_zero(client, world):
    client.login_as(world.users["hr"])
    answer = client.post(f"/discipline/people/{world.person_a.id}/attendance",
                         data=row(leave_days="", early_leaves="", late_arrivals="", missed_roll_calls="",
                                  absent_days="2"), headers=HX)
    assert answer.status_code == 200
    assert values(recaps()[0]) == (0, 2, 0, 0, 0)


@pytest.mark.parametrize("field, typed", [
    ("absent_days", "-1"),
    ("late_arrivals", "tiga"),
    ("leave_days", "1.5"),
    ("early_leaves", "32"),  # more than the days of March
    ("missed_roll_calls", "9999999"),
])
def test_a_bad_count_answers_422_in_the_row_keeps_it_and_writes_nothing(client, world, field, typed):
    person = world.person_a
    client.login_as(world.users["hr"])
    answer = client.post(f"/discipline/people/{person.id}/attendance", data=row(**{field: typed}), headers=HX)
    assert answer.status_code == 422
    body = answer.get_data(as_text=True)
    assert body.lstrip().startswith("<tr") and 'class="row-error"' in body
    assert f'id="{field}-{person.id}-error"' in body and 'aria-invalid="true"' in body
    assert f'id="{field}-{person.id}" name="{field}" inputmode="numeric" size="3" autocomplete="off" value="{typed}"' \
        in body
    assert recaps() == []


def test_a_bad_count_does_not_change_an_existing_recap(client, world):
    record = services.save_attendance(world.person_a, 2018, 3, {"absent_days": 2}, None)
    client.login_as(world.users["hr"])
    answer = client.post(f"/discipline/people/{world.person_a.id}/attendance",
                         data=row(version="1", absent_days="-3"), headers=HX)
    assert answer.status_code == 422
    db.session.refresh(record)
    assert values(record) == (0, 2, 0, 0, 0) and record.version == 1


def test_february_has_fewer_days(client, world):
    client.login_as(world.users["hr"])
    url = f"/discipline/people/{world.person_a.id}/attendance"
    assert client.post(url, data=row(month=2, absent_days="29"), headers=HX).status_code == 422
    assert client.post(url, data=row(year=2016, month=2, absent_days="29"), headers=HX).status_code == 200


def test_a_stale_row_conflicts_and_shows_the_current_values(client, world):
    person = world.person_a
    record = services.save_attendance(person, 2018, 3, {"absent_days": 5, "late_arrivals": 7}, None)
    services.save_attendance(person, 2018, 3, {"absent_days": 6, "late_arrivals": 7}, 1)  # someone else, v2
    client.login_as(world.users["hr"])
    answer = client.post(f"/discipline/people/{person.id}/attendance", data=row(version="1", absent_days="9"),
                         headers=HX)
    assert answer.status_code == 409
    body = answer.get_data(as_text=True)
    assert 'role="alert"' in body and f'id="absent_days-{person.id}"' in body
    assert f'id="absent_days-{person.id}" name="absent_days" inputmode="numeric" size="3" autocomplete="off" ' \
           'value="6"' in body
    assert 'value="9"' not in body and 'name="version" value="2"' in body and 'class="row-error"' in body
    db.session.refresh(record)
    assert values(record) == (0, 6, 0, 7, 0) and record.version == 2


def test_a_row_shown_empty_conflicts_when_someone_created_it_meanwhile(client, world):
    person = world.person_a
    services.save_attendance(person, 2018, 3, {"absent_days": 5}, None)
    client.login_as(world.users["hr"])
    answer = client.post(f"/discipline/people/{person.id}/attendance", data=row(version=""), headers=HX)
    assert answer.status_code == 409
    assert values(recaps()[0]) == (0, 5, 0, 0, 0)




def test_service_rules(world):
    person = world.person_a
    with pytest.raises(Refused):
        services.save_attendance(person, 2018, 13, {}, None)
    with pytest.raises(Refused) as refused:
        services.save_attendance(person, 2018, 4, {"late_arrivals": 31}, None)  # April has 30 days
    assert refused.value.field == "late_arrivals"
    services.save_attendance(person, 2018, 4, {"late_arrivals": 30}, None)
    with pytest.raises(Conflict):
        services.save_attendance(person, 2018, 4, {}, None)
    with pytest.raises(Conflict):
        services.save_attendance(person, 2018, 5, {}, 1)  # a version for a recap that does not exist


def test_without_htmx_the_save_redirects_to_the_grid(client, world):
    client.login_as(world.users["hr"])
    answer = client.post(f"/discipline/people/{world.person_a.id}/attendance", data=row())
    assert answer.status_code == 303
    assert answer.headers["Location"].endswith(f"/discipline/unit/{world.bidang_a.id}/attendance?year=2018&month=3")
    assert len(recaps()) == 1
    bad = client.post(f"/discipline/people/{world.person_a.id}/attendance", data=row(version="1", leave_days="-1"))
    assert bad.status_code == 303 and values(recaps()[0]) == (1, 2, 0, 3, 1)


def test_missing_month_is_a_bad_request(client, world):
    client.login_as(world.users["hr"])
    url = f"/discipline/people/{world.person_a.id}/attendance"
    for data in ({**row(), "month": ""}, {**row(), "month": "13"}, {**row(), "year": "abc"}):
        assert client.post(url, data=data, headers=HX).status_code == 400
    assert recaps() == []


def test_scope_and_roles(client, world):
    client.login_as(world.users["hr"])  # HR of OPD A
    assert client.get(f"/discipline/unit/{world.opd_b.id}/attendance?year=2018&month=3").status_code == 404
    assert client.post(f"/discipline/people/{world.person_b.id}/attendance", data=row(), headers=HX).status_code == 404
    client.login_as(world.users["operator"])
    assert client.get(f"/discipline/unit/{world.opd_a.id}/attendance?year=2018&month=3").status_code == 403
    assert client.post(f"/discipline/people/{world.person_a.id}/attendance", data=row(), headers=HX).status_code == 403
    client.login_as(world.users["employee"])  # not even their own recap is theirs to write
    assert client.post(f"/discipline/people/{world.person_a.id}/attendance", data=row(), headers=HX).status_code == 403
    client.login_as(world.users["leader"])  # reads the recap, does not write it
    page = grid(client, world.opd_a)
    assert world.person_a.name in page and "hx-post" not in page.split('id="recap"')[1]
    assert client.post(f"/discipline/people/{world.person_a.id}/attendance", data=row(), headers=HX).status_code == 403
    assert recaps() == []


def test_the_grid_marks_a_sanction_in_force_during_the_month(client, world):
    services.record_sanction(world.person_a, {
        "level": "medium", "kind": "Pemotongan tunjangan kinerja 25% selama 6 bulan", "decision_number": "SK/1",
        "decision_date": date(2018, 2, 1), "starts_on": date(2018, 3, 15), "ends_on": date(2018, 9, 14), "note": ""})
    client.login_as(world.users["hr"])
    march = grid(client, world.opd_a)
    row_html = march[march.index(f'id="att-{world.person_a.id}"'):]
    assert "tag-bad" in row_html[:row_html.index("</tr>")]
    assert "tag-bad" not in grid(client, world.opd_a, month=2)


def test_query_count_does_not_grow_with_the_employees(client, world, count_queries):
    client.login_as(world.users["hr"])
    url = f"/discipline/unit/{world.opd_a.id}/attendance?year=2018&month=3"
    db.session.commit()
    with count_queries() as few:
        assert client.get(url).status_code == 200
    extra = make_unit(world.bidang_a, "Seksi Tambahan", kind="seksi")
    for n in range(12):
        person = make_employee(extra if n % 2 else world.seksi_a, f"Pegawai Tambahan {chr(65 + n)}")
        if n % 3:
            services.save_attendance(person, 2018, 3, {"absent_days": n % 4}, None)
        if n % 4 == 0:
            db.session.add(Sanction(employee=person, level="heavy", kind="Penurunan jabatan", decision_number=f"SK/{n}",
                                    decision_date=date(2018, 1, 2), starts_on=date(2018, 1, 2),
                                    ends_on=date(2018, 12, 31), note=""))
    db.session.commit()
    with count_queries() as many:
        page = client.get(url).get_data(as_text=True)
    assert "Pegawai Tambahan L" in page
    assert many.n == few.n, many.statements
    # the person page too: sanctions and recaps, one query each
    person = world.person_a
    person_url = f"/discipline/people/{person.id}"
    with count_queries() as one:
        assert client.get(person_url).status_code == 200
    for month in range(1, 7):
        services.save_attendance(person, 2018, month, {"leave_days": 1}, None)
        db.session.add(Sanction(employee=person, level="light", kind="Teguran lisan", decision_number=f"SK/L{month}",
                                decision_date=date(2018, month, 2), starts_on=date(2018, month, 2), note=""))
    db.session.commit()
    with count_queries() as six:
        assert client.get(person_url).status_code == 200
    assert six.n == one.n, six.statements


def test_a_derived_recap_is_read_only_and_marked_a_typed_one_says_so(client, world):
    """A recap the attendance pass derived from check-ins is shown, marked, linked to the person's days, and
    never typed over; a typed one says it was typed."""
    derived = AttendanceMonth(employee=world.person_a, year=2018, month=3, source="derived", present_days=19,
                              absent_days=1, late_arrivals=4)
    typist = make_employee(world.seksi_a, "Dewi Lestari", sex="P")
    db.session.add(derived)
    services.save_attendance(typist, 2018, 3, {"absent_days": 2}, None)
    db.session.flush()
    client.login_as(world.users["hr"])
    page = grid(client, world.opd_a)
    mine = page[page.index(f'id="att-{world.person_a.id}"'):]
    mine = mine[:mine.index("</tr>")]
    assert "<input" not in mine and 'class="derived"' in mine and "dari data kehadiran" in mine
    assert f'href="/attendance/people/{world.person_a.id}?year=2018&amp;month=3"' in mine
    theirs = page[page.index(f'id="att-{typist.id}"'):]
    theirs = theirs[:theirs.index("</tr>")]
    assert f'id="absent_days-{typist.id}"' in theirs and ">diketik<" in theirs
    with pytest.raises(Refused) as refused:
        services.save_attendance(world.person_a, 2018, 3, {"absent_days": 0}, derived.version)
    assert "dihitung dari data kehadiran" in str(refused.value.message)
    answer = client.post(f"/discipline/people/{world.person_a.id}/attendance", data=row(version=str(derived.version)),
                         headers=HX)
    assert answer.status_code == 422
    body = answer.get_data(as_text=True)
    assert 'role="alert"' in body and "tidak dapat diketik ulang" in body and "<input" not in body
    db.session.refresh(derived)
    assert (derived.source, derived.absent_days, derived.late_arrivals, derived.version) == ("derived", 1, 4, 1)
    assert client.post(f"/discipline/people/{world.person_a.id}/attendance",
                       data=row(version=str(derived.version))).status_code == 303  # without htmx: back, flashed
    db.session.refresh(derived)
    assert derived.absent_days == 1
