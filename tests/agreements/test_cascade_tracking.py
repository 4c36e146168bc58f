"""Cascade tree, tracking with deadlines, and starting a year in bulk."""

from __future__ import annotations

from datetime import date

from app.agreements import services
from app.agreements.models import Agreement
from app.agreements.rules import due_date
from app.extensions import db
from tests.agreements.conftest import fill, indicator_data
from tests.factories import make_employee, make_position, make_unit, make_user


def test_due_date_is_one_month_after_the_dpa_date():
    assert due_date(date(2018, 2, 5)) == date(2018, 3, 5)
    assert due_date(date(2018, 1, 31)) == date(2018, 2, 28)
    assert due_date(date(2018, 12, 15)) == date(2019, 1, 15)


def _pk_tree(officials):
    kadis, kabid, kasi = officials.users["kadis"], officials.users["kabid"], officials.users["kasi"]
    top = services.create(2018, officials.world.opd_a, officials.kadis, external_name="Gubernur",
                          external_position="Gubernur")
    fill(top, kadis)
    key = top.latest.indicators[0].key
    middle = services.create(2018, officials.world.bidang_a, officials.kabid)
    sasaran = services.add_sasaran(middle.latest, kabid, "Sasaran bidang")
    services.save_indicator(sasaran, kabid, indicator_data(supports_key=key))
    services.save_indicator(sasaran, kabid, indicator_data(name="Indikator lepas"))
    bottom = services.create(2018, officials.world.seksi_a, officials.kasi)
    fill(bottom, kasi)  # supports nothing
    return top, middle, bottom


def test_cascade_page_shows_the_tree_and_flags(client, officials):
    _pk_tree(officials)
    client.login_as(officials.world.users["hr"])
    page = client.get(f"/agreements/cascade?opd={officials.world.opd_a.id}&year=2018").get_data(as_text=True)
    assert page.index("Masrokhan") < page.index("Mariana") < page.index("Sumadi")
    assert "Indikator lepas" in page
    assert page.count('tag-warn">tidak mendukung indikator atasan') == 2  # 'Indikator lepas' and the seksi's indicator


def test_cascade_and_tracking_query_counts_do_not_grow(client, officials, count_queries):
    client.login_as(officials.world.users["hr"])
    services.create(2018, officials.world.bidang_a, officials.kabid)
    url = f"/agreements/cascade?opd={officials.world.opd_a.id}&year=2018"
    track = f"/agreements/tracking?opd={officials.world.opd_a.id}&year=2018"
    with count_queries() as cascade_one:
        client.get(url)
    with count_queries() as track_one:
        client.get(track)
    for n in range(3):  # three more seksi with heads and agreements
        unit = make_unit(officials.world.bidang_a, f"Seksi {n}", kind="seksi")
        head = make_employee(unit, f"Kepala {n}", make_position(unit, f"Kepala Seksi {n}", type="pengawas",
                                                                eselon="IV.a", kelas_jabatan=9, is_head=True),
                             golongan="III/d")
        services.create(2018, unit, head)
    with count_queries() as cascade_many:
        client.get(url)
    with count_queries() as track_many:
        client.get(track)
    assert cascade_one.n == cascade_many.n
    assert track_one.n == track_many.n


def test_tracking_marks_missing_and_late(client, officials):
    top, middle, bottom = _pk_tree(officials)
    kadis_user = officials.users["kadis"]
    services.submit(top.latest, kadis_user)
    services.sign(top.latest, kadis_user, pakta=True, on=date(2018, 3, 5), place="Jakarta")
    services.countersign(top.latest, officials.world.users["hr"])
    services.set_deadline(officials.world.opd_a, 2018, date(2018, 2, 1))
    rows, due = services.tracking(officials.world.opd_a, 2018, today=date(2018, 3, 10))
    assert due == date(2018, 3, 1)
    states = {r["name"]: (r["state"], r["late"]) for r in rows}
    assert states == {"Drs. Masrokhan, M.Si.": ("in_force", False), "Mariana": ("draft", True), "Sumadi": ("draft", True)}


def test_deadline_form_and_bad_date(client, officials):
    client.login_as(officials.world.users["hr"])
    url = f"/agreements/tracking?opd={officials.world.opd_a.id}&year=2018"
    assert client.post(url, data={"dpa_date": "not a date"}).status_code == 422
    assert client.post(url, data={"dpa_date": "2018-02-01"}).status_code == 303
    assert "5 Maret 2018" not in client.get(url).get_data(as_text=True)
    assert "1 Maret 2018" in client.get(url).get_data(as_text=True)
    client.login_as(officials.users["kadis"])  # a leader sees the page but cannot set the date
    assert client.get(url).status_code == 200
    assert client.post(url, data={"dpa_date": "2018-02-01"}).status_code == 403
    client.login_as(officials.users["kabid"])  # the OPD is above the kabid's units: it is not there for them
    assert client.post(url, data={"dpa_date": "2018-02-01"}).status_code == 404


def test_start_year_creates_missing_drafts_and_copies_last_year(client, officials):
    top, middle, bottom = _pk_tree(officials)  # 2018
    client.login_as(officials.world.users["hr"])
    response = client.post(f"/agreements/start-year?opd={officials.world.opd_a.id}&year=2019")
    assert response.status_code == 303
    agreements = db.session.query(Agreement).filter_by(year=2019).all()
    assert len(agreements) == 3
    copied = next(a for a in agreements if a.unit_id == officials.world.bidang_a.id)
    assert [i.name for i in copied.latest.indicators] == [i.name for i in middle.latest.indicators]
    again = client.post(f"/agreements/start-year?opd={officials.world.opd_a.id}&year=2019")
    assert again.status_code == 303 and db.session.query(Agreement).filter_by(year=2019).count() == 3


def test_a_large_year_start_runs_as_a_job(client, officials, monkeypatch):
    from app.agreements import jobs as agreement_jobs
    from app.jobs.models import Job

    monkeypatch.setattr(agreement_jobs, "BULK_THRESHOLD", 1)
    client.login_as(officials.world.users["hr"])
    response = client.post(f"/agreements/start-year?opd={officials.world.opd_a.id}&year=2019")
    assert response.status_code == 303 and "/jobs/" in response.headers["Location"]
    job = db.session.get(Job, response.headers["Location"].rsplit("/", 1)[-1])
    assert job.status == "done" and job.kind == "agreements.start_year" and "3 draf baru" in job.message
    assert db.session.query(Agreement).filter_by(year=2019).count() == 3
    assert "3 draf baru" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_an_operator_of_a_unit_below_the_opd_tracks_and_cascades_their_subtree(client, officials):
    """The pages cover the highest unit the user reaches (an operator of a bidang: the bidang), with the DPA date
    of its OPD; only an OPD's year is started and its date set."""
    _pk_tree(officials)
    world = officials.world
    services.set_deadline(world.opd_a, 2018, date(2018, 2, 1))
    client.login_as(make_user("op_bidang", [("operator", world.bidang_a)]))
    tracking = client.get("/agreements/tracking?year=2018").get_data(as_text=True)
    assert f'<option value="{world.bidang_a.id}" selected' in tracking and f'value="{world.opd_a.id}"' not in tracking
    assert "Mariana" in tracking and "Sumadi" in tracking and "Masrokhan" not in tracking
    assert "1 Maret 2018" in tracking  # the OPD's deadline
    assert "start-year" not in tracking
    cascade = client.get("/agreements/cascade?year=2018").get_data(as_text=True)
    assert cascade.index("Mariana") < cascade.index("Sumadi") and "Masrokhan" not in cascade
    assert client.get(f"/agreements/tracking?opd={world.opd_a.id}&year=2018").status_code in (403, 404)
    client.login_as(world.users["hr"])
    assert client.post(f"/agreements/tracking?opd={world.bidang_a.id}&year=2018",
                       data={"dpa_date": "2018-02-01"}).status_code == 404
