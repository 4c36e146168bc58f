"""Excuses: who requests them, their rules and attachment, the superior's decision and the days it changes,
the list of excuses to decide."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from sqlalchemy import select

from app.attendance import compute
from app.attendance import excuses as services
from app.attendance import leave as leave_services
from app.attendance.models import Excuse
from app.attendance.superior import is_superior, superior_of
from app.audit.models import AuditLog
from app.core.errors import Conflict, Refused
from app.extensions import db
from tests.attendance.test_leave import MONDAY, punch, recording, statuses
from tests.factories import make_employee, make_position, make_user

TUESDAY = date(2018, 2, 6)
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


class Team:
    """Seksi A with its head (Kepala Seksi, an account with only the employee role) and two staff with accounts;
    Bidang A's head above them (the same)."""

    def __init__(self, world):
        w = self.world = world
        self.kabid = make_employee(w.bidang_a, "Mariana", make_position(w.bidang_a, "Kepala Bidang", is_head=True),
                                   sex="P")
        self.kasi = make_employee(w.seksi_a, "Sumadi", make_position(w.seksi_a, "Kepala Seksi", is_head=True))
        self.staff = make_employee(w.seksi_a, "Rina Marlina", sex="P")
        self.colleague = make_employee(w.seksi_a, "Dedi Saputra")
        self.users = {name: make_user(name, [("employee", w.bidang_a if name == "kabid" else w.seksi_a)],
                                      employee=getattr(self, name)) for name in ("kabid", "kasi", "staff", "colleague")}
        db.session.flush()


@pytest.fixture
def team(world):
    return Team(world)


def data(**kw) -> dict:
    values = {"kind": "permit", "starts_on": TUESDAY, "ends_on": TUESDAY, "forgot": None,
              "reason": "Mengurus KTP anak di kelurahan", "letter_number": ""}
    values.update(kw)
    return values


def form(**kw) -> dict:
    return {k: ("" if v is None else v.isoformat() if isinstance(v, date) else v) for k, v in data(**kw).items()}


# -- the superior --------------------------------------------------------------------------------------------------------

def test_the_superior_is_the_head_of_the_unit_or_for_the_head_the_head_above(team, world):
    assert superior_of(team.staff) == (team.kasi, team.users["kasi"])
    assert superior_of(team.kasi) == (team.kabid, team.users["kabid"])
    assert superior_of(team.kabid) == (None, None)  # the OPD has no head recorded
    assert superior_of(world.person_a)[0] == team.kabid  # Bidang A's staff
    team.kasi.status = "pensiun"  # the post falls vacant: the next head up decides
    db.session.flush()
    assert superior_of(team.staff)[0] == team.kabid
    assert is_superior(team.users["kabid"], team.staff) and not is_superior(team.users["kasi"], team.staff)


# -- the rules -----------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("values", "field"), [
    ({"kind": "sick"}, "kind"),
    ({"ends_on": MONDAY}, "ends_on"),
    ({"ends_on": date(2018, 3, 9)}, "ends_on"),  # 32 days
    ({"reason": "  "}, "reason"),
    ({"kind": "travel"}, "letter_number"),
    ({"kind": "forgot"}, "forgot"),
    ({"kind": "forgot", "forgot": "in", "ends_on": date(2018, 2, 7)}, "ends_on"),
])
def test_refused_requests_name_their_field(team, values, field):
    with pytest.raises(Refused) as refused:
        services.request(team.staff, team.users["staff"], data(**values))
    assert refused.value.field == field
    assert db.session.scalar(select(Excuse)) is None


def test_an_excuse_never_overlaps_leave_or_another_standing_excuse(team):
    leave_services.record(team.staff, {"kind": "annual", "starts_on": date(2018, 2, 12), "ends_on": date(2018, 2, 14),
                                       "decision_number": "851/1", "decision_date": None, "note": ""})
    with pytest.raises(Refused) as refused:
        services.request(team.staff, team.users["staff"], data(starts_on=date(2018, 2, 9), ends_on=date(2018, 2, 12)))
    assert "851/1" in str(refused.value.message)
    first = services.request(team.staff, team.users["staff"], data())
    with pytest.raises(Refused) as refused:
        services.request(team.staff, team.users["staff"], data(kind="forgot", forgot="out"))
    assert refused.value.field == "starts_on"
    services.withdraw(first, first.version)
    assert services.request(team.staff, team.users["staff"], data(kind="forgot", forgot="out")).forgot == "out"


def test_travel_keeps_its_letter_and_forgot_its_side(team):
    travel = services.request(team.staff, team.users["staff"], data(
        kind="travel", letter_number=" 094/ST/2018 ", forgot="in", ends_on=date(2018, 2, 8)))
    assert (travel.letter_number, travel.forgot, travel.ends_on) == ("094/ST/2018", None, date(2018, 2, 8))
    single = services.request(team.staff, team.users["staff"], data(starts_on=date(2018, 2, 9), ends_on=None,
                                                                     letter_number="x"))
    assert (single.ends_on, single.letter_number) == (date(2018, 2, 9), "")


def test_deciding(team):
    excuse = services.request(team.staff, team.users["staff"], data())
    with pytest.raises(Refused) as refused:
        services.decide(excuse, team.users["kasi"], False, " ", excuse.version)
    assert refused.value.field == "note"
    with pytest.raises(Refused):
        services.decide(excuse, team.users["staff"], True, "", excuse.version)  # not one's own
    with pytest.raises(Conflict):
        services.decide(excuse, team.users["kasi"], True, "", excuse.version + 1)
    services.decide(excuse, team.users["kasi"], False, "Tanpa surat keterangan", excuse.version)
    assert (excuse.state, excuse.decided_by_id, excuse.decision_note) == ("refused", team.users["kasi"].id,
                                                                          "Tanpa surat keterangan")
    assert excuse.decided_at is not None
    with pytest.raises(Refused):
        services.decide(excuse, team.users["kasi"], True, "", excuse.version)
    with pytest.raises(Refused):
        services.withdraw(excuse, excuse.version)


# -- the days change ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("values", "status"), [
    ({"kind": "permit"}, "permit"),
    ({"kind": "travel", "letter_number": "094/ST/2018"}, "travel"),
    ({"kind": "forgot", "forgot": "both"}, "present"),
])
def test_an_excuse_approved_after_the_fact_changes_the_day(team, values, status):
    person = team.staff
    recording(person)
    compute.recompute(2018, 2, employee_ids=[person.id])
    assert statuses(person, TUESDAY, TUESDAY) == {TUESDAY: "absent"}
    excuse = services.request(person, team.users["staff"], data(**values))
    compute.recompute(2018, 2, employee_ids=[person.id])
    assert statuses(person, TUESDAY, TUESDAY) == {TUESDAY: "absent"}  # waiting: nothing changes
    services.decide(excuse, team.users["kasi"], True, "", excuse.version)
    assert statuses(person, TUESDAY, TUESDAY) == {TUESDAY: status}


def test_a_forgotten_departure_makes_a_no_out_day_present(team):
    person = team.staff
    recording(person)
    punch(person, TUESDAY, 7, 10, "in")
    db.session.flush()
    compute.recompute(2018, 2, employee_ids=[person.id])
    assert statuses(person, TUESDAY, TUESDAY) == {TUESDAY: "no_out"}
    excuse = services.request(person, team.users["staff"], data(kind="forgot", forgot="out"))
    services.decide(excuse, team.users["kasi"], True, "", excuse.version)
    assert statuses(person, TUESDAY, TUESDAY) == {TUESDAY: "present"}


# -- the screens ---------------------------------------------------------------------------------------------------------

def test_a_person_requests_for_themself_only_and_sees_only_their_own(client, team):
    staff, colleague = team.staff, team.colleague
    client.login_as(team.users["staff"])
    page = client.get(f"/attendance/people/{staff.id}/excuses/new").get_data(as_text=True)
    assert "Ajukan keterangan" in page and 'enctype="multipart/form-data"' in page
    response = client.post(f"/attendance/people/{staff.id}/excuses/new",
                           data={**form(), "attachment": (BytesIO(PDF), "surat keterangan.pdf")})
    assert response.status_code in (302, 303)
    excuse = db.session.scalar(select(Excuse))
    assert (excuse.state, excuse.requested_by_id, excuse.attachment_name) == (
        "requested", team.users["staff"].id, "surat keterangan.pdf")
    assert response.headers["Location"].endswith(f"/attendance/excuses/{excuse.id}")
    page = client.get(f"/attendance/people/{staff.id}/excuses").get_data(as_text=True)
    assert "Keterangan saya" in page and "Mengurus KTP" in page and "menunggu keputusan" in page
    attachment = client.get(f"/attendance/excuses/{excuse.id}/attachment")
    assert attachment.status_code == 200 and attachment.data == PDF and attachment.mimetype == "application/pdf"
    assert attachment.headers["X-Content-Type-Options"] == "nosniff"
    assert client.get(f"/attendance/people/{colleague.id}/excuses/new").status_code == 403
    assert client.post(f"/attendance/people/{colleague.id}/excuses/new", data=form()).status_code == 403
    assert client.get(f"/attendance/people/{colleague.id}/excuses").status_code == 403
    client.login_as(team.users["colleague"])
    assert client.get(f"/attendance/excuses/{excuse.id}").status_code == 403
    assert client.get(f"/attendance/excuses/{excuse.id}/attachment").status_code == 403
    assert client.post(f"/attendance/excuses/{excuse.id}/withdraw", data={"version": excuse.version}).status_code == 403


def test_bad_attachments_and_bad_values_are_refused_in_indonesian(client, team):
    client.login_as(team.users["staff"])
    url = f"/attendance/people/{team.staff.id}/excuses/new"
    response = client.post(url, data={**form(), "attachment": (BytesIO(b"MZ\x90\x00 not a pdf"), "surat.pdf")})
    assert response.status_code == 422 and "bukan salah satunya" in response.get_data(as_text=True)
    response = client.post(url, data=form(kind="travel"))
    assert response.status_code == 422 and "Isi nomor surat tugas" in response.get_data(as_text=True)
    response = client.post(url, data=form(reason=""))
    assert response.status_code == 422 and "Isi alasannya" in response.get_data(as_text=True)
    assert db.session.scalar(select(Excuse)) is None


def test_an_operator_requests_for_a_person_of_their_unit(client, team, world):
    client.login_as(world.users["operator"])
    response = client.post(f"/attendance/people/{team.staff.id}/excuses/new",
                           data=form(kind="travel", letter_number="094/ST/2018"))
    assert response.status_code in (302, 303)
    excuse = db.session.scalar(select(Excuse))
    assert (excuse.employee_id, excuse.requested_by_id) == (team.staff.id, world.users["operator"].id)
    assert client.get(f"/attendance/people/{team.staff.id}/excuses").status_code == 200
    assert client.get(f"/attendance/people/{world.person_b.id}/excuses/new").status_code == 404  # another OPD
    assert client.post(f"/attendance/excuses/{excuse.id}/decide",
                       data={"decision": "approve", "version": excuse.version}).status_code == 403


def test_the_superior_decides_and_a_colleague_cannot(client, team):
    excuse = services.request(team.staff, team.users["staff"], data(kind="travel", letter_number="094/ST/2018"))
    url = f"/attendance/excuses/{excuse.id}/decide"
    client.login_as(team.users["colleague"])
    assert client.post(url, data={"decision": "approve", "version": excuse.version}).status_code == 403
    client.login_as(team.users["kabid"])  # the head above: not the superior, and no deciding role
    assert client.post(url, data={"decision": "approve", "version": excuse.version}).status_code == 403
    client.login_as(team.users["kasi"])
    page = client.get(f"/attendance/excuses/{excuse.id}").get_data(as_text=True)
    assert "Keputusan Anda" in page and "094/ST/2018" in page
    response = client.post(url, data={"decision": "refuse", "note": "", "version": excuse.version})
    assert response.status_code == 422 and "Tuliskan alasan penolakan" in response.get_data(as_text=True)
    here = f"/attendance/units/{team.world.seksi_a.id}/excuses/to-decide"
    response = client.post(url, data={"decision": "approve", "version": excuse.version, "next": here})
    assert response.status_code in (302, 303) and response.headers["Location"].endswith(here)
    db.session.refresh(excuse)
    assert (excuse.state, excuse.decided_by_id) == ("approved", team.users["kasi"].id)
    assert client.post(url, data={"decision": "approve", "version": excuse.version}).status_code == 422
    changes = db.session.scalars(select(AuditLog.action).where(AuditLog.entity == "excuses")
                                 .order_by(AuditLog.id)).all()
    assert changes == ["create", "update"]


def test_hr_decides_in_its_scope(client, team, world):
    excuse = services.request(team.kabid, team.users["kabid"], data())  # the OPD has no head: HR decides
    client.login_as(world.users["hr"])
    response = client.post(f"/attendance/excuses/{excuse.id}/decide",
                           data={"decision": "refuse", "note": "Tidak ada surat", "version": excuse.version})
    assert response.status_code in (302, 303)
    db.session.refresh(excuse)
    assert excuse.state == "refused"
    client.login_as(world.outsider)
    assert client.get(f"/attendance/excuses/{excuse.id}").status_code == 404


def test_the_requester_withdraws_while_it_waits(client, team):
    excuse = services.request(team.staff, team.users["staff"], data())
    client.login_as(team.users["staff"])
    page = client.get(f"/attendance/excuses/{excuse.id}").get_data(as_text=True)
    assert "Tarik pengajuan" in page and "Keputusan Anda" not in page
    response = client.post(f"/attendance/excuses/{excuse.id}/withdraw", data={"version": excuse.version})
    assert response.status_code in (302, 303)
    db.session.refresh(excuse)
    assert excuse.state == "withdrawn"
    client.post(f"/attendance/excuses/{excuse.id}/withdraw", data={"version": excuse.version})
    db.session.refresh(excuse)
    assert excuse.state == "withdrawn"


def test_excuses_to_decide(client, team, world, count_queries):
    for n in range(3):
        services.request(team.staff, team.users["staff"], data(starts_on=date(2018, 2, 6 + n), ends_on=None,
                                                                reason=f"Keperluan {n}"))
    own = services.request(team.kasi, team.users["kasi"], data(reason="Keperluan kepala seksi"))
    services.request(world.person_b, world.users["admin"], data(reason="OPD lain"))
    seksi = world.seksi_a.id
    client.login_as(team.users["kasi"])
    page = client.get(f"/attendance/units/{seksi}/excuses/to-decide").get_data(as_text=True)
    assert all(f"Keperluan {n}" in page for n in range(3)) and "Keperluan kepala seksi" not in page
    assert "Anda atasannya" in page
    client.login_as(team.users["kabid"])  # heads the unit above: decides the Kepala Seksi's excuse only
    page = client.get(f"/attendance/units/{world.bidang_a.id}/excuses/to-decide").get_data(as_text=True)
    assert "Keperluan kepala seksi" in page and "Keperluan 0" not in page
    assert client.post(f"/attendance/excuses/{own.id}/decide",
                       data={"decision": "approve", "version": own.version}).status_code in (302, 303)
    client.login_as(team.users["colleague"])
    assert client.get(f"/attendance/units/{seksi}/excuses/to-decide").status_code == 403
    client.login_as(world.users["hr"])  # every waiting excuse of its scope
    url = f"/attendance/units/{world.opd_a.id}/excuses/to-decide"
    client.get(url)
    with count_queries() as counted:
        page = client.get(url).get_data(as_text=True)
    assert all(f"Keperluan {n}" in page for n in range(3)) and "OPD lain" not in page
    assert "Atasan: Sumadi" in page
    for n in range(3):
        services.request(team.colleague, team.users["colleague"], data(starts_on=date(2018, 2, 12 + n), ends_on=None))
    with count_queries() as more:
        client.get(url)
    assert more.n == counted.n
