"""The monitoring screens: the grid cell by cell, evidence, corrections, dashboards and their query counts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from app.agreements import services as agreement_services
from app.extensions import db
from app.monitoring import services
from app.monitoring.models import Evidence, Realisation, RealisationChange, UnitKpi, UnitStat
from tests.agreements.conftest import indicator_data, officials  # noqa: F401  (fixture)
from tests.factories import make_unit, make_user
from tests.monitoring.test_realisation import in_force  # noqa: F401  (fixture)

HX = {"HX-Request": "true"}


def _cell(client, agreement, key, **data):
    form = {"ref": f"pk:{agreement.id}:{key}", "kind": "quarter", "period": "1", "year": "2018"}
    form.update(data)
    return client.post(f"/monitoring/unit/{agreement.unit_id}/cell", data=form, headers=HX)


def _realisation():
    return db.session.query(Realisation).one()


def test_grid_operator_enters_leader_returns_operator_fixes_leader_accepts(client, officials, in_force):  # noqa: F811
    agreement, key, operator = in_force
    client.login_as(operator)
    page = client.get(f"/monitoring/unit/{agreement.unit_id}/grid?year=2018&kind=quarter&period=1")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Jumlah titik rawan PMKS yang diawasi" in text and "tidak dapat diukur" in text
    response = _cell(client, agreement, key, value="60", note="Laporan Satpel")
    row = response.get_data(as_text=True)
    assert response.status_code == 200 and row.lstrip().startswith("<tr") and "60 / 60 × 100 = 100 %" in row
    realisation = _realisation()
    assert (realisation.value, realisation.note, realisation.status) == (D(60), "Laporan Satpel", "draft")
    _cell(client, agreement, key, action="submit", version=str(realisation.version))
    assert realisation.status == "submitted"
    kadis = officials.users["kadis"]
    client.login_as(kadis)
    refused = _cell(client, agreement, key, action="return", return_note=" ", version=str(realisation.version))
    assert refused.status_code == 422 and realisation.status == "submitted"
    _cell(client, agreement, key, action="return", return_note="Lampirkan bukti", version=str(realisation.version))
    assert realisation.status == "returned" and realisation.returned_note == "Lampirkan bukti"
    client.login_as(operator)
    page = client.get(f"/monitoring/unit/{agreement.unit_id}/grid?year=2018&kind=quarter&period=1")
    assert "Lampirkan bukti" in page.get_data(as_text=True)
    _cell(client, agreement, key, value="61", version=str(realisation.version))
    _cell(client, agreement, key, action="submit", version=str(realisation.version))
    client.login_as(kadis)
    _cell(client, agreement, key, action="accept", version=str(realisation.version))
    assert realisation.status == "accepted" and realisation.value == D(61)
    frozen = _cell(client, agreement, key, value="99", version=str(realisation.version))  # HR/kadis can't enter
    assert frozen.status_code == 422 and realisation.value == D(61)


def test_bad_values_answer_422_in_the_row_and_change_nothing(client, officials, in_force):  # noqa: F811
    agreement, key, operator = in_force
    client.login_as(operator)
    for value, message in (("abc", "Tulis angka"), ("-5", "negatif"), ("1e400", "Tulis angka")):
        response = _cell(client, agreement, key, value=value)
        text = response.get_data(as_text=True)
        assert response.status_code == 422 and message in text and f'value="{value}"' in text, value
    assert db.session.query(Realisation).count() == 0
    assert _cell(client, agreement, "nope", value="1").status_code == 404
    assert _cell(client, agreement, key, value="1", period="9").status_code == 404
    assert client.get(f"/monitoring/unit/{agreement.unit_id}/grid?year=2018&kind=quarter&period=5").status_code == 404


def test_a_stale_cell_is_a_conflict_and_shows_the_other_value(client, officials, in_force):  # noqa: F811
    agreement, key, operator = in_force
    client.login_as(operator)
    _cell(client, agreement, key, value="60")
    opened = _realisation().version
    _cell(client, agreement, key, value="62", version=str(opened))
    response = _cell(client, agreement, key, value="65", version=str(opened))
    text = response.get_data(as_text=True)
    assert response.status_code == 422 and "orang lain" in text.lower() and _realisation().value == D(62)


def test_a_cell_shown_empty_never_overwrites_a_value_entered_meanwhile(client, officials, in_force):  # noqa: F811
    agreement, key, operator = in_force
    client.login_as(operator)
    assert _cell(client, agreement, key, value="60").status_code == 200  # first value of an empty cell
    response = _cell(client, agreement, key, value="70")  # a second screen still shows the cell empty
    assert response.status_code == 422 and "orang lain" in response.get_data(as_text=True).lower()
    assert _realisation().value == D(60)


def test_someone_else_in_the_unit_tree_cannot_enter(client, officials, in_force):  # noqa: F811
    agreement, key, _operator = in_force
    client.login_as(officials.world.outsider)
    assert _cell(client, agreement, key, value="1").status_code == 404
    client.login_as(officials.users["kasi"])  # a leader below the unit: sees nothing of it
    assert _cell(client, agreement, key, value="1").status_code == 404


def test_evidence_upload_checks_type_and_size_and_freezes(client, app, officials, in_force):  # noqa: F811
    agreement, key, operator = in_force
    client.login_as(operator)
    _cell(client, agreement, key, value="60")
    realisation = _realisation()
    url = f"/monitoring/realisations/{realisation.id}/evidence"
    import io

    bad = client.post(url, data={"file": (io.BytesIO(b"MZ\x90 not a pdf"), "bukti.pdf")},
                      content_type="multipart/form-data")
    assert bad.status_code == 422 and "PDF" in bad.get_data(as_text=True)
    app.config["EVIDENCE_MAX_BYTES"] = 1024
    try:
        big = client.post(url, data={"file": (io.BytesIO(b"%PDF-1.4" + b"x" * 2000), "besar.pdf")},
                          content_type="multipart/form-data")
        assert big.status_code == 422 and "1 MB" not in big.get_data(as_text=True) or big.status_code == 422
    finally:
        app.config.pop("EVIDENCE_MAX_BYTES")
    assert db.session.query(Evidence).count() == 0
    good = client.post(url, data={"file": (io.BytesIO(b"%PDF-1.4 laporan"), "laporan.pdf")},
                       content_type="multipart/form-data")
    assert good.status_code == 303
    evidence = db.session.query(Evidence).one()
    served = client.get(f"/monitoring/evidence/{evidence.id}")
    assert served.status_code == 200 and served.data == b"%PDF-1.4 laporan"
    assert served.headers["Content-Type"] == "application/pdf" and served.headers["X-Content-Type-Options"] == "nosniff"
    _cell(client, agreement, key, action="submit", version=str(realisation.version))
    frozen = client.post(url, data={"file": (io.BytesIO(b"%PDF-1.4 lagi"), "lagi.pdf")},
                         content_type="multipart/form-data")
    assert frozen.status_code == 422 and db.session.query(Evidence).count() == 1
    assert client.post(f"/monitoring/evidence/{evidence.id}/delete").status_code == 422


def test_correction_on_screen_keeps_both_values(client, officials, in_force):  # noqa: F811
    agreement, key, operator = in_force
    client.login_as(operator)
    _cell(client, agreement, key, value="60")
    realisation = _realisation()
    _cell(client, agreement, key, action="submit", version=str(realisation.version))
    client.login_as(officials.users["kadis"])
    _cell(client, agreement, key, action="accept", version=str(realisation.version))
    client.login_as(operator)
    url = f"/monitoring/realisations/{realisation.id}"
    assert "Ajukan koreksi" in client.get(url).get_data(as_text=True)
    missing = client.post(f"{url}/correction", data={"value": "61", "reason": " "})
    assert missing.status_code == 422 and db.session.query(RealisationChange).count() == 0
    client.post(f"{url}/correction", data={"value": "61", "reason": "Salah ketik"})
    change = db.session.query(RealisationChange).one()
    assert realisation.value == D(60)
    # The operator does not verify (monitoring.verify): the gate answers before the service would refuse.
    assert client.post(f"/monitoring/corrections/{change.id}", data={"decision": "approve"}).status_code == 403
    client.login_as(officials.users["kadis"])
    client.post(f"/monitoring/corrections/{change.id}", data={"decision": "approve"})
    assert (realisation.value, change.old_value, change.new_value, change.status) == (D(61), D(60), D(61), "approved")
    page = client.get(url).get_data(as_text=True)
    assert "Salah ketik" in page and "60" in page and "61" in page


def test_stats_follow_every_change(client, officials, in_force):  # noqa: F811
    agreement, key, operator = in_force
    services.enter(agreement, key, 1, D(60), "", operator, date(2018, 4, 5))
    db.session.commit()
    q1 = db.session.query(UnitStat).filter_by(unit_id=agreement.unit_id, year=2018, quarter=1).one()
    assert (q1.lines, q1.expected, q1.reported, q1.achievement_pct) == (1, 1, 0, None)  # a draft does not count
    realisation = _realisation()
    services.submit(realisation, operator)
    db.session.commit()
    q1 = db.session.query(UnitStat).filter_by(unit_id=agreement.unit_id, year=2018, quarter=1).one()
    assert (q1.reported, q1.accepted, q1.achievement_pct) == (1, 0, D(100))
    services.verify(realisation, officials.users["kadis"], accept=True)
    db.session.commit()
    stats = {s.quarter: s for s in db.session.query(UnitStat).filter_by(unit_id=agreement.unit_id)}
    assert stats[1].accepted == 1
    assert stats[2].expected == 2 and stats[2].achievement_pct == D("46.15")  # 60 of 60 + 70 to date


def _more_units(officials, n: int):  # noqa: F811
    """n more units under the bidang, each with a unit KPI reported in Tw I."""
    world = officials.world
    hr = world.users["hr"]
    for i in range(n):
        unit = make_unit(world.bidang_a, f"Seksi Tambahan {i}", kind="seksi")
        kpi = UnitKpi(unit_id=unit.id, year=2018, name=f"KPI {i}", satuan="orang", target=D(100),
                      tw1=D(25), tw2=D(25), tw3=D(25), tw4=D(25))
        db.session.add(kpi)
        db.session.flush()
        realisation = services.enter(kpi, kpi.key, 1, D(20 + i), "", hr, date(2018, 4, 5))
        services.submit(realisation, hr)
    db.session.commit()


def test_opd_dashboard_ranks_units_with_a_constant_number_of_queries(client, officials, in_force,  # noqa: F811
                                                                     count_queries):
    agreement, key, operator = in_force
    realisation = services.enter(agreement, key, 1, D(60), "", operator, date(2018, 4, 5))
    services.submit(realisation, operator)
    db.session.commit()
    client.login_as(officials.users["kadis"])
    db.session.commit()
    opd = officials.world.opd_a
    url = f"/monitoring/unit/{opd.id}?year=2018"
    with count_queries() as few:
        assert client.get(url).status_code == 200
    _more_units(officials, 5)
    with count_queries() as many:
        page = client.get(url).get_data(as_text=True)
    assert few.n == many.n
    assert "Seksi Tambahan 4" in page and "96 %" in page  # 24 of 25
    ranking = page[page.index('id="ranking"'):page.index("</table>", page.index('id="ranking"'))]
    assert ranking.index(officials.world.bidang_a.name) < ranking.index("Seksi Tambahan 4")  # 100 % first
    assert "<svg" in page and "<script" not in page.split("</header>")[1]


def test_unit_dashboard_and_indicator_page_have_constant_queries(client, officials, in_force,  # noqa: F811
                                                                 count_queries):
    agreement, key, operator = in_force
    client.login_as(operator)
    unit_url = f"/monitoring/unit/{agreement.unit_id}?year=2018"
    line_url = f"/monitoring/unit/{agreement.unit_id}/line/pk:{agreement.id}:{key}?year=2018"
    grid_url = f"/monitoring/unit/{agreement.unit_id}/grid?year=2018&kind=quarter&period=1"
    db.session.commit()  # the fixture's pending changes refresh the figures on commit: not part of the pages
    with count_queries() as before:
        for url in (unit_url, line_url, grid_url):
            assert client.get(url).status_code == 200
    sasaran = agreement.in_force.sasaran[0]
    _cell(client, agreement, key, value="60")
    kabid = officials.users["kabid"]
    for n in range(4):  # more indicators (a revision would be the real path; the rows are what matter here)
        indicator = agreement_services.Indicator(agreement_version=agreement.in_force, sasaran=sasaran,
                                                 position=10 + n, **{k: v for k, v in indicator_data(
                                                     name=f"Tambahan {n}").items() if k != "supports_key"})
        db.session.add(indicator)
    db.session.commit()
    assert kabid
    with count_queries() as after:
        for url in (unit_url, line_url, grid_url):
            assert client.get(url).status_code == 200
    assert before.n == after.n


def test_unit_kpi_is_reported_and_verified_by_a_leader_over_the_unit(client, officials):  # noqa: F811
    world = officials.world
    panti = make_unit(world.opd_a, "Panti Sosial Tresna Werdha Budi Mulia 3", kind="upt")
    kpi = UnitKpi(unit_id=panti.id, year=2018, name="Warga binaan yang dikembalikan ke keluarga", satuan="orang",
                  target=D(40), period_kind="month", aggregation="sum", month_targets=["3"] * 12 + [],
                  tw1=D(10), tw2=D(10), tw3=D(10), tw4=D(10))
    db.session.add(kpi)
    operator = make_user("op_panti", [("operator", panti)])
    db.session.commit()
    client.login_as(operator)
    form = {"ref": f"kpi:{kpi.id}", "kind": "month", "period": "2", "year": "2018", "value": "4"}
    assert client.post(f"/monitoring/unit/{panti.id}/cell", data=form, headers=HX).status_code == 200
    wrong_kind = dict(form, kind="quarter", period="1")
    assert client.post(f"/monitoring/unit/{panti.id}/cell", data=wrong_kind, headers=HX).status_code == 404
    realisation = _realisation()
    client.post(f"/monitoring/unit/{panti.id}/cell", data=dict(form, action="submit", version=realisation.version),
                headers=HX)
    client.login_as(officials.users["kadis"])  # a leader over the OPD
    client.post(f"/monitoring/unit/{panti.id}/cell", data=dict(form, action="accept", version=realisation.version),
                headers=HX)
    assert realisation.status == "accepted"
    page = client.get(f"/monitoring/unit/{panti.id}?year=2018").get_data(as_text=True)
    assert "Warga binaan" in page and "bulanan" in page


def test_the_agreement_link_leads_to_the_grid(client, officials, in_force):  # noqa: F811
    agreement, _key, operator = in_force
    client.login_as(operator)
    response = client.get(f"/monitoring/{agreement.id}?period=2")
    assert response.status_code == 302 and f"/monitoring/unit/{agreement.unit_id}/grid" in response.headers["Location"]


def test_figures_are_rebuilt_by_the_command(app, officials, in_force):  # noqa: F811
    agreement, key, operator = in_force
    realisation = services.enter(agreement, key, 1, D(30), "", operator, date(2018, 4, 5))
    services.submit(realisation, operator)
    db.session.commit()
    db.session.query(UnitStat).delete()
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["monitoring-refresh"])
    assert result.exit_code == 0 and "unit-years" in result.output
    q1 = db.session.query(UnitStat).filter_by(unit_id=agreement.unit_id, quarter=1).one()
    assert (q1.reported, q1.achievement_pct) == (1, D(50))  # 30 of 60


@pytest.mark.parametrize("roles", ["employee only", "another OPD"])
def test_the_official_acts_on_their_realisation_only_while_they_may_read_it(client, officials, in_force, roles):  # noqa: F811
    """PIHAK PERTAMA enters by relation, but only on what their roles let them read (found in review)."""
    import io

    from app.accounts import services as account_services

    agreement, key, operator = in_force
    realisation = services.enter(agreement, key, 1, D(60), "Laporan Tw I", operator, date(2018, 4, 5))
    kabid = officials.users["kabid"]
    for assignment in list(kabid.roles):
        kabid.roles.remove(assignment)
    db.session.flush()
    w = officials.world
    account_services.grant(kabid, *(("employee", w.bidang_a) if roles == "employee only" else ("leader", w.opd_b)))
    client.login_as(kabid)
    url = f"/monitoring/realisations/{realisation.id}"
    assert client.get(url).status_code in (403, 404)
    upload = client.post(f"{url}/evidence", data={"file": (io.BytesIO(b"%PDF-1.4 x"), "b.pdf")},
                         content_type="multipart/form-data")
    assert upload.status_code in (403, 404) and db.session.query(Evidence).count() == 0
    assert "Laporan Tw I" not in client.post(f"{url}/evidence", data={}).get_data(as_text=True)
