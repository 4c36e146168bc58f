"""The foundation's screens as a user meets them in Chromium: login, tree, search, forms, language, phone."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.e2e.conftest import ROOT, login
from tests.e2e.test_award_round import awards_world  # noqa: F401  (fixture)
from tests.e2e.test_monitoring_cycle import monitoring_world  # noqa: F401  (fixture)

AXE = ROOT / "node_modules/axe-core/axe.min.js"
_attendance: dict = {}


@pytest.fixture
def attendance_world(live_server):
    """A week of person_a's check-ins in March 2018 (late, early, a missing check-out), and the month computed."""
    if _attendance:
        return _attendance
    from datetime import UTC, date, datetime, time
    from zoneinfo import ZoneInfo

    from app.attendance import compute
    from app.attendance.models import CheckIn
    from app.extensions import db

    wib = ZoneInfo("Asia/Jakarta")
    with live_server.app.test_request_context():
        for day, arrive, leave in [(5, time(7, 52), time(16, 5)), (6, time(7, 20), time(15, 10)),
                                   (7, time(7, 25), None), (8, time(9, 5), time(16, 0))]:
            for at, direction in ((arrive, "in"), (leave, "out")):
                if at is not None:
                    db.session.add(CheckIn(employee_id=live_server.ids["person_a"], direction=direction,
                                           at=datetime.combine(date(2018, 3, day), at, wib).astimezone(UTC)))
        db.session.flush()
        compute.recompute(2018, 3, now=datetime(2019, 1, 1, tzinfo=UTC))
        db.session.commit()
    _attendance.update(month="year=2018&month=3")
    return _attendance


def test_login_browse_tree_and_search(page, live_server):
    page.goto("/people")
    assert "/login" in page.url  # anonymous visitors are sent to the login page
    login(page, "hr")
    page.goto("/org")
    toggle = page.get_by_role("button", name="Unit di bawah Dinas Sosial A")
    below = page.locator(f"#{toggle.get_attribute('aria-controls')}")
    assert toggle.get_attribute("aria-expanded") == "false" and below.is_hidden()
    toggle.click()  # expanding loads the units below with htmx
    below.get_by_role("link", name="Bidang Rehabilitasi Sosial").wait_for()
    assert toggle.get_attribute("aria-expanded") == "true"
    toggle.focus()
    page.keyboard.press("Enter")  # collapsing by keyboard
    below.wait_for(state="hidden")
    assert toggle.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Space")  # and open again, without a second request
    below.get_by_role("link", name="Bidang Rehabilitasi Sosial").wait_for()

    page.goto("/people")
    results = page.inner_text("#results")
    assert "Siti Aminah" in results and "Joko" not in results  # hr of OPD A does not see OPD B's people
    page.fill("#people-q", "zzz-nobody")
    page.wait_for_selector("#results >> text=Tidak ada pegawai")
    assert "q=zzz-nobody" in page.url  # the search is in the address, so it can be shared and reloaded
    page.fill("#people-q", "siti")
    page.wait_for_selector("#results >> text=Siti Aminah")


def test_create_person_bad_nip_then_good(page, live_server):
    login(page, "hr")
    page.goto(f"/people/new?unit={live_server.ids['bidang_a']}")
    page.fill("#name", "Rahmat Hidayat")
    page.select_option("#sex", "L")
    page.select_option("#golongan", "III/a")
    page.fill("#nip", "19851332 201001 1 001")  # month 13: not a real date
    page.click("#person-form button[type=submit]")
    error = page.locator("#nip-error")
    error.wait_for()
    assert "Angka 1–8" in error.inner_text()
    assert page.locator("#nip").get_attribute("aria-invalid") == "true"
    assert page.evaluate("document.activeElement.id") == "nip"  # focus moves to the first wrong field
    assert page.input_value("#name") == "Rahmat Hidayat"  # nothing the user typed is lost

    page.fill("#nip", "19851231 201001 1 001")
    page.click("#person-form button[type=submit]")
    page.wait_for_url(re.compile(r"/people/\d+$"))
    assert page.locator("h1").inner_text().startswith("Rahmat Hidayat")
    assert "19851231 201001 1 001" in page.content()


def test_switch_language(page, live_server):
    login(page, "hr")
    page.goto("/people")
    assert page.locator("h1").inner_text() == "Pegawai"
    assert page.get_attribute("html", "lang") == "id"
    page.get_by_role("button", name="Switch to English").click()
    page.wait_for_selector("h1:text-is('People')")
    assert page.get_attribute("html", "lang") == "en"
    assert "/people" in page.url  # the user stays on the page they were on
    page.get_by_role("button", name="Ganti ke Bahasa Indonesia").click()
    page.wait_for_selector("h1:text-is('Pegawai')")


def test_phone_width_has_no_sideways_scroll(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 360, "height": 740},
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        login(page, "hr")
        for path in ("/", "/org", "/people", f"/people/{live_server.ids['person_a']}",
                     f"/units/{live_server.ids['bidang_a']}", "/people/new"):
            page.goto(path)
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 360px"
    finally:
        context.close()


def test_keyboard_skip_link(page, live_server):
    login(page, "hr")
    page.goto("/people")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def _serious_violations(page, script: str) -> list[dict]:
    page.add_script_tag(content=script)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"] if v["impact"] in ("serious", "critical")
    ]


def test_no_serious_accessibility_violations(page, live_server, monitoring_world, awards_world,  # noqa: F811
                                              attendance_world):
    assert AXE.exists(), "axe-core is installed by `make assets` (npm ci)"
    script = Path(AXE).read_text()
    pages = ["/login"]
    login(page, "admin")
    ids = live_server.ids
    pages += ["/", "/org", "/people", f"/people/{ids['person_a']}", "/people/new", f"/units/{ids['bidang_a']}",
              f"/units/{ids['bidang_a']}/edit", "/users", "/audit", "/settings", "/imports", "/agreements",
              "/agreements/new", "/agreements/cascade?year=2018", "/agreements/tracking?year=2018",
              "/tasks", f"/units/{ids['opd_a']}", "/account/password", "/jobs"]
    m = monitoring_world
    grid = f"/monitoring/unit/{m['seksi']}/grid?year={m['year']}&kind=quarter&period=1"
    pages += [f"/monitoring/unit/{m['opd']}?year={m['year']}", f"/monitoring/unit/{m['seksi']}?year={m['year']}",
              f"/monitoring/unit/{m['seksi']}/line/{m['seksi_ref']}?year={m['year']}", grid,
              f"/monitoring/realisations/{m['seksi_realisation']}", f"/monitoring/reminders?year={m['year']}"]
    a = awards_world  # rounds of 2017: decided, scoring (admin seated on the panel) and nominating
    pages += ["/awards?year=2017", f"/awards/rounds/{a['decided']}", f"/awards/rounds/{a['scoring']}",
              f"/awards/rounds/{a['nominating']}/nominate", f"/awards/rounds/{a['scoring']}/score",
              f"/awards/rounds/{a['decided']}/announcement", f"/awards/rounds/{a['decided']}/roll-call"]
    month = attendance_world["month"]  # the month grid, a person's month with the reasons, the recap
    pages += [f"/attendance/units/{ids['opd_a']}?{month}", f"/attendance/people/{ids['person_a']}?{month}",
              f"/attendance/units/{ids['opd_a']}/recap?{month}"]
    found = {}
    for path in pages:
        response = page.goto(path)
        assert response.ok, f"{path}: {response.status}"
        serious = _serious_violations(page, script)
        if serious:
            found[path] = serious
    # the grid again, with a wrong value answered in its row
    page.goto(grid)
    page.locator("#grid input[name=value]").first.fill("abc")
    page.locator("#grid input[name=value]").first.press("Tab")
    page.locator("#grid [role=alert]").wait_for()
    serious = _serious_violations(page, script)
    if serious:
        found[grid + " (error in a row)"] = serious
    assert found == {}, json.dumps(found, indent=1)
