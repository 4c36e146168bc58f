"""The import preview in Chromium at 1,366 × 800: every error of a row in view without scrolling the page sideways."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.conftest import login
from tests.e2e.test_browser import AXE, _serious_violations

HEADER = ("Jenis kepegawaian;NIP / NI PPPK;NIK;Gelar depan;Nama;Gelar belakang;Jenis kelamin;Golongan;Kode unit;"
          "Jabatan;Status;Surel;Telepon")
ROWS = [
    "pns;19850412 201001 1 003;;;Rahmat Hidayat;S.Sos.;L;III/b;A;;aktif;rahmat.hidayat@dinsos.example.go.id;0812 3456 7890",
    "pns;19851332 201001 1 005;;Dr.;Tanggal Salah 2;M.Si.;X;IX/z;A;Tidak Ada;libur;bukan-surel;021 555 0199",
    "thl;;123;;Budi Santoso Wirjosoedarmo Hadikusumo Panjang Sekali Namanya;;L;;A;;aktif;;",
]


def test_the_error_column_is_in_view_at_1366(browser, live_server, tmp_path: Path):
    context = browser.new_context(base_url=live_server.url, locale="id-ID", bypass_csp=True,
                                  viewport={"width": 1366, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        login(page, "hr")
        upload = tmp_path / "pegawai.csv"
        upload.write_text("\r\n".join([HEADER, *ROWS]) + "\r\n", encoding="utf-8")
        page.goto("/imports")
        page.select_option("#kind", "people")
        page.set_input_files("#file", str(upload))
        page.click("#upload-form button[type=submit]")
        page.wait_for_url(lambda url: "/imports/" in url)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # no sideways page scroll
        header = page.get_by_role("columnheader", name="Kesalahan").bounding_box()
        assert header["x"] + header["width"] <= 1366
        cell = page.locator("tbody tr").nth(1).locator("td").nth(1)  # row 3: action, then its errors
        text = cell.inner_text()
        for column in ("NIP / NI PPPK:", "Nama:", "Jenis kelamin:", "Golongan:", "Status:", "Surel:", "Jabatan:"):
            assert text.count(column) == 1, (column, text)
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 1366
        assert _serious_violations(page, Path(AXE).read_text()) == []
    finally:
        context.close()
    assert errors == []
