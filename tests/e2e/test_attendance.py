"""Attendance in the browser (issue 13): HR imports a month of check-ins, sees the unit's month grid; the superior
approves an excuse and the day changes; HR sees the PP 94/2021 alert and records the sanction from it.

March 2017 (the other browser tests use other years): Siti Aminah of the Bidang comes on time every working day
but 6–9 March (four days without a check-in) and 13 March (40 minutes late); her superior is the Kepala Bidang
(user ``kabid``)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from app.attendance.models import AttendanceDay, CheckInSource, Excuse
from app.discipline.models import Sanction
from app.extensions import db
from app.org.models import Employee, Unit
from tests.e2e.conftest import login
from tests.e2e.test_monitoring_cycle import logout

ABSENT = [date(2017, 3, d) for d in (6, 7, 8, 9)]
LATE = date(2017, 3, 13)


def _file(nip: str) -> bytes:
    lines = ["NIP;Waktu;Status"]
    day = date(2017, 3, 1)
    while day.month == 3:
        if day.weekday() < 5 and day not in ABSENT:
            arrive = "08:10:00" if day == LATE else "07:20:00"
            lines.append(f"{nip};{day.isoformat()} {arrive};Masuk")
            lines.append(f"{nip};{day.isoformat()} 16:05:00;Pulang")
        day += timedelta(days=1)
    return ("\n".join(lines) + "\n").encode()


def _status(app, employee_id: int, day: date) -> str | None:
    with app.app_context():
        row = db.session.get(AttendanceDay, (employee_id, day))
        status = row.status if row else None
        db.session.remove()
    return status


def test_import_grid_excuse_and_alert(page, live_server, tmp_path):
    app = live_server.app
    with app.app_context():
        person = db.session.get(Employee, live_server.ids["person_a"])
        opd = db.session.get(Unit, live_server.ids["opd_a"])
        source = CheckInSource(name="Mesin sidik jari Dinas", unit=opd, person_key="nip",
                               columns={"person": "NIP", "datetime": "Waktu", "direction": "Status"},
                               in_values="Masuk", out_values="Pulang")
        db.session.add(source)
        db.session.commit()
        person_id, nip, source_id = person.id, person.nip, source.id
        db.session.remove()
    export = tmp_path / "mesin-maret-2017.csv"
    export.write_bytes(_file(nip))

    # HR imports the month: a preview first, then the import
    login(page, "hr")
    page.goto(f"/attendance/sources/{source_id}/upload")
    page.set_input_files("input[type=file]", str(export))
    page.click("button[type=submit].primary")
    page.wait_for_url("**/attendance/checkins/imports/**")
    page.click("form[action$='/commit'] button")
    page.wait_for_selector("text=/absen baru diimpor|new check-ins? imported/")
    assert _status(app, person_id, ABSENT[0]) == "absent"
    assert _status(app, person_id, date(2017, 3, 1)) == "present"

    # the unit's month grid shows her days
    page.goto(f"/attendance/units/{live_server.ids['bidang_a']}?year=2017&month=3")
    grid = page.locator("#att-grid")
    row = grid.locator("tr", has_text="Siti Aminah")
    assert row.count() == 1
    assert "TK" in row.inner_text()
    assert "TL2" in row.inner_text()  # 40 minutes late on the 13th

    # she asks for izin on 6 March (after the fact), through the operator's form as HR
    page.goto(f"/attendance/people/{person_id}/excuses/new")
    page.select_option("select[name=kind]", "permit")
    page.fill("input[name=starts_on]", "2017-03-06")
    page.fill("textarea[name=reason]", "Mengantar anak berobat")
    page.click("form button[type=submit].primary")
    page.wait_for_url(lambda url: "/excuses/new" not in url)
    with app.app_context():
        excuse_id = db.session.scalar(select(Excuse.id).where(Excuse.employee_id == person_id))
        db.session.remove()

    # the Kepala Bidang finds it in Tugas saya and approves it; the day changes
    logout(page)
    login(page, "kabid")
    page.goto("/tasks")
    page.locator("a[href*='excuses']").first.click()
    page.wait_for_url("**/excuses/**")
    page.goto(f"/attendance/excuses/{excuse_id}")
    page.click("button[name=decision][value=approve]")
    page.wait_for_selector("text=/disetujui|approved/i")
    assert _status(app, person_id, ABSENT[0]) == "permit"
    page.goto(f"/attendance/people/{person_id}?year=2017&month=3")
    assert "Izin" in page.inner_text("body")

    # HR sees the alert (three TK days: teguran lisan) and records the sanction from it
    logout(page)
    login(page, "hr")
    page.goto("/attendance/alerts?year=2017")
    alert = page.locator("tr", has_text="Siti Aminah")
    assert "lisan" in alert.inner_text().lower()
    alert.locator("a[href*='/sanctions/new']").click()
    page.wait_for_url("**/sanctions/new**")
    assert page.input_value("select[name=level]") == "light"
    page.fill("input[name=decision_number]", "800/12/BKD/2017")
    page.fill("input[name=decision_date]", "2017-04-03")
    page.fill("input[name=starts_on]", "2017-04-03")
    page.click("#sanction-form button[type=submit]")
    page.wait_for_url(f"**/discipline/people/{person_id}")
    with app.app_context():
        sanction = db.session.scalar(select(Sanction).where(Sanction.employee_id == person_id,
                                                            Sanction.decision_number == "800/12/BKD/2017"))
        assert sanction is not None and sanction.level == "light" and "lisan" in sanction.kind.lower()
        db.session.remove()
