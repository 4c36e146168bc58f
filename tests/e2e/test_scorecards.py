"""Scorecards in the browser (issue 16): the Kepala Bidang opens the scorecard of Bidang Rehabilitasi Sosial from
its monitoring page, drills down to Mariana's own and prints both, provisional for an open quarter and issued
for a closed one; Siti Aminah opens "Kinerja saya" from the menu and prints hers; HR, from "Tugas saya", issues
the scorecards of Dinas Sosial A for the closed quarter in one job, every unit's, then every person's, and
downloads the joined PDF and the ZIP.

2014 (the other browser tests use 2015 to 2023, and 2014 stays below the years in force they make, so nobody's
working year moves). The data is written through the services into the live server's database once:

- the 2014 agreement of the Bidang, Mariana PIHAK PERTAMA: one indicator, 60/70/70/76 titik a quarter summed;
  Tw I realised 62 (accepted), Tw II 80 (submitted); the Seksi's, Sumadi PIHAK PERTAMA: three indicators, Tw I
  reported;
- every ASN person of OPD A rated for January to March, the TPP of those months calculated (preset A) and
  closed: Tw I 2014 is closed, its scorecards are issued; Mariana and Siti rated for April too, and no month
  of Tw II calculated: Tw II is provisional (SEMENTARA);
- typed attendance recaps for Mariana, Siti and Sumadi.

The clock: Tw I and Tw II of 2014 have ended whatever the server's day and time zone (``agency_today`` reads
the agency's zone, not the machine's), so only the TPP months decide which quarter is closed.

Chromium shows a PDF in its viewer rather than downloading it, so the tests catch the PDF on its way to the
browser (``_pdf``); the job's files are real downloads. ``KINERJA_SCREENSHOTS=<folder>`` keeps screenshots of
the pages and the PDFs on the way.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.e2e.conftest import login
from tests.e2e.test_monitoring_cycle import SHOTS, shot

YEAR = 2014
# Tw II to date, summed: (62 + 80) / (60 + 70) × 100 = 109,23 %; Tw I: 62 / 60 × 100 = 103,33 %
OPEN_PCT, CLOSED_PCT = "109,23 %", "103,33 %"
# (month, present, TL, PSW, TK, leave, missed roll calls) of the typed recaps
ATTENDANCE = {"Mariana": [(1, 21, 1, 0, 0, 0, 0), (2, 19, 0, 1, 0, 1, 0), (3, 20, 2, 0, 1, 0, 1),
                          (4, 21, 0, 0, 0, 0, 0)],
              "Siti Aminah": [(1, 22, 0, 0, 0, 0, 0), (2, 18, 1, 0, 0, 2, 0), (3, 21, 0, 0, 0, 0, 0),
                              (4, 20, 1, 1, 0, 0, 0)],
              "Sumadi": [(1, 20, 3, 1, 1, 0, 1), (2, 19, 2, 0, 0, 1, 0), (3, 21, 1, 1, 0, 0, 0)]}
SEKSI_INDICATORS = (  # name, annual target, quarterly targets (summed)
    ("Jumlah anak yang mendapat layanan rehabilitasi sosial", "200", ("50", "50", "50", "50")),
    ("Jumlah anak yang dikembalikan kepada keluarganya", "80", ("20", "20", "20", "20")),
    ("Jumlah keluarga anak yang mendapat pendampingan", "120", ("30", "30", "30", "30")),
)
# where the buttons lead: the provisional PDF; the issue (a POST), redirected to the issued document's PDF
PROVISIONAL = r"/scorecards/(units|people)/\d+/pdf\?"
ISSUE, ISSUED = r"/scorecards/(units|people)/\d+/issue$", r"/documents/\d+/pdf$"
_made: dict = {}


@pytest.fixture
def scorecard_world(live_server):
    """Write the 2014 data into the live server's database once; return the ids the tests need."""
    if _made:
        return _made
    from sqlalchemy import select

    from app.accounts.models import User
    from app.agreements import services as agreements
    from app.discipline.models import AttendanceMonth
    from app.extensions import db
    from app.monitoring import services as monitoring
    from app.org.models import Employee, Unit
    from app.org.rules import ASN_TYPES
    from app.tpp.services import periods as tpp_periods
    from app.tpp.services import presets, ratings
    from tests.agreements.conftest import fill, indicator_data

    app, ids = live_server.app, live_server.ids
    with app.app_context():
        users = {u.username: u for u in db.session.scalars(select(User).where(
            User.username.in_(("kadis", "kabid", "kasi", "hr"))))}
        kabid, kadis, hr = users["kabid"], users["kadis"], users["hr"]
        opd, bidang = db.session.get(Unit, ids["opd_a"]), db.session.get(Unit, ids["bidang_a"])
        mariana, siti = kabid.employee, db.session.get(Employee, ids["person_a"])

        agreement = agreements.create(YEAR, bidang, mariana)
        version = fill(agreement, kabid)
        agreements.submit(version, kabid)
        agreements.sign(version, kabid, pakta=True, on=date(YEAR, 2, 3), place="Jakarta")
        with app.test_request_context():
            agreements.countersign(version, kadis)
        key = version.indicators[0].key
        q1 = monitoring.enter(agreement, key, 1, Decimal(62), "Laporan Tw I", kabid, date(YEAR, 4, 5))
        monitoring.submit(q1, kabid)
        monitoring.verify(q1, kadis, accept=True)
        q2 = monitoring.enter(agreement, key, 2, Decimal(80), "Laporan Tw II", kabid, date(YEAR, 7, 4))
        monitoring.submit(q2, kabid)

        # the Seksi's agreement, Sumadi PIHAK PERTAMA, Tw I reported: his scorecard of Tw I runs to two pages
        seksi = db.session.scalar(select(Unit).where(Unit.parent_id == bidang.id,
                                                     Unit.name == "Seksi Rehabilitasi Anak"))
        sumadi, kasi = users["kasi"].employee, users["kasi"]
        seksi_agreement = agreements.create(YEAR, seksi, sumadi)
        seksi_version = seksi_agreement.latest
        sasaran = agreements.add_sasaran(seksi_version, kasi, "Meningkatnya layanan rehabilitasi anak")
        for name, target, quarters in SEKSI_INDICATORS:
            agreements.save_indicator(sasaran, kasi, indicator_data(name=name, satuan="anak", target=target,
                                                                   quarters=quarters))
        agreements.submit(seksi_version, kasi)
        agreements.sign(seksi_version, kasi, pakta=True, on=date(YEAR, 2, 3), place="Jakarta")
        with app.test_request_context():
            agreements.countersign(seksi_version, kabid)
        for indicator, (_name, _target, quarters) in zip(seksi_version.indicators, SEKSI_INDICATORS, strict=True):
            value = monitoring.enter(seksi_agreement, indicator.key, 1, Decimal(quarters[0]) - 2, "Laporan Tw I",
                                     kasi, date(YEAR, 4, 5))
            monitoring.submit(value, kasi)

        for person in (mariana, siti, sumadi):
            for month, present, late, early, absent, leave, apel in ATTENDANCE[person.name]:
                db.session.add(AttendanceMonth(employee_id=person.id, year=YEAR, month=month, present_days=present,
                                               late_arrivals=late, early_leaves=early, absent_days=absent,
                                               leave_days=leave, missed_roll_calls=apel, source="typed"))
        db.session.flush()

        presets.install_presets()
        people = list(db.session.scalars(select(Employee).join(Unit, Employee.unit_id == Unit.id).where(
            Unit.path.startswith(opd.path), Employee.employment_type.in_(ASN_TYPES))))
        for month in (1, 2, 3):
            for person in people:
                above = (person.id, month) in ((mariana.id, 2), (siti.id, 3))
                ratings.save(person, YEAR, month, {"hasil_kerja": "atas" if above else "sesuai",
                                                   "perilaku": "sesuai", "note": ""}, hr, None, {})
            period = tpp_periods.start(opd, YEAR, month, "A", hr)
            tpp_periods.close(period, hr, period.version)
        for person in (mariana, siti):  # April: rated, its TPP not calculated yet
            ratings.save(person, YEAR, 4, {"hasil_kerja": "sesuai", "perilaku": "sesuai", "note": ""}, hr, None, {})
        db.session.commit()
        _made.update(opd=opd.id, bidang=bidang.id, seksi=seksi.id, mariana=mariana.id, siti=siti.id, sumadi=sumadi.id)
        db.session.remove()
    return _made


# -- helpers ------------------------------------------------------------------------------------------------

def _text(pdf: bytes) -> list[str]:
    """Each page's text, its whitespace squashed to single spaces (non-breaking ones too)."""
    return [" ".join(page.extract_text().replace("\xa0", " ").split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def _keep(name: str, pdf: bytes) -> None:
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        Path(SHOTS, f"{name}.pdf").write_bytes(pdf)


def _pdf(page, click, address: str, final: str) -> tuple[bytes, str]:
    """Do ``click``, which opens a PDF at ``address`` (a GET, or a POST redirected to ``final``), and catch the
    PDF on its way to the browser: Chromium shows it in its viewer, whose page is not the file. Returns its bytes
    and the file name it is offered under; the page goes back to the scorecard it was on."""
    back, pattern, caught = page.url, re.compile(address), []

    def through(route):
        answer = route.fetch()  # the browser's own request, cookies and all; a redirect is followed
        caught.append((answer.url, answer.status, answer.headers, answer.body()))
        route.fulfill(response=answer)

    page.route(pattern, through)
    try:
        click()
        page.wait_for_url(pattern)
    finally:
        page.unroute(pattern, through)
    assert len(caught) == 1, caught
    url, status, headers, body = caught[0]
    assert status == 200 and re.search(final, url), (url, status)
    assert headers["content-type"] == "application/pdf", headers
    assert body.startswith(b"%PDF"), body[:20]
    name = re.search(r'filename="?([^";]+)', headers.get("content-disposition", ""))
    page.goto(back)
    return body, name.group(1) if name else ""


def _download(page, click) -> tuple[bytes, str]:
    """Do ``click`` on a download link and catch the file: its bytes and suggested file name."""
    with page.expect_download() as caught:
        click()
    return Path(caught.value.path()).read_bytes(), caught.value.suggested_filename


def _print(page):
    return page.get_by_role("link", name="Cetak (PDF sementara)").click


def _issue_button(page):
    return page.get_by_role("button", name="Terbitkan dan cetak (PDF resmi)").click


def _pct(page) -> str:
    """The achievement the page shows for its one indicator."""
    rows = page.locator("#indicators tbody tr:not(.workings)")
    assert rows.count() == 1, rows.all_inner_texts()
    return rows.first.locator("td.num strong").inner_text().replace("\xa0", " ").strip()


def _period(page, label: str, query: str) -> None:
    """Pick a period from the scorecard's period bar (Tahun, Tw I–IV, months)."""
    page.get_by_role("navigation", name="Periode").get_by_role("link", name=label, exact=True).click()
    page.wait_for_url(re.compile(re.escape(query) + "$"))


def _provisional(page, name: str) -> str:
    """Print the open period's scorecard from the page: a provisional PDF, SEMENTARA on every page, with the
    achievement the page shows. Returns the PDF's text."""
    assert "Sementara" in page.inner_text(".page-head")
    assert "SEMENTARA" in page.inner_text("p.provisional")
    shown = _pct(page)
    pdf, file_name = _pdf(page, _print(page), PROVISIONAL, PROVISIONAL)
    assert file_name.startswith("kartu-kinerja-sementara-") and file_name.endswith(f"-{YEAR}-tw2.pdf"), file_name
    _keep(name, pdf)
    pages = _text(pdf)
    assert all("SEMENTARA" in text for text in pages), pages
    whole = " ".join(pages)
    assert shown in whole, (shown, whole)
    assert "Triwulan II 2014" in whole
    return whole


def _issue(page, name: str) -> str:
    """Issue the closed period's scorecard with the page's button; the official PDF opens (downloads). Returns
    the PDF's text."""
    assert "Final" in page.inner_text(".page-head")
    assert page.locator("p.provisional").count() == 0
    shown = _pct(page)
    pdf, _name = _pdf(page, _issue_button(page), ISSUE, ISSUED)
    _keep(name, pdf)
    whole = " ".join(_text(pdf))
    assert "SEMENTARA" not in whole
    assert shown in whole and "Triwulan I 2014" in whole and "Keaslian dokumen ini dapat diperiksa" in whole, whole
    verify = re.search(r"/v/[\w-]+", whole).group(0)  # the QR code's address: the verification page
    answer = page.request.get(verify)
    assert answer.ok and "Kartu Kinerja" in answer.text() and "Triwulan I 2014" in answer.text(), verify
    return whole


def _issued_link(page) -> str:
    """After issuing, the page offers the stored PDF (no second issue); returns the document number shown."""
    page.reload()
    assert page.get_by_role("button", name="Terbitkan dan cetak (PDF resmi)").count() == 0
    link = page.get_by_role("link", name="Buka PDF yang diterbitkan")
    answer = page.request.get(link.get_attribute("href"))
    assert answer.ok and answer.headers["content-type"] == "application/pdf" and answer.body().startswith(b"%PDF")
    return re.search(r"KK/\S+", page.inner_text(".actions.print")).group(0)


# -- the tests ----------------------------------------------------------------------------------------------

def test_the_kepala_bidang_opens_drills_down_and_prints(page, live_server, scorecard_world):
    ids = scorecard_world
    login(page, "kabid")

    # from the monitoring page of the Bidang to its scorecard; then Tw II (open: TPP not closed). The year
    # picker offers the years around the working year (2019 once the other browser tests have run), so 2014 is
    # asked for in the address, as a bookmark would.
    page.get_by_role("link", name="Monitoring", exact=True).click()
    page.wait_for_url(f"**/monitoring/unit/{ids['bidang']}*")
    page.goto(f"/monitoring/unit/{ids['bidang']}?year={YEAR}")
    page.get_by_role("link", name="Kartu kinerja", exact=True).click()
    page.wait_for_url(re.compile(rf"/scorecards/units/{ids['bidang']}\?year={YEAR}"))
    _period(page, "Tw II", f"year={YEAR}&quarter=2")
    assert page.inner_text("h1") == "Kartu kinerja: Bidang Rehabilitasi Sosial"
    assert "belum semua bulannya ditutup pada TPP (sudah ditutup: tidak ada)" in page.inner_text("p.provisional")
    assert _pct(page) == OPEN_PCT
    shot(page, "scorecard-unit-open")
    text = _provisional(page, "scorecard-unit-open")
    assert "KARTU KINERJA UNIT KERJA" in text and "Bidang Rehabilitasi Sosial" in text

    # drill down to Mariana (the head, first among its people) and print hers
    people = page.locator("ul.sc-people li")
    assert "Mariana" in people.first.inner_text() and "Kepala Bidang Rehabilitasi Sosial" in people.first.inner_text()
    assert page.locator("ul.sc-people", has_text="Siti Aminah").count() == 1
    people.first.get_by_role("link", name="Mariana").click()
    page.wait_for_url(re.compile(rf"/scorecards/people/{ids['mariana']}\?year={YEAR}&quarter=2$"))
    assert page.inner_text("h1") == "Kartu kinerja: Mariana"
    assert _pct(page) == OPEN_PCT
    assert "Belum ada TPP yang dihitung untuk periode ini." in page.inner_text("#scorecard")
    assert page.locator("#ratings tbody tr").count() == 1 and page.locator("#attendance tbody tr").count() == 1
    shot(page, "scorecard-person-open")
    text = _provisional(page, "scorecard-person-open")
    assert "KARTU KINERJA PEGAWAI" in text and "Mariana" in text

    # Tw I is closed (January to March closed in the TPP): Mariana's scorecard is issued and opened
    _period(page, "Tw I", f"year={YEAR}&quarter=1")
    assert _pct(page) == CLOSED_PCT
    assert [r.split("\t")[0] for r in page.locator("#tpp tbody tr").all_inner_texts()] == ["Januari", "Februari",
                                                                                           "Maret"]
    assert "Baik" in page.locator("#ratings tbody tr", has_text="Februari").inner_text()
    shot(page, "scorecard-person-closed")
    text = _issue(page, "scorecard-person-closed")
    assert f"KK/{YEAR}-TW1/P{ids['mariana']}" in text and "Mariana" in text
    assert _issued_link(page) == f"KK/{YEAR}-TW1/P{ids['mariana']}"

    # back up to the Bidang's scorecard of Tw I (the crumb), issued and opened too
    page.get_by_role("link", name="Kartu kinerja Bidang Rehabilitasi Sosial").click()
    page.wait_for_url(re.compile(rf"/scorecards/units/{ids['bidang']}\?year={YEAR}&quarter=1$"))
    assert page.locator("#bulk").count() == 0  # the bulk form is on the OPD's scorecard, for HR
    shot(page, "scorecard-unit-closed")
    text = _issue(page, "scorecard-unit-closed")
    assert f"KK/{YEAR}-TW1/U{ids['bidang']}" in text and "KARTU KINERJA UNIT KERJA" in text
    assert _issued_link(page) == f"KK/{YEAR}-TW1/U{ids['bidang']}"


def test_an_employee_prints_her_own_from_kinerja_saya(page, live_server, scorecard_world):
    ids = scorecard_world
    login(page, "employee")
    page.get_by_role("navigation", name="Utama").get_by_role("link", name="Kinerja saya").click()
    page.wait_for_url(re.compile(rf"/scorecards/people/{ids['siti']}(\?.*)?$"))
    assert page.inner_text("h1") == "Kartu kinerja: Siti Aminah"
    mine = page.get_by_role("navigation", name="Utama").get_by_role("link", name="Kinerja saya")
    assert mine.get_attribute("aria-current") == "page"

    # the scorecard page has no year picker: 2014 is asked for in the address, then Tw II and Tw I are picked
    page.goto(f"/scorecards/mine?year={YEAR}")
    page.wait_for_url(re.compile(rf"/scorecards/people/{ids['siti']}\?year={YEAR}$"))
    _period(page, "Tw II", f"year={YEAR}&quarter=2")
    assert "Tidak ada indikator dari perjanjian kinerja yang berlaku untuk 2014." in page.inner_text("#scorecard")
    pdf, _name = _pdf(page, _print(page), PROVISIONAL, PROVISIONAL)
    assert all("SEMENTARA" in text for text in _text(pdf))

    _period(page, "Tw I", f"year={YEAR}&quarter=1")
    assert "Baik" in page.locator("#ratings tbody tr", has_text="Maret").inner_text()
    assert page.locator("#attendance tfoot").inner_text().split() == ["Jumlah", "61", "1", "0", "0", "2", "0"]
    assert page.locator("#tpp tbody tr").count() == 3
    total = page.locator("#tpp tfoot td.num strong").inner_text()
    pdf, _name = _pdf(page, _issue_button(page), ISSUE, ISSUED)
    _keep("scorecard-own-closed", pdf)
    whole = " ".join(_text(pdf))
    assert "SEMENTARA" not in whole and "Siti Aminah" in whole and f"KK/{YEAR}-TW1/P{ids['siti']}" in whole
    assert total.replace("\xa0", " ") in whole, (total, whole)
    assert _issued_link(page) == f"KK/{YEAR}-TW1/P{ids['siti']}"


def _bulk(page, live_server, ids, what: str) -> dict[int, int]:
    """On the OPD's scorecard of Tw I (the closed quarter), start the bulk issue of ``what`` ("people" or
    "units") and check the job's page, the joined PDF and the ZIP: one scorecard each, issued, numbered.
    Returns each subject's number of pages."""
    from sqlalchemy import func, select

    from app.documents.models import IssuedDocument
    from app.extensions import db
    from app.org.models import Unit
    from app.scorecards import bulk

    kind, letter = {"people": ("person", "P"), "units": ("unit", "U")}[what]
    with live_server.app.app_context():
        found = bulk.subjects(db.session.get(Unit, ids["opd"]), what)
        # non-ASN workers follow their honorarium months, which no test closes in 2014: they are left out
        subjects = {s.id: s.name if what == "units" else s.display_name for s in found if what == "units" or s.is_asn}
        left_out = len(found) - len(subjects)
        before = db.session.scalar(select(func.count(IssuedDocument.id)).where(
            IssuedDocument.source_type == f"scorecard/{kind}/{YEAR}-tw1"))
        db.session.remove()

    assert "Final" in page.inner_text(".page-head")
    if page.locator("#bulk[open]").count() == 0:  # open when reached from the task inbox
        page.click("#bulk summary")
    form = page.locator("#bulk form")
    assert "Triwulan I 2014" in form.inner_text()
    form.get_by_label("Kartu kinerja untuk").select_option(what)
    shot(page, f"scorecard-opd-bulk-{what}")
    form.get_by_role("button", name="Terbitkan sekaligus dalam satu pekerjaan").click()
    page.wait_for_url(re.compile(r"/jobs/[^/]+$"), timeout=180_000)  # the job runs within the request here
    page.locator(".job-done, .job .error").wait_for(timeout=180_000)
    assert page.locator(".job-done").count() == 1, page.inner_text(".job")
    label = "pegawai" if what == "people" else "unit"
    assert page.inner_text("h1") == f"Kartu kinerja Triwulan I 2014: {label} Dinas Sosial A"
    done = page.inner_text(".job")
    assert (f"{len(subjects)} kartu kinerja: {len(subjects) - before} diterbitkan sekarang, {before} sudah "
            "diterbitkan sebelumnya.") in done, done
    assert (f"{left_out} pegawai non-ASN tidak disertakan" in done) == bool(left_out), done
    shot(page, f"scorecard-bulk-job-{what}")

    stem = f"kartu-kinerja-{YEAR}-tw1-{label}-a"
    joined, name = _download(page, page.get_by_role("link", name=f"Unduh {stem}.pdf").click)
    assert joined.startswith(b"%PDF") and name == f"{stem}.pdf", (joined[:20], name)
    _keep(f"scorecard-bulk-joined-{what}", joined)
    pages = _text(joined)
    title = "KARTU KINERJA PEGAWAI" if what == "people" else "KARTU KINERJA UNIT KERJA"
    assert sum(title in text for text in pages) == len(subjects)
    whole = " ".join(pages)
    assert "SEMENTARA" not in whole
    assert all(f"KK/{YEAR}-TW1/{letter}{subject}" in whole for subject in subjects), whole

    zipped, name = _download(page, page.get_by_role("link", name=f"Unduh {stem}.zip").click)
    assert name == f"{stem}.zip"
    with zipfile.ZipFile(io.BytesIO(zipped)) as archive:
        names = archive.namelist()
        assert len(names) == len(subjects) and all(n.endswith(".pdf") for n in names), names
        singles = {n: archive.read(n) for n in names}
    lengths = {}
    for subject, display in subjects.items():
        own = [n for n in names if n.startswith(f"kartu-kinerja-{YEAR}-tw1-{subject}-")]
        assert len(own) == 1, (subject, names)
        single = _text(singles[own[0]])
        lengths[subject] = len(single)
        assert f"KK/{YEAR}-TW1/{letter}{subject}" in single[0] and display.split(",")[0] in single[0], single
        # every page names its own scorecard in the footer (a bulk print's page counter would count the chunk)
        footer = f"TriwulanI{YEAR}·KK/{YEAR}-TW1/{letter}{subject}"
        assert all(text.replace(" ", "").endswith(footer) for text in single), single
    assert sum(lengths.values()) == len(pages), (lengths, len(pages))  # the joined PDF: all of them, once
    return lengths


def test_hr_issues_the_opds_unit_scorecards_in_one_job(page, live_server, scorecard_world):
    ids = scorecard_world
    # HR's tasks list each closed TPP month whose scorecards are not all issued: March 2014 leads to the OPD's
    # scorecard of that month, at its bulk form; HR picks the quarter there
    login(page, "hr")
    page.get_by_role("link", name="Tugas saya").click()
    page.wait_for_url("**/tasks")
    task = page.get_by_role("link", name=f"Kartu kinerja Maret {YEAR}: Dinas Sosial A", exact=True)
    assert "kartu kinerja pegawai sudah diterbitkan" in task.locator("xpath=..").inner_text()
    task.click()
    page.wait_for_url(re.compile(rf"/scorecards/units/{ids['opd']}\?year={YEAR}&month=3&bulk=1#bulk$"))
    assert page.locator("#bulk[open]").count() == 1
    assert page.inner_text("h1") == "Kartu kinerja: Dinas Sosial A"
    _period(page, "Tw I", f"year={YEAR}&quarter=1")
    units = _bulk(page, live_server, ids, "units")
    assert {ids["opd"], ids["bidang"], ids["seksi"]} <= set(units)


def test_hr_issues_every_persons_scorecard_of_the_opd_in_one_job(page, live_server, scorecard_world):
    """Every person's scorecard of Tw I in one job. Sumadi's (which no other test issues) runs to two pages: the
    job must cut its chunk where each scorecard starts, although a scorecard's anchor is on every page it spans."""
    ids = scorecard_world
    login(page, "hr")
    page.goto(f"/scorecards/units/{ids['opd']}?year={YEAR}&quarter=1")
    lengths = _bulk(page, live_server, ids, "people")
    assert {ids["mariana"], ids["siti"], ids["sumadi"]} <= set(lengths)
    assert lengths[ids["sumadi"]] >= 2, lengths  # the case of a scorecard of several pages is covered
