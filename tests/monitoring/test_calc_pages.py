"""Every page that shows an achievement says why one is not measurable, and a period without a target of its
own is compared with the annual target (docs/achievement.md): the grid, the realisation, the indicator, the
unit dashboard with its ranking and chart legend."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal as D

import pytest

from app.extensions import db
from app.monitoring import kpis, services
from tests.monitoring.test_kpis_windows import kpi_data

BLANK = {"tw1": None, "tw2": None, "tw3": None, "tw4": None}


@pytest.fixture
def blank_targets(world):
    """Bidang A, 2018: two KPIs whose quarterly targets were left blank, with Tw I and Tw II submitted; Seksi A
    (below it) has a KPI with nothing submitted."""
    hr, operator = world.users["hr"], world.users["operator"]
    level = kpis.save_kpi(world.bidang_a, 2018, hr, kpi_data(name="Persentase layanan selesai tepat waktu",
                                                              satuan="%", target=D("75.5"), aggregation="last",
                                                              **BLANK))
    count = kpis.save_kpi(world.bidang_a, 2018, hr, kpi_data(name="Jumlah penerima bantuan yang didata",
                                                              target=D(1500), aggregation="sum", **BLANK))
    kpis.save_kpi(world.seksi_a, 2018, hr, kpi_data(name="Jumlah anak yang dibina"))
    made = {}
    for kpi, values in ((level, (D(70), D("72.5"))), (count, (D(400), D(380)))):
        for quarter, value in enumerate(values, 1):
            made[(kpi.id, quarter)] = services.enter(kpi, kpi.key, quarter, value, "", operator,
                                                     date(2018, 3 * quarter + 1, 5))
            services.submit(made[(kpi.id, quarter)], operator)
    db.session.commit()
    return level, count, made


def _text(response) -> str:
    assert response.status_code == 200
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def test_the_grid_compares_a_blank_quarter_with_the_annual_target(client, world, blank_targets):
    client.login_as(world.users["operator"])
    page = _text(client.get(f"/monitoring/unit/{world.bidang_a.id}/grid?year=2018&kind=quarter&period=2"))
    assert "96,03 %" in page and "72,5 / 75,5 × 100 = 96,03 %" in page
    assert "periode ini tidak punya target sendiri: dibandingkan dengan target tahunan" in page
    assert "400 + 380 = 780; 780 / 1.500 × 100 = 52 %" in page and "kemajuan" in page
    assert "75,5 % tahunan" in page  # the target column says which target it shows
    empty = _text(client.get(f"/monitoring/unit/{world.bidang_a.id}/grid?year=2018&kind=quarter&period=3"))
    assert "tidak dapat diukur: realisasi belum dilaporkan" in empty


def test_the_realisation_page_names_the_annual_target(client, world, blank_targets):
    level, _count, made = blank_targets
    client.login_as(world.users["operator"])
    page = _text(client.get(f"/monitoring/realisations/{made[(level.id, 2)].id}"))
    assert "Target 75,5 % (target tahunan: periode ini tidak punya target sendiri)" in page
    assert "72,5 / 75,5 × 100 = 96,03 %" in page


def test_the_indicator_page_explains_every_period(client, world, blank_targets):
    level, _count, _made = blank_targets
    client.login_as(world.users["operator"])
    page = _text(client.get(f"/monitoring/unit/{world.bidang_a.id}/line/kpi:{level.id}?year=2018"))
    assert "70 / 75,5 × 100 = 92,72 %" in page and "72,5 / 75,5 × 100 = 96,03 %" in page
    assert page.count("tidak dapat diukur: realisasi belum dilaporkan") >= 2  # Tw III and Tw IV, and to date


def test_the_dashboard_says_why_a_unit_or_a_quarter_is_not_measurable(client, world, blank_targets):
    client.login_as(world.users["hr"])
    page = _text(client.get(f"/monitoring/unit/{world.bidang_a.id}?year=2018&quarter=2"))
    assert "780 / 1.500 × 100 = 52 %" in page and "kemajuan" in page  # the unit's own indicators to date
    ranking = page[page.index("Seksi Rehabilitasi Anak"):]
    assert ranking.index("tidak dapat diukur") < ranking.index("belum ada nilai yang diajukan")
    seksi = _text(client.get(f"/monitoring/unit/{world.seksi_a.id}?year=2018&quarter=1"))
    assert "Tw I: tidak dapat diukur: belum ada nilai yang diajukan" in seksi  # the chart's legend


def test_english_pages_keep_english(client, world, blank_targets):
    operator = world.users["operator"]
    operator.locale = "en"
    db.session.commit()
    client.login_as(operator)
    page = _text(client.get(f"/monitoring/unit/{world.bidang_a.id}/grid?year=2018&kind=quarter&period=2"))
    assert "the period has no target of its own: compared with the annual target" in page
    assert "tidak" not in page and "dibatasi" not in page
