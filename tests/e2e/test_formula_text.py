"""The achievement's working as a user reads it in Chromium: in Indonesian with the decimal comma, the thousands
dot and Indonesian words ("dibatasi 120 %"), a period without a target of its own compared with the annual
target, a value not entered yet saying why it is not measurable; in English with English words.

The data (two unit KPIs of Bidang Rehabilitasi Sosial for 2021, and an operator of that unit) is written straight
into the live server's database, as ``test_monitoring_cycle`` does; 2021 keeps it apart from the other tests.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.e2e.conftest import login
from tests.e2e.test_monitoring_cycle import _row, _save

YEAR = 2021
CAPPED = "Rata-rata waktu respons laporan warga"  # lower is better, 12 jam each quarter
LEVEL = "Persentase layanan selesai tepat waktu"  # 75,5 %, quarterly targets left blank
_made: dict = {}


@pytest.fixture
def formula_world(live_server):
    if _made:
        return _made
    from sqlalchemy import select

    from app.accounts.models import User
    from app.extensions import db
    from app.monitoring import kpis, services
    from app.org.models import Unit
    from tests.factories import make_user

    app = live_server.app  # write through the live server's own app, on its database
    with app.app_context():
        hr = db.session.scalar(select(User).where(User.username == "hr"))
        bidang = db.session.get(Unit, live_server.ids["bidang_a"])
        operator = make_user("op_formula", [("operator", bidang)])
        base = {"target_min": None, "target_max": None, "period_kind": "quarter", "month_targets": None,
                "cap_pct": Decimal(120), "definition": "", "data_source": "Laporan bidang"}
        kpis.save_kpi(bidang, YEAR, hr, dict(base, name=CAPPED, satuan="jam", polarity="lower", target=Decimal(12),
                                            tw1=Decimal(12), tw2=Decimal(12), tw3=Decimal(12), tw4=Decimal(12),
                                            aggregation="average"))
        level = kpis.save_kpi(bidang, YEAR, hr, dict(base, name=LEVEL, satuan="%", polarity="higher",
                                                     target=Decimal("75.5"), tw1=None, tw2=None, tw3=None,
                                                     tw4=None, aggregation="last"))
        realisation = services.enter(level, level.key, 1, Decimal("72.5"), "", operator, date(YEAR, 4, 5))
        db.session.commit()
        _made.update(bidang=bidang.id, realisation=realisation.id)
        db.session.remove()
        db.engine.dispose()
    return _made


def _working(row) -> str:
    """Open the achievement's explanation and read it."""
    row.locator("details.explain summary").click()
    return row.locator("details.explain small").inner_text()


def test_the_formula_reads_in_indonesian_then_english(page, formula_world):
    grid = f"/monitoring/unit/{formula_world['bidang']}/grid?year={YEAR}&kind=quarter&period=1"
    login(page, "op_formula")
    page.goto(grid)
    _save(page, page.get_by_label(f"Realisasi: {CAPPED}", exact=True), "8")
    row = _row(page, CAPPED)
    assert "120 %" in row.locator("details.explain summary").inner_text()
    working = _working(row)
    assert working == "(2 × 12 − 8) / 12 × 100 = 133,33 %; dibatasi 120 %", working

    level = _row(page, LEVEL)
    assert "75,5 %" in level.inner_text() and "tahunan" in level.inner_text()
    working = _working(level)
    assert working == ("72,5 / 75,5 × 100 = 96,03 %; periode ini tidak punya target sendiri: dibandingkan dengan "
                       "target tahunan"), working

    page.goto(f"/monitoring/realisations/{formula_world['realisation']}")
    facts = page.locator("dl.facts").inner_text()
    assert "target tahunan: periode ini tidak punya target sendiri" in facts and "96,03 %" in facts, facts

    page.goto(f"/monitoring/unit/{formula_world['bidang']}/grid?year={YEAR}&kind=quarter&period=2")
    assert "tidak dapat diukur: realisasi belum dilaporkan" in _row(page, CAPPED).inner_text()

    page.get_by_role("button", name="Switch to English").click()
    page.wait_for_load_state()
    page.goto(grid)
    working = _working(_row(page, CAPPED))
    assert working == "(2 × 12 − 8) / 12 × 100 = 133,33 %; capped at 120 %", working
    page.goto(f"/monitoring/unit/{formula_world['bidang']}/grid?year={YEAR}&kind=quarter&period=2")
    assert "not measurable: no realisation reported yet" in _row(page, CAPPED).inner_text()
