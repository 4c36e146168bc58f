"""The award screens, as HR, operators, assessors and the Kepala Dinas use them; query counts of the busy pages."""

from __future__ import annotations

from datetime import date, timedelta

from app.awards import services
from app.awards.models import Category, Instrument, Nomination, Round, Score
from app.core.clock import agency_today
from app.discipline.models import AttendanceMonth
from app.extensions import db
from tests.awards.conftest import build_awards
from tests.factories import make_employee, make_position, make_user

HX = {"HX-Request": "true"}


def _open_round(a):
    """Move the fixture's round window around today, as the routes use the real date."""
    a.round.nomination_opens, a.round.nomination_closes = agency_today() - timedelta(days=1), agency_today()
    db.session.flush()


def test_hr_sets_up_an_instrument_a_category_and_a_round(client, world):
    a = build_awards(world)
    hr = a.users["hr"]
    client.login_as(hr)
    opd = world.opd_a
    assert client.get(f"/awards/opd/{opd.id}/setup").status_code == 200
    form = {"name": "Instrumen Unit", "note": "", "criteria-0-name": "Respons", "criteria-0-weight": "60",
            "criteria-0-source": "assessor", "criteria-0-scale_min": "1", "criteria-0-scale_max": "5",
            "criteria-1-name": "Capaian", "criteria-1-weight": "30", "criteria-1-source": "achievement"}
    refused = client.post(f"/awards/opd/{opd.id}/instruments/new", data=form)
    assert refused.status_code == 422 and "90" in refused.get_data(as_text=True)
    assert db.session.query(Instrument).count() == 1
    form["criteria-1-weight"] = "40"
    created = client.post(f"/awards/opd/{opd.id}/instruments/new", data=form)
    assert created.status_code == 303
    instrument = db.session.query(Instrument).filter_by(name="Instrumen Unit").one()
    assert [(c.name, int(c.weight), c.source) for c in instrument.criteria] == [
        ("Respons", 60, "assessor"), ("Capaian", 40, "achievement")]
    category = {"name": "Panti Sosial", "nominee_kind": "unit", "eligible_unit_kinds": ["upt"], "winners": "1",
                "quota_per_unit": "1", "instrument_id": str(instrument.id), "cooldown_months": "3",
                "number_pattern": "800/{seq}/{nomor}/{year}", "signer_position_id": "0", "active": "y"}
    bad = client.post(f"/awards/opd/{opd.id}/categories/new", data=category)
    assert bad.status_code == 422 and "{nomor}" in bad.get_data(as_text=True)
    category["number_pattern"] = "800/{seq:3}/{unit}/{month_roman}/{year}"
    assert client.post(f"/awards/opd/{opd.id}/categories/new", data=category).status_code == 303
    saved = db.session.query(Category).filter_by(name="Panti Sosial").one()
    assert saved.eligible_unit_kinds == ["upt"] and saved.nominee_kind == "unit"
    today = agency_today()
    month = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")[today.month - 1]
    listed = client.get(f"/awards/opd/{opd.id}/setup").get_data(as_text=True)  # the pattern, and what it gives
    assert f"mis. 800/001/{opd.code or opd.id}/{month}/{today.year}" in listed
    new_round = {"category_id": str(saved.id), "year": "2018", "month": "2",
                 "nomination_opens": today.isoformat(), "nomination_closes": (today + timedelta(days=5)).isoformat(),
                 "assessor_ids": [str(a.assessor.id)]}
    assert client.post(f"/awards/opd/{opd.id}/rounds/new", data=new_round).status_code == 303
    twice = client.post(f"/awards/opd/{opd.id}/rounds/new", data=new_round)
    assert twice.status_code == 422
    assert db.session.query(Round).filter_by(category_id=saved.id).count() == 1


def test_a_round_from_nomination_to_certificates(client, world, count_queries):
    a = build_awards(world)
    _open_round(a)
    hr, operator = a.users["hr"], make_user("op_seksi", [("operator", world.seksi_a)])
    db.session.add(AttendanceMonth(employee_id=a.staff[2].id, year=2018, month=2, absent_days=2))
    db.session.commit()
    services.save_category(world.opd_a, {**services.rules_of(a.category), "name": "Kategori Lain",
                                          "instrument_id": a.instrument.id, "number_pattern": "{seq}/{year}"})
    db.session.commit()
    client.login_as(operator)
    listing = client.get("/awards?year=2018").get_data(as_text=True)
    assert listing.count(f'href="/awards/rounds/{a.round.id}"') == 1  # once, however many categories exist
    page = client.get(f"/awards/rounds/{a.round.id}/nominate")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Ani Lestari" in text and "Citra Dewi" in text  # Citra: TK, with reason
    assert f'value="{a.staff[2].id}"' not in text
    refused = client.post(f"/awards/rounds/{a.round.id}/nominate",
                          data={"nominee": str(a.staff[2].id), "justification": "Rajin"})
    assert refused.status_code == 422 and db.session.query(Nomination).count() == 0
    for employee in a.staff[:2]:
        done = client.post(f"/awards/rounds/{a.round.id}/nominate",
                           data={"nominee": str(employee.id), "justification": "Rajin dan cepat"})
        assert done.status_code == 303
    assert db.session.query(Nomination).count() == 2
    client.login_as(hr)
    assert client.post(f"/awards/rounds/{a.round.id}/close", data={"version": a.round.version}).status_code == 303
    assert a.round.status == "scoring"
    client.login_as(a.assessor)
    page = client.get(f"/awards/rounds/{a.round.id}/score")
    assert page.status_code == 200
    criteria = services.assessor_criteria(a.round)
    nominations = services.active_nominations(a.round)
    bad = client.post(f"/awards/rounds/{a.round.id}/score", headers=HX, data={
        "nomination_id": nominations[0].id, f"c{criteria[0].id}": "9", f"c{criteria[1].id}": "4"})
    assert bad.status_code == 422 and 'aria-invalid="true"' in bad.get_data(as_text=True)
    assert db.session.query(Score).count() == 0
    for seat_user in (a.assessor, a.users["kabid"]):
        client.login_as(seat_user)
        for nomination, value in zip(nominations, ("5", "3"), strict=True):
            card = client.post(f"/awards/rounds/{a.round.id}/score", headers=HX,
                               data={"nomination_id": nomination.id, **{f"c{c.id}": value for c in criteria}})
            assert card.status_code == 200 and card.get_data(as_text=True).lstrip().startswith("<section")
    outsider = make_user("other_assessor", [("assessor", world.opd_a)])
    db.session.commit()
    client.login_as(outsider)
    assert client.post(f"/awards/rounds/{a.round.id}/score", data={"nomination_id": nominations[0].id},
                       headers=HX).status_code == 403
    kadis = a.users["kadis"]
    client.login_as(kadis)
    with count_queries() as queries:
        assert client.get(f"/awards/rounds/{a.round.id}").status_code == 200
    few = queries.n
    assert client.post(f"/awards/rounds/{a.round.id}/decide", data={
        "version": a.round.version, "decision_number": "800/SK/2018", "decision_date": "2018-03-05"}).status_code == 303
    assert a.round.frozen and nominations[0].winner
    kabid = a.users["kabid"]  # a leader of a bidang cannot decide the OPD's round
    client.login_as(kabid)
    assert client.post(f"/awards/rounds/{a.round.id}/decide", data={"version": a.round.version}).status_code == 403
    client.login_as(hr)
    issued = client.post(f"/awards/rounds/{a.round.id}/certificates", data={})
    assert issued.status_code == 303 and "/jobs/" in issued.headers["Location"]
    certificate = services.certificates_of(a.round)[0]
    assert certificate.number == "800/1/A/III/2018" and certificate.document_id is not None
    pdf = client.get(f"/awards/certificates/{certificate.id}")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    yearly = client.post(f"/awards/opd/{world.opd_a.id}/certificates/print", data={"year": "2018"})
    assert yearly.status_code == 303 and "/jobs/" in yearly.headers["Location"]
    from app.jobs.models import Job

    job = db.session.get(Job, yearly.headers["Location"].rstrip("/").split("/")[-1])
    assert job.status == "done" and job.params["year"] == 2018 and job.result_name.endswith(".pdf")
    nothing = client.post(f"/awards/opd/{world.opd_a.id}/certificates/print", data={"year": "2019"})
    assert nothing.status_code == 303 and "/awards" in nothing.headers["Location"]
    for url in (f"/awards/rounds/{a.round.id}/announcement", f"/awards/rounds/{a.round.id}/roll-call",
                f"/awards/history/people/{a.staff[0].id}", f"/awards/history/units/{world.seksi_a.id}"):
        response = client.get(url)
        assert response.status_code == 200 and "Ani Lestari" in response.get_data(as_text=True), url
    # The employee sees the announcement of their OPD and their own history, not another person's.
    employee = make_user("ani", [("employee", world.seksi_a)], employee=a.staff[0])
    db.session.commit()
    client.login_as(employee)
    assert client.get(f"/awards/rounds/{a.round.id}/announcement").status_code == 200
    assert client.get(f"/awards/history/people/{a.staff[0].id}").status_code == 200
    other = make_employee(world.bidang_b, "Orang Lain")
    db.session.commit()
    assert client.get(f"/awards/history/people/{other.id}").status_code == 404
    # More nominees do not make the round page cost more queries.
    assert few < 60


def test_round_page_queries_do_not_grow_with_nominees(client, world, count_queries):
    a = build_awards(world)
    a.round.rules = dict(a.round.rules, quota_per_unit=20)
    _open_round(a)
    extra = [make_employee(world.seksi_a, f"Pegawai {i}", a.staff[0].position) for i in range(6)]
    hr = a.users["hr"]
    client.login_as(hr)

    def measure(people):
        for employee in people:
            services.nominate(a.round, hr, justification="x", employee=employee, today=agency_today())
        db.session.commit()
        with count_queries() as queries:
            assert client.get(f"/awards/rounds/{a.round.id}").status_code == 200
        return queries.n

    assert measure(a.staff[:1]) == measure(a.staff[1:] + extra)


def test_home_tiles_point_to_open_rounds_and_waiting_scores(client, world):
    a = build_awards(world)
    _open_round(a)
    db.session.commit()
    client.login_as(a.users["operator"])
    assert "Putaran penghargaan yang terbuka untuk usulan Anda" in _home_tiles(client)
    assert f"/awards/rounds/{a.round.id}/nominate" in client.get("/tasks").get_data(as_text=True)
    services.nominate(a.round, a.users["hr"], justification="x", employee=a.staff[0], today=agency_today())
    services.close_nominations(a.round, a.round.version)
    db.session.commit()
    assert "Putaran penghargaan" not in _home_tiles(client)  # the operator has nothing left to do
    client.login_as(a.assessor)
    assert "Calon yang menunggu penilaian Anda" in _home_tiles(client)
    assert "1 calon belum dinilai" in client.get("/tasks").get_data(as_text=True)


def _home_tiles(client) -> str:
    page = client.get("/tasks/tiles")  # loaded by the home page
    assert page.status_code == 200
    return page.get_data(as_text=True)


def test_withdraw_a_nomination(client, world):
    a = build_awards(world)
    _open_round(a)
    nomination = services.nominate(a.round, a.users["hr"], justification="x", employee=a.staff[0], today=agency_today())
    other = make_user("op_lain", [("operator", world.seksi_a)])
    db.session.commit()
    client.login_as(other)  # neither HR nor the one who nominated
    url = f"/awards/nominations/{nomination.id}/withdraw"
    assert client.post(url, data={"version": nomination.version, "reason": "salah"}).status_code == 403
    client.login_as(a.users["hr"])
    assert client.post(url, data={"version": nomination.version, "reason": " "}).status_code == 303
    assert nomination.withdrawn_at is None
    assert client.post(url, data={"version": nomination.version - 1, "reason": "ganda"}).status_code == 303
    assert nomination.withdrawn_at is None  # stale version: nothing changed
    assert client.post(url, data={"version": nomination.version, "reason": "Diusulkan ganda"}).status_code == 303
    assert nomination.withdrawn_reason == "Diusulkan ganda" and services.active_nominations(a.round) == []


def test_round_page_warns_of_nominees_without_an_attendance_recap(client, world):
    a = build_awards(world)
    _open_round(a)
    db.session.add(AttendanceMonth(employee_id=a.staff[1].id, year=2018, month=2))
    db.session.flush()
    for employee in a.staff[:2]:
        services.nominate(a.round, a.users["hr"], justification="x", employee=employee, today=agency_today())
    db.session.commit()
    client.login_as(a.users["hr"])
    text = client.get(f"/awards/rounds/{a.round.id}").get_data(as_text=True)
    assert "Ani Lestari" in text.split("Belum ada rekap kehadiran")[1].split("</p>")[0]
    assert "Budi Hartono" not in text.split("Belum ada rekap kehadiran")[1].split("</p>")[0]


def test_a_panel_member_scores_nominees_outside_their_own_units(client, world):
    """kabid leads one bidang but sits on the OPD's panel: they score a nominee of another bidang."""
    from tests.factories import make_unit

    a = build_awards(world)
    _open_round(a)
    other = make_unit(world.opd_a, "Bidang Pemberdayaan")
    far = make_employee(other, "Dewi Jauh", make_position(other, "Penyuluh"))
    nomination = services.nominate(a.round, a.users["hr"], justification="x", employee=far, today=agency_today())
    services.close_nominations(a.round, a.round.version)
    other_round = build_awards_round_elsewhere(world, a)
    db.session.commit()
    client.login_as(a.users["kabid"])
    criteria = services.assessor_criteria(a.round)
    data = {"nomination_id": nomination.id, **{f"c{c.id}": "4" for c in criteria}}
    assert client.post(f"/awards/rounds/{a.round.id}/score", data=data, headers=HX).status_code == 200
    assert len([s for s in nomination.scores]) == 2
    # A nomination of another round cannot be scored through this one (kabid sees it, but has no seat there).
    assert client.post(f"/awards/rounds/{a.round.id}/score", headers=HX,
                       data={**data, "nomination_id": other_round}).status_code == 403
    assert client.post(f"/awards/rounds/{a.round.id}/score", headers=HX,
                       data={**data, "nomination_id": "abc"}).status_code == 404


def build_awards_round_elsewhere(world, a) -> int:
    """A nomination in another round of the same category (next month): its id."""
    later = services.start_round(a.category, 2018, 3, agency_today() - timedelta(days=1), agency_today(),
                                 [a.assessor.id])
    return services.nominate(later, a.users["hr"], justification="x", employee=a.staff[1], today=agency_today()).id


def test_discipline_details_and_evidence_stay_with_those_entitled(client, world):
    from app.discipline.models import Sanction

    a = build_awards(world)
    _open_round(a)
    db.session.add(AttendanceMonth(employee_id=a.staff[0].id, year=2018, month=2, late_arrivals=2))
    db.session.add(Sanction(employee_id=a.staff[1].id, level="medium", kind="Pemotongan TPP", starts_on=date(2018, 1, 1),
                            ends_on=date(2018, 12, 31), decision_number="SK-RAHASIA/7", decision_date=date(2017, 12, 1)))
    db.session.flush()
    pdf = b"%PDF-1.4 bukti"
    nomination = services.nominate(a.round, a.users["hr"], justification="x", employee=a.staff[0],
                                   evidence=(pdf, "bukti.pdf"), today=agency_today())
    colleague = make_user("rekan", [("employee", world.seksi_a)], employee=a.staff[2])
    operator = make_user("op_teladan", [("operator", world.seksi_a)])
    db.session.commit()
    client.login_as(colleague)
    page = client.get(f"/awards/nominations/{nomination.id}").get_data(as_text=True)
    assert "Terlambat" not in page and "bukti.pdf" not in page
    assert client.get(f"/awards/nominations/{nomination.id}/evidence").status_code == 403
    client.login_as(operator)
    page = client.get(f"/awards/rounds/{a.round.id}/nominate").get_data(as_text=True)
    assert "Budi Hartono" in page and "SK-RAHASIA/7" not in page
    client.login_as(a.users["hr"])
    page = client.get(f"/awards/nominations/{nomination.id}").get_data(as_text=True)
    assert "Terlambat" in page and "bukti.pdf" in page
    assert client.get(f"/awards/nominations/{nomination.id}/evidence").data == pdf
    assert "SK-RAHASIA/7" in client.get(f"/awards/rounds/{a.round.id}/nominate").get_data(as_text=True)


def test_the_provisional_ranking_is_not_shown_to_the_panel(client, world):
    a = build_awards(world)
    _open_round(a)
    services.nominate(a.round, a.users["hr"], justification="x", employee=a.staff[0], today=agency_today())
    services.close_nominations(a.round, a.round.version)
    db.session.commit()
    client.login_as(a.users["kabid"])  # a leader on the panel
    assert 'id="ranking"' not in client.get(f"/awards/rounds/{a.round.id}").get_data(as_text=True)
    client.login_as(a.users["kadis"])  # the leader who decides, not on the panel
    assert 'id="ranking"' in client.get(f"/awards/rounds/{a.round.id}").get_data(as_text=True)


def test_listing_and_nominating_pages_cost_the_same_with_more_rows(client, world, count_queries):
    a = build_awards(world)
    _open_round(a)
    client.login_as(a.users["hr"])

    def measure(url):
        db.session.commit()
        with count_queries() as queries:
            assert client.get(url).status_code == 200
        return queries.n

    few = [measure("/awards?year=2018"), measure(f"/awards/rounds/{a.round.id}/nominate")]
    for month in (3, 4, 5):
        services.start_round(a.category, 2018, month, agency_today(), agency_today(), [a.assessor.id])
    for n in range(5):
        make_employee(world.seksi_a, f"Pegawai Tambahan {n}", a.staff[0].position)
    assert [measure("/awards?year=2018"), measure(f"/awards/rounds/{a.round.id}/nominate")] == few


def test_two_people_editing_one_instrument_conflict(client, world):
    a = build_awards(world)
    db.session.commit()
    client.login_as(a.users["hr"])
    page = client.get(f"/awards/instruments/{a.instrument.id}/edit").get_data(as_text=True)
    assert 'name="version"' in page  # the form carries the version it was opened on
    form = {"name": "Instrumen Baru", "note": "", "version": str(a.instrument.version),
            "criteria-0-name": "Nilai", "criteria-0-weight": "100", "criteria-0-source": "assessor",
            "criteria-0-scale_min": "1", "criteria-0-scale_max": "5"}
    assert client.post(f"/awards/instruments/{a.instrument.id}/edit", data=form).status_code == 303
    stale = client.post(f"/awards/instruments/{a.instrument.id}/edit", data={**form, "name": "Lain"})
    assert stale.status_code == 409


def test_hr_revokes_a_printed_certificate_with_a_reason(client, world):
    a = build_awards(world, winners=1)
    a.round.rules = dict(a.round.rules, winners=1)
    _open_round(a)
    services.nominate(a.round, a.users["hr"], justification="x", employee=a.staff[0], today=agency_today())
    services.close_nominations(a.round, a.round.version)
    criteria = services.assessor_criteria(a.round)
    for seat in a.round.assessors:
        services.save_scores(services.active_nominations(a.round)[0], seat, {c.id: "4" for c in criteria})
    services.decide(a.round, a.users["kadis"], "SK", date(2018, 3, 5), a.round.version)
    db.session.commit()
    client.login_as(a.users["hr"])
    client.post(f"/awards/rounds/{a.round.id}/certificates", data={})
    certificate = services.certificates_of(a.round)[0]
    url = f"/awards/certificates/{certificate.id}/revoke"
    client.login_as(a.users["kadis"])
    assert client.post(url, data={"reason": "Salah nama"}).status_code == 403
    client.login_as(a.users["hr"])
    assert client.post(url, data={"reason": " "}).status_code == 303
    assert certificate.document.status == "in_force"
    assert client.post(url, data={"reason": "Salah penulisan nama"}).status_code == 303
    assert certificate.document.status == "revoked"
    verify = client.get(f"/v/{certificate.code}").get_data(as_text=True)
    assert "Dokumen ini diterbitkan oleh Kinerja tetapi telah dicabut." in verify
    assert "Salah penulisan nama" in client.get(f"/awards/rounds/{a.round.id}").get_data(as_text=True)


def test_relations_the_nominator_withdraws_a_panel_member_sees_the_evidence(client, world):
    """Who acts because of what they are to a nomination: its nominator (an operator, not HR) and a seat on the
    round's panel; the assessor role alone, without a seat, does not score."""
    a = build_awards(world)
    _open_round(a)
    operator = make_user("op_pengusul", [("operator", world.seksi_a)])
    db.session.flush()
    nomination = services.nominate(a.round, operator, justification="x", employee=a.staff[0],
                                   evidence=(b"%PDF-1.4 bukti", "bukti.pdf"), today=agency_today())
    outsider = make_user("penilai_lain", [("assessor", world.opd_a)])
    db.session.commit()
    evidence = f"/awards/nominations/{nomination.id}/evidence"
    for user in (a.assessor, a.users["kabid"], operator):  # two panel seats, the nominator
        client.login_as(user)
        assert client.get(evidence).status_code == 200, user.username
    client.login_as(outsider)
    assert client.get(evidence).status_code == 403
    assert client.get(f"/awards/rounds/{a.round.id}/score").status_code == 303  # not on the panel: sent back
    client.login_as(operator)
    url = f"/awards/nominations/{nomination.id}/withdraw"
    assert client.post(url, data={"version": nomination.version, "reason": "Diusulkan ganda"}).status_code == 303
    assert nomination.withdrawn_reason == "Diusulkan ganda"


# -- relations need the role too (found in review) -----------------------------------------------------------

def _regrant(user, roles):
    from app.accounts import services as account_services

    for assignment in list(user.roles):
        user.roles.remove(assignment)
    db.session.flush()
    for role, unit in roles:
        account_services.grant(user, role, unit)
    db.session.flush()


def test_a_panel_seat_without_a_scoring_role_no_longer_scores(client, world):
    a = build_awards(world)
    _open_round(a)
    nomination = services.nominate(a.round, a.users["hr"], justification="x", employee=a.staff[0],
                                   today=agency_today())
    services.close_nominations(a.round, a.round.version)
    _regrant(a.assessor, [("employee", world.opd_a)])  # HR revoked the assessor role; the seat stays
    client.login_as(a.assessor)
    data = {"nomination_id": nomination.id, **{f"c{c.id}": "5" for c in services.assessor_criteria(a.round)}}
    assert client.post(f"/awards/rounds/{a.round.id}/score", data=data, headers=HX).status_code == 403
    assert nomination.scores == []


def test_a_nominator_moved_to_another_opd_no_longer_reads_the_evidence(client, world):
    a = build_awards(world)
    _open_round(a)
    operator = make_user("op_pengusul", [("operator", world.seksi_a)])
    nomination = services.nominate(a.round, operator, justification="x", employee=a.staff[0],
                                   evidence=(b"%PDF-1.4 bukti", "bukti.pdf"), today=agency_today())
    client.login_as(operator)
    assert client.get(f"/awards/nominations/{nomination.id}/evidence").data == b"%PDF-1.4 bukti"
    _regrant(operator, [("operator", world.opd_b)])
    assert client.get(f"/awards/nominations/{nomination.id}/evidence").status_code == 404


def test_nominating_is_offered_only_while_the_window_is_open(client, world):
    a = build_awards(world)
    _open_round(a)
    hr = a.users["hr"]
    client.login_as(hr)
    nominate = f"/awards/rounds/{a.round.id}/nominate"
    listed = client.get(f"/awards?year={a.round.year}").get_data(as_text=True)
    assert nominate in listed and "Usulan dibuka" in listed
    assert f'href="{nominate}"' in client.get(f"/awards/rounds/{a.round.id}").get_data(as_text=True)
    a.round.nomination_opens, a.round.nomination_closes = date(2018, 7, 2), date(2018, 7, 13)  # long past
    db.session.flush()
    listed = client.get(f"/awards?year={a.round.year}").get_data(as_text=True)
    assert nominate not in listed and "Usulan ditutup" in listed
    assert f'href="{nominate}"' not in client.get(f"/awards/rounds/{a.round.id}").get_data(as_text=True)
