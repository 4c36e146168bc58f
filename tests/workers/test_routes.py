"""Non-ASN screens: a worker (THL, PJLP) sees only their own contract, warnings, evaluations and honorarium; an
operator sees their unit's contracts; a leader warns and evaluates but does not sign. HR drafts, edits, signs,
renews, terminates and decides on renewal through the forms; warnings carry an attachment; the honorarium month
is shown live, closed, printed (XLSX, the recap PDF). The lists take the same queries for 5 or 40 workers, and
"Tugas saya" shows the contracts waiting for HR.

February 2018 has 20 working days in the test calendar (see test_services.py); the monthly amount is Rp3.648.035.
"""

from __future__ import annotations

import re
from datetime import date
from io import BytesIO

from openpyxl import load_workbook
from sqlalchemy import func, insert, select

from app.attendance.models import AttendanceDay
from app.documents.models import IssuedDocument
from app.extensions import db
from app.workers import recap
from app.workers.models import Contract, Evaluation, WorkerWarning
from app.workers.services import conduct, contracts, honor
from tests.factories import make_employee, make_unit, make_user
from tests.workers.test_services import FEB, UMP, attend, on, signed, values

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
CRITERIA = ("Kehadiran dan ketepatan waktu", "Kualitas hasil kerja", "Kecepatan dan tanggung jawab", "Kerja sama",
            "Sikap dan perilaku")


def _warning(level="lisan", day=date(2018, 3, 5), reason="Tidak masuk tanpa keterangan"):
    return {"level": level, "given_on": day, "reason": reason, "letter_number": ""}


def _form(**changes) -> dict:
    """The contract form as the browser posts it: a whole-year monthly contract of 2018."""
    return {"year": "2018", "number": "", "starts_on": "2018-01-01", "ends_on": "2018-12-31",
            "position": "Petugas P3S", "workplace": "Kolong Tol Pluit", "duties": "Menjaga ketertiban",
            "pay_basis": "monthly", "rate": "3.648.035", "shift_id": "", **changes}


def _flashes(client) -> list[str]:
    with client.session_transaction() as sess:
        return [str(message) for _, message in sess.get("_flashes", [])]


def _done(response) -> bool:
    return response.status_code in (302, 303)


# -- who sees what -----------------------------------------------------------------------------------------------

def test_a_worker_sees_only_their_own(client, world, thl, hr):
    own = signed(thl, world.bidang_a, hr, number="800/1/THL/2018")
    colleague = make_employee(world.bidang_a, "Budi Harahap", employment_type="thl")
    theirs = signed(colleague, world.bidang_a, hr, number="800/2/THL/2018")
    elsewhere = signed(make_employee(world.bidang_b, "Gita Savitri", employment_type="pjlp", sex="P"),
                       world.bidang_b, hr, number="800/3/PJLP/2018")
    mine_warned = conduct.warn(own, _warning(reason="Terlambat apel pagi"), ("teguran.pdf", PDF), hr)
    their_warned = conduct.warn(theirs, _warning("sp1", reason="Berkelahi di pos"), ("sp1.pdf", PDF), hr)
    conduct.evaluate(own, 1, dict.fromkeys(CRITERIA, 4), "Rajin", None, hr)  # 20 of 25: 80 % → baik
    attend(thl, FEB, d6="absent")
    attend(colleague, FEB)
    with on(date(2018, 3, 1)):
        honor.close(world.opd_a, 2018, 2, None, hr)
    contracts.renew(own, hr)  # next year's draft: not the worker's until signed
    account = make_user("andi", [("employee", world.bidang_a)], employee=thl)
    client.login_as(account)

    assert client.get("/non-asn").headers["Location"].endswith("/non-asn/mine")
    mine = client.get("/non-asn/mine")
    assert mine.status_code == 200
    page = mine.text
    assert "800/1/THL/2018 · 2018" in page and "Rp3.648.035,00 per bulan" in page and "· 2019" not in page
    assert "Teguran lisan" in page and "Terlambat apel pagi" in page
    assert "Triwulan 1: Baik (80)" in page
    # 19 of 20 days: 3.648.035 × 19 / 20 = 3.465.633,25 → 3.465.633; TK 2 % = 72.961; received 3.392.672
    assert "Honorarium bulan yang sudah ditutup" in page and "Rp3.392.672,00" in page
    assert "800/2/THL/2018" not in page and "Budi Harahap" not in page and "Berkelahi" not in page

    assert client.get(f"/non-asn/contracts/{own.id}").status_code == 200
    refused = client.get(f"/non-asn/contracts/{theirs.id}")  # the same unit: visible, not allowed
    assert refused.status_code == 403 and "Budi Harahap" not in refused.text
    assert client.get(f"/non-asn/contracts/{elsewhere.id}").status_code == 404  # another OPD: not even seen
    assert client.get("/non-asn/contracts?year=2018").status_code == 403
    assert client.get(f"/non-asn/people/{colleague.id}").status_code == 403
    assert client.get(f"/non-asn/honor/units/{world.opd_a.id}?year=2018&month=2").status_code == 404
    assert client.get(f"/non-asn/warnings/{mine_warned.id}/attachment").status_code == 200
    other = client.get(f"/non-asn/warnings/{their_warned.id}/attachment")
    assert other.status_code in (403, 404) and PDF not in other.data
    assert client.post(f"/non-asn/contracts/{own.id}/warnings", data={
        "level": "lisan", "given_on": "2018-03-06", "reason": "Sendiri"}).status_code == 403

    home = client.get("/").text  # the menu of a non-ASN worker
    assert "Kontrak saya" in home and 'href="/non-asn/mine"' in home
    assert "TPP saya" not in home and 'href="/tpp/mine"' not in home

    client.login_as(world.users["employee"])  # Siti Aminah, a civil servant
    home = client.get("/").text
    assert "TPP saya" in home and 'href="/tpp/mine"' in home
    assert "Kontrak saya" not in home and 'href="/non-asn/mine"' not in home
    assert "Anda belum memiliki kontrak yang ditandatangani" in client.get("/non-asn/mine").text


def test_a_worker_opens_their_own_contract_signed_at_another_unit(client, world, thl, hr):
    upt = make_unit(world.opd_a, "UPT Pusat Santunan Keluarga", kind="upt")
    own = signed(thl, upt, hr, number="800/1/THL/2018")  # works at the UPT; their record is the bidang's
    letter = conduct.warn(own, _warning(), ("teguran.pdf", PDF), hr)
    client.login_as(make_user("andi", [("employee", world.bidang_a)], employee=thl))
    assert "800/1/THL/2018" in client.get("/non-asn/mine").text
    assert client.get(f"/non-asn/warnings/{letter.id}/attachment").status_code == 200
    assert client.get(f"/non-asn/contracts/{own.id}").status_code == 200


def test_a_worker_does_not_open_a_colleagues_documents(client, world, thl, hr):
    colleague = make_employee(world.bidang_a, "Budi Harahap", employment_type="thl")
    theirs = contracts.create(colleague, world.bidang_a, values(number="800/2/THL/2018"), hr)
    contracts.sign(theirs, theirs.version, hr, date(2017, 12, 28))
    signed(thl, world.bidang_a, hr, number="800/1/THL/2018")
    attend(thl, FEB)
    attend(colleague, FEB)
    with on(date(2018, 3, 1)):
        found = honor.close(world.opd_a, 2018, 2, None, hr)
    recap_ = recap.issue(found, world.bidang_a, hr)
    client.login_as(make_user("andi", [("employee", world.bidang_a)], employee=thl))
    assert "Budi Harahap" not in client.get("/non-asn/mine").text
    assert client.get(f"/documents/{theirs.document_id}/pdf").status_code in (403, 404)
    assert client.get(f"/documents/{recap_.id}/pdf").status_code in (403, 404)


def test_an_operator_sees_their_units_contracts_only(client, world, thl, hr):
    sibling = make_unit(world.opd_a, "Bidang Perlindungan Sosial")
    ours = signed(thl, world.bidang_a, hr, number="800/1/THL/2018")
    below = signed(make_employee(world.seksi_a, "Eka Putri", employment_type="honorer", sex="P"), world.seksi_a, hr,
                   number="800/2/THL/2018")
    theirs = signed(make_employee(sibling, "Fajar Nugroho", employment_type="thl"), sibling, hr,
                    number="800/3/THL/2018")
    operator = make_user("op_bidang", [("operator", world.bidang_a)])
    client.login_as(operator)

    listed = client.get("/non-asn/contracts?year=2018")
    assert listed.status_code == 200
    assert "Andi Wijaya" in listed.text and "Eka Putri" in listed.text and "Fajar Nugroho" not in listed.text
    assert "Kontrak baru" not in listed.text  # no workers.manage
    assert client.get(f"/non-asn/contracts?year=2018&unit_id={sibling.id}").status_code == 404
    page = client.get(f"/non-asn/contracts/{ours.id}")
    assert page.status_code == 200 and "800/1/THL/2018" in page.text
    assert client.get(f"/non-asn/contracts/{below.id}").status_code == 200
    assert client.get(f"/non-asn/contracts/{theirs.id}").status_code == 404
    assert client.post(f"/non-asn/contracts/{ours.id}/sign",
                       data={"version": ours.version, "signed_on": "2017-12-28"}).status_code == 403
    assert client.post(f"/non-asn/contracts/{ours.id}/terminate", data={
        "version": ours.version, "terminated_on": "2018-05-31", "reason": "Mengundurkan diri"}).status_code == 403
    assert client.get(f"/non-asn/contracts/{ours.id}/terminate").status_code == 403
    assert client.post(f"/non-asn/contracts/{ours.id}/warnings", data={
        "level": "lisan", "given_on": "2018-03-05", "reason": "Terlambat"}).status_code == 403
    assert client.get("/non-asn/ending?year=2018").status_code == 403
    db.session.refresh(ours)
    assert (ours.state, ours.terminated_on) == ("active", None)
    assert db.session.scalar(select(func.count()).select_from(WorkerWarning)) == 0


def test_a_leader_warns_and_evaluates_but_does_not_sign(client, world, thl, hr):
    contract = signed(thl, world.bidang_a, hr, number="800/1/THL/2018")
    draft = contracts.create(make_employee(world.bidang_a, "Budi Harahap", employment_type="thl"), world.bidang_a,
                             values(number="800/2/THL/2018"), hr)
    client.login_as(world.users["leader"])
    page = client.get(f"/non-asn/contracts/{contract.id}")
    assert page.status_code == 200 and "Catat teguran" in page.text
    warned = client.post(f"/non-asn/contracts/{contract.id}/warnings", data={
        "level": "lisan", "given_on": "2018-03-05", "reason": "Terlambat apel", "letter_number": ""})
    assert _done(warned) and warned.headers["Location"].endswith(f"/non-asn/contracts/{contract.id}#warnings")
    assert db.session.scalar(select(WorkerWarning.created_by_id)) == world.users["leader"].id
    evaluated = client.post(f"/non-asn/contracts/{contract.id}/evaluate", data={
        "period": "1", "note": "", "version": "", **{f"c{n}": "5" for n in range(5)}})
    assert _done(evaluated) and "Evaluasi disimpan: Sangat Baik" in " ".join(_flashes(client))
    assert db.session.scalar(select(Evaluation.result)) == "sangat_baik"

    assert client.post(f"/non-asn/contracts/{draft.id}/sign",
                       data={"version": draft.version, "signed_on": "2017-12-28"}).status_code == 403
    assert client.post(f"/non-asn/contracts/{contract.id}/renew", data={}).status_code == 403
    assert client.post(f"/non-asn/contracts/{contract.id}/decision",
                       data={"version": contract.version, "decision": "renew"}).status_code == 403
    assert client.get("/non-asn/contracts/new").status_code == 403
    db.session.refresh(draft)
    db.session.refresh(contract)
    assert (draft.state, contract.renewal) == ("draft", None)


# -- the forms ---------------------------------------------------------------------------------------------------

def test_hr_drafts_edits_signs_renews_and_terminates(client, world, thl, hr):
    client.login_as(hr)
    form = client.get(f"/non-asn/contracts/new?year=2018&employee_id={thl.id}")
    assert form.status_code == 200 and "Andi Wijaya" in form.text

    for wrong in ("3,5", "abc"):
        refused = client.post("/non-asn/contracts/new", data=_form(employee_id=thl.id, unit_id=world.bidang_a.id,
                                                                   rate=wrong))
        assert refused.status_code == 422
        assert "Tulis jumlahnya dalam rupiah bulat, misalnya 3.648.035." in refused.text
    assert db.session.scalar(select(func.count()).select_from(Contract)) == 0

    created = client.post("/non-asn/contracts/new", data=_form(employee_id=thl.id, unit_id=world.bidang_a.id))
    assert _done(created) and "Draf kontrak disimpan." in _flashes(client)
    contract = db.session.scalars(select(Contract)).one()
    assert created.headers["Location"].endswith(f"/non-asn/contracts/{contract.id}")
    assert (contract.state, contract.rate, contract.employee_id, contract.unit_id) == ("draft", UMP, thl.id,
                                                                                       world.bidang_a.id)

    edited = client.post(f"/non-asn/contracts/{contract.id}/edit", data=_form(
        unit_id=world.bidang_a.id, number="800/17/THL/2018", rate="Rp3.648.035,00", position="Petugas Jangkauan",
        version=contract.version))
    assert _done(edited)
    db.session.refresh(contract)
    assert (contract.number, contract.rate, contract.position) == ("800/17/THL/2018", UMP, "Petugas Jangkauan")
    page = client.get(f"/non-asn/contracts/{contract.id}").text
    assert "Petugas Jangkauan" in page and "Rp3.648.035,00" in page and 'status-upcoming">Draf<' in page

    signed_ = client.post(f"/non-asn/contracts/{contract.id}/sign",
                          data={"version": contract.version, "signed_on": "2017-12-28"})
    assert _done(signed_) and signed_.headers["Location"].endswith(f"/non-asn/contracts/{contract.id}")
    db.session.refresh(contract)
    assert (contract.state, contract.signed_on) == ("active", date(2017, 12, 28))
    spk = db.session.get(IssuedDocument, contract.document_id)
    assert (spk.kind, spk.number, spk.unit_id) == ("worker_contract", "800/17/THL/2018", world.bidang_a.id)
    edit_signed = client.post(f"/non-asn/contracts/{contract.id}/edit", data=_form(
        unit_id=world.bidang_a.id, number="800/17/THL/2018", position="Diubah", version=contract.version))
    assert edit_signed.status_code == 422 and db.session.get(Contract, contract.id).position == "Petugas Jangkauan"

    renewed = client.post(f"/non-asn/contracts/{contract.id}/renew", data={})
    assert _done(renewed)
    copy = db.session.scalar(select(Contract).where(Contract.year == 2019))
    assert renewed.headers["Location"].endswith(f"/non-asn/contracts/{copy.id}")
    assert (copy.state, copy.renewed_from_id, copy.number, copy.starts_on, copy.ends_on) == (
        "draft", contract.id, "", date(2019, 1, 1), date(2019, 12, 31))
    drafts = client.get("/non-asn/contracts?year=2019&state=draft").text
    assert "Andi Wijaya" in drafts and "Petugas Jangkauan" in drafts

    db.session.refresh(contract)
    form = client.get(f"/non-asn/contracts/{contract.id}/terminate")
    assert form.status_code == 200 and "Belum ada teguran yang dicatat untuk kontrak ini." in form.text
    no_reason = client.post(f"/non-asn/contracts/{contract.id}/terminate", data={
        "version": contract.version, "terminated_on": "2018-05-31", "reason": "  "})
    assert no_reason.status_code == 422 and "Sebutkan alasan pemutusan kontrak." in no_reason.text
    db.session.refresh(contract)
    assert contract.state == "active"
    ended = client.post(f"/non-asn/contracts/{contract.id}/terminate", data={
        "version": contract.version, "terminated_on": "2018-05-31", "reason": "Mengundurkan diri"})
    assert _done(ended) and "Kontrak diputus." in _flashes(client)
    db.session.refresh(contract)
    assert (contract.state, contract.terminated_on, contract.renewal) == ("terminated", date(2018, 5, 31), "end")
    page = client.get(f"/non-asn/contracts/{contract.id}").text
    assert 'status-revoked">Diputus<' in page and "Mengundurkan diri" in page
    assert 'status-revoked">Diputus<' in client.get("/non-asn/contracts?year=2018").text


def test_a_second_tab_signs_a_stale_version(client, world, thl, hr):
    contract = contracts.create(thl, world.bidang_a, values(number="800/17/THL/2018"), hr)
    opened = contract.version
    client.login_as(hr)
    # the first tab edits the draft; the second still shows the version it was opened on
    assert _done(client.post(f"/non-asn/contracts/{contract.id}/edit", data=_form(
        unit_id=world.bidang_a.id, number="800/17/THL/2018", position="Petugas Jangkauan", version=opened)))
    stale = client.post(f"/non-asn/contracts/{contract.id}/sign", data={"version": opened, "signed_on": "2017-12-28"})
    # a button (``act``): back on the contract's page with the conflict said, nothing signed
    assert stale.status_code == 303 and stale.headers["Location"].endswith(f"/non-asn/contracts/{contract.id}")
    assert "Orang lain mengubah data ini setelah Anda membuka halaman. Periksa lalu coba lagi." in _flashes(client)
    db.session.refresh(contract)
    assert (contract.state, contract.document_id) == ("draft", None)
    # the edit form from the stale tab answers 409 with the form again: the conflict said, the entries kept
    again = client.post(f"/non-asn/contracts/{contract.id}/edit", data=_form(
        unit_id=world.bidang_a.id, number="800/17/THL/2018", position="Tab kedua", version=opened))
    assert again.status_code == 409 and "Orang lain mengubah kontrak ini setelah Anda membukanya" in again.text
    assert 'value="Tab kedua"' in again.text
    assert db.session.get(Contract, contract.id).position == "Petugas Jangkauan"


def test_the_renewal_decision_from_the_ending_list(client, world, thl, hr):
    contract = signed(thl, world.bidang_a, hr, number="800/1/THL/2018")
    client.login_as(hr)
    with on(date(2018, 11, 15)):
        listed = client.get("/non-asn/ending?year=2018")
        assert listed.status_code == 200 and "Andi Wijaya" in listed.text and 'value="ending"' in listed.text
        decided = client.post(f"/non-asn/contracts/{contract.id}/decision", data={
            "version": contract.version, "decision": "end", "note": "Sering TK", "back_to": "ending"})
        assert _done(decided) and decided.headers["Location"].endswith("/non-asn/ending")
        assert "Keputusan perpanjangan untuk Andi Wijaya disimpan." in _flashes(client)
        db.session.refresh(contract)
        assert (contract.renewal, contract.renewal_note, contract.renewal_by_id) == ("end", "Sering TK", hr.id)
        # decided not to renew: the renewal is refused, and said so on the contract's page
        refused = client.post(f"/non-asn/contracts/{contract.id}/renew", data={})
        assert refused.headers["Location"].endswith(f"/non-asn/contracts/{contract.id}")
        assert db.session.scalar(select(func.count()).select_from(Contract)) == 1
        changed = client.post(f"/non-asn/contracts/{contract.id}/decision", data={
            "version": contract.version, "decision": "renew", "note": ""})
        assert changed.headers["Location"].endswith(f"/non-asn/contracts/{contract.id}")
        db.session.refresh(contract)
        assert contract.renewal == "renew"
        assert "Diperpanjang" in client.get(f"/non-asn/contracts/{contract.id}").text


def test_a_warning_with_a_pdf_attachment(client, world, thl, hr):
    contract = signed(thl, world.bidang_a, hr, number="800/1/THL/2018")
    client.login_as(hr)
    page = client.get(f"/non-asn/contracts/{contract.id}").text
    assert "Teguran lisan" in page
    sent = client.post(f"/non-asn/contracts/{contract.id}/warnings", content_type="multipart/form-data", data={
        "level": "tertulis", "given_on": "2018-03-05", "letter_number": "800/55/2018",
        "reason": "Meninggalkan pos <tanpa> izin", "attachment": (BytesIO(PDF), "teguran tertulis.pdf")})
    assert _done(sent) and "Teguran dicatat." in _flashes(client)
    warning = db.session.scalars(select(WorkerWarning)).one()
    assert (warning.level, warning.letter_number, warning.attachment_name) == ("tertulis", "800/55/2018",
                                                                              "teguran tertulis.pdf")
    page = client.get(f"/non-asn/contracts/{contract.id}").text
    assert "Meninggalkan pos &lt;tanpa&gt; izin" in page and f"/non-asn/warnings/{warning.id}/attachment" in page
    served = client.get(f"/non-asn/warnings/{warning.id}/attachment")
    assert served.status_code == 200 and served.data == PDF
    assert served.mimetype == "application/pdf" and served.headers["X-Content-Type-Options"] == "nosniff"

    not_pdf = client.post(f"/non-asn/contracts/{contract.id}/warnings", content_type="multipart/form-data", data={
        "level": "sp1", "given_on": "2018-03-06", "reason": "Lagi", "attachment": (BytesIO(b"<script>"), "a.pdf")})
    assert not_pdf.status_code == 422 and "PDF" in not_pdf.text
    assert db.session.scalar(select(func.count()).select_from(WorkerWarning)) == 1


def test_the_evaluation_page_shows_the_saved_points(client, world, thl, hr):
    contract = signed(thl, world.bidang_a, hr, number="800/1/THL/2018")
    saved = conduct.evaluate(contract, 2, dict(zip(CRITERIA, (5, 4, 3, 2, 1), strict=True)), "Perlu dibina", None,
                             hr)
    client.login_as(hr)
    page = client.get(f"/non-asn/contracts/{contract.id}/evaluate?period=2")
    assert page.status_code == 200 and "Perlu dibina" in page.text and "Kerja sama" in page.text

    def chosen(name: str, text: str) -> str | None:
        select_ = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', text, re.S).group(1)
        found = re.search(r'<option selected value="([^"]*)"|<option value="([^"]*)" selected', select_)
        return next(g for g in found.groups() if g is not None) if found else None

    assert [chosen(f"c{n}", page.text) for n in range(5)] == ["5", "4", "3", "2", "1"]
    assert chosen("period", page.text) == "2"
    assert re.search(rf'<input[^>]*name="version"[^>]*value="{saved.version}"', page.text)
    other = client.get(f"/non-asn/contracts/{contract.id}/evaluate?period=1")
    assert [chosen(f"c{n}", other.text) for n in range(5)] == [""] * 5  # "—": nothing saved for the quarter

    corrected = client.post(f"/non-asn/contracts/{contract.id}/evaluate", data={
        "period": "2", "note": "Membaik", "version": saved.version, **{f"c{n}": "4" for n in range(5)}})
    assert _done(corrected) and corrected.headers["Location"].endswith("#evaluations")
    db.session.refresh(saved)
    assert (saved.result, saved.note) == ("baik", "Membaik")
    stale = client.post(f"/non-asn/contracts/{contract.id}/evaluate", data={
        "period": "2", "note": "", "version": "", **{f"c{n}": "5" for n in range(5)}})
    assert stale.status_code == 409
    missing = client.post(f"/non-asn/contracts/{contract.id}/evaluate", data={
        "period": "3", "note": "", "version": "", **{f"c{n}": "5" for n in range(4)}})
    assert missing.status_code == 422
    assert db.session.scalar(select(func.count()).select_from(Evaluation)) == 1


# -- the honorarium month ----------------------------------------------------------------------------------------

def test_the_honorarium_month_live_closed_and_printed(client, world, thl, hr):
    contract = signed(thl, world.bidang_a, hr, number="800/1/THL/2018")
    attend(thl, FEB[:17], d6="absent")  # the 26th, 27th and 28th have no status yet
    url = f"/non-asn/honor/units/{world.opd_a.id}?year=2018&month=2"
    client.login_as(hr)
    with on(date(2018, 2, 27)):
        live = client.get(url)
        assert live.status_code == 200 and "Andi Wijaya" in live.text and "3 hari tanpa status" in live.text
        assert "3 hari kerja dalam masa kontrak belum memiliki status kehadiran" in live.text
        assert "Bulan ini dapat ditutup mulai hari pertama bulan berikutnya." in live.text
        early = client.post(f"/non-asn/honor/opd/{world.opd_a.id}/close", data={"year": 2018, "month": 2,
                                                                                 "version": ""})
        assert _done(early)
        assert "Februari 2018 belum berakhir: honorariumnya ditutup mulai hari pertama bulan berikutnya." in \
            _flashes(client)
    assert honor.month_of(world.opd_a, 2018, 2) is None
    db.session.execute(insert(AttendanceDay), [
        {"employee_id": thl.id, "day": day, "status": "present", "late_code": 0, "early_code": 0,
         "missed_roll_call": False} for day in FEB[17:]])
    with on(date(2018, 3, 1)):
        live = client.get(url).text
        assert "hari tanpa status" not in live and "Tutup bulan ini" in live
        closed = client.post(f"/non-asn/honor/opd/{world.opd_a.id}/close", data={"year": 2018, "month": 2,
                                                                                  "version": ""})
        assert _done(closed) and closed.headers["Location"].endswith(
            f"/non-asn/honor/units/{world.opd_a.id}?year=2018&month=2")
        # 19 of 20: 3.465.633,25 → 3.465.633; TK 2 % = 72.961; received 3.392.672
        assert "Bulan honorarium ditutup: 1 tenaga non-ASN, seluruhnya Rp3.392.672,00." in _flashes(client)
    with on(date(2018, 4, 10)):  # without a month asked for: March, the month after the one closed
        assert "Honorarium Maret 2018" in client.get(f"/non-asn/honor/units/{world.opd_a.id}?year=2018").text
    with on(date(2018, 3, 10)):  # March has not ended yet: February, the latest closed
        assert "Honorarium Februari 2018" in client.get(f"/non-asn/honor/units/{world.opd_a.id}?year=2018").text
    found = honor.month_of(world.opd_a, 2018, 2)
    assert (found.state, found.total) == ("closed", 3_392_672)

    # the attendance changes afterwards: the closed month's page shows its stored lines
    db.session.execute(AttendanceDay.__table__.update().where(AttendanceDay.employee_id == thl.id,
                                                              AttendanceDay.day == date(2018, 2, 8))
                       .values(status="absent"))
    stored = client.get(url).text
    assert "Rp3.392.672,00" in stored and world.bidang_a.name in stored and "Ditutup" in stored
    assert f"/non-asn/contracts/{contract.id}" in stored

    workbook = client.get(f"/non-asn/honor/months/{found.id}/units/{world.opd_a.id}/recap.xlsx")
    assert workbook.status_code == 200 and workbook.mimetype.endswith("spreadsheetml.sheet")
    sheet = load_workbook(BytesIO(workbook.data)).active
    row = [cell.value for cell in sheet[3]]
    assert row[1] == "Andi Wijaya" and row[3] == "800/1/THL/2018" and row[17] == 3_392_672
    assert (row[10], row[11]) == (19, 1)

    first = client.post(f"/non-asn/honor/months/{found.id}/units/{world.opd_a.id}/recap", data={})
    assert _done(first) and "Rekapitulasi honorarium diterbitkan sebagai PDF (versi 1)." in _flashes(client)
    second = client.post(f"/non-asn/honor/months/{found.id}/units/{world.opd_a.id}/recap", data={})
    assert _done(second)
    issued = db.session.scalars(select(IssuedDocument).where(IssuedDocument.kind == "honor_recap")
                                .order_by(IssuedDocument.version)).all()
    assert [(d.version, d.status) for d in issued] == [(1, "superseded"), (2, "in_force")]
    assert issued[1].source_id == found.id and issued[1].unit_id == world.opd_a.id
    page = client.get(url).text
    assert f"/documents/{issued[1].id}/pdf" in page and f"/documents/{issued[0].id}/pdf" not in page

    reopened = client.post(f"/non-asn/honor/months/{found.id}/reopen",
                           data={"version": found.version, "reason": "Koreksi absensi 8 Februari"})
    assert _done(reopened)
    db.session.refresh(found)
    assert found.state == "open"
    refused = client.get(f"/non-asn/honor/months/{found.id}/units/{world.opd_a.id}/recap.xlsx")
    assert _done(refused) and refused.headers["Location"].endswith(
        f"/non-asn/honor/units/{world.opd_a.id}?year=2018&month=2")
    assert ("Rekapitulasi hanya dicetak dari bulan yang sudah ditutup: tutup bulannya dahulu."
            in _flashes(client))
    # open again: the lines follow the attendance as it is now. 18 of 20: 3.283.231,5 → 3.283.232; TK 2 × 2 %
    # = 145.921,4 → 145.921; received 3.137.311
    reopened_page = client.get(url).text
    assert "Koreksi absensi 8 Februari" in reopened_page and "Rp3.137.311,00" in reopened_page


# -- queries -----------------------------------------------------------------------------------------------------

def _workers(unit, n: int, first: int = 0, *, days=FEB) -> None:
    """``n`` workers with a signed contract of 2018 in ``unit``, present every day of ``days`` but the 6th."""
    rows = []
    for i in range(first, first + n):
        worker = make_employee(unit, f"Pekerja {i:02d}", employment_type="thl")
        db.session.add(Contract(employee_id=worker.id, unit_id=unit.id, year=2018, number=f"800/{unit.id}/{i}/2018",
                                starts_on=date(2018, 1, 1), ends_on=date(2018, 12, 31), pay_basis="monthly",
                                rate=UMP, state="active", signed_on=date(2017, 12, 28), position="Petugas P3S"))
        rows += [{"employee_id": worker.id, "day": day, "status": "absent" if day.day == 6 else "present",
                  "late_code": 0, "early_code": 0, "missed_roll_call": False} for day in days]
    db.session.flush()
    if rows:
        db.session.execute(insert(AttendanceDay), rows)


def _counted(client, count_queries, url: str):
    db.session.commit()  # and everything loaded is expired: the request reads what it shows
    with count_queries() as counted:
        response = client.get(url)
    assert response.status_code == 200, url
    return counted, response.text


def test_the_contract_list_takes_the_same_queries_for_5_or_40(client, world, hr, count_queries):
    _workers(world.bidang_a, 5, days=[])
    client.login_as(hr)
    few, page = _counted(client, count_queries, "/non-asn/contracts?year=2018")
    assert page.count("Pekerja ") == 5
    _workers(world.bidang_b, 10, first=5, days=[])  # another OPD's: not listed
    _workers(world.seksi_a, 35, first=15, days=[])
    many, page = _counted(client, count_queries, "/non-asn/contracts?year=2018")
    assert len(re.findall(r'href="/non-asn/contracts/\d+"', page)) == 40
    # 8 today: the user and roles, the pemda, the year, the count, the page of rows (contract, worker, unit), the
    # OPD for the links
    assert many.n == few.n <= 10, (few.n, many.n, many.statements)


def test_the_open_honorarium_month_takes_the_same_queries_for_5_or_40(client, world, hr, count_queries):
    _workers(world.bidang_a, 5)
    url = f"/non-asn/honor/units/{world.opd_a.id}?year=2018&month=2"
    client.login_as(hr)
    few, page = _counted(client, count_queries, url)
    assert page.count("Rp3.392.672,00") == 5
    _workers(world.seksi_a, 35, first=5)
    many, page = _counted(client, count_queries, url)
    assert page.count("Rp3.392.672,00") == 40
    # 14 today: the work-out's few (contracts, one GROUP BY, the calendar) whatever the number of workers
    assert many.n == few.n <= 16, (few.n, many.n, many.statements)


def test_the_ending_list_takes_the_same_queries_for_5_or_40(client, world, hr, count_queries):
    _workers(world.bidang_a, 5, days=FEB[:3])
    client.login_as(hr)
    few, page = _counted(client, count_queries, "/non-asn/ending?year=2018")
    assert page.count('value="ending"') == 5
    _workers(world.seksi_a, 35, first=5, days=FEB[:3])
    many, page = _counted(client, count_queries, "/non-asn/ending?year=2018")
    assert page.count('value="ending"') == 40
    assert many.n == few.n, (few.n, many.n, many.statements)


# -- Tugas saya --------------------------------------------------------------------------------------------------

def test_contracts_waiting_for_hr_are_in_the_inbox(client, world, thl, hr):
    contract = signed(thl, world.bidang_a, hr, number="800/1/THL/2018")
    later = signed(make_employee(world.bidang_a, "Budi Harahap", employment_type="thl"), world.bidang_a, hr,
                   number="800/2/THL/2018", starts_on=date(2018, 1, 1), ends_on=date(2018, 6, 30))
    contracts.decide(later, "renew", "", later.version, hr)
    client.login_as(hr)
    with on(date(2018, 9, 1)):  # 31 December is more than 60 days away
        assert "Kontrak non-ASN yang menunggu keputusan perpanjangan" not in client.get("/tasks").text
    with on(date(2018, 11, 15)):  # within 60 days: waiting for HR
        tasks = client.get("/tasks").text
        assert "Kontrak non-ASN yang menunggu keputusan perpanjangan" in tasks
        assert "1 kontrak berakhir paling lambat 14 Januari 2019" in tasks and "/non-asn/ending?year=2018" in tasks
        assert "Kontrak non-ASN yang belum ditandatangani" not in tasks
        decided = client.post(f"/non-asn/contracts/{contract.id}/decision", data={
            "version": contract.version, "decision": "renew", "note": ""})
        assert _done(decided)
        tasks = client.get("/tasks").text
        assert "Kontrak non-ASN yang menunggu keputusan perpanjangan" not in tasks

        renewed = client.post(f"/non-asn/contracts/{contract.id}/renew", data={})
        assert _done(renewed)
        tasks = client.get("/tasks").text
        assert "Kontrak non-ASN yang belum ditandatangani" in tasks
        assert "Kontrak tahun 2019" in tasks and "1 draf" in tasks
        assert "/non-asn/contracts?year=2019&amp;state=draft" in tasks

    # nobody else's inbox: a leader does not manage contracts, another OPD's HR does not reach them
    for other in (world.users["leader"], world.outsider):
        client.login_as(other)
        with on(date(2018, 11, 15)):
            tasks = client.get("/tasks").text
        assert "Kontrak non-ASN" not in tasks
