"""Reminders: which periods are due (pure), what is missing for the operator, what waits for the PIHAK KEDUA."""

from __future__ import annotations

from collections import namedtuple
from datetime import date
from decimal import Decimal as D

import pytest

from app.extensions import db
from app.monitoring import services
from app.monitoring.models import ReportingWindow, UnitKpi
from app.monitoring.reminders import Due, collect, due_periods
from app.org.models import Unit
from tests.agreements.conftest import officials  # noqa: F401  (fixture)
from tests.monitoring.test_realisation import in_force  # noqa: F401  (fixture)

W = namedtuple("W", "opens_on closes_on")
TW1 = {1: W(date(2018, 4, 1), date(2018, 4, 10))}
TODAY = date(2018, 4, 5)


@pytest.mark.parametrize(("kind", "windows", "today", "expected"), [
    # no window: a quarter is due from the day after it ends, with no closing date
    ("quarter", {}, date(2018, 3, 31), ()),
    ("quarter", {}, date(2018, 4, 1), (Due(1, None, False),)),
    ("quarter", {}, date(2018, 12, 31), tuple(Due(q, None, False) for q in (1, 2, 3))),
    ("quarter", {}, date(2019, 1, 1), tuple(Due(q, None, False) for q in (1, 2, 3, 4))),
    ("month", {}, date(2018, 3, 1), (Due(1, None, False), Due(2, None, False))),
    # a window: due once it opens (even before the quarter ends), overdue once it has closed
    ("quarter", {1: W(date(2018, 3, 25), date(2018, 4, 10))}, date(2018, 3, 28), (Due(1, date(2018, 4, 10), False),)),
    ("quarter", {1: W(date(2018, 4, 5), date(2018, 4, 15))}, date(2018, 4, 2), ()),  # before it opens
    ("quarter", TW1, date(2018, 4, 1), (Due(1, date(2018, 4, 10), False),)),
    ("quarter", TW1, date(2018, 4, 10), (Due(1, date(2018, 4, 10), False),)),  # the closing day itself
    ("quarter", TW1, date(2018, 4, 11), (Due(1, date(2018, 4, 10), True),)),  # after closing: overdue
    # windows for some periods, the calendar for the others
    ("quarter", TW1, date(2018, 7, 2), (Due(1, date(2018, 4, 10), True), Due(2, None, False))),
])
def test_due_periods(kind, windows, today, expected):
    assert due_periods(2018, kind, windows, today) == expected


def test_operator_sees_what_is_missing(officials, in_force):  # noqa: F811
    agreement, key, operator = in_force
    assert collect(operator, 2018, date(2018, 3, 31)).missing == ()  # nothing due yet
    found = collect(operator, 2018, TODAY)
    assert [(m.line_name, m.period_label, m.status, m.closes_on, m.overdue) for m in found.missing] == [
        ("Jumlah titik rawan PMKS yang diawasi", "Tw I", "none", None, False)]
    assert found.missing[0].official == "Mariana" and found.missing[0].unit_name == "Bidang Rehabilitasi Sosial"
    assert found.waiting == ()  # an operator verifies nothing

    db.session.add(ReportingWindow(opd_id=officials.world.opd_a.id, year=2018, period_kind="quarter", period=1,
                                   opens_on=date(2018, 4, 1), closes_on=date(2018, 4, 10)))
    realisation = services.enter(agreement, key, 1, D(60), "", operator, TODAY)
    found = collect(operator, 2018, date(2018, 4, 12))
    assert [(m.status, m.closes_on, m.overdue) for m in found.missing] == [("draft", date(2018, 4, 10), True)]
    assert found.n_overdue == 1
    services.submit(realisation, operator)
    assert collect(operator, 2018, date(2018, 4, 12)).n_missing == 0


def test_pihak_kedua_sees_what_waits_for_verification(officials, in_force):  # noqa: F811
    agreement, key, operator = in_force
    realisation = services.enter(agreement, key, 1, D(60), "", operator, TODAY)
    services.submit(realisation, operator)
    kadis, kabid, hr = officials.users["kadis"], officials.users["kabid"], officials.world.users["hr"]
    found = collect(kadis, 2018, TODAY)
    assert [(w.line_name, w.period_label, w.value, w.official) for w in found.waiting] == [
        ("Jumlah titik rawan PMKS yang diawasi", "Tw I", D(60), "Mariana")]
    assert found.n_waiting == 1 and found.n_missing == 0
    assert collect(hr, 2018, TODAY).n_waiting == 1  # HR verifies too
    assert collect(kabid, 2018, TODAY).waiting == ()  # a leader, but the official themself, not PIHAK KEDUA
    assert collect(officials.world.outsider, 2018, TODAY).waiting == ()  # another OPD's HR sees nothing
    services.verify(realisation, kadis, accept=True)
    assert collect(kadis, 2018, TODAY).waiting == ()


def test_monthly_kpi_and_leader_over_the_unit(officials, in_force):  # noqa: F811
    world = officials.world
    kpi = UnitKpi(unit_id=world.seksi_a.id, year=2018, name="Anak dilayani", satuan="anak", target=D(120),
                  period_kind="month", key="kpimonthly")
    db.session.add(kpi)
    db.session.flush()
    operator = in_force[2]
    found = collect(officials.users["kasi"], 2018, date(2018, 3, 1))
    assert [(m.line_name, m.period, m.status) for m in found.missing] == [("Anak dilayani", 1, "none"),
                                                                          ("Anak dilayani", 2, "none")]
    realisation = services.enter(kpi, kpi.key, 1, D(10), "", world.users["operator"], date(2018, 2, 2), kind="month")
    services.submit(realisation, world.users["operator"])
    assert [w.line_name for w in collect(officials.users["kasi"], 2018, date(2018, 3, 1)).waiting] == ["Anak dilayani"]
    assert collect(operator, 2018, date(2018, 3, 1)).waiting == ()  # an operator over the unit verifies nothing


def test_the_working_year_is_the_latest_with_an_agreement_in_force(app, officials, in_force):  # noqa: F811
    from flask import g

    from app.core.clock import agency_today
    from app.org.years import working_year

    def year_of(user) -> int:
        g.pop("working_year", None)  # remembered for one request: the tests share one app context
        return working_year(user)

    operator = in_force[2]
    assert year_of(operator) == 2018
    assert year_of(officials.world.outsider) == agency_today().year  # nothing in force: the clock's year
    opd = db.session.get(Unit, int(operator.roles[0].unit_path.strip("/").split("/")[0]))
    opd.working_year = 2017  # the OPD's setting wins
    assert year_of(operator) == 2017


def test_page_lists_missing_and_waiting(client, officials, in_force):  # noqa: F811
    agreement, key, operator = in_force
    kadis, outsider = officials.users["kadis"], officials.world.outsider
    for user in (operator, kadis, outsider):
        user.locale = "en"  # the assertions read the English text, whatever the translations say
    db.session.add(ReportingWindow(opd_id=officials.world.opd_a.id, year=2018, period_kind="quarter", period=2,
                                   opens_on=date(2018, 7, 1), closes_on=date(2018, 7, 10)))
    realisation = services.enter(agreement, key, 1, D(60), "", operator, TODAY)
    services.submit(realisation, operator)
    client.login_as(operator)
    response = client.get("/monitoring/reminders?year=2018")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Jumlah titik rawan PMKS yang diawasi" in page and "Tw II" in page and "10 July 2018" in page
    assert "overdue" in page  # today is long after July 2018
    assert "Waiting for your verification" not in page  # an operator verifies nothing
    client.login_as(kadis)
    response = client.get("/monitoring/reminders")  # the default year is the latest with an agreement: 2018
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Reminders 2018" in page
    assert "Waiting for your verification (1)" in page and "Tw I" in page
    home = client.get("/").get_data(as_text=True)
    assert "/monitoring/reminders?year=2018" in home
    assert "waiting for your verification" in client.get("/tasks/tiles").get_data(as_text=True)
    client.login_as(outsider)
    page = client.get("/monitoring/reminders").get_data(as_text=True)
    assert "Nothing is missing and nothing waits for your verification" in page
    assert client.get("/monitoring/reminders?year=99999").status_code == 422


def test_page_and_home_query_counts_do_not_grow_with_the_data(client, officials, in_force, count_queries):  # noqa: F811
    agreement, key, operator = in_force
    hr = officials.world.users["hr"]
    realisation = services.enter(agreement, key, 1, D(60), "", operator, TODAY)
    services.submit(realisation, operator)
    db.session.add(UnitKpi(unit_id=officials.world.opd_a.id, year=2018, name="KPI OPD", satuan="orang", target=D(1)))
    client.login_as(hr)
    db.session.commit()  # count the page's statements, not the writes the client hands over first
    with count_queries() as one_page:  # two units: the summary
        assert client.get("/monitoring/reminders?year=2018").status_code == 200
    with count_queries() as one_home:
        client.get("/")
        client.get("/tasks/tiles")
    world = officials.world
    for n, unit in enumerate((world.opd_a, world.bidang_a, world.seksi_a, world.seksi_a)):
        kpi = UnitKpi(unit_id=unit.id, year=2018, name=f"KPI {n}", satuan="orang", target=D(10), key=f"kpi{n}",
                      period_kind="month" if n % 2 else "quarter")
        db.session.add(kpi)
        db.session.flush()
        value = services.enter(kpi, kpi.key, 1, D(n), "", world.users["operator"], TODAY, kind=kpi.period_kind)
        services.submit(value, world.users["operator"])
    db.session.add(ReportingWindow(opd_id=world.opd_a.id, year=2018, period_kind="quarter", period=1,
                                   opens_on=date(2018, 4, 1), closes_on=date(2018, 4, 10)))
    db.session.commit()
    with count_queries() as many_page:
        page = client.get("/monitoring/reminders?year=2018").get_data(as_text=True)
    with count_queries() as many_home:
        client.get("/")
        client.get("/tasks/tiles")
    assert f"/monitoring/reminders?year=2018&amp;unit={world.seksi_a.id}" in page  # the summary per unit
    assert many_page.n == one_page.n, many_page.statements
    assert many_home.n == one_home.n, many_home.statements
    unit_page = f"/monitoring/reminders?year=2018&unit={world.seksi_a.id}"
    with count_queries() as one_unit:
        page = client.get(unit_page).get_data(as_text=True)
    assert "KPI 3" in page and "KPI 2" in page and "KPI 0" not in page  # the unit's own lines only
    kpi = UnitKpi(unit_id=world.seksi_a.id, year=2018, name="KPI 4", satuan="orang", target=D(10), key="kpi4")
    db.session.add(kpi)
    db.session.commit()
    with count_queries() as more_unit:
        page = client.get(unit_page).get_data(as_text=True)
    assert "KPI 4" in page and more_unit.n == one_unit.n, more_unit.statements


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_summary_counts_what_collect_lists(officials, in_force, seed):  # noqa: F811
    """``summary`` (from the kept per-period figures) and ``collect`` (from the lines) agree for every unit and
    user: values of every status, entered by the verifier themselves or not, monthly and quarterly KPIs, an
    inactive KPI, a value left from an indicator no longer in the agreement, windows open and closed."""
    import random

    from app.monitoring.models import Realisation
    from app.monitoring.reminders import summary

    rng = random.Random(seed)
    world = officials.world
    agreement, key, operator = in_force
    hr, kadis = world.users["hr"], officials.users["kadis"]
    kpis = [UnitKpi(unit_id=unit.id, year=2018, name=f"KPI {n}", satuan="orang", target=D(10), key=f"k{seed}{n}",
                    period_kind=rng.choice(("month", "quarter")), active=n != 3)
            for n, unit in enumerate((world.opd_a, world.bidang_a, world.seksi_a, world.seksi_a, world.seksi_a))]
    db.session.add_all(kpis)
    db.session.flush()
    subjects = [(kpi, kpi.unit_id, kpi.key, kpi.period_kind) for kpi in kpis]
    subjects += [(agreement, agreement.unit_id, k, "quarter") for k in (key, "gone-indicator")]
    subjects.append((agreement, agreement.unit_id, key, "month"))  # values of another kind than the line's
    enterers = (hr.id, kadis.id, operator.id, None)
    for subject, unit_id, line_key, kind in subjects:
        for period in range(1, (13 if kind == "month" else 5)):
            status = rng.choice(("none", "draft", "submitted", "submitted", "accepted", "returned"))
            if status == "none":
                continue
            db.session.add(Realisation(
                agreement_id=subject.id if subject is agreement else None,
                kpi_id=None if subject is agreement else subject.id, indicator_key=line_key, unit_id=unit_id,
                year=2018, period_kind=kind, period=period, value=D(period), status=status,
                entered_by_id=enterers[(period + seed) % 4]))
    db.session.add(ReportingWindow(opd_id=world.opd_a.id, year=2018, period_kind="quarter", period=2,
                                   opens_on=date(2018, 7, 1), closes_on=date(2018, 7, 10)))
    db.session.add(ReportingWindow(opd_id=world.opd_a.id, year=2018, period_kind="month", period=9,
                                   opens_on=date(2018, 9, 20), closes_on=date(2018, 10, 20)))
    db.session.commit()  # the per-period figures are written before the commit
    for today in (date(2018, 4, 5), date(2018, 7, 5), date(2018, 10, 1), date(2019, 2, 1)):
        for user in (hr, kadis, operator, officials.users["kasi"], officials.users["kabid"], world.outsider):
            listed = collect(user, 2018, today)
            expected = {}
            for row in listed.missing:
                counts = expected.setdefault(row.unit_id, [0, 0, 0, 0])
                counts[0] += 1
                counts[1] += row.overdue
                counts[2] += row.closes_on is not None and not row.overdue
            for row in listed.waiting:
                expected.setdefault(row.unit_id, [0, 0, 0, 0])[3] += 1
            found = {u.unit_id: [u.missing, u.overdue, u.closing, u.waiting] for u in summary(user, 2018, today).units}
            assert found == expected, (user.username, today)
