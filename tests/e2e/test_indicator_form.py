"""The agreement's forms follow the choices, in Chromium with the app's own Content Security Policy (issue 12,
item 8): PIHAK KEDUA comes prefilled, an empty draft offers no "Ajukan", choosing "Dalam rentang" brings the range
fields and "Bulanan" the twelve monthly targets (swapped in by htmx from the server, no script of ours), and
nothing on the way breaks the policy (no console error).

The Kepala Seksi drafts a 2023 agreement: a year of its own, apart from the other browser tests.
"""

from __future__ import annotations

import re

from tests.e2e.conftest import login
from tests.e2e.test_browser import AXE, _serious_violations

YEAR = "2023"


def test_the_indicator_form_follows_the_polarity_and_the_period(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="id-ID")  # the CSP is enforced
    context.set_default_timeout(10_000)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    try:
        login(page, "kasi")
        page.goto("/agreements/new")
        page.fill("#year", YEAR)
        chosen = page.locator("#second_party_id option:checked").inner_text()
        assert "Mariana" in chosen  # the head of the unit above, chosen for the Kepala Seksi
        page.click("#agreement-form button[type=submit]")
        page.wait_for_url(re.compile(r"/agreements/\d+$"))
        assert page.get_by_role("button", name="Ajukan").count() == 0  # nothing to submit yet
        assert page.get_by_role("button", name=re.compile("Salin ke")).count() == 0  # nor to copy

        page.fill("#text", "Meningkatnya perlindungan anak")
        page.get_by_role("button", name="Tambah sasaran").click()
        page.get_by_role("link", name="Tambah indikator").click()
        page.locator("#item-form").wait_for()
        assert page.locator("#target").is_visible()
        assert page.locator("#target_min, #target_max, #m1").count() == 0
        page.fill("#name", "Persentase anak yang terlindungi")
        page.fill("#satuan", "%")
        page.fill("#quarter_note", "Target triwulan mengikuti musim libur sekolah")

        page.focus("#polarity")
        page.select_option("#polarity", "range")
        page.locator("#target_min").wait_for()
        assert page.locator("#target_max").is_visible() and page.locator("#target").count() == 0
        assert page.evaluate("document.activeElement.id") == "polarity"  # the choice keeps the focus
        assert page.input_value("#name") == "Persentase anak yang terlindungi"  # and the entries
        assert page.input_value("#quarter_note") == "Target triwulan mengikuti musim libur sekolah"

        page.select_option("#period_kind", "month")
        page.locator("#m12").wait_for()
        months = page.locator("#months input")
        assert months.count() == 12
        assert page.locator("#target_min").is_visible()  # still a range
        page.select_option("#period_kind", "quarter")
        page.locator("#m1").wait_for(state="detached")
        page.select_option("#period_kind", "month")
        page.locator("#m1").wait_for()

        page.fill("#target_min", "80")
        page.fill("#target_max", "90")
        for n in range(1, 13):
            page.fill(f"#m{n}", "85")
        page.click("#item-form button[type=submit].primary")
        page.wait_for_url(re.compile(r"/agreements/\d+(#contents)?$"))
        assert "80–90" in page.inner_text("#contents")
        page.get_by_role("button", name="Ajukan").wait_for()  # now there is something to submit
        edit_url = page.locator("#contents a[href*='/indicators/'][href$='/edit']").get_attribute("href")
    finally:
        context.close()
    assert problems == [], problems

    # The form of a monthly range indicator, for a screen reader (axe needs the policy bypassed to run).
    context = browser.new_context(base_url=live_server.url, locale="id-ID", bypass_csp=True)
    try:
        page = context.new_page()
        login(page, "kasi")
        page.goto(edit_url)
        assert page.locator("#target_min").is_visible() and page.locator("#m12").is_visible()
        assert _serious_violations(page, AXE.read_text()) == []
    finally:
        context.close()
