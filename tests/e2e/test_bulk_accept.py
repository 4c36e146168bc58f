"""Bulk accept in Chromium: the Kepala Dinas ticks values of a period in the grid, confirms, and sees them accepted
at once; cancelling the confirmation changes nothing. The page runs under the app's own Content Security Policy
(not bypassed, unlike the other browser tests) and logs no console error on any swap; the verifier's grid has no
operator instructions and no upload form, and passes the accessibility scan.

The data is 2015 (the other browser tests use 2016 to 2019): an agreement in force of Bidang Rehabilitasi Sosial
(PIHAK KEDUA: the Kepala Dinas) and two unit KPIs, every value of Tw I submitted by the unit's operator.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from app.accounts.models import User
from app.extensions import db
from tests.e2e.conftest import login
from tests.e2e.test_browser import AXE, _serious_violations

YEAR = 2015
KPIS = ("Jumlah lansia terlantar yang dijangkau", "Persentase pengaduan yang ditindaklanjuti")
INDICATOR = "Jumlah titik rawan PMKS yang diawasi"  # tests.agreements.conftest.fill


def _submitted_period(app, unit_id: int) -> int:
    """Write the period into the live server's database; the id of one of its submitted values."""
    from app.agreements import services as agreements
    from app.monitoring import services as monitoring
    from app.monitoring.models import UnitKpi
    from app.org.models import Unit
    from tests.agreements.conftest import fill
    from tests.factories import make_user

    with app.app_context():
        kabid = db.session.scalar(select(User).where(User.username == "kabid"))
        kadis = db.session.scalar(select(User).where(User.username == "kadis"))
        unit = db.session.get(Unit, unit_id)
        agreement = agreements.create(YEAR, unit, kabid.employee)
        version = fill(agreement, kabid)
        agreements.submit(version, kabid)
        agreements.sign(version, kabid, pakta=True, on=date(YEAR, 3, 5), place="Jakarta")
        with app.test_request_context():
            agreements.countersign(version, kadis)
        kpis = [UnitKpi(unit_id=unit.id, year=YEAR, name=name, satuan="orang", target=Decimal(40), tw1=Decimal(10),
                        position=n) for n, name in enumerate(KPIS)]
        db.session.add_all(kpis)
        db.session.flush()
        operator = make_user("op_bulk", [("operator", unit)])
        when = date(YEAR, 4, 5)
        values = [monitoring.enter(agreement, version.indicators[0].key, 1, Decimal(62), "", operator, when)]
        values += [monitoring.enter(kpi, kpi.key, 1, Decimal(9 + n), "", operator, when) for n, kpi in enumerate(kpis)]
        for value in values:
            monitoring.submit(value, operator)
        db.session.commit()
        first = values[0].id
        db.session.remove()
    return first


def _row(page, name):
    return page.locator("#grid tbody tr").filter(has_text=name)


def test_the_verifier_accepts_ticked_values_at_once(browser, page, live_server):
    unit = live_server.ids["bidang_a"]
    waiting = _submitted_period(live_server.app, unit)
    grid = f"/monitoring/unit/{unit}/grid?year={YEAR}&kind=quarter&period=1"

    # -- the verifier's grid and a value's own page pass the accessibility scan (axe needs the CSP bypassed) -----
    login(page, "kadis")
    script = Path(AXE).read_text()
    found = {}
    for path in (grid, f"/monitoring/realisations/{waiting}"):
        page.goto(path)
        if serious := _serious_violations(page, script):
            found[path] = serious
    assert page.locator("textarea#verify-note").count() == 1  # accept or return on the value's own page too
    assert found == {}, found

    # -- the bulk accept, under the app's own CSP --------------------------------------------------------------
    context = browser.new_context(base_url=live_server.url, locale="id-ID")
    context.set_default_timeout(10_000)
    tab = context.new_page()
    console: list[str] = []
    tab.on("console", lambda message: console.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: console.append(str(error)))
    dialogs: list[str] = []
    try:
        login(tab, "kadis")
        tab.goto(grid)
        assert tab.locator("#grid tbody tr[id^=row-]").count() == 3
        main = tab.inner_text("main")
        assert "Ketik nilai" not in main and "Unggah dari Excel" not in main  # no operator instructions
        assert tab.locator("input[type=file]").count() == 0 and tab.locator("#submit-all").count() == 0
        assert tab.locator("a.button[aria-current=page]").inner_text() == "Tw I"

        # tick every value with the header's box, then leave one out
        tab.check("#pick-all")
        assert tab.locator("#grid input[name=selected]:checked").count() == 3
        tab.get_by_label(f"Centang untuk diterima: {KPIS[1]}", exact=True).uncheck()

        # cancelling the confirmation changes nothing
        tab.once("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        tab.get_by_role("button", name="Terima nilai yang dicentang").click()
        assert dialogs and f"Terima semua nilai Tw I {YEAR} yang Anda centang?" in dialogs[0]
        assert tab.locator("#grid .status-accepted").count() == 0

        # confirming accepts the two ticked values at once; the page comes back with them accepted
        tab.once("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
        with tab.expect_navigation():
            tab.get_by_role("button", name="Terima nilai yang dicentang").click()
        assert len(dialogs) == 2
        assert tab.locator(".flash-success").inner_text().strip() == f"2 nilai Tw I {YEAR} diterima."
        for name in (INDICATOR, KPIS[0]):
            row = _row(tab, name)
            assert "diterima" in row.inner_text() and row.locator("input[name=selected]").count() == 0
        left = _row(tab, KPIS[1])
        assert "diajukan" in left.inner_text() and left.locator("input[name=selected]").count() == 1

        # the last one, accepted in its row: the grid swaps the row in place
        with tab.expect_response(re.compile(r"/cell$")) as answer:
            left.get_by_role("button", name="Terima", exact=True).click()
        assert answer.value.status == 200
        tab.locator("#grid .status-accepted").nth(2).wait_for()
        assert "diterima" in _row(tab, KPIS[1]).inner_text()
    finally:
        context.close()
    assert console == [], console  # no CSP violation (htmx injects no inline style) and no script error
