"""An award round in Chromium, from nomination to the printed certificate, as the people involved do it.

The operator of Seksi Rehabilitasi Anak nominates two of three staff (the third was absent without a reason,
which the nomination screen says), HR closes the nominations, the two panel members score each nominee card
by card (htmx), the Kepala Dinas confirms the winner, and HR numbers and prints the certificate.

The data is written straight into the live server's database, as ``monitoring_world`` does: the award set-up
of ``tests.awards.conftest.build_awards`` (the officials and the ``assessor`` account already exist there),
with the round of this test in the current month so the "Pegawai Terbaik" page of this year lists it. Three
more rounds of the same category in 2017 stand ready, decided, scoring and nominating, for the
accessibility scan in ``test_browser``, which must not depend on this test having run.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from app.core.clock import agency_today
from tests.e2e.conftest import login
from tests.e2e.test_monitoring_cycle import logout, shot

SHOWCASE_YEAR = 2017  # the scan's rounds: Jan (decided), Feb (scoring), Mar (nominating)
STAFF = ("Ani Lestari", "Budi Hartono", "Citra Dewi")
EVIDENCE = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
_made: dict = {}


def _score(award_round, value, seats=None, nominations=None):
    from app.awards import services

    criteria = services.assessor_criteria(award_round)
    for nomination in nominations or services.active_nominations(award_round):
        for seat in seats or award_round.assessors:
            assert services.save_scores(nomination, seat, {c.id: value for c in criteria}) == {}


@pytest.fixture
def awards_world(live_server):
    """Write the award data into the live server's database once; return the ids the tests need.

    - OPD A: the instrument (BerAKHLAK 1–5 by the panel 30 %, Kehadiran from attendance 40 %, Inovasi 1–5
      30 %) and the category "Pelaksana Teladan"; three staff in Seksi Rehabilitasi Anak; the ``assessor``
      account linked to "Rina Penilai" of the OPD; the operator ``op_teladan`` of the seksi.
    - ``round``: this month's round, nominations open around today, panel = assessor and kabid; attendance
      recaps for the month (Budi late twice, Citra 2 days TK), nothing nominated yet.
    - 2017: ``decided`` (January: Ani won, certificate numbered, not printed), ``scoring`` (February: two
      nominees, half scored, with admin also seated so the admin's scan sees a score page), ``nominating``
      (March, window around today, Citra TK that month).
    """
    if _made:
        return _made
    from sqlalchemy import select

    from app.accounts.models import User
    from app.awards import services
    from app.awards.models import Assessor
    from app.discipline.models import AttendanceMonth
    from app.extensions import db
    from app.org.models import Unit
    from tests.awards.conftest import CRITERIA
    from tests.factories import make_employee, make_position, make_user

    app = live_server.app  # write through the live server's own app, on its database
    with app.app_context():
        today = agency_today()  # the app's today, not UTC's
    with app.app_context():
        users = {u.username: u for u in db.session.scalars(select(User).where(
            User.username.in_(("admin", "assessor", "kabid", "kadis"))))}
        opd = db.session.get(Unit, live_server.ids["opd_a"])
        seksi = db.session.scalar(select(Unit).where(Unit.parent_id == live_server.ids["bidang_a"],
                                                     Unit.name == "Seksi Rehabilitasi Anak"))
        instrument = services.save_instrument(opd, "Instrumen Pegawai Terbaik", "", CRITERIA)
        category = services.save_category(opd, {
            "name": "Pelaksana Teladan", "nominee_kind": "person", "eligible_position_types": [],
            "eligible_unit_kinds": [], "winners": 1, "quota_per_unit": 3, "instrument_id": instrument.id,
            "exclude_sanctioned": True, "exclude_absent": True, "cooldown_months": 3, "exclude_heads": True,
            "own_unit_conflict": True, "number_pattern": "800/{seq}/{unit}/{month_roman}/{year}",
            "signer_position_id": None, "active": True})
        position = make_position(seksi, "Pengelola Rehabilitasi")
        ani, budi, citra = (make_employee(seksi, name, position) for name in STAFF)
        users["assessor"].employee = make_employee(opd, "Rina Penilai", make_position(opd, "Analis Kepegawaian"))
        make_user("op_teladan", [("operator", seksi)])
        panel = [users["assessor"].id, users["kabid"].id]
        for year, month in ((today.year, today.month), (SHOWCASE_YEAR, 1), (SHOWCASE_YEAR, 2), (SHOWCASE_YEAR, 3)):
            db.session.add_all([AttendanceMonth(employee_id=ani.id, year=year, month=month),
                                AttendanceMonth(employee_id=budi.id, year=year, month=month, late_arrivals=2),
                                AttendanceMonth(employee_id=citra.id, year=year, month=month, absent_days=2)])
        award_round = services.start_round(category, today.year, today.month, today - timedelta(days=1),
                                           today + timedelta(days=2), panel)

        # -- 2017, for the accessibility scan ---------------------------------------------------------------
        decided = services.start_round(category, SHOWCASE_YEAR, 1, date(2017, 2, 1), date(2017, 2, 7), panel)
        scoring = services.start_round(category, SHOWCASE_YEAR, 2, date(2017, 3, 1), date(2017, 3, 7), panel)
        nominating = services.start_round(category, SHOWCASE_YEAR, 3, today - timedelta(days=1),
                                          today + timedelta(days=2), panel)
        for on, rnd in ((date(2017, 2, 3), decided), (date(2017, 3, 3), scoring)):  # before January has a winner
            for employee in (ani, budi):
                services.nominate(rnd, users["kabid"], justification=f"Teladan bagi rekan kerja: {employee.name}",
                                  employee=employee, today=on)
        services.close_nominations(decided, None)
        _score(decided, "4")
        _score(decided, "5", nominations=services.active_nominations(decided)[:1])  # Ani wins
        services.decide(decided, users["kadis"], "800/12/SK/2017", date(2017, 2, 10), None)
        services.issue_certificates(decided)
        services.close_nominations(scoring, None)
        _score(scoring, "4", seats=scoring.assessors[:1])
        scoring.assessors.append(Assessor(user_id=users["admin"].id))
        db.session.commit()
        _made.update(round=award_round.id, decided=decided.id, scoring=scoring.id, nominating=nominating.id,
                     year=today.year, month=today.month, today=today)
        db.session.remove()
        db.engine.dispose()
    return _made


def _card(page, name):
    return page.locator("section.score-card").filter(has_text=name)


def _save_card(page, card, status):
    """Press the card's Save: htmx posts it and puts the answered card in place of the old one."""
    card_id = card.get_attribute("id")
    page.eval_on_selector(f"#{card_id}", "card => { card.dataset.stale = 'yes'; }")
    with page.expect_response(re.compile(r"/awards/rounds/\d+/score$")) as response:
        card.get_by_role("button", name="Simpan", exact=True).click()
    assert response.value.status == status, f"{card_id}: {response.value.status}"
    page.locator(f"#{card_id}:not([data-stale]):not(.htmx-added):not(.htmx-settling)").wait_for()
    return page.locator(f"#{card_id}")


def _score_both(page, values):
    for name, value in values.items():
        card = _card(page, name)
        card.get_by_label("BerAKHLAK").fill(value)
        card.get_by_label("Inovasi").fill(value)
        card = _save_card(page, card, 200)
        assert card.get_by_role("status").inner_text() == "Tersimpan."
        assert card.get_by_label("BerAKHLAK").input_value() == value


def test_round_from_nomination_to_certificate(page, live_server, awards_world):
    ids = awards_world
    round_url = f"/awards/rounds/{ids['round']}"
    ani, budi, citra = STAFF

    # -- the seksi's operator nominates two of the three ------------------------------------------------
    login(page, "op_teladan")
    page.get_by_role("navigation", name="Utama").get_by_role("link", name="Pegawai Terbaik").click()
    page.wait_for_url(re.compile(r"/awards$"))
    page.locator("#rounds").get_by_role("link", name="Pelaksana Teladan").click()
    page.wait_for_url(re.compile(re.escape(round_url) + "$"))
    assert "Usulan dibuka" in page.inner_text(".facts")
    shot(page, "awards-round-open")
    page.get_by_role("link", name="Usulkan", exact=True).click()
    page.wait_for_url(re.compile(r"/nominate$"))
    blocked = page.locator("#not-eligible tbody tr").filter(has_text=citra)
    # An operator is told that discipline rules exclude her, not her TK days (HR sees those).
    assert "tidak memenuhi ketentuan disiplin bulan ini" in blocked.inner_text(), blocked.inner_text()
    options = page.locator("#nominee option").all_inner_texts()
    assert any(ani in o for o in options) and any(budi in o for o in options), options
    assert not any(citra in o for o in options), options
    shot(page, "awards-nominate")
    for name, evidence in ((ani, True), (budi, False)):
        if name != ani:
            page.get_by_role("link", name="Usulkan", exact=True).click()
            page.wait_for_url(re.compile(r"/nominate$"))
        value = page.locator("#nominee option").filter(has_text=name).get_attribute("value")
        page.select_option("#nominee", value)
        page.fill("#justification", f"{name} menuntaskan layanan rehabilitasi anak tepat waktu.")
        if evidence:
            page.set_input_files("#evidence", files=[{"name": "capaian-ani.pdf", "mimeType": "application/pdf",
                                                      "buffer": EVIDENCE}])
        page.locator("#nomination-form").get_by_role("button", name="Usulkan").click()
        page.wait_for_url(re.compile(re.escape(round_url) + "$"))
        assert "Usulan dicatat." in page.inner_text("main")
    nominees = page.inner_text("#nominees")
    assert ani in nominees and budi in nominees and citra not in nominees
    shot(page, "awards-round-nominated")
    page.locator("#nominees").get_by_role("link", name=ani).click()  # the evidence is kept with the nomination
    evidence = page.request.get(page.get_by_role("link", name="capaian-ani.pdf").get_attribute("href"))
    assert evidence.ok and evidence.body() == EVIDENCE and evidence.headers["content-type"] == "application/pdf"
    logout(page)

    # -- HR closes the nominations ----------------------------------------------------------------------
    login(page, "hr")
    page.goto(round_url)
    page.get_by_role("button", name="Tutup usulan dan mulai penilaian").click()
    page.get_by_text("Usulan ditutup; tim penilai sekarang dapat menilai.").wait_for()
    assert "Penilaian" in page.inner_text(".facts")
    assert "0 dari 4 lembar penilaian lengkap" in page.inner_text("main")
    shot(page, "awards-round-scoring")
    logout(page)

    # -- the panel scores, card by card ---------------------------------------------------------------------
    login(page, "assessor")
    page.goto(round_url)
    page.get_by_role("link", name="Nilai para calon").click()
    page.wait_for_url(re.compile(r"/score$"))
    card = _card(page, ani)
    card.get_by_label("BerAKHLAK").fill("9")  # off the 1–5 scale
    card.get_by_label("Inovasi").fill("5")
    card = _save_card(page, card, 422)
    field = card.get_by_label("BerAKHLAK")
    error = card.locator(f"#{field.get_attribute('id')}-error")
    assert error.inner_text() == "Isi nilai dari 1 sampai 5."
    assert field.input_value() == "9" and card.get_by_label("Inovasi").input_value() == "5"  # typed kept
    assert field.get_attribute("aria-invalid") == "true"
    assert field.get_attribute("aria-describedby") == error.get_attribute("id")
    assert page.evaluate("document.activeElement.id") == field.get_attribute("id")
    assert _card(page, budi).locator(".error").count() == 0  # the other card is untouched
    shot(page, "awards-score-error")
    field.fill("5")
    card = _save_card(page, card, 200)
    assert card.get_by_role("status").inner_text() == "Tersimpan."
    assert card.locator("[aria-invalid]").count() == 0 and card.locator(".error").count() == 0
    _score_both(page, {budi: "3"})
    shot(page, "awards-score-saved")
    page.reload()  # what was saved is there, and both cards are complete
    assert [_card(page, n).get_by_label("BerAKHLAK").input_value() for n in (ani, budi)] == ["5", "3"]
    assert [_card(page, n).locator(".tag").inner_text() for n in (ani, budi)] == ["lengkap", "lengkap"]
    logout(page)

    login(page, "kabid")
    page.goto(round_url)
    page.get_by_role("link", name="Nilai para calon").click()
    page.wait_for_url(re.compile(r"/score$"))
    _score_both(page, {ani: "5", budi: "3"})
    logout(page)

    # -- the Kepala Dinas confirms the winner -------------------------------------------------------------
    login(page, "kadis")
    page.goto(round_url)
    assert "4 dari 4 lembar penilaian lengkap" in page.inner_text("main")
    ranking = page.locator("#ranking tbody tr")
    assert ranking.count() == 2
    assert ani in ranking.nth(0).inner_text() and budi in ranking.nth(1).inner_text()
    assert ranking.nth(0).locator("td.num").last.inner_text() == "100,00", ranking.nth(0).inner_text()
    assert "Peringkat (sementara)" in page.inner_text("main")
    shot(page, "awards-round-ranking")
    decision_number = f"800/{ids['month']}/SK/{ids['year']}"
    page.fill("#decision_number", decision_number)
    page.fill("#decision_date", ids["today"].isoformat())
    page.get_by_role("button", name="Tetapkan pemenang").click()
    page.get_by_text("Pemenang ditetapkan. Hasilnya dibekukan.").wait_for()
    assert "Diputuskan" in page.inner_text(".facts") and decision_number in page.inner_text(".facts")
    assert "pemenang" in page.locator("#nominees tbody tr").filter(has_text=ani).inner_text()
    assert "pemenang" not in page.locator("#nominees tbody tr").filter(has_text=budi).inner_text()
    assert page.locator("#decide-form").count() == 0 and page.locator("#panel-form").count() == 0
    shot(page, "awards-round-decided")
    logout(page)

    # -- HR numbers and prints the certificate --------------------------------------------------------------
    login(page, "hr")
    page.goto(round_url)
    page.get_by_role("button", name="Beri nomor dan cetak piagam").click()
    page.wait_for_url(re.compile(r"/jobs/[^/]+$"))
    assert "Selesai." in page.inner_text(".job")
    stem = f"piagam-{ids['year']}-{ids['month']:02d}-pelaksana-teladan"
    assert page.get_by_role("link", name=f"Unduh {stem}.pdf").count() == 1
    assert page.get_by_role("link", name=f"Unduh {stem}.zip").count() == 1
    shot(page, "awards-print-job")
    page.goto(round_url)
    number = f"800/1/A/{ROMAN[ids['month'] - 1]}/{ids['year']}"
    row = page.locator("#certificates tbody tr")
    assert row.count() == 1 and number in row.inner_text() and ani in row.inner_text(), row.inner_text()
    shot(page, "awards-round-certificates")
    pdf = page.request.get(row.get_by_role("link", name="Buka").get_attribute("href"))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")

    page.get_by_role("link", name="Pengumuman").click()
    page.wait_for_url(re.compile(r"/announcement$"))
    tiles = page.inner_text(".tiles")
    assert ani in tiles and budi not in tiles and decision_number in tiles
    shot(page, "awards-announcement")
    page.get_by_role("link", name="Daftar untuk apel").click()
    page.wait_for_url(re.compile(r"/roll-call$"))
    listed = page.inner_text(".roll-call table")
    assert ani in listed and budi not in listed and "Pengelola Rehabilitasi" in listed
    shot(page, "awards-roll-call")
