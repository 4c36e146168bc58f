"""Scorecard pages and PDFs: the page and the PDF show the same numbers; an open period's PDF is provisional on
every page and not stored; a closed period's is issued once and served byte-identical; who sees which
scorecard; an OPD's scorecards issued in bulk by one job."""

from __future__ import annotations

import io
import re
import zipfile

from pypdf import PdfReader
from sqlalchemy import func, select

from app.documents.models import IssuedDocument
from app.extensions import db
from app.jobs.models import Job
from app.org.models import Employee, Unit
from tests.documents.test_documents import decode_qr
from tests.factories import make_user

Q1 = {"year": 2018, "quarter": 1}  # March's TPP is open: provisional
FEB = {"year": 2018, "month": 2}  # closed


def _pages(pdf: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def _issued() -> int:
    return db.session.scalar(select(func.count(IssuedDocument.id)).where(
        IssuedDocument.source_type.startswith("scorecard/"))) or 0


def _figures(html: str) -> set[str]:
    """The numbers the page's scorecard shows: percentages, rupiah and the 'reported/due' counts."""
    body = html[html.index('class="scorecard'):]
    text = re.sub(r"<[^>]+>", " ", body).replace("&nbsp;", " ").replace("\xa0", " ")
    return set(re.findall(r"\d[\d.]*,\d\d %|Rp ?[\d.]+,\d\d|\d+/\d+ · \d+ · \d+", " ".join(text.split())))


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text.replace("\xa0", " "))


def test_person_page_and_provisional_pdf_show_the_same_numbers(client, cards):
    client.login_as(cards.users["kabid"])
    page = client.get(f"/scorecards/people/{cards.kabid.id}", query_string=Q1)
    assert page.status_code == 200
    figures = _figures(page.text)
    assert {"103,33 %", "Rp4.811.800,00", "1/1 · 1 · 0"} <= figures, figures
    assert "62 / 60 × 100 = 103,33 %" in page.text and "SEMENTARA" in page.text
    assert "Target s.d. Tw I" in page.text and "setahun: 276" in page.text  # the target the formula's 60 is
    assert "<svg" in page.text
    pdf = client.get(f"/scorecards/people/{cards.kabid.id}/pdf", query_string=Q1)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    pages = _pages(pdf.data)
    assert all("SEMENTARA" in text for text in pages), pages  # on every page
    whole = _squash(" ".join(pages))
    assert all(_squash(f) in whole for f in figures), [f for f in figures if _squash(f) not in whole]
    assert _squash("Target s.d. Tw I") in whole and _squash("setahun: 276") in whole
    assert _issued() == 0  # a provisional scorecard is never stored


def test_unit_page_and_pdf_same_numbers_and_drill_down(client, cards):
    bidang = cards.awards.world.bidang_a
    client.login_as(cards.users["kabid"])
    page = client.get(f"/scorecards/units/{bidang.id}", query_string=Q1)
    assert page.status_code == 200
    assert f'/scorecards/people/{cards.kabid.id}?year=2018&amp;quarter=1' in page.text  # the drill-down
    figures = _figures(page.text)
    assert "103,33 %" in figures
    pages = _pages(client.get(f"/scorecards/units/{bidang.id}/pdf", query_string=Q1).data)
    whole = _squash(" ".join(pages))
    assert all("SEMENTARA" in text for text in pages)
    assert all(_squash(f) in whole for f in figures)


def test_closed_period_is_issued_once_and_reprinted_byte_identical(client, cards, tmp_path):
    client.login_as(cards.users["kabid"])  # their own scorecard
    url = f"/scorecards/people/{cards.kabid.id}"
    page = client.get(url, query_string=FEB)
    assert "SEMENTARA" not in page.text and "Terbitkan dan cetak" in page.text
    not_yet = client.get(f"{url}/pdf", query_string=FEB)
    assert not_yet.status_code in (302, 303) and _issued() == 0
    issued = client.post(f"{url}/issue", data=FEB)
    assert issued.status_code in (302, 303) and "/documents/" in issued.headers["Location"]
    first = client.get(issued.headers["Location"]).data
    assert _issued() == 1
    again = client.post(f"{url}/issue", data=FEB)
    assert again.headers["Location"] == issued.headers["Location"] and _issued() == 1
    via_pdf = client.get(f"{url}/pdf", query_string=FEB)
    assert via_pdf.headers["Location"].endswith(issued.headers["Location"].split("kinerja.test")[-1])
    assert client.get(issued.headers["Location"]).data == first  # byte-identical
    text = " ".join(_pages(first))
    assert "SEMENTARA" not in text and "Februari 2018" in text and "Mariana" in text
    document = db.session.scalar(select(IssuedDocument).where(IssuedDocument.source_type.startswith("scorecard/")))
    assert document.source_type == "scorecard/person/2018-02" and document.source_id == cards.kabid.id
    [qr] = decode_qr(first, tmp_path)
    assert qr.endswith(f"/v/{document.code}")
    assert "Mariana" in client.get(f"/v/{document.code}").text
    assert "Buka PDF yang diterbitkan" in client.get(url, query_string=FEB).text


def test_an_open_period_is_never_issued(client, cards):
    client.login_as(cards.users["hr"])
    refused = client.post(f"/scorecards/people/{cards.kabid.id}/issue", data=Q1)
    assert refused.status_code in (302, 303, 422) and _issued() == 0


def test_who_sees_which_scorecard(client, cards):
    world = cards.awards.world
    kasi = cards.awards.officials.kasi
    siti = world.users["employee"]  # Siti Aminah, staff of the bidang
    client.login_as(siti)
    mine = client.get("/scorecards/mine", query_string=Q1)
    assert mine.status_code in (302, 303) and f"/scorecards/people/{world.person_a.id}" in mine.headers["Location"]
    assert client.get(mine.headers["Location"]).status_code == 200
    for url in (f"/scorecards/people/{cards.kabid.id}", f"/scorecards/people/{cards.kabid.id}/pdf",
                f"/scorecards/units/{world.bidang_a.id}"):
        assert client.get(url, query_string=Q1).status_code in (403, 404), url
    client.login_as(cards.users["kabid"])  # leader of the bidang: its subtree
    assert client.get(f"/scorecards/people/{kasi.id}", query_string=Q1).status_code == 200
    assert client.get(f"/scorecards/units/{world.seksi_a.id}", query_string=Q1).status_code == 200
    assert client.get(f"/scorecards/units/{world.opd_a.id}", query_string=Q1).status_code in (403, 404)
    assert client.get(f"/scorecards/people/{cards.awards.officials.kadis.id}",
                      query_string=Q1).status_code in (403, 404)
    assert client.post(f"/scorecards/people/{kasi.id}/issue", data=FEB).status_code in (302, 303)
    client.login_as(world.users["hr"])  # HR of OPD A: its scope only
    assert client.get(f"/scorecards/people/{cards.kabid.id}", query_string=Q1).status_code == 200
    assert client.get(f"/scorecards/people/{world.person_b.id}", query_string=Q1).status_code in (403, 404)
    client.login_as(world.outsider)  # HR of OPD B
    assert client.get(f"/scorecards/people/{cards.kabid.id}", query_string=Q1).status_code in (403, 404)
    # the issued PDF (the kasi's February) opens for who may view the scorecard, not for the unit's staff
    document = db.session.scalar(select(IssuedDocument).where(IssuedDocument.source_id == kasi.id))
    assert document is not None
    client.login_as(cards.users["kasi"])
    assert client.get(f"/documents/{document.id}/pdf").status_code == 200
    client.login_as(siti)
    assert client.get(f"/documents/{document.id}/pdf").status_code in (403, 404)


def test_an_account_without_a_person_has_no_scorecard_of_its_own(client, cards):
    client.login_as(make_user("tanpa_pegawai", [("hr", cards.awards.world.opd_a)]))
    response = client.get("/scorecards/mine", follow_redirects=True)
    assert response.status_code == 200 and "tidak terhubung" in response.text


def test_hr_issues_an_opds_scorecards_in_one_job(client, cards):
    world = cards.awards.world
    client.login_as(world.users["hr"])
    refused = client.post(f"/scorecards/opd/{world.opd_a.id}/bulk", data={**Q1, "what": "people"})
    assert refused.status_code in (302, 303, 422) and db.session.scalar(select(func.count(Job.id))) == 0
    # Mariana's February issued before: reused, not issued again
    client.login_as(cards.users["kabid"])
    client.post(f"/scorecards/people/{cards.kabid.id}/issue", data=FEB)
    before = db.session.scalar(select(IssuedDocument).where(IssuedDocument.source_type.startswith("scorecard/")))
    client.login_as(world.users["hr"])
    tasks = client.get("/tasks").text
    assert "Kartu kinerja Februari 2018" in tasks or "Februari 2018: Dinas Sosial A" in tasks, tasks
    assert f"/scorecards/units/{world.opd_a.id}?year=2018&amp;month=2&amp;bulk=1#bulk" in tasks
    started = client.post(f"/scorecards/opd/{world.opd_a.id}/bulk", data={**FEB, "what": "people"})
    assert started.status_code in (302, 303)
    job = db.session.scalar(select(Job).where(Job.kind == "scorecards.bulk"))
    assert job.status == "done", job.error
    people = db.session.scalar(select(func.count(Employee.id)).join(Unit, Employee.unit_id == Unit.id).where(
        Unit.path.startswith(world.opd_a.path)))
    assert _issued() == people and "1" in job.message
    joined = client.get(f"/jobs/{job.id}/download")
    assert joined.status_code == 200
    reader = PdfReader(io.BytesIO(joined.data))
    assert len(reader.pages) >= people
    zipped = client.get(f"/jobs/{job.id}/download", query_string={"name": job.result_name.replace(".pdf", ".zip")})
    assert zipped.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(zipped.data)).namelist()
    assert len(names) == people
    [own] = [n for n in names if f"-{cards.kabid.id}-Mariana" in n]
    assert zipfile.ZipFile(io.BytesIO(zipped.data)).read(own) == client.get(
        f"/documents/{before.id}/pdf").data  # the one issued before, as stored
    assert f"/scorecards/units/{world.opd_a.id}?year=2018&amp;month=2&amp;bulk=1#bulk" not in client.get("/tasks").text
    units = client.post(f"/scorecards/opd/{world.opd_a.id}/bulk", data={**FEB, "what": "units"})
    assert units.status_code in (302, 303)
    assert db.session.scalar(select(func.count(IssuedDocument.id)).where(
        IssuedDocument.source_type == "scorecard/unit/2018-02")) == 3  # the OPD, the bidang, the seksi


def test_a_month_closed_again_makes_the_issued_scorecard_out_of_date(client, cards):
    """February reopened (a correction) and closed again after Mariana's scorecard was issued: the page says so,
    the PDF address no longer serves the old one, issuing again makes version 2 and supersedes version 1; the
    bulk job issues again only the out-of-date ones."""
    from datetime import timedelta

    from app.tpp.models import Period as TppMonth
    from app.tpp.services import periods as tpp_periods

    world = cards.awards.world
    url = f"/scorecards/people/{cards.kabid.id}"
    client.login_as(cards.users["kabid"])
    first = client.post(f"{url}/issue", data=FEB).headers["Location"]
    old = db.session.scalar(select(IssuedDocument).where(IssuedDocument.source_type == "scorecard/person/2018-02"))
    february = db.session.scalar(select(TppMonth).where(TppMonth.month == 2))
    hr = world.users["hr"]
    tpp_periods.reopen(february, "Koreksi absensi", hr, february.version)
    tpp_periods.start(world.opd_a, 2018, 2, "A", hr)
    tpp_periods.close(february, hr, february.version)
    old.issued_at = february.closed_at - timedelta(minutes=5)  # issued before the month was closed again
    db.session.commit()
    page = client.get(url, query_string=FEB).text
    assert "Terbitkan ulang" in page and "Buka PDF sebelumnya" in page
    assert client.get(f"{url}/pdf", query_string=FEB).headers["Location"].split("?")[0].endswith(url)
    second = client.post(f"{url}/issue", data=FEB).headers["Location"]
    assert second != first
    db.session.refresh(old)
    new = db.session.scalar(select(IssuedDocument).where(IssuedDocument.source_type == "scorecard/person/2018-02/v2"))
    assert (old.status, new.version, new.number) == ("superseded", 2, f"KK/2018-02/P{cards.kabid.id}/2")
    assert client.post(f"{url}/issue", data=FEB).headers["Location"] == second  # up to date now: served again
    # the bulk job: Mariana's version 2 is up to date and reused; nobody else had one
    client.login_as(hr)
    client.post(f"/scorecards/opd/{world.opd_a.id}/bulk", data={**FEB, "what": "people"})
    assert db.session.scalar(select(func.count(IssuedDocument.id)).where(
        IssuedDocument.source_type.startswith("scorecard/person/2018-02/v"))) == 1


def test_a_scorecard_of_several_pages_is_split_right_in_bulk(client, cards):
    """A scorecard's anchor is on every page it spans: the bulk job cuts each chunk at the first."""
    from tests.scorecards.test_data import _more_indicators

    world = cards.awards.world
    _more_indicators(cards, 30)
    db.session.commit()
    client.login_as(world.users["hr"])
    client.post(f"/scorecards/opd/{world.opd_a.id}/bulk", data={**FEB, "what": "people"})
    job = db.session.scalar(select(Job).where(Job.kind == "scorecards.bulk"))
    assert job.status == "done", job.error
    docs = list(db.session.scalars(select(IssuedDocument).where(IssuedDocument.source_type == "scorecard/person/2018-02")))
    pages = {doc.source_id: len(PdfReader(io.BytesIO(client.get(f"/documents/{doc.id}/pdf").data)).pages)
             for doc in docs}
    assert pages[cards.kabid.id] >= 2 and all(n == 1 for sid, n in pages.items() if sid != cards.kabid.id), pages
    own = _pages(client.get(f"/documents/{next(d.id for d in docs if d.source_id == cards.kabid.id)}/pdf").data)
    assert all("Kartu Kinerja · Mariana · Februari 2018 · KK/2018-02/P" in page for page in own), own  # each page
    mariana = " ".join(own)
    assert "Mariana" in mariana and "Tambahan 29" in mariana and "Siti Aminah" not in mariana
    joined = PdfReader(io.BytesIO(client.get(f"/jobs/{job.id}/download").data))
    assert len(joined.pages) == sum(pages.values())


def test_a_months_provisional_note_speaks_of_the_month(client, cards):
    client.login_as(cards.users["kabid"])
    march = client.get(f"/scorecards/people/{cards.kabid.id}", query_string={"year": 2018, "month": 3}).text
    assert "Bulan ini sudah berakhir tetapi belum ditutup pada TPP" in march and "belum semua bulannya" not in march
    quarter = client.get(f"/scorecards/people/{cards.kabid.id}", query_string=Q1).text
    assert "belum semua bulannya ditutup pada TPP (sudah ditutup: Januari, Februari)" in quarter
