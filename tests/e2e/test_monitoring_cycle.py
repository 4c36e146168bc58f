"""The monitoring cycle in Chromium: an operator fills a quarter in the grid, a leader returns one value with a
note, the operator fixes it, the leader accepts; then the unit and OPD dashboards show it.

The data (an agreement in force with three indicators for Bidang Rehabilitasi Sosial, 2019, and an operator
of that unit) is written straight into the live server's database, as the e2e ``live_server`` fixture does;
2019 keeps it apart from the 2018 agreement that ``test_agreement_cycle`` drafts in the browser.
"""

from __future__ import annotations

import os
import re
from datetime import date
from decimal import Decimal

import pytest

from app.core.clock import agency_today
from tests.e2e.conftest import login

SHOTS = os.environ.get("KINERJA_SCREENSHOTS")  # a folder: save screenshots of the pages on the way
YEAR = 2019
INDICATORS = (  # name, satuan, aggregation, annual target, quarterly targets
    ("Jumlah titik rawan PMKS yang diawasi", "titik", "sum", "276", ("60", "70", "70", "76")),
    ("Persentase PMKS jalanan yang direhabilitasi", "%", "average", "80", ("80", "80", "80", "80")),
    ("Jumlah anak terlantar yang dibina", "anak", "sum", "120", ("30", "30", "30", "30")),
)
_made: dict = {}


def shot(page, name):
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def logout(page):
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url(re.compile(r"/login"))


def _agreement(unit, head_user, indicators, world_user_for_countersign, app):
    """An agreement for ``YEAR`` of ``unit``, signed by its head and countersigned by PIHAK KEDUA."""
    from app.agreements import services
    from tests.agreements.conftest import indicator_data

    agreement = services.create(YEAR, unit, head_user.employee)
    version = agreement.latest
    sasaran = services.add_sasaran(version, head_user, "Menurunnya jumlah PMKS jalanan")
    for name, satuan, aggregation, target, quarters in indicators:
        services.save_indicator(sasaran, head_user, indicator_data(name=name, satuan=satuan, target=target,
                                                                   quarters=quarters, aggregation=aggregation))
    services.submit(version, head_user)
    services.sign(version, head_user, pakta=True, on=date(YEAR, 2, 4), place="Jakarta")
    with app.test_request_context():
        services.countersign(version, world_user_for_countersign)
    return agreement


@pytest.fixture
def monitoring_world(live_server):
    """Write the monitoring data into the live server's database once; return the ids the tests need.

    - Bidang Rehabilitasi Sosial: agreement in force for 2019 with ``INDICATORS``, nothing reported yet, and
      the operator account ``op_rehab`` on that unit (the cycle test fills it).
    - Seksi Rehabilitasi Anak: agreement in force for 2019 with one value submitted and one not entered, so
      that the accessibility scan sees a grid, a realisation and the dashboards with something in them.
    """
    if _made:
        return _made
    from sqlalchemy import select

    from app.accounts.models import User
    from app.extensions import db
    from app.monitoring import services as monitoring
    from app.org.models import Unit
    from tests.factories import make_user

    app = live_server.app  # write through the live server's own app, on its database
    with app.app_context():
        users = {u.username: u for u in db.session.scalars(select(User).where(
            User.username.in_(("kadis", "kabid", "kasi"))))}
        bidang = db.session.get(Unit, live_server.ids["bidang_a"])
        seksi = db.session.scalar(select(Unit).where(Unit.parent_id == bidang.id,
                                                     Unit.name == "Seksi Rehabilitasi Anak"))
        make_user("op_rehab", [("operator", bidang)])
        agreement = _agreement(bidang, users["kabid"], INDICATORS, users["kadis"], app)
        seksi_agreement = _agreement(seksi, users["kasi"], (
            ("Jumlah anak yang mendapat layanan rehabilitasi", "anak", "sum", "200", ("50", "50", "50", "50")),
            ("Persentase keluarga anak yang didampingi", "%", "average", "75", ("75", "75", "75", "75")),
        ), users["kabid"], app)
        operator_seksi = make_user("op_seksi", [("operator", seksi)])
        key = seksi_agreement.latest.indicators[0].key
        realisation = monitoring.enter(seksi_agreement, key, 1, Decimal(45), "Laporan Tw I", operator_seksi,
                                       agency_today())
        monitoring.submit(realisation, operator_seksi)
        db.session.commit()
        _made.update(year=YEAR, bidang=bidang.id, seksi=seksi.id, opd=live_server.ids["opd_a"],
                     agreement=agreement.id, seksi_realisation=realisation.id,
                     seksi_ref=f"pk:{seksi_agreement.id}:{key}")
        db.session.remove()
        db.engine.dispose()
    return _made


def _row(page, name):
    return page.locator("#grid tbody tr").filter(has_text=name)


def _swapped(page, row, trigger, status, what):
    """Do ``trigger`` and wait until htmx has answered ``status`` and put a new ``row`` in place of the old."""
    row_id = row.get_attribute("id")
    page.eval_on_selector(f"#{row_id}", "row => { row.dataset.stale = 'yes'; }")
    with page.expect_response(re.compile(r"/cell$")) as response:
        trigger()
    assert response.value.status == status, f"{what}: {response.value.status}"
    # htmx settles in two steps: the new row first carries the old row's attributes, then its own.
    page.locator(f"#{row_id}:not([data-stale]):not(.htmx-added):not(.htmx-settling)").wait_for()


def _save(page, field, text, status=200):
    """Type into a grid field and leave it (Tab): htmx posts the row on ``change`` and swaps it in place."""
    field.fill(text)
    _swapped(page, field.locator("xpath=ancestor::tr"), lambda: field.press("Tab"), status, text)


def _act(page, row, button, status=200):
    _swapped(page, row, lambda: row.get_by_role("button", name=button, exact=True).click(), status, button)


def test_fill_return_fix_accept(page, live_server, monitoring_world):
    ids = monitoring_world
    grid = f"/monitoring/unit/{ids['bidang']}/grid?year={YEAR}&kind=quarter&period=1"
    (first, _s1, _a1, _t1, _q1), (second, *_), (third, *_) = INDICATORS

    # -- the operator fills Tw I, cell by cell, without the page ever reloading -------------------------
    login(page, "op_rehab")
    page.goto(grid)
    assert page.locator("#grid tbody tr[id^=row-]").count() == 3
    page.evaluate("window.kinerjaNoReload = true")
    for name, value, pct in ((first, "60", "100 %"), (second, "72", "90 %"), (third, "27", "90 %")):
        field = page.get_by_label(f"Realisasi: {name}", exact=True)
        assert field.input_value() == ""
        _save(page, field, value)
        row = _row(page, name)
        assert pct in row.locator("td.num").nth(1).inner_text(), row.inner_text()
        assert "draf" in row.inner_text()
        assert page.get_by_label(f"Realisasi: {name}", exact=True).input_value() == value
    _save(page, page.get_by_label(f"Catatan: {first}", exact=True), "Laporan Satpel Tw I")
    assert page.get_by_label(f"Catatan: {first}", exact=True).input_value() == "Laporan Satpel Tw I"

    # a value that is not a number: 422, the error in the row, what was typed kept, focus on the field
    field = page.get_by_label(f"Realisasi: {second}", exact=True)
    _save(page, field, "abc", status=422)
    row = _row(page, second)
    alert = row.get_by_role("alert")
    assert "Tulis angka" in alert.inner_text(), alert.inner_text()
    assert field.input_value() == "abc" and field.get_attribute("aria-invalid") == "true"
    assert field.get_attribute("aria-describedby") == alert.get_attribute("id")
    assert page.evaluate("document.activeElement.name") == "value"
    assert page.evaluate("document.activeElement.id") == field.get_attribute("id")
    assert "row-error" in (row.get_attribute("class") or "")
    assert page.get_by_role("alert").count() == 1  # the other rows are untouched
    shot(page, "monitoring-grid-operator-error")
    _save(page, field, "72")
    assert row.get_by_role("alert").count() == 0 and field.get_attribute("aria-invalid") is None
    assert "90 %" in row.inner_text()

    assert row.get_by_role("button", name="Terima").count() == 0  # the operator does not verify
    for name in (first, second, third):
        _act(page, _row(page, name), "Ajukan")
        row = _row(page, name)
        assert "diajukan" in row.inner_text() and row.locator("input[name=value]").count() == 0
    assert page.evaluate("window.kinerjaNoReload") is True  # every save was in place
    logout(page)

    # -- PIHAK KEDUA returns one value with a note and accepts the others ------------------------------
    login(page, "kadis")
    page.goto(grid)
    assert "Laporan Satpel Tw I" in _row(page, first).inner_text()  # the operator's note is shown
    returned = _row(page, third)
    _act(page, returned, "Kembalikan", status=422)  # a return needs a note
    assert returned.get_by_role("alert").count() == 1 and "diajukan" in returned.inner_text()
    note = returned.get_by_label("Catatan (wajib untuk mengembalikan)")
    assert note.get_attribute("aria-invalid") == "true"  # the error is tied to the note, and focus goes there
    assert note.get_attribute("aria-describedby") == returned.get_by_role("alert").get_attribute("id")
    assert page.evaluate("document.activeElement.name") == "return_note"
    note.fill("Angka belum sesuai laporan Satpel")
    shot(page, "monitoring-grid-leader")
    _act(page, returned, "Kembalikan")
    assert "dikembalikan" in returned.inner_text()
    assert "Angka belum sesuai laporan Satpel" in returned.inner_text()
    for name in (first, second):
        _act(page, _row(page, name), "Terima")
        assert "diterima" in _row(page, name).inner_text()
    logout(page)

    # -- the operator reads the note, fixes the value and submits it again ------------------------------
    login(page, "op_rehab")
    page.goto(grid)
    returned = _row(page, third)
    assert "Dikembalikan: Angka belum sesuai laporan Satpel" in returned.inner_text()
    for name in (first, second):  # accepted values are frozen
        assert page.get_by_label(f"Realisasi: {name}", exact=True).count() == 0
    field = page.get_by_label(f"Realisasi: {third}", exact=True)
    assert field.input_value() == "27"
    _save(page, field, "30")
    assert "100 %" in returned.inner_text()
    _act(page, returned, "Ajukan")
    assert "diajukan" in returned.inner_text()
    logout(page)

    # -- the leader accepts -------------------------------------------------------------------------------
    login(page, "kadis")
    page.goto(grid)
    _act(page, _row(page, third), "Terima")
    assert "diterima" in _row(page, third).inner_text()
    assert page.locator("#grid").get_by_role("button").count() == 0  # nothing left to do in Tw I

    # -- the dashboards ---------------------------------------------------------------------------------
    page.goto(f"/monitoring/unit/{ids['bidang']}?year={YEAR}")
    indicators = page.locator("#indicators tbody tr")
    assert indicators.count() == 3
    for name, pct in ((first, "100 %"), (second, "90 %"), (third, "100 %")):
        row = indicators.filter(has_text=name)
        assert "diterima" in row.inner_text()
        assert pct in row.locator("td").last.inner_text(), row.inner_text()
    shot(page, "monitoring-unit")

    page.goto(f"/monitoring/unit/{ids['opd']}?year={YEAR}")
    ranked = page.locator("#ranking tbody tr").filter(has_text="Bidang Rehabilitasi Sosial")
    assert ranked.count() == 1
    cells = [c.strip() for c in ranked.locator("td").all_inner_texts()]
    assert cells[2:5] == ["3", "3 / 3", "3"], cells  # indicators, reported, accepted
    assert "96,67 %" in cells[6] or "96,7 %" in cells[6], cells  # (100 + 90 + 100) / 3
    shot(page, "monitoring-opd")
