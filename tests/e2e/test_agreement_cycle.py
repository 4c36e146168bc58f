"""A Perjanjian Kinerja from draft to in force to a revision, in Chromium, as the two officials do it."""

from __future__ import annotations

import os
import re

from tests.e2e.conftest import login

SHOTS = os.environ.get("KINERJA_SCREENSHOTS")  # a folder: save screenshots of the pages on the way


def shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def logout(page):
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url(re.compile(r"/login"))


def test_draft_sign_countersign_revise(page, live_server):
    login(page, "kabid")
    page.goto("/agreements/new")
    page.fill("#year", "2018")
    page.click("#agreement-form button[type=submit]")
    page.wait_for_url(re.compile(r"/agreements/\d+$"))
    agreement_url = page.url

    page.fill("#text", "Menurunnya jumlah PMKS jalanan")
    page.get_by_role("button", name="Tambah sasaran").click()
    page.get_by_role("link", name="Tambah indikator").click()
    page.fill("#name", "Jumlah titik rawan PMKS yang diawasi")
    page.fill("#satuan", "titik")
    page.fill("#target", "276")
    for n, value in enumerate(("60", "70", "70", "70"), 1):
        page.fill(f"#tw{n}", value)
    page.click("#item-form button[type=submit]")
    page.locator("#quarter_note-error").wait_for()  # 270 ≠ 276: the form says so and keeps the input
    assert "270" in page.inner_text("#quarter_note-error")
    page.fill("#tw4", "76")
    page.click("#item-form button[type=submit]")
    page.wait_for_url(re.compile(r"/agreements/\d+(#contents)?$"))
    page.get_by_role("link", name="Tambah baris anggaran").click()
    page.fill("#name", "Program Rehabilitasi Sosial")
    page.fill("#amount", "1250000000")
    page.click("#item-form button[type=submit]")
    page.wait_for_url(re.compile(r"/agreements/\d+(#budget)?$"))
    assert "Rp1.250.000.000" in page.inner_text("#budget")
    shot(page, "agreement-draft")

    page.get_by_role("button", name="Ajukan").click()
    page.get_by_role("button", name="Tanda tangani perjanjian dan pakta integritas").wait_for()
    page.fill("#place", "Jakarta")
    page.fill("#signed_on", "2018-03-05")
    page.get_by_role("button", name="Tanda tangani perjanjian dan pakta integritas").click()
    page.locator("#pakta-error").wait_for()  # the pakta integritas must be ticked
    page.check("#pakta")
    page.get_by_role("button", name="Tanda tangani perjanjian dan pakta integritas").click()
    page.locator(".status-signed").wait_for()
    logout(page)

    login(page, "kadis")
    page.goto(agreement_url)
    page.get_by_role("button", name="Tanda tangan PIHAK KEDUA").click()
    page.locator(".status-in_force").wait_for()
    shot(page, "agreement-in-force")
    with page.expect_response(re.compile(r"/pdf")) as response:
        page.get_by_role("link", name="PDF resmi").click()
    assert response.value.headers["content-type"] == "application/pdf"
    page.goto(agreement_url)
    code = page.locator("a[href^='/v/']").inner_text()
    logout(page)

    page.goto(f"/v/{code}")  # anyone can verify the printout, without logging in
    assert "masih berlaku" in page.inner_text("main")

    login(page, "kabid")
    page.goto(agreement_url)
    page.get_by_text("Ubah (PK Perubahan)").click()
    page.select_option("#reason", "programme_changed")
    page.fill("#note", "APBD Perubahan menambah anggaran")
    page.get_by_role("button", name="Mulai perubahan").click()
    page.locator(".status-draft").wait_for()
    assert "Versi 2" in page.inner_text("#versions")
    page.get_by_role("link", name="perubahan dari versi 1").click()
    page.wait_for_url(re.compile(r"/diff"))
    assert "Tidak ada perbedaan" in page.inner_text("main")
