"""Many values at once: the operator submits every saved value of a period, the verifier accepts the values they
tick; one decision each, all or nothing, naming every value that stops it. Also accept/return on a value's own
page, what the verifier's grid leaves out, and its cost in statements whatever the number of values."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal as D

import pytest
from sqlalchemy import select

from app.audit.models import AuditLog
from app.core.errors import Refused
from app.extensions import db
from app.monitoring import bulk, services
from app.monitoring.models import Realisation, UnitKpi, UnitStat
from tests.agreements.conftest import officials  # noqa: F401  (fixture)
from tests.agreements.test_pdf import _signed
from tests.factories import make_user

TODAY = date(2018, 4, 5)
HX = {"HX-Request": "true"}
GRID = "/monitoring/unit/{unit}/grid?year=2018&kind=quarter&period=1"


@pytest.fixture
def period(officials, app):  # noqa: F811
    """Bidang Rehabilitasi Sosial, Tw I 2018: an agreement in force with four indicators (PIHAK KEDUA: the
    Kepala Dinas) and four unit KPIs, every value entered by the unit's operator and none submitted yet."""
    agreement = _signed(officials, app, n_indicators=4).agreement
    unit = officials.world.bidang_a
    operator = make_user("op_bulk", [("operator", unit)])
    kpis = [UnitKpi(unit_id=unit.id, year=2018, name=f"KPI unit {n}", satuan="orang", target=D(40), tw1=D(10),
                    key=f"bulk{n}", position=n) for n in range(4)]
    db.session.add_all(kpis)
    db.session.flush()
    values = [services.enter(agreement, i.key, 1, D(50 + n), "", operator, TODAY)
              for n, i in enumerate(agreement.in_force.indicators)]
    values += [services.enter(kpi, kpi.key, 1, D(10 + n), "", operator, TODAY) for n, kpi in enumerate(kpis)]
    db.session.commit()
    return unit, operator, values


def _tokens(realisations) -> list[str]:
    return [f"{r.id}:{r.version}" for r in realisations]


def _post(client, unit, what, name, realisations, **extra):
    data = {"year": "2018", "kind": "quarter", "period": "1", name: _tokens(realisations), **extra}
    return client.post(f"/monitoring/unit/{unit.id}/{what}", data=data, headers=HX)


def _flash(client, unit) -> str:
    page = client.get(GRID.format(unit=unit.id)).get_data(as_text=True)
    return " ".join(re.findall(r'class="flash [^"]*"[^>]*>([^<]*)<', page))


def test_the_operator_submits_every_saved_value_at_once(client, officials, period):  # noqa: F811
    unit, operator, values = period
    client.login_as(operator)
    page = client.get(GRID.format(unit=unit.id)).get_data(as_text=True)
    assert 'id="submit-all"' in page and "hx-confirm=" in page.split('id="submit-all"')[1].split(">")[0]
    assert page.count('name="saved"') == len(values) and 'name="selected"' not in page  # the operator ticks none
    response = _post(client, unit, "submit", "saved", values)
    assert response.status_code == 204 and response.headers["HX-Redirect"].endswith("period=1")
    assert {r.status for r in values} == {"submitted"}
    assert "8 nilai Tw I 2018 diajukan ke verifikator." in _flash(client, unit)


def test_submitting_is_all_or_nothing_and_names_what_stops_it(client, officials, period):  # noqa: F811
    unit, operator, values = period
    hr = officials.world.users["hr"]
    first, second = values[0], values[5]
    shown = list(values)  # the page the operator opened
    services.submit(first, operator)  # meanwhile: the first sent from its row, and HR returned nothing yet
    services.enter(second.kpi, second.kpi.key, 1, D(99), "", hr, TODAY)  # another value changed by HR
    db.session.commit()
    versions = {r.id: r.version for r in values}
    client.login_as(operator)
    data = {"year": "2018", "kind": "quarter", "period": "1",
            "saved": [f"{r.id}:{r.version - (r is first or r is second)}" for r in shown]}
    response = client.post(f"/monitoring/unit/{unit.id}/submit", data=data, headers=HX)
    assert response.status_code == 204
    db.session.expire_all()
    assert [r.status for r in values].count("submitted") == 1 and {r.id: r.version for r in values} == versions
    message = _flash(client, unit)
    assert message.startswith("Tidak ada nilai yang diajukan: ")
    assert "“Jumlah titik rawan PMKS yang diawasi” sudah berubah" in message
    assert "“KPI unit 1” sudah berubah" in message and "KPI unit 2" not in message


def test_submit_many_refuses_a_value_without_a_number_or_not_theirs(officials, period):  # noqa: F811
    unit, operator, values = period
    services.enter(values[4].kpi, values[4].kpi.key, 1, None, "belum ada", operator, TODAY)
    stranger = make_user("op_other", [("operator", officials.world.seksi_a)])
    with pytest.raises(Refused) as refused:
        bulk.submit_many(unit, 2018, "quarter", 1, {r.id: r.version for r in values}, operator)
    assert "“KPI unit 0” belum berisi nilai" in str(refused.value.message)
    with pytest.raises(Refused) as refused:
        bulk.submit_many(unit, 2018, "quarter", 1, {r.id: r.version for r in values[:4]}, stranger)
    assert str(refused.value.message).count("hanya operator unit") == 4
    with pytest.raises(Refused) as refused:  # a value of another period is not among them: nothing changes
        bulk.submit_many(unit, 2018, "quarter", 2, {values[0].id: values[0].version}, operator)
    assert "muat ulang" in str(refused.value.message)
    with pytest.raises(Refused) as refused:
        bulk.submit_many(unit, 2018, "quarter", 1, {}, operator)
    assert "Belum ada nilai tersimpan" in str(refused.value.message)
    assert {r.status for r in values} == {"draft"}


def test_the_verifier_ticks_values_and_accepts_them_at_once(client, officials, period):  # noqa: F811
    unit, operator, values = period
    bulk.submit_many(unit, 2018, "quarter", 1, {r.id: r.version for r in values}, operator)
    db.session.commit()
    kadis = officials.users["kadis"]
    client.login_as(kadis)
    page = client.get(GRID.format(unit=unit.id)).get_data(as_text=True)
    assert page.count('name="selected"') == len(values) and 'data-select-all="accept-selected"' in page
    form = page.split('id="accept-selected"')[1].split(">")[0]
    assert "hx-confirm=" in form and "hx-post=" in form
    response = _post(client, unit, "accept", "selected", values[:3] + values[5:6])
    assert response.status_code == 204
    assert [r.status for r in values].count("accepted") == 4
    assert {r.verified_by_id for r in values[:3]} == {kadis.id}
    assert "4 nilai Tw I 2018 diterima." in _flash(client, unit)
    db.session.expire_all()  # as stored: the values, their audit entries and the dashboards' figures
    assert [r.status for r in values].count("accepted") == 4 and values[0].version == values[7].version + 1
    logged = db.session.scalars(select(AuditLog).where(AuditLog.entity == "realisations", AuditLog.action == "update",
                                                       AuditLog.user_id == kadis.id)).all()
    assert sorted(e.entity_id for e in logged) == sorted(r.id for r in values[:3] + values[5:6])
    assert {e.changes["status"][1] for e in logged} == {"accepted"} and "verified_at" in logged[0].changes
    assert all(e.label.startswith("“") and "Tw I 2018" in e.label for e in logged)
    stat = db.session.scalar(select(UnitStat).where(UnitStat.unit_id == unit.id, UnitStat.quarter == 1))
    assert (stat.reported, stat.accepted) == (8, 4)


def test_accepting_is_all_or_nothing_and_names_what_stops_it(client, officials, period):  # noqa: F811
    unit, operator, values = period
    bulk.submit_many(unit, 2018, "quarter", 1, {r.id: r.version for r in values[1:]}, operator)
    db.session.commit()
    hr = officials.world.users["hr"]
    own = services.enter(values[0].agreement, values[0].indicator_key, 1, D(7), "", hr, TODAY)
    services.submit(own, hr)  # HR entered this one: HR verifies the others, never its own entry
    db.session.commit()
    client.login_as(hr)
    page = client.get(GRID.format(unit=unit.id)).get_data(as_text=True)
    assert page.count('name="selected"') == len(values) - 1  # his own entry cannot be ticked
    response = _post(client, unit, "accept", "selected", values)
    assert response.status_code == 204
    db.session.expire_all()
    assert {r.status for r in values} == {"submitted"}
    message = _flash(client, unit)
    assert message.startswith("Tidak ada nilai yang diterima: ")
    assert "“Jumlah titik rawan PMKS yang diawasi” Anda isi sendiri" in message
    with pytest.raises(Refused) as refused:
        bulk.accept_many(unit, 2018, "quarter", 1, {}, hr)
    assert "Centang dulu" in str(refused.value.message)
    services.verify(values[1], hr, accept=False, note="Lampirkan bukti")
    with pytest.raises(Refused) as refused:
        bulk.accept_many(unit, 2018, "quarter", 1, {values[1].id: values[1].version}, hr)
    assert "berstatus dikembalikan, tidak sedang menunggu verifikasi" in str(refused.value.message)


def test_bulk_accept_costs_the_same_statements_for_one_value_or_many(client, officials, period,  # noqa: F811
                                                                     count_queries):
    unit, operator, values = period
    bulk.submit_many(unit, 2018, "quarter", 1, {r.id: r.version for r in values}, operator)
    db.session.commit()
    client.login_as(officials.users["kadis"])
    client.get(GRID.format(unit=unit.id))
    url, period_data = f"/monitoring/unit/{unit.id}/accept", {"year": "2018", "kind": "quarter", "period": "1"}
    few, more = _tokens([values[0], values[4]]), _tokens(values[1:4] + values[5:8])
    with count_queries() as one:  # one indicator of the agreement and one unit KPI
        assert client.post(url, data={**period_data, "selected": few}, headers=HX).status_code == 204
    with count_queries() as many:  # three indicators and three unit KPIs
        assert client.post(url, data={**period_data, "selected": more}, headers=HX).status_code == 204
    db.session.expire_all()
    assert {r.status for r in values} == {"accepted"}
    assert one.n == many.n, "\n".join(many.statements)


@pytest.mark.parametrize("token", ["1", "1:x", "-1:1", "1:1:1", "99999999999:1", "١:1"])
def test_a_malformed_choice_is_a_bad_request(client, officials, period, token):  # noqa: F811
    unit, _operator, values = period
    client.login_as(officials.users["kadis"])
    data = {"year": "2018", "kind": "quarter", "period": "1", "selected": [token]}
    assert client.post(f"/monitoring/unit/{unit.id}/accept", data=data, headers=HX).status_code == 400
    assert {r.status for r in values} == {"draft"}


def test_the_verifiers_grid_has_no_operator_instructions_or_upload(client, officials, period):  # noqa: F811
    unit, operator, _values = period
    client.login_as(officials.users["kadis"])
    page = client.get(GRID.format(unit=unit.id)).get_data(as_text=True)
    assert "Ketik nilai" not in page and "Unggah dari Excel" not in page and 'type="file"' not in page
    assert 'id="submit-all"' not in page
    client.login_as(operator)
    page = client.get(GRID.format(unit=unit.id)).get_data(as_text=True)
    assert "Ketik nilai" in page and "Unggah dari Excel" in page


def test_the_active_period_is_marked_and_a_save_says_when(client, officials, period):  # noqa: F811
    unit, operator, values = period
    client.login_as(operator)
    page = client.get(GRID.format(unit=unit.id).replace("period=1", "period=2")).get_data(as_text=True)
    current = re.findall(r'<a class="button" href="[^"]*" aria-current="page">([^<]*)</a>', page)
    assert current == ["Tw II"]
    line = values[4].kpi
    row = client.post(f"/monitoring/unit/{unit.id}/cell", headers=HX, data={
        "ref": f"kpi:{line.id}", "kind": "quarter", "period": "1", "year": "2018", "value": "12",
        "version": str(values[4].version)}).get_data(as_text=True)
    assert re.search(r'role="status">Tersimpan pukul \d\d\.\d\d<', row)
    assert 'class="saving htmx-indicator"' in row and "style=" not in row


def test_accept_and_return_on_the_values_own_page(client, officials, period):  # noqa: F811
    unit, operator, values = period
    first, second = values[0], values[1]
    client.login_as(operator)
    page = client.get(f"/monitoring/realisations/{first.id}").get_data(as_text=True)
    assert "Ajukan ke verifikator" in page and 'name="decision"' not in page
    response = client.post(f"/monitoring/realisations/{first.id}/submit", data={"version": first.version})
    assert response.status_code == 303 and first.status == "submitted"
    services.submit(second, operator)
    db.session.commit()
    client.login_as(officials.users["kadis"])
    page = client.get(f"/monitoring/realisations/{first.id}").get_data(as_text=True)
    assert 'name="decision" value="accept"' in page and 'name="decision" value="return"' in page
    refused = client.post(f"/monitoring/realisations/{second.id}/verify",
                          data={"version": second.version, "decision": "return", "note": " "})
    assert refused.status_code == 422 and second.status == "submitted"
    assert 'aria-invalid="true"' in refused.get_data(as_text=True)
    client.post(f"/monitoring/realisations/{second.id}/verify",
                data={"version": second.version, "decision": "return", "note": "Lampirkan bukti"})
    assert second.status == "returned" and second.returned_note == "Lampirkan bukti"
    response = client.post(f"/monitoring/realisations/{first.id}/verify",
                           data={"version": first.version, "decision": "accept"})
    assert response.status_code == 303 and first.status == "accepted"
    page = client.get(f"/monitoring/realisations/{first.id}").get_data(as_text=True)
    assert "Nilai diterima." in page and 'name="decision"' not in page


def test_units_reporting_counts_only_units_that_reported_a_value(client, officials, period):  # noqa: F811
    unit, operator, values = period
    seksi = officials.world.seksi_a
    kpi = UnitKpi(unit_id=seksi.id, year=2018, name="KPI seksi", satuan="orang", target=D(4), key="seksi0")
    db.session.add(kpi)
    db.session.flush()
    services.enter(kpi, kpi.key, 1, D(1), "", officials.world.users["hr"], TODAY)  # a draft: not reported
    bulk.submit_many(unit, 2018, "quarter", 1, {r.id: r.version for r in values[:1]}, operator)
    db.session.commit()
    client.login_as(officials.users["kadis"])
    page = client.get(f"/monitoring/unit/{officials.world.opd_a.id}?year=2018&quarter=1").get_data(as_text=True)
    tile = re.search(r'<div class="tile"><strong>(\d+)</strong><span>([^<]*)</span>', page.split("tiles")[1])
    assert tile.groups() == ("1", "dari 2 unit yang punya indikator sudah melaporkan nilai s.d. Tw I")
    assert "skala predikat Kabupaten Sampang" in page and "[C]" not in page
    bands = page.replace("\u00a0", " ")
    assert "&gt; 90 % Sangat Baik · &gt; 75 % Baik" in bands and "≤ 50 % Sangat Kurang" in bands
    assert db.session.scalar(select(Realisation.status).where(Realisation.kpi_id == kpi.id)) == "draft"
