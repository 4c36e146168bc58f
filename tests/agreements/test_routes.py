"""The agreement screens over HTTP: drafting, bad input, conflicts, illegal steps, the cycle to the PDF."""

from __future__ import annotations

from app.agreements.models import Agreement, Indicator
from app.extensions import db

HX = {"HX-Request": "true"}


def _create(client, officials):
    client.login_as(officials.world.users["hr"])
    response = client.post("/agreements/new", data={"year": 2018, "unit_id": officials.world.bidang_a.id,
                                                     "second_party_id": ""})
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    return db.session.query(Agreement).filter_by(year=2018, unit_id=officials.world.bidang_a.id).one()


def _indicator_form(**kw):
    data = {"name": "Jumlah titik rawan PMKS yang diawasi", "satuan": "titik", "polarity": "higher",
            "target": "276", "tw1": "60", "tw2": "70", "tw3": "70", "tw4": "76", "aggregation": "sum",
            "quarter_note": "", "definition": "", "data_source": "Laporan Satpel", "supports_key": ""}
    data.update(kw)
    return data


def _fill(client, agreement):
    assert client.post(f"/agreements/{agreement.id}/sasaran", data={"text": "Menurunnya PMKS jalanan"}).status_code == 303
    sasaran = agreement.latest.sasaran[0]
    assert client.post(f"/agreements/sasaran/{sasaran.id}/indicators/new", data=_indicator_form()).status_code == 303
    assert client.post(f"/agreements/{agreement.id}/budget/new", data={
        "level": "program", "name": "Program Rehabilitasi Sosial", "amount": "1250000000", "note": ""}).status_code == 303


def test_hr_creates_a_draft_with_the_default_second_party(client, officials):
    agreement = _create(client, officials)
    assert agreement.first_party_id == officials.kabid.id and agreement.latest.second_party_id == officials.kadis.id
    page = client.get(f"/agreements/{agreement.id}").get_data(as_text=True)
    assert "Mariana" in page and "Masrokhan" in page


def test_a_unit_without_a_head_is_refused_with_a_reason(client, officials):
    from tests.factories import make_unit

    client.login_as(officials.world.users["hr"])
    response = client.post("/agreements/new", data={"year": 2018, "unit_id": officials.world.opd_b.id})
    assert response.status_code == 404  # OPD B is outside this HR's units
    headless = make_unit(officials.world.opd_a, "Bidang Tanpa Kepala")
    response = client.post("/agreements/new", data={"year": 2018, "unit_id": headless.id})
    assert response.status_code == 422 and "tidak memiliki kepala" in response.get_data(as_text=True)
    assert db.session.query(Agreement).count() == 0


def test_bad_targets_answer_422_naming_the_problem_and_change_nothing(client, officials):
    agreement = _create(client, officials)
    client.post(f"/agreements/{agreement.id}/sasaran", data={"text": "Sasaran"})
    sasaran = agreement.latest.sasaran[0]
    url = f"/agreements/sasaran/{sasaran.id}/indicators/new"
    cases = [
        (_indicator_form(target=""), "Isi target tahunan"),
        (_indicator_form(target="-5", tw1="", tw2="", tw3="", tw4=""), "tidak boleh negatif"),
        (_indicator_form(target="abc"), "Tulis angka"),
        (_indicator_form(polarity="range", target="", target_min="90", target_max="80"), "di bawah nilai terendah"),
        (_indicator_form(tw4="70"), "270"),  # quarters give 270, not 276, and no reason
        (_indicator_form(name="x" * 10_000), "500"),
    ]
    for data, message in cases:
        response = client.post(url, data=data, headers={"HX-Request": "true"})
        assert response.status_code == 422, data
        assert message in response.get_data(as_text=True), (message, data)
    assert db.session.query(Indicator).count() == 0
    # the Indonesian way of writing decimals is understood
    assert client.post(url, data=_indicator_form(target="40,5", satuan="%", tw1="", tw2="", tw3="",
                                                 tw4="")).status_code == 303
    assert str(db.session.query(Indicator).one().target) in ("40.5000", "40.5")


def test_the_cycle_in_the_browser_routes_and_illegal_steps(client, officials):
    agreement = _create(client, officials)
    users = officials.users
    client.login_as(users["kabid"])
    _fill(client, agreement)
    version = agreement.latest
    assert client.post(f"/agreements/{agreement.id}/submit", data={"version": version.version}).status_code == 303
    assert version.status == "submitted"
    # the kasi is not a party: countersigning is refused with the reason, nothing changes
    client.login_as(users["kasi"])
    assert client.get(f"/agreements/{agreement.id}").status_code == 404  # outside the kasi's unit
    client.login_as(users["kadis"])
    refused = client.post(f"/agreements/{agreement.id}/countersign", data={"version": version.version})
    assert refused.status_code == 303 and refused.headers["Location"].endswith(f"/agreements/{agreement.id}")
    assert "tidak dapat dilakukan" in client.get(refused.headers["Location"]).get_data(as_text=True)
    assert version.status == "submitted"
    client.login_as(users["kabid"])
    no_pakta = client.post(f"/agreements/{agreement.id}/sign", data={"version": version.version, "place": "Jakarta",
                                                                      "signed_on": "2018-03-05"}, headers=HX)
    assert no_pakta.status_code == 422 and "pakta integritas" in no_pakta.get_data(as_text=True)
    signed = client.post(f"/agreements/{agreement.id}/sign", data={"version": version.version, "place": "Jakarta",
                                                                    "signed_on": "2018-03-05", "pakta": "y"})
    assert signed.status_code == 303 and version.status == "signed"
    client.login_as(users["kadis"])
    assert client.post(f"/agreements/{agreement.id}/countersign", data={"version": version.version}).status_code == 303
    assert version.status == "in_force" and version.document is not None
    pdf = client.get(f"/agreements/{agreement.id}/pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    # in force: the contents cannot be edited any more
    client.login_as(officials.world.users["hr"])
    indicator = version.indicators[0]
    response = client.post(f"/agreements/indicators/{indicator.id}/edit", data=_indicator_form(target="300",
                           tw1="75", tw2="75", tw3="75", tw4="75"))
    assert response.status_code == 422 and indicator.target == 276


def test_two_people_submitting_one_draft_the_second_gets_a_conflict(client, officials):
    agreement = _create(client, officials)
    client.login_as(officials.users["kabid"])
    _fill(client, agreement)
    opened = agreement.latest.version
    assert client.post(f"/agreements/{agreement.id}/submit", data={"version": opened}).status_code == 303
    client.login_as(officials.world.users["hr"])
    second = client.post(f"/agreements/{agreement.id}/submit", data={"version": opened})
    assert second.status_code == 303 and second.headers["Location"].endswith(f"/agreements/{agreement.id}")
    assert "Orang lain mengubah" in client.get(second.headers["Location"]).get_data(as_text=True)


def test_revision_and_diff_page(client, officials, app):
    from tests.agreements.test_pdf import _signed

    version = _signed(officials, app)
    client.login_as(officials.users["kabid"])
    response = client.post(f"/agreements/{version.agreement_id}/revise",
                           data={"reason": "programme_changed", "note": "APBD Perubahan"})
    assert response.status_code == 303
    revision = version.agreement.latest
    indicator = revision.indicators[0]
    client.post(f"/agreements/indicators/{indicator.id}/edit", data=_indicator_form(target="300", tw1="75", tw2="75",
                                                                                     tw3="75", tw4="75"))
    page = client.get(f"/agreements/{version.agreement_id}/diff?a=1&b=2").get_data(as_text=True)
    assert "276" in page and "300" in page
    assert client.get(f"/agreements/{version.agreement_id}?v=1").status_code == 200
    assert client.get(f"/agreements/{version.agreement_id}?v=9").status_code == 404


def test_list_page_query_count_does_not_grow_with_agreements(client, officials, count_queries):
    from app.agreements import services

    client.login_as(officials.world.users["hr"])
    services.create(2018, officials.world.bidang_a, officials.kabid)
    with count_queries() as one:
        assert client.get("/agreements?year=2018").status_code == 200
    services.create(2018, officials.world.seksi_a, officials.kasi)
    services.create(2018, officials.world.opd_a, officials.kadis, external_name="Gubernur", external_position="Gubernur")
    with count_queries() as three:
        assert client.get("/agreements?year=2018").status_code == 200
    assert one.n == three.n


def test_two_people_editing_one_draft_the_second_gets_a_conflict_and_keeps_their_entries(client, officials):
    agreement = _create(client, officials)
    client.login_as(officials.users["kabid"])
    _fill(client, agreement)
    indicator = agreement.latest.indicators[0]
    opened = agreement.latest.version  # both open the edit form now
    first = client.post(f"/agreements/indicators/{indicator.id}/edit",
                        data=_indicator_form(target="280", tw4="80", version=opened))
    assert first.status_code == 303
    client.login_as(officials.world.users["hr"])
    second = client.post(f"/agreements/indicators/{indicator.id}/edit",
                         data=_indicator_form(target="290", tw4="90", version=opened))
    page = second.get_data(as_text=True)
    assert second.status_code == 409 and "Orang lain mengubah perjanjian ini" in page
    assert 'value="290"' in page  # the second person's entries are still in the form
    assert indicator.target == 280  # and the first person's save was not overwritten
    # the same for a new budget line started from a stale page
    stale = client.post(f"/agreements/{agreement.id}/budget/new", data={
        "level": "program", "name": "Program Baru", "amount": "5", "note": "", "version": opened})
    assert stale.status_code == 409 and len(agreement.latest.budget_lines) == 1


def test_copy_an_agreement_to_next_year(client, officials):
    agreement = _create(client, officials)
    client.login_as(officials.users["kabid"])
    _fill(client, agreement)
    response = client.post(f"/agreements/{agreement.id}/copy")
    assert response.status_code == 303
    following = db.session.query(Agreement).filter_by(year=2019).one()
    assert following.latest.status == "draft" and len(following.latest.indicators) == 1
    again = client.post(f"/agreements/{agreement.id}/copy")  # already there: refused with the reason
    assert again.status_code == 303 and db.session.query(Agreement).filter_by(year=2019).count() == 1
    client.login_as(officials.users["kadis"])  # the superior is not a party who may start the official's year
    assert client.post(f"/agreements/{agreement.id}/copy").status_code == 403
