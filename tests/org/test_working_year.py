"""The working year: an OPD setting, the default of every year-bound page; a picked year is kept across pages."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.org.models import Unit

YEAR_BOUND = ["/awards", "/monitoring/reminders", "/agreements", "/agreements/tracking", "/agreements/cascade", "/"]


def _shown_year(page: str) -> int:
    """The year the picker has selected."""
    start = page.index('id="year-picker"') if 'id="year-picker"' in page else page.index('id="f-year"')
    chunk = page[start:page.index("</select>", start)]
    selected = chunk[:chunk.index(" selected")]
    return int(selected[selected.rindex('value="') + 7:].split('"')[0])


def test_pages_open_on_the_opds_working_year(client, world):
    world.opd_a.working_year = 2016
    client.login_as(world.users["hr"])
    for url in YEAR_BOUND:
        assert _shown_year(client.get(url).get_data(as_text=True)) == 2016, url


def test_a_new_agreement_is_proposed_in_the_working_year(client, world):
    world.opd_a.working_year = 2016
    client.login_as(world.users["hr"])
    page = client.get("/agreements/new").get_data(as_text=True)
    field = page[page.index('name="year"') - 200:page.index('name="year"') + 200]
    assert 'value="2016"' in field, field


def test_a_picked_year_is_kept_across_pages(client, world):
    world.opd_a.working_year = 2018
    client.login_as(world.users["hr"])
    assert _shown_year(client.get("/awards?year=2017").get_data(as_text=True)) == 2017
    for url in YEAR_BOUND:
        assert _shown_year(client.get(url).get_data(as_text=True)) == 2017, url
    client.post("/logout")
    client.login_as(world.users["hr"])
    assert _shown_year(client.get("/awards").get_data(as_text=True)) == 2018  # a new session: the working year


def test_hr_sets_the_working_year_of_an_opd(client, world):
    client.login_as(world.users["hr"])
    page = client.get(f"/units/{world.opd_a.id}").get_data(as_text=True)
    assert "Tahun kerja" in page and f"/units/{world.opd_a.id}/working-year" in page
    version = world.opd_a.version
    assert client.post(f"/units/{world.opd_a.id}/working-year",
                       data={"working_year": "2018", "version": version}).status_code == 303
    assert db.session.get(Unit, world.opd_a.id).working_year == 2018
    stale = client.post(f"/units/{world.opd_a.id}/working-year", data={"working_year": "2019", "version": version})
    assert stale.status_code == 409 and db.session.get(Unit, world.opd_a.id).working_year == 2018
    current = db.session.get(Unit, world.opd_a.id).version
    wrong = client.post(f"/units/{world.opd_a.id}/working-year", data={"working_year": "1890", "version": current})
    assert wrong.status_code == 422
    assert client.post(f"/units/{world.opd_a.id}/working-year",
                       data={"working_year": "", "version": current}).status_code == 303
    assert db.session.get(Unit, world.opd_a.id).working_year is None
    assert client.post(f"/units/{world.bidang_a.id}/working-year", data={"working_year": "2018"}).status_code == 404


@pytest.mark.parametrize("role", ["operator", "employee"])
def test_only_who_edits_the_opd_sets_its_year(client, world, role):
    client.login_as(world.users[role])
    assert client.post(f"/units/{world.opd_a.id}/working-year", data={"working_year": "2018"}).status_code in (403, 404)
