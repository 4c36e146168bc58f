"""Tugas saya: each kind of waiting work reaches the person who must act, whatever year they look at."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

from app.agreements import services as agreements
from app.core.clock import agency_today
from app.extensions import db
from app.monitoring import services as monitoring
from app.monitoring.models import ReportingWindow
from tests.agreements.conftest import fill, officials  # noqa: F401  (fixture)
from tests.monitoring.test_realisation import in_force  # noqa: F401  (fixture)


def _tasks(client, user) -> str:
    client.login_as(user)
    return client.get("/tasks").get_data(as_text=True)


def test_an_agreement_goes_from_inbox_to_inbox(client, officials):  # noqa: F811
    kabid, kadis = officials.users["kabid"], officials.users["kadis"]
    agreement = agreements.create(2018, officials.world.bidang_a, officials.kabid)
    version = fill(agreement, kabid)
    page = _tasks(client, kabid)  # the PIHAK PERTAMA's own draft: theirs to complete and submit
    assert "Perjanjian Anda yang masih draf" in page and f"/agreements/{agreement.id}" in page
    assert "masih draf" not in _tasks(client, kadis)
    agreements.submit(version, kabid)
    assert "menunggu tanda tangan Anda</h2>" not in _tasks(client, kadis)
    page = _tasks(client, kabid)
    assert "Perjanjian kinerja menunggu tanda tangan Anda" in page and f"/agreements/{agreement.id}" in page
    assert "masih draf" not in page
    agreements.sign(version, kabid, pakta=True, on=date(2018, 3, 5), place="Jakarta")
    page = _tasks(client, kadis)
    assert "sebagai PIHAK KEDUA" in page and f"/agreements/{agreement.id}" in page
    agreements.return_for_changes(version, kadis, "Target Tw II terlalu rendah")
    page = _tasks(client, kabid)
    assert "dikembalikan kepada Anda" in page and "Target Tw II terlalu rendah" in page
    assert "Tidak ada yang menunggu Anda" in _tasks(client, kadis)


def test_values_to_verify_stay_reachable_whatever_year_is_chosen(client, officials, in_force):  # noqa: F811
    agreement, key, operator = in_force
    realisation = monitoring.enter(agreement, key, 1, D(60), "", operator, date(2018, 4, 5))
    monitoring.submit(realisation, operator)
    kadis = officials.users["kadis"]
    client.login_as(kadis)
    client.get("/awards?year=2019")  # the Kepala Dinas looks at 2019 now
    page = client.get("/tasks").get_data(as_text=True)
    assert "Realisasi menunggu verifikasi Anda" in page and "2018" in page
    assert f"/monitoring/reminders?year=2018&amp;unit={realisation.unit_id}" in page  # the unit's values, each to its grid
    home = client.get("/").get_data(as_text=True)
    assert 'hx-get="/tasks/tiles"' in home  # the tiles of waiting work load after the page
    tiles = client.get("/tasks/tiles").get_data(as_text=True)
    assert "Realisasi menunggu verifikasi Anda" in tiles
    assert 'id="tasks-count" hx-swap-oob="true"' in tiles and ">1</span>" in tiles  # the navigation's count too
    assert client.get("/tasks/count").get_data(as_text=True).strip().endswith(">1</span>")


def test_values_to_report_while_a_window_is_open(client, officials, in_force):  # noqa: F811
    agreement, key, operator = in_force
    today = agency_today()
    db.session.add(ReportingWindow(opd_id=officials.world.opd_a.id, year=2018, period_kind="quarter", period=1,
                                   opens_on=today - timedelta(days=3), closes_on=today + timedelta(days=4)))
    db.session.flush()
    page = _tasks(client, operator)  # an operator: every value due, those of the open window named
    assert "Nilai yang perlu dilaporkan" in page and "Bidang Rehabilitasi Sosial · 2018" in page
    assert "sebelum jendela input ditutup pada" in page
    assert f"/monitoring/reminders?year=2018&amp;unit={officials.world.bidang_a.id}" in page
    hr = _tasks(client, officials.world.users["hr"])  # HR: the values of the open window
    assert "sebelum jadwal input ditutup" in hr and "Bidang Rehabilitasi Sosial · 2018" in hr


def test_an_operators_values_due_are_tasks_without_a_window(client, officials, in_force):  # noqa: F811
    """No input window (reporting always open): the values of the operator's units due and not reported (a draft
    not submitted included) wait in their inbox for the working year; not in HR's, who verifies."""
    agreement, key, operator = in_force
    officials.world.opd_a.working_year = 2018
    monitoring.enter(agreement, key, 1, D(60), "", operator, date(2018, 4, 5))  # a draft, not submitted
    db.session.flush()
    page = _tasks(client, operator)
    assert "Nilai yang perlu dilaporkan" in page and "Bidang Rehabilitasi Sosial · 2018" in page
    assert "nilai belum dilaporkan" in page and "sebelum jendela" not in page
    assert "Nilai yang perlu dilaporkan" not in _tasks(client, officials.world.users["hr"])


def test_the_count_is_loaded_after_the_page(client, world):
    client.login_as(world.users["employee"])
    page = client.get("/people").get_data(as_text=True)
    assert 'hx-get="/tasks/count"' in page and "Tugas saya" in page
    assert client.get("/tasks/count").get_data(as_text=True).strip() == ""
    home = client.get("/").get_data(as_text=True)  # the home page: the count comes with its tiles
    assert 'hx-get="/tasks/count"' not in home and 'hx-get="/tasks/tiles"' in home and 'id="tasks-count"' in home


def test_excuses_wait_in_the_superiors_inbox_and_a_refusal_in_the_requesters(client, world, count_queries):
    from app.attendance import excuses
    from tests.attendance.test_excuses import Team, data

    team = Team(world)
    excuse = excuses.request(team.staff, team.users["staff"], data())
    orphan = excuses.request(team.kabid, team.users["kabid"], data(reason="Kepala bidang"))  # no head above
    page = _tasks(client, team.users["kasi"])
    assert "Keterangan kehadiran menunggu keputusan Anda" in page and f"/attendance/excuses/{excuse.id}" in page
    assert "Rina Marlina" in page and "Izin" in page and f"/attendance/excuses/{orphan.id}" not in page
    assert "menunggu keputusan Anda" not in _tasks(client, team.users["colleague"])
    page = _tasks(client, world.users["hr"])  # a deciding role: only what no superior's account decides
    assert f"/attendance/excuses/{orphan.id}" in page and f"/attendance/excuses/{excuse.id}" not in page
    assert "menunggu keputusan Anda" not in _tasks(client, team.users["kabid"])  # their own
    excuses.decide(excuse, team.users["kasi"], False, "Tanpa surat keterangan", excuse.version)
    assert "menunggu keputusan Anda" not in _tasks(client, team.users["kasi"])
    page = _tasks(client, team.users["staff"])
    assert "Keterangan Anda yang ditolak" in page and "Tanpa surat keterangan" in page
    for n in range(4):  # one statement whatever the number of excuses
        excuses.request(team.colleague, team.users["colleague"], data(starts_on=date(2018, 3, 5 + n), ends_on=None))
    client.login_as(team.users["kasi"])
    client.get("/tasks")
    with count_queries() as counted:
        client.get("/tasks")
    excuses.request(team.staff, team.users["staff"], data(starts_on=date(2018, 3, 12), ends_on=None))
    with count_queries() as more:
        assert client.get("/tasks").get_data(as_text=True).count("/attendance/excuses/") == 5
    assert more.n == counted.n
