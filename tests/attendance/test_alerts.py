"""PP 94/2021 alerts: the thresholds at each boundary (hand-worked), the consecutive-days rule with days off inside
a run, properties of the rule (hypothesis), the counters of a scope and the page HR reads."""

from __future__ import annotations

import re
from datetime import date, timedelta
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import insert

from app.attendance import alerts
from app.attendance.alerts import DISMISSAL, LEVEL_RANK, THRESHOLDS, alert_for, longest_run
from app.attendance.models import AttendanceDay
from app.discipline.models import AttendanceMonth, Sanction
from app.discipline.services import SANCTION_KINDS
from app.extensions import db
from tests.factories import make_employee, make_unit, make_user

LISAN, TERTULIS, TIDAK_PUAS = SANCTION_KINDS["light"]
CUT_6, CUT_9, CUT_12 = SANCTION_KINDS["medium"]
DEMOTION, PELAKSANA, DISMISSED = SANCTION_KINDS["heavy"]

# (TK days in the year, longest run) -> (level, kind reached, next threshold's days, days left, close)
CASES = [
    ((0, 0), (None, None, 3, 3, False)),
    ((1, 1), (None, None, 3, 2, False)),
    ((2, 2), (None, None, 3, 1, True)),  # one day before the first threshold
    ((3, 1), ("light", LISAN, 4, 1, True)),  # reached, and one day before the next
    ((4, 1), ("light", TERTULIS, 7, 3, False)),
    ((5, 2), ("light", TERTULIS, 7, 2, False)),
    ((6, 3), ("light", TERTULIS, 7, 1, True)),
    ((7, 1), ("light", TIDAK_PUAS, 11, 4, False)),
    ((10, 1), ("light", TIDAK_PUAS, 11, 1, True)),
    ((11, 2), ("medium", CUT_6, 14, 3, False)),
    ((13, 2), ("medium", CUT_6, 14, 1, True)),
    ((14, 2), ("medium", CUT_9, 17, 3, False)),
    ((16, 2), ("medium", CUT_9, 17, 1, True)),
    ((17, 2), ("medium", CUT_12, 21, 4, False)),
    ((20, 2), ("medium", CUT_12, 21, 1, True)),
    ((21, 2), ("heavy", DEMOTION, 25, 4, False)),
    ((24, 2), ("heavy", DEMOTION, 25, 1, True)),
    ((25, 2), ("heavy", PELAKSANA, 28, 3, False)),
    ((27, 2), ("heavy", PELAKSANA, 28, 1, True)),
    ((28, 2), ("heavy", DISMISSED, None, None, False)),  # the last threshold: nothing beyond it
    ((60, 5), ("heavy", DISMISSED, None, None, False)),
]


@pytest.mark.parametrize("counters, expected", CASES, ids=[f"tk{c[0]}-run{c[1]}" for c, _ in CASES])
def test_thresholds_at_each_boundary(counters, expected):
    found = alert_for(*counters)
    level, kind, following, left, close = expected
    assert found.level == level
    assert (found.reached.kind if found.reached else None) == kind
    assert (found.next.days if found.next else None) == following
    assert (found.days_left, found.close, found.by_run) == (left, close, False)
    assert found.shown == (level is not None or close)


def test_the_table_follows_pp_94_2021():
    assert [t.days for t in THRESHOLDS] == [3, 4, 7, 11, 14, 17, 21, 25, 28]
    assert [t.level for t in THRESHOLDS] == ["light"] * 3 + ["medium"] * 3 + ["heavy"] * 3
    assert [t.kind for t in THRESHOLDS] == [k for level in ("light", "medium", "heavy") for k in SANCTION_KINDS[level]]
    assert DISMISSAL.run == 10 and "94/2021" in alerts.SOURCE


# Two weeks of February 2018 in WIB: Friday 16 February is Imlek (a national holiday).
def _days(first: date, statuses: str) -> list[tuple[date, str]]:
    """One letter a day from ``first``: A absent (TK), P present, W weekend, H holiday, L leave."""
    names = {"A": "absent", "P": "present", "W": "weekend", "H": "holiday", "L": "leave_annual"}
    return [(first + timedelta(days=n), names[c]) for n, c in enumerate(statuses)]


MON_5_FEB = date(2018, 2, 5)


@pytest.mark.parametrize("pattern, run", [
    # Mon 5 .. Sun 18 Feb: 9 working days of TK around a weekend and Imlek (Fri 16), then Mon 19 present
    ("AAAAAWWAAAHWWAP", 9),
    # the same, and Mon 19 TK too: the 10th working day in a row (the weekends and the holiday do not break it)
    ("AAAAAWWAAAHWWAA", 10),
    ("AAAAAWWAAAPWWAAAAA", 8),  # a day present breaks it: 8 working days in a row before it, 5 after
    ("AAAAAWWAAAALWWAA", 9),  # so does a day of leave: 9, then 2
    ("WWWHH", 0),
])
def test_consecutive_working_days_with_days_off_inside(pattern, run):
    assert longest_run(_days(MON_5_FEB, pattern)) == run


def test_a_month_without_daily_statuses_breaks_a_run():
    january = _days(date(2018, 1, 22), "AAAAAWW")  # 5 TK to Sun 28 Jan (29–31 Jan not computed)
    february = _days(date(2018, 2, 1), "AAWWAAAAA")  # 7 more in February
    assert longest_run(january + february) == 7
    assert longest_run(_days(date(2018, 1, 22), "AAAAAWWAAAAA")) == 10  # had the days been there


@pytest.mark.parametrize("tk, run, dismissed", [(9, 9, False), (10, 10, True), (12, 10, True), (10, 9, False)])
def test_ten_consecutive_working_days_call_for_dismissal(tk, run, dismissed):
    found = alert_for(tk, run)
    assert (found.reached is DISMISSAL) == dismissed
    assert found.by_run == dismissed
    if dismissed:
        assert (found.next, found.days_left, found.close, found.close_by_run) == (None, None, False, False)
    else:
        assert found.close_by_run  # a run of 9: one working day short of 10
        assert found.level == "light"


def test_counters_must_make_sense():
    with pytest.raises(ValueError):
        alert_for(3, 4)
    with pytest.raises(ValueError):
        alert_for(-1, 0)


@given(st.integers(0, 400), st.integers(0, 400), st.integers(0, 30))
def test_more_days_never_lower_the_alert(a, b, run):
    low, high = sorted((a, b))
    run = min(run, low)
    assert alert_for(low, run).rank <= alert_for(high, run).rank
    assert LEVEL_RANK[alert_for(low, run).level] <= LEVEL_RANK[alert_for(high, run).level]


@given(st.integers(0, 400), st.integers(0, 30), st.integers(0, 30))
def test_a_longer_run_never_lowers_the_alert(tk, a, b):
    low, high = sorted((min(a, tk), min(b, tk)))
    assert alert_for(tk, low).rank <= alert_for(tk, high).rank


@given(st.integers(0, 400), st.integers(0, 30))
def test_the_next_threshold_is_the_first_above_the_days(tk, run):
    run = min(run, tk)
    found = alert_for(tk, run)
    reached_by_days = [t for t in THRESHOLDS if t.days <= tk]
    if found.reached is DISMISSAL:
        assert found.next is None and not found.close and not found.close_by_run
        assert tk >= 28 or run >= 10
    else:
        assert found.reached == (reached_by_days[-1] if reached_by_days else None)
        assert found.next.days > tk and all(t.days <= tk for t in THRESHOLDS[:THRESHOLDS.index(found.next)])
        assert found.close == (found.days_left == 1)


# -- the counters of a scope -------------------------------------------------------------------------------------

def _absent(employee, days: list[date]) -> None:
    """TK on ``days``, and the weekends between them (as the monthly pass leaves them)."""
    weekends = [days[0] + timedelta(days=n) for n in range((days[-1] - days[0]).days)]
    rows = [(d, "absent") for d in days] + [(d, "weekend") for d in weekends if d.weekday() > 4]
    db.session.execute(insert(AttendanceDay), [{"employee_id": employee.id, "day": d, "status": status,
                                                "late_code": 0, "early_code": 0, "missed_roll_call": False}
                                               for d, status in rows])


def _workdays(first: date, count: int) -> list[date]:
    found, day = [], first
    while len(found) < count:
        if day.weekday() < 5:
            found.append(day)
        day += timedelta(days=1)
    return found


def _world_with_alerts(world):
    """person_a: 11 TK in March 2018, not in a row (medium); a typed recap with 2 TK in January adds to them;
    a THL worker with 5 TK (no PP 94/2021 alert); person_b (OPD B): 3 TK; a 2017 TK does not count."""
    spread = [d for i, d in enumerate(_workdays(date(2018, 3, 1), 22)) if i % 2 == 0][:11]
    _absent(world.person_a, spread)
    _absent(world.person_a, [date(2017, 12, 28)])
    db.session.add(AttendanceMonth(employee_id=world.person_a.id, year=2018, month=1, absent_days=2))
    thl = make_employee(world.bidang_a, "Asep Suryana", employment_type="thl")
    _absent(thl, _workdays(date(2018, 3, 1), 5))
    _absent(world.person_b, _workdays(date(2018, 3, 1), 3))
    db.session.flush()
    return thl


def test_year_alerts_count_days_and_typed_months_in_scope(world):
    _world_with_alerts(world)
    from app.accounts.access import scoped
    from app.org.models import Employee

    found = alerts.year_alerts(2018, scoped(world.users["hr"], "attendance.manage", Employee))
    assert [(a.employee.id, a.alert.tk_days, a.alert.level) for a in found] == [(world.person_a.id, 13, "medium")]
    assert found[0].alert.reached.kind == CUT_6 and found[0].alert.longest_run == 1 and found[0].run_known
    everyone = alerts.year_alerts(2018, scoped(world.users["admin"], "attendance.manage", Employee))
    assert [a.employee.id for a in everyone] == [world.person_a.id, world.person_b.id]
    assert alerts.year_alerts(2017, scoped(world.users["admin"], "attendance.manage", Employee)) == []


def test_people_no_longer_working_raise_no_alert(world):
    from app.accounts.access import scoped
    from app.org.models import Employee

    retired = make_employee(world.bidang_a, "Sutrisno", status="pensiun")
    _absent(retired, _workdays(date(2018, 1, 8), 12))
    db.session.flush()
    assert alerts.year_alerts(2018, scoped(world.users["hr"], "attendance.manage", Employee)) == []


def test_runs_are_read_only_for_people_with_enough_days(world, count_queries):
    from app.accounts.access import scoped
    from app.org.models import Employee

    scope = scoped(world.users["hr"], "attendance.manage", Employee)
    _absent(world.person_a, _workdays(date(2018, 2, 19), 4))
    db.session.flush()
    with count_queries() as few:
        found = alerts.year_alerts(2018, scope)
    assert few.n == 1 and found[0].alert.tk_days == 4
    assert (found[0].alert.longest_run, found[0].run_known) == (0, False)  # not read: 4 days cannot make 10
    with count_queries() as one:
        assert alerts.with_runs(2018, found)[0].alert.longest_run == 4  # Mon 19 – Thu 22 February
    assert one.n == 1
    extra = make_unit(world.bidang_a, "Seksi Tambahan", kind="seksi")
    for n in range(15):  # 15 more people, 5 of them with a run of 10 (through the weekend of 10–11 March)
        person = make_employee(extra, f"Pegawai Tambahan {n}")
        _absent(person, _workdays(date(2018, 3, 5), 10 if n % 3 == 0 else 3 + n % 3))
    db.session.flush()
    with count_queries() as many:
        found = alerts.year_alerts(2018, scope)
    assert many.n == 2  # the counts, then the runs of those with 9 TK days or more
    assert sum(a.alert.by_run for a in found) == 5 and found[0].alert.reached is DISMISSAL


# -- the page ---------------------------------------------------------------------------------------------------

def test_hr_sees_the_alert_and_records_the_sanction_from_it(client, world):
    _world_with_alerts(world)
    db.session.add(Sanction(employee_id=world.person_a.id, level="light", kind=LISAN, decision_number="SK/TL/1",
                            decision_date=date(2018, 3, 20), starts_on=date(2018, 3, 20), note=""))
    db.session.commit()
    client.login_as(world.users["hr"])
    page = client.get("/attendance/alerts?year=2018").get_data(as_text=True)
    row = page[page.index(f'id="alert-{world.person_a.id}"'):]
    row = row[:row.index("</tr>")]
    assert "Siti Aminah" in row and ">13 hari<" in row and CUT_6 in row and "SK/TL/1" in row
    assert "paling lama 1 hari kerja berturut-turut" in row
    assert "Asep Suryana" not in page and "Joko Widodo" not in page  # not ASN; another OPD
    link = unescape(re.search(r'href="([^"]*/sanctions/new[^"]*)"', row).group(1))
    assert urlsplit(link).path == f"/discipline/people/{world.person_a.id}/sanctions/new"
    query = parse_qs(urlsplit(link).query)
    assert query["level"] == ["medium"] and query["kind"] == [CUT_6]
    assert "13" in query["note"][0] and "2018" in query["note"][0]
    form = client.get(link).get_data(as_text=True)
    assert '<option selected value="medium">' in form and f'value="{CUT_6}"' in form
    assert db.session.query(Sanction).count() == 1  # the alert and the form impose nothing


def test_who_may_open_the_alerts(client, world):
    _world_with_alerts(world)
    db.session.commit()
    for role, status in (("hr", 200), ("admin", 200), ("leader", 403), ("operator", 403), ("employee", 403)):
        client.login_as(world.users[role])
        assert client.get("/attendance/alerts?year=2018").status_code == status, role
    client.login_as(world.outsider)
    page = client.get("/attendance/alerts?year=2018").get_data(as_text=True)
    assert "Joko Widodo" in page and "Siti Aminah" not in page


def test_an_empty_year_says_so(client, world):
    client.login_as(world.users["hr"])
    page = client.get("/attendance/alerts?year=2019").get_data(as_text=True)
    assert 'class="empty"' in page


def test_the_page_costs_the_same_for_more_people(client, world, count_queries):
    _world_with_alerts(world)
    _absent(make_employee(world.seksi_a, "Rina Lestari"), _workdays(date(2018, 5, 7), 3))  # a run read for the page
    db.session.commit()
    client.login_as(world.users["hr"])
    with count_queries() as few:
        assert client.get("/attendance/alerts?year=2018").status_code == 200
    extra = make_unit(world.bidang_a, "Seksi Tambahan", kind="seksi")
    for n in range(12):
        person = make_employee(extra, f"Pegawai Tambahan {chr(65 + n)}")
        _absent(person, _workdays(date(2018, 4, 2), 10 if n % 4 == 0 else 2 + n))
        db.session.add(Sanction(employee=person, level="light", kind=LISAN, decision_number=f"SK/{n}",
                                decision_date=date(2018, 5, 2), starts_on=date(2018, 5, 2), note=""))
    make_user("hr2", [("hr", world.opd_a)])
    db.session.commit()
    with count_queries() as many:
        page = client.get("/attendance/alerts?year=2018").get_data(as_text=True)
    assert "Pegawai Tambahan L" in page
    assert many.n == few.n, many.statements
