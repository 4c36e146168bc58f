"""Unit KPIs and input windows: the service rules, the KPI form, retiring, and the windows page."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from app.core.errors import Conflict, Refused
from app.extensions import db
from app.monitoring import kpis
from app.monitoring.models import ReportingWindow, UnitKpi


def kpi_data(**kw) -> dict:
    data = {"name": "Jumlah penerima manfaat yang dibina", "satuan": "orang", "polarity": "higher",
            "target": D(120), "target_min": None, "target_max": None, "tw1": D(30), "tw2": D(30), "tw3": D(30),
            "tw4": D(30), "aggregation": "sum", "period_kind": "quarter", "month_targets": None, "cap_pct": D(120),
            "definition": "", "data_source": "Laporan panti"}
    data.update(kw)
    return data


def form_data(**kw) -> dict:
    data = {"name": "Jumlah penerima manfaat yang dibina", "satuan": "orang", "polarity": "higher", "target": "120",
            "tw1": "30", "tw2": "30", "tw3": "30", "tw4": "30", "aggregation": "sum", "period_kind": "quarter",
            "cap_pct": "120", "definition": "", "data_source": "Laporan panti"}
    data.update(kw)
    return data


def _refused(call) -> Refused:
    with pytest.raises(Refused) as refused:
        call()
    return refused.value


# -- service rules ---------------------------------------------------------------------------------------------

def test_save_kpi_adds_in_order_and_clears_what_the_polarity_does_not_use(world):
    hr = world.users["hr"]
    first = kpis.save_kpi(world.seksi_a, 2018, hr, kpi_data(target_min=D(1), target_max=D(5)))
    second = kpis.save_kpi(world.seksi_a, 2018, hr, kpi_data(polarity="range", target=D(9), target_min=D(80),
                                                            target_max=D(100), tw1=None, tw2=None, tw3=None,
                                                            tw4=None))
    assert (first.position, second.position) == (1, 2)
    assert first.target == D(120) and first.target_min is None and first.target_max is None
    assert second.target is None and (second.target_min, second.target_max) == (D(80), D(100))
    assert first.active and first.key != second.key and first.unit_id == world.seksi_a.id


@pytest.mark.parametrize("changes, field", [
    ({"target": None}, "target"),
    ({"target": D(-1)}, "target"),
    ({"polarity": "range", "target_min": D(10), "target_max": D(5)}, "target_max"),
    ({"polarity": "range", "target_min": None, "target_max": D(5)}, "target_min"),
    ({"tw4": D(10)}, "tw1"),  # the quarters no longer give the annual target
    ({"tw4": None}, "tw1"),  # three quarters of four
    ({"period_kind": "month", "month_targets": ["10"] * 11 + [None]}, "m1"),
    ({"period_kind": "month", "month_targets": ["10"] * 11 + ["-1"]}, "m1"),
])
def test_save_kpi_refuses_bad_targets(world, changes, field):
    refused = _refused(lambda: kpis.save_kpi(world.seksi_a, 2018, world.users["hr"], kpi_data(**changes)))
    assert refused.field == field
    assert db.session.query(UnitKpi).count() == 0


def test_save_kpi_year_and_monthly_targets(world):
    hr = world.users["hr"]
    assert _refused(lambda: kpis.save_kpi(world.seksi_a, 1999, hr, kpi_data())).field == "year"
    assert _refused(lambda: kpis.save_kpi(world.seksi_a, 2101, hr, kpi_data())).field == "year"
    monthly = kpis.save_kpi(world.seksi_a, 2018, hr, kpi_data(period_kind="month", month_targets=["10"] * 12))
    assert monthly.months == (D(10),) * 12
    quarterly = kpis.save_kpi(world.seksi_a, 2018, hr, kpi_data(month_targets=["10"] * 12))
    assert quarterly.month_targets is None  # month targets only for a KPI reported monthly


def test_edit_with_a_stale_version_conflicts_and_retired_kpis_do_not_change(world):
    hr = world.users["hr"]
    kpi = kpis.save_kpi(world.seksi_a, 2018, hr, kpi_data())
    opened = kpi.version
    kpis.save_kpi(world.seksi_a, 2018, hr, kpi_data(name="Diubah"), kpi, expected=opened)
    assert kpi.version == opened + 1
    with pytest.raises(Conflict):
        kpis.save_kpi(world.seksi_a, 2018, hr, kpi_data(name="Lagi"), kpi, expected=opened)
    kpis.retire_kpi(kpi, hr, expected=kpi.version)
    assert not kpi.active and db.session.get(UnitKpi, kpi.id) is not None  # retired, never deleted
    _refused(lambda: kpis.save_kpi(world.seksi_a, 2018, hr, kpi_data(), kpi))


def test_a_role_that_does_not_define_kpis_is_refused(world):
    _refused(lambda: kpis.save_kpi(world.seksi_a, 2018, world.users["operator"], kpi_data()))
    _refused(lambda: kpis.save_kpi(world.seksi_a, 2018, world.outsider, kpi_data()))


def test_save_window_upserts_checks_the_order_and_deletes_on_empty_dates(world):
    hr = world.users["hr"]
    window = kpis.save_window(world.opd_a, 2018, "quarter", 1, date(2018, 4, 1), date(2018, 4, 10), hr)
    again = kpis.save_window(world.opd_a, 2018, "quarter", 1, date(2018, 4, 2), date(2018, 4, 12), hr)
    assert again.id == window.id and again.closes_on == date(2018, 4, 12)
    assert _refused(lambda: kpis.save_window(world.opd_a, 2018, "quarter", 2, date(2018, 7, 10),
                                             date(2018, 7, 1), hr)).field == "closes_on"
    assert _refused(lambda: kpis.save_window(world.opd_a, 2018, "quarter", 2, None, date(2018, 7, 1),
                                             hr)).field == "opens_on"
    assert _refused(lambda: kpis.save_window(world.opd_a, 2018, "quarter", 5, date(2018, 7, 1), date(2018, 7, 9),
                                             hr)).field == "period"
    assert kpis.save_window(world.opd_a, 2018, "month", 12, date(2019, 1, 1), date(2019, 1, 10), hr) is not None
    assert kpis.save_window(world.opd_a, 2018, "quarter", 1, None, None, hr) is None
    assert [(w.period_kind, w.period) for w in db.session.query(ReportingWindow)] == [("month", 12)]


def test_only_the_opd_root_has_windows_and_only_hr_sets_them(world):
    hr = world.users["hr"]
    _refused(lambda: kpis.save_window(world.bidang_a, 2018, "quarter", 1, date(2018, 4, 1), date(2018, 4, 9), hr))
    _refused(lambda: kpis.save_window(world.opd_a, 2018, "quarter", 1, date(2018, 4, 1), date(2018, 4, 9),
                                      world.users["leader"]))
    _refused(lambda: kpis.save_window(world.opd_a, 2018, "quarter", 1, date(2018, 4, 1), date(2018, 4, 9),
                                      world.outsider))
    assert db.session.query(ReportingWindow).count() == 0


# -- KPI screens ---------------------------------------------------------------------------------------------

def test_hr_creates_a_kpi(client, world):
    client.login_as(world.users["hr"])
    url = f"/monitoring/unit/{world.seksi_a.id}/kpis/new?year=2018"
    page = client.get(url)
    assert page.status_code == 200 and world.seksi_a.name in page.get_data(as_text=True)
    response = client.post(url, data=form_data(target="120", tw1="30,0"))
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/monitoring/unit/{world.seksi_a.id}?year=2018")
    kpi = db.session.query(UnitKpi).one()
    assert (kpi.unit_id, kpi.year, kpi.target, kpi.tw1, kpi.cap_pct) == (world.seksi_a.id, 2018, D(120), D(30), D(120))
    htmx = client.post(url, data=form_data(name="Kedua"), headers={"HX-Request": "true"})
    assert htmx.status_code == 204 and "HX-Redirect" in htmx.headers


def test_bad_input_answers_422_with_the_error_and_writes_nothing(client, world):
    client.login_as(world.users["hr"])
    url = f"/monitoring/unit/{world.seksi_a.id}/kpis/new?year=2018"
    missing = client.post(url, data=form_data(target=""), headers={"HX-Request": "true"})
    assert missing.status_code == 422
    body = missing.get_data(as_text=True)
    assert "Isi target tahunan" in body or "Give the annual target" in body
    assert "<html" not in body  # the form fragment only
    monthly = client.post(url, data=form_data(period_kind="month", m1="10"))
    assert monthly.status_code == 422 and 'id="m1-error"' in monthly.get_data(as_text=True)
    for bad in ({"target": "abc"}, {"target": "-5"}, {"polarity": "sideways"}, {"cap_pct": "150"},
                {"name": ""}, {"tw1": "10"}):
        assert client.post(url, data=form_data(**bad)).status_code == 422, bad
    assert client.get(f"/monitoring/unit/{world.seksi_a.id}/kpis/new?year=1900").status_code == 404
    assert db.session.query(UnitKpi).count() == 0


def test_edit_with_a_stale_version_shows_the_conflict_and_keeps_the_entries(client, world):
    kpi = kpis.save_kpi(world.seksi_a, 2018, world.users["hr"], kpi_data())
    opened = kpi.version
    client.login_as(world.users["hr"])
    url = f"/monitoring/kpis/{kpi.id}/edit"
    page = client.get(url).get_data(as_text=True)
    assert "Jumlah penerima manfaat yang dibina" in page and f'value="{opened}"' in page
    assert client.post(url, data=form_data(name="Versi pertama", version=opened)).status_code == 303
    assert kpi.name == "Versi pertama"
    stale = client.post(url, data=form_data(name="Versi basi", version=opened))
    assert stale.status_code == 409
    body = stale.get_data(as_text=True)
    assert "Versi basi" in body and ("Someone else changed this KPI" in body or "KPI ini" in body)
    assert db.session.get(UnitKpi, kpi.id).name == "Versi pertama"


def test_retire_keeps_the_kpi(client, world):
    kpi = kpis.save_kpi(world.seksi_a, 2018, world.users["hr"], kpi_data())
    client.login_as(world.users["leader"])
    assert f"/monitoring/kpis/{kpi.id}/retire" in client.get(f"/monitoring/kpis/{kpi.id}/edit").get_data(as_text=True)
    response = client.post(f"/monitoring/kpis/{kpi.id}/retire", data={"version": kpi.version})
    assert response.status_code == 303
    assert db.session.get(UnitKpi, kpi.id).active is False
    assert client.post(f"/monitoring/kpis/{kpi.id}/edit", data=form_data()).status_code == 422  # retired
    client.login_as(world.users["operator"])
    assert client.post(f"/monitoring/kpis/{kpi.id}/retire").status_code == 403


# -- windows page ---------------------------------------------------------------------------------------------

def test_windows_page_saves_a_row_and_shows_bad_dates_in_the_row(client, world):
    client.login_as(world.users["hr"])
    url = f"/monitoring/windows/{world.opd_a.id}?year=2018"
    page = client.get(url)
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert 'id="window-quarter-4"' in body and 'id="window-month-12"' in body
    saved = client.post(url, data={"period_kind": "quarter", "period": "1", "opens_on": "2018-04-01",
                                   "closes_on": "2018-04-10"}, headers={"HX-Request": "true"})
    assert saved.status_code == 200
    row = saved.get_data(as_text=True)
    assert row.lstrip().startswith('<tr id="window-quarter-1"') and 'value="2018-04-10"' in row
    window = db.session.query(ReportingWindow).one()
    assert (window.opd_id, window.year, window.period_kind, window.period) == (world.opd_a.id, 2018, "quarter", 1)

    bad = client.post(url, data={"period_kind": "quarter", "period": "1", "opens_on": "2018-04-20",
                                 "closes_on": "2018-04-10"}, headers={"HX-Request": "true"})
    assert bad.status_code == 422
    row = bad.get_data(as_text=True)
    assert 'id="closes_on-quarter-1-error"' in row and 'value="2018-04-20"' in row
    assert db.session.get(ReportingWindow, window.id).opens_on == date(2018, 4, 1)
    garbled = client.post(url, data={"period_kind": "month", "period": "3", "opens_on": "kemarin",
                                     "closes_on": "2018-04-10"})
    assert garbled.status_code == 422 and "<html" in garbled.get_data(as_text=True)  # no htmx: the whole page
    assert client.post(url, data={"period_kind": "month", "period": "13", "opens_on": "2018-04-01",
                                  "closes_on": "2018-04-10"}).status_code == 400
    removed = client.post(url, data={"period_kind": "quarter", "period": "1", "opens_on": "", "closes_on": ""})
    assert removed.status_code == 303
    assert db.session.query(ReportingWindow).count() == 0


def test_windows_belong_to_the_opd_root(client, world):
    client.login_as(world.users["hr"])
    response = client.get(f"/monitoring/windows/{world.bidang_a.id}?year=2018")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/monitoring/windows/{world.opd_a.id}?year=2018")
    assert client.get(f"/monitoring/windows/{world.opd_b.id}").status_code == 404  # another OPD


def test_a_leader_without_the_hr_role_cannot_open_the_windows(client, world):
    client.login_as(world.users["leader"])
    assert client.get(f"/monitoring/windows/{world.opd_a.id}?year=2018").status_code == 403
    response = client.post(f"/monitoring/windows/{world.opd_a.id}?year=2018",
                           data={"period_kind": "quarter", "period": "1", "opens_on": "2018-04-01",
                                 "closes_on": "2018-04-10"})
    assert response.status_code == 403
    assert db.session.query(ReportingWindow).count() == 0
