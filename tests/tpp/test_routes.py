"""TPP screens: HR rates, calculates (the job runs at once in tests), explains, closes and reopens; a person sees
their own explanation and nobody else's; presets are edited as new versions once a closed month used them."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from app.attendance.models import AttendanceDay
from app.extensions import db
from app.tpp.models import Period, Preset, Rating, Result
from app.tpp.services import periods, presets
from tests.factories import make_employee, make_position, make_user

HX = {"HX-Request": "true"}


def _setup(world):
    presets.install_presets()
    db.session.flush()


def _rate(client, person, hasil="sesuai", perilaku="sesuai", version="", **extra):
    return client.post(f"/tpp/ratings/people/{person.id}", headers=HX, data={
        "year": 2018, "month": 3, "hasil_kerja": hasil, "perilaku": perilaku, "note": "", "version": version,
        **extra})


def test_hr_rates_calculates_explains_closes_and_reopens(client, world):
    _setup(world)
    client.login_as(world.users["hr"])
    page = client.get(f"/tpp/ratings/{world.opd_a.id}?year=2018&month=3")
    assert page.status_code == 200 and world.person_a.display_name in page.text

    half = _rate(client, world.person_a, perilaku="")
    assert half.status_code == 200 and "Pilih kedua penilaian" in half.text
    assert db.session.scalar(select(Rating)) is None
    saved = _rate(client, world.person_a, hasil="atas", perilaku="atas")
    assert saved.status_code == 200 and "Sangat Baik" in saved.text
    stale = _rate(client, world.person_a)  # shown unrated: someone (this user, in another tab) rated meanwhile
    assert stale.status_code == 409

    calculated = client.post(f"/tpp/opd/{world.opd_a.id}/calculate", data={"year": 2018, "month": 3, "preset": "A"})
    assert calculated.status_code in (302, 303)
    period = db.session.scalar(select(Period))
    result = db.session.scalar(select(Result).where(Result.employee_id == world.person_a.id))
    assert (period.state, result.total) == ("open", 3_000_000)
    month = client.get(f"/tpp/units/{world.opd_a.id}?year=2018&month=3")
    assert "Rp3.000.000,00" in month.text and "Tutup bulan ini" in month.text
    explained = client.get(f"/tpp/results/{result.id}")
    assert explained.status_code == 200 and "Sangat Baik" in explained.text and "Rp1.800.000,00" in explained.text

    closed = client.post(f"/tpp/periods/{period.id}/close", data={"version": period.version})
    assert closed.status_code in (302, 303)
    db.session.refresh(period)
    assert period.state == "closed"
    again = client.post(f"/tpp/opd/{world.opd_a.id}/calculate", data={"year": 2018, "month": 3, "preset": "A"})
    assert again.status_code in (302, 303) and db.session.scalar(select(Period.state)) == "closed"

    no_reason = client.post(f"/tpp/periods/{period.id}/reopen", data={"version": period.version, "reason": " "})
    assert no_reason.status_code == 422
    reopened = client.post(f"/tpp/periods/{period.id}/reopen",
                           data={"version": period.version, "reason": "Koreksi <absensi> & apel"})
    assert reopened.status_code in (302, 303) and "/changes" in reopened.headers["Location"]
    changes = client.get(reopened.headers["Location"])
    assert changes.status_code == 200 and "tidak mengubah TPP siapa pun" in changes.text
    assert "Koreksi &lt;absensi&gt; &amp; apel" in client.get(f"/tpp/units/{world.opd_a.id}?year=2018&month=3").text


def test_a_person_sees_only_their_own_explanation(client, world):
    _setup(world)
    colleague = make_employee(world.bidang_a, "Rudi Hartono", make_position(world.bidang_a, "Pranata"))
    period = periods.start(world.opd_a, 2018, 3, "A", world.users["hr"])
    own = db.session.scalar(select(Result).where(Result.employee_id == world.person_a.id))
    other = db.session.scalar(select(Result).where(Result.employee_id == colleague.id))
    client.login_as(world.users["employee"])  # Siti Aminah, person_a
    assert client.get(f"/tpp/results/{own.id}").status_code == 200
    refused = client.get(f"/tpp/results/{other.id}")
    assert refused.status_code == 403 and "Rudi Hartono" not in refused.text
    mine = client.get("/tpp/mine")
    assert f"/tpp/results/{own.id}" in mine.text and f"/tpp/results/{other.id}" not in mine.text
    assert 'href="/tpp/ratings"' not in mine.text and client.get("/tpp/ratings").status_code == 404  # rates nobody
    client.login_as(world.users["hr"])  # an account without an employee record: no "TPP saya" of its own
    hr_page = client.get("/tpp/mine").text
    assert 'href="/tpp/ratings"' in hr_page and 'href="/tpp/mine"' not in hr_page
    client.login_as(world.users["employee"])
    assert client.get(f"/tpp/units/{world.opd_a.id}?year=2018&month=3").status_code == 404  # above their unit
    assert client.post(f"/tpp/periods/{period.id}/close", data={"version": period.version}).status_code == 403


def test_a_leader_of_a_unit_sees_only_that_units_results(client, world):
    _setup(world)
    make_employee(world.seksi_a, "Dewi Lestari", make_position(world.seksi_a, "Staf"))
    periods.start(world.opd_a, 2018, 3, "A", world.users["hr"])
    leader = make_user("kasi", [("leader", world.seksi_a)])
    client.login_as(leader)
    start = client.get("/tpp?year=2018&month=3")
    assert start.headers["Location"].endswith(f"/tpp/units/{world.seksi_a.id}")
    page = client.get(f"/tpp/units/{world.seksi_a.id}?year=2018&month=3")
    assert page.status_code == 200 and "Dewi Lestari" in page.text and world.person_a.display_name not in page.text
    assert client.get(f"/tpp/units/{world.opd_a.id}?year=2018&month=3").status_code == 404


def test_editing_a_preset_used_by_a_closed_month_makes_a_new_version(client, world):
    _setup(world)
    hr = world.users["hr"]
    from app.tpp.services import ratings

    ratings.save(world.person_a, 2018, 3, {"hasil_kerja": "sesuai", "perilaku": "sesuai"}, hr, None, {})
    period = periods.start(world.opd_a, 2018, 3, "A", hr)
    periods.close(period, hr, period.version)
    preset = period.preset
    client.login_as(world.users["admin"])
    form = client.get(f"/tpp/presets/{preset.id}/edit")
    assert form.status_code == 200 and "Versi baru" in form.text
    data = {"version": preset.version, "name": preset.name, "source": preset.source, "valid_from": "2018-04-01",
            "performance_share": "60", "scope": "discipline", "monthly_cap": "100", "daily_cap": "",
            "performance_source": "predikat", "rounding": "half_up",
            **{f"amount_{k}": str(v) for k, v in preset.rules["amounts"].items()},
            **{f"deduction_{c}": v.replace(".", ",") for c, v in preset.rules["deductions"].items()},
            **{f"performance_{p}": v for p, v in preset.rules["performance"].items()},
            "cap_sangat_baik": "70", "sanction_medium": "25",
            "leave_unpaid_basis": "flat", "leave_unpaid_steps": "0:0",
            "leave_sick_basis": "duration", "leave_sick_steps": "1:100; 3:75"}
    bad = client.post(f"/tpp/presets/{preset.id}/edit", data={**data, "leave_sick_steps": "tiga hari"})
    assert bad.status_code == 422 and "dari:persen" in bad.text
    assert client.post(f"/tpp/presets/{preset.id}/edit", data={**data, "deduction_TK": "140"}).status_code == 422
    saved = client.post(f"/tpp/presets/{preset.id}/edit", data={**data, "deduction_TK": "2,5"})
    assert saved.status_code == 303
    newer = db.session.scalar(select(Preset).where(Preset.family == "A", Preset.number == 2))
    assert newer.rules["deductions"]["TK"] == "2.5" and newer.rules["leave"]["sick"]["steps"] == [[1, "100"], [3, "75"]]
    assert preset.rules["deductions"]["TK"] == "3"  # the closed month's version is as it was


def test_open_months_and_ratings_wait_in_the_inbox(client, world):
    _setup(world)
    head_post = make_position(world.bidang_a, "Kepala Bidang", is_head=True, kelas_jabatan=11)
    head = make_employee(world.bidang_a, "Bambang Kepala", head_post)
    head_user = make_user("kabid", [("employee", world.bidang_a)], employee=head)
    periods.start(world.opd_a, 2018, 3, "A", world.users["hr"])

    client.login_as(world.users["hr"])
    tasks = client.get("/tasks").text
    assert "Bulan TPP yang belum ditutup" in tasks and "2 pegawai belum dinilai" in tasks

    client.login_as(head_user)  # Siti Aminah's superior; the head is rated by the head above (none here)
    tasks = client.get("/tasks").text
    assert "Penilaian bulanan yang menunggu Anda" in tasks and "1 pegawai untuk dinilai" in tasks
    assert f"/tpp/ratings/{world.bidang_a.id}?year=2018&amp;month=3" in tasks
    assert client.get(f"/tpp/ratings/{world.bidang_a.id}?year=2018&month=3").status_code == 200
    assert _rate(client, world.person_a).status_code == 200
    assert "Penilaian bulanan yang menunggu Anda" not in client.get("/tasks").text


def test_a_simulation_compares_another_preset_and_changes_nothing(client, world):
    _setup(world)
    hr = world.users["hr"]
    db.session.add(AttendanceDay(employee_id=world.person_a.id, day=date(2018, 3, 5), status="absent"))
    db.session.flush()
    period = periods.start(world.opd_a, 2018, 3, "A", hr)
    before = db.session.scalar(select(Result.total))
    b = presets.in_force("B", date(2018, 3, 1))
    client.login_as(hr)
    page = client.get(f"/tpp/periods/{period.id}/simulate?preset_id={b.id}")
    # not rated: A pays D 1.200.000 − TK 3 % of D (36.000); B pays 1.200.000 − TK 4 % of the whole (120.000)
    assert page.status_code == 200 and "Rp1.164.000,00" in page.text and "Rp1.080.000,00" in page.text
    assert "−Rp84.000,00" in page.text or "-Rp84.000,00" in page.text
    assert db.session.scalar(select(Result.total)) == before and db.session.scalar(select(Period.preset_id)) != b.id


def test_the_rating_and_month_pages_open_on_the_opds_working_month(client, world):
    """Without a month asked for, a past year's rating page opens where the OPD's TPP work is: its month still
    open (not December, where nobody is rated yet), else its latest month started."""
    from tests.scorecards.conftest import _rate_everyone

    _setup(world)
    hr = world.users["hr"]
    for month in (1, 2, 3):
        _rate_everyone(world.opd_a, month, hr)
    february = periods.start(world.opd_a, 2018, 2, "A", hr)
    periods.close(february, hr, february.version)
    march = periods.start(world.opd_a, 2018, 3, "A", hr)
    periods.start(world.opd_a, 2018, 1, "A", hr)  # January reopened work started after March: still open
    db.session.flush()
    client.login_as(hr)

    def opens_on(url: str) -> str:
        page = client.get(url)
        assert page.status_code == 200
        return page.text

    assert "Penilaian bulanan Maret 2018" in opens_on(f"/tpp/ratings/{world.opd_a.id}?year=2018")
    assert "TPP Maret 2018" in opens_on(f"/tpp/units/{world.opd_a.id}?year=2018")
    periods.close(march, hr, march.version)
    db.session.flush()
    assert "Penilaian bulanan Januari 2018" in opens_on(f"/tpp/ratings/{world.opd_a.id}?year=2018")
    january = periods.period_of(world.opd_a, 2018, 1)
    periods.close(january, hr, january.version)
    db.session.flush()
    assert "Penilaian bulanan Maret 2018" in opens_on(f"/tpp/ratings/{world.opd_a.id}?year=2018")
