"""TPP in the browser (issue 14): the Kepala Bidang rates Siti Aminah, HR calculates May 2016 with preset A, Siti
reads her explanation and objects to a TK day, HR rejects the objection from "Tugas saya", closes the month and
issues the payment list, whose QR address verifies it.

May 2016 (the other browser tests use other years). Everyone else in OPD A is rated through the services first,
so that only Siti's rating is left for the browser."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from app.accounts.models import User
from app.attendance.models import AttendanceDay
from app.documents.models import IssuedDocument
from app.extensions import db
from app.org.models import Employee, Unit
from app.org.rules import ASN_TYPES
from app.tpp.models import Objection, Period, Result
from app.tpp.services import presets, ratings
from tests.e2e.conftest import login
from tests.e2e.test_monitoring_cycle import logout

YEAR, MONTH = 2016, 5
TK_DAY = date(2016, 5, 10)


def test_rate_calculate_explain_object_resolve_close_print(page, live_server):
    app = live_server.app
    ids = live_server.ids
    with app.app_context():
        presets.install_presets()
        hr = db.session.scalar(select(User).where(User.username == "hr"))
        opd = db.session.get(Unit, ids["opd_a"])
        db.session.add(AttendanceDay(employee_id=ids["person_a"], day=TK_DAY, status="absent"))
        for person in db.session.scalars(select(Employee).join(Unit, Employee.unit_id == Unit.id).where(
                Unit.path.startswith(opd.path), Employee.employment_type.in_(ASN_TYPES),
                Employee.id != ids["person_a"])):
            if ratings.find(person, YEAR, MONTH) is None:
                ratings.save(person, YEAR, MONTH, {"hasil_kerja": "sesuai", "perilaku": "sesuai"}, hr, None, {})
        db.session.commit()
        db.session.remove()

    # the Kepala Bidang rates Siti: work results above expectations, behaviour as expected → Baik
    login(page, "kabid")
    page.goto(f"/tpp/ratings/{ids['bidang_a']}?year={YEAR}&month={MONTH}")
    row = page.locator(f"#rating-{ids['person_a']}")
    row.locator("select[name=hasil_kerja]").select_option("atas")
    page.wait_for_selector(f"#rating-{ids['person_a']} >> text=Pilih kedua penilaian")
    page.locator(f"#rating-{ids['person_a']} select[name=perilaku]").select_option("sesuai")
    page.wait_for_selector(f"#rating-{ids['person_a']} >> text=Tersimpan")
    assert "Baik" in page.locator(f"#rating-{ids['person_a']}").inner_text()

    # HR calculates the month with preset A (a job; its page shows the result)
    logout(page)
    login(page, "hr")
    page.goto(f"/tpp/units/{ids['opd_a']}?year={YEAR}&month={MONTH}")
    page.select_option("select[name=preset]", "A")
    page.click("form[action$='/calculate'] button[type=submit]")
    page.wait_for_url("**/jobs/**")
    page.wait_for_selector("text=/TPP dihitung untuk/")
    page.goto(f"/tpp/units/{ids['opd_a']}?year={YEAR}&month={MONTH}")
    siti = page.locator("#tpp-results tr", has_text="Siti Aminah")
    assert "Rp2.964.000,00" in siti.inner_text()  # kelas 7: 3.000.000 − TK 3 % of 1.200.000

    # Siti reads why, and objects to the TK day
    logout(page)
    login(page, "employee")
    page.goto("/tpp/mine")
    page.click(f"text=Mei {YEAR}")
    page.wait_for_url("**/tpp/results/**")
    assert "Tanpa keterangan (TK)" in page.locator("#tpp-lines").inner_text()
    page.select_option("select[name=line]", f"{TK_DAY.isoformat()}|TK")
    page.fill("textarea[name=reason]", "Saya sakit hari itu; surat dokter menyusul")
    page.click("text=Kirim keberatan")
    page.wait_for_url("**/tpp/objections/**")
    assert "Menunggu keputusan" in page.inner_text("body")

    # HR finds it in Tugas saya and rejects it with a note
    logout(page)
    login(page, "hr")
    page.goto("/tasks")
    page.locator("a[href*='/tpp/objections/']").first.click()
    page.wait_for_url("**/tpp/objections/**")
    page.select_option("select[name=decision]", "reject")
    page.fill("textarea[name=note]", "Tidak ada surat dokter untuk 10 Mei")
    page.click("text=Simpan keputusan")
    page.wait_for_selector("text=Keberatan ditolak.")

    # HR closes the month (after confirming) and issues the payment list
    page.goto(f"/tpp/units/{ids['opd_a']}?year={YEAR}&month={MONTH}")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("text=Tutup bulan ini")
    page.wait_for_selector("text=Bulan ini ditutup")
    page.click("text=Terbitkan daftar pembayaran (PDF)")
    page.wait_for_selector("text=/Daftar pembayaran diterbitkan/")
    with app.app_context():
        period = db.session.scalar(select(Period).where(Period.year == YEAR, Period.month == MONTH))
        assert period.state == "closed"
        assert db.session.scalar(select(Objection.state)) == "rejected"
        assert db.session.scalar(select(Result.total).where(Result.period_id == period.id,
                                                            Result.employee_id == ids["person_a"])) == 2_964_000
        code = db.session.scalar(select(IssuedDocument.code).where(IssuedDocument.kind == "tpp_payment_list",
                                                                   IssuedDocument.source_id == period.id))
        db.session.remove()
    page.goto(f"/v/{code}")
    assert "Daftar Pembayaran TPP" in page.inner_text("body")
