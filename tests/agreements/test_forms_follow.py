"""Forms that follow the choices (issue 12, item 8): the indicator form shows the fields of its polarity and
reporting period, PIHAK KEDUA is prefilled, an empty draft offers no submit or copy, and a refused step brings
the user back to the agreement page with the reason."""

from __future__ import annotations

import re

from app.agreements import services
from app.agreements.models import Agreement, Indicator
from app.extensions import db
from tests.agreements.conftest import fill
from tests.agreements.test_routes import _create, _indicator_form

HX = {"HX-Request": "true"}


def _names(html: str) -> set[str]:
    return set(re.findall(r'<(?:input|select|textarea)[^>]* name="([^"]+)"', html))


def _flashed(client) -> list[str]:
    with client.session_transaction() as session:
        return [message for _, message in session.get("_flashes", [])]


def _selected(html: str, name: str) -> str | None:
    select = re.search(rf'<select[^>]* name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    found = re.search(r'<option[^>]*\bselected\b[^>]*value="([^"]*)"|<option[^>]*value="([^"]*)"[^>]*\bselected\b',
                      select)
    return next(v for v in found.groups() if v is not None) if found else None


# -- the indicator form ------------------------------------------------------------------------------------

def test_the_indicator_form_shows_the_range_fields_only_for_a_range_indicator(client, officials):
    agreement = _create(client, officials)
    sasaran = services.add_sasaran(agreement.latest, officials.world.users["hr"], "Sasaran")
    db.session.commit()
    url = f"/agreements/sasaran/{sasaran.id}/indicators/new"
    page = client.get(url).get_data(as_text=True)
    assert "target" in _names(page) and not {"target_min", "target_max"} & _names(page)
    # the polarity select asks the server for the fields that go with it, and htmx swaps them in
    polarity = re.search(r'<select[^>]* name="polarity"[^>]*>', page).group(0)
    assert f'hx-post="{url}?refresh=1"' in polarity and 'hx-trigger="change"' in polarity
    assert 'hx-select="#annual"' in polarity and 'hx-target="#annual"' in polarity and 'id="annual"' in page
    assert "<script" not in page.split("<main", 1)[1] and " style=" not in page  # CSP: no inline script or style

    chosen = client.post(f"{url}?refresh=1", data=_indicator_form(polarity="range", target="", name="Rasio"),
                         headers=HX)
    html = chosen.get_data(as_text=True)
    assert chosen.status_code == 200 and {"target_min", "target_max"} <= _names(html) and "target" not in _names(html)
    assert "Rasio</textarea>" in html and "Please correct" not in html and "Perbaiki" not in html  # entries kept, no errors
    assert db.session.query(Indicator).count() == 0  # choosing saves nothing
    assert client.post(url, data=_indicator_form(polarity="range", target_min="80", target_max="90", tw1="", tw2="",
                                                 tw3="", tw4="")).status_code == 303
    saved = db.session.query(Indicator).one()
    assert (saved.target, saved.target_min, saved.target_max) == (None, 80, 90)
    edit = client.get(f"/agreements/indicators/{saved.id}/edit").get_data(as_text=True)
    assert {"target_min", "target_max"} <= _names(edit) and "target" not in _names(edit)


def test_the_indicator_form_shows_twelve_monthly_targets_only_for_a_monthly_indicator(client, officials):
    agreement = _create(client, officials)
    sasaran = services.add_sasaran(agreement.latest, officials.world.users["hr"], "Sasaran")
    db.session.commit()
    url = f"/agreements/sasaran/{sasaran.id}/indicators/new"
    months = {f"m{i}" for i in range(1, 13)}
    page = client.get(url).get_data(as_text=True)
    assert not months & _names(page)
    period = re.search(r'<select[^>]* name="period_kind"[^>]*>', page).group(0)
    assert f'hx-post="{url}?refresh=1"' in period and 'hx-select="#months"' in period and 'id="months"' in page
    monthly = client.post(f"{url}?refresh=1", data=_indicator_form(period_kind="month"), headers=HX)
    assert monthly.status_code == 200 and months <= _names(monthly.get_data(as_text=True))
    # without JavaScript: the "Perbarui" button posts to the same address and answers the whole page
    assert 'formaction="' + url + '?refresh=1"' in page and "<noscript>" in page
    plain = client.post(f"{url}?refresh=1", data=_indicator_form(period_kind="month"))
    assert plain.status_code == 200 and months <= _names(plain.get_data(as_text=True))
    assert "<html" in plain.get_data(as_text=True)
    typed = _indicator_form(period_kind="month", target="120", tw1="", tw2="", tw3="", tw4="", aggregation="sum",
                            **{f"m{i}": "10" for i in range(1, 13)})
    assert client.post(url, data=typed).status_code == 303
    saved = db.session.query(Indicator).one()
    assert saved.period_kind == "month" and saved.months == (10,) * 12


# -- PIHAK KEDUA ---------------------------------------------------------------------------------------------

def test_pihak_kedua_is_prefilled_with_the_head_of_the_unit_above(client, officials):
    w = officials.world
    client.login_as(officials.users["kabid"])  # drafting their own agreement: the Kepala Dinas countersigns
    page = client.get("/agreements/new").get_data(as_text=True)
    assert _selected(page, "second_party_id") == str(officials.kadis.id)
    client.login_as(w.users["hr"])
    page = client.get(f"/agreements/new?unit_id={w.seksi_a.id}").get_data(as_text=True)
    assert _selected(page, "second_party_id") == str(officials.kabid.id)
    # another unit chosen: its own superior, whatever was selected before
    changed = client.post("/agreements/new", headers=dict(HX, **{"HX-Trigger-Name": "unit_id"}),
                          data={"year": 2018, "unit_id": w.bidang_a.id, "second_party_id": str(officials.kabid.id)})
    assert _selected(changed.get_data(as_text=True), "second_party_id") == str(officials.kadis.id)
    # an OPD: the Kepala Daerah is outside the organisation, nobody is chosen
    page = client.get(f"/agreements/new?unit_id={w.opd_a.id}").get_data(as_text=True)
    assert _selected(page, "second_party_id") in (None, "")


# -- an empty draft --------------------------------------------------------------------------------------------

def test_an_empty_draft_offers_neither_submitting_nor_copying(client, officials):
    agreement = _create(client, officials)
    client.login_as(officials.users["kabid"])
    page = client.get(f"/agreements/{agreement.id}").get_data(as_text=True)
    assert f"/agreements/{agreement.id}/submit" not in page and f"/agreements/{agreement.id}/copy" not in page
    assert "Tambahkan sasaran dengan minimal satu indikator" in page
    refused = client.post(f"/agreements/{agreement.id}/copy")  # sent anyway: refused with the reason
    assert refused.status_code == 303 and refused.headers["Location"].endswith(f"/agreements/{agreement.id}")
    assert "Belum ada yang dapat disalin" in _flashed(client)[0]
    assert db.session.query(Agreement).filter_by(year=2019).count() == 0

    fill(agreement, officials.users["kabid"])
    db.session.commit()
    page = client.get(f"/agreements/{agreement.id}").get_data(as_text=True)
    assert f"/agreements/{agreement.id}/submit" in page and f"/agreements/{agreement.id}/copy" in page
    assert client.post(f"/agreements/{agreement.id}/copy").status_code == 303
    following = db.session.query(Agreement).filter_by(year=2019).one()
    page = client.get(f"/agreements/{agreement.id}").get_data(as_text=True)
    assert f"/agreements/{agreement.id}/copy" not in page  # done: a link to it instead
    assert f'href="/agreements/{following.id}"' in page


# -- a refused step --------------------------------------------------------------------------------------------

def test_a_refused_submit_or_countersign_returns_to_the_agreement_page_with_the_reason(client, officials):
    agreement = _create(client, officials)
    client.login_as(officials.users["kabid"])
    version = agreement.latest
    response = client.post(f"/agreements/{agreement.id}/submit", data={"version": version.version})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/agreements/{agreement.id}")
    assert version.status == "draft"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Tambahkan minimal satu sasaran dengan indikator sebelum mengajukan" in page
    fill(agreement, officials.users["kabid"])
    db.session.commit()
    assert client.post(f"/agreements/{agreement.id}/submit", data={"version": version.version}).status_code == 303
    client.login_as(officials.users["kadis"])  # not signed yet: PIHAK KEDUA cannot countersign it
    response = client.post(f"/agreements/{agreement.id}/countersign", data={"version": version.version}, headers=HX)
    assert response.status_code == 204 and response.headers["HX-Redirect"].endswith(f"/agreements/{agreement.id}")
    assert any("tidak dapat dilakukan" in m for m in _flashed(client)) and version.status == "submitted"


def test_a_refused_signature_stays_on_the_agreement_page(client, officials):
    agreement = _create(client, officials)
    client.login_as(officials.users["kabid"])
    version = fill(agreement, officials.users["kabid"])
    db.session.commit()
    assert client.post(f"/agreements/{agreement.id}/submit", data={"version": version.version}).status_code == 303
    page = client.get(f"/agreements/{agreement.id}").get_data(as_text=True)
    sign = re.search(r'<form[^>]* id="sign"[^>]*>', page).group(0)
    assert 'hx-select="#sign"' in sign and 'hx-target="#sign"' in sign
    data = {"version": version.version, "place": "Jakarta", "signed_on": "2018-03-05"}  # the pakta is not ticked
    # htmx (the page's own way): the form with the reason under the box, swapped in on the agreement page
    response = client.post(f"/agreements/{agreement.id}/sign", data=data, headers=HX)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="pakta-error"' in html and 'value="Jakarta"' in html
    # a plain POST (no JavaScript): back to the agreement page, the reason as a message
    response = client.post(f"/agreements/{agreement.id}/sign", data=data)
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/agreements/{agreement.id}")
    assert any("pakta integritas" in m for m in _flashed(client))
    assert version.status == "submitted"
    # the superior returns it without a note: the same
    client.login_as(officials.users["kadis"])
    response = client.post(f"/agreements/{agreement.id}/return", data={"version": version.version, "note": ""})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/agreements/{agreement.id}")
    assert version.status == "submitted"
