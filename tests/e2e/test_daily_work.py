"""A day's work in the browser: the year picker keeps its year across pages; the Kepala Dinas's inbox still
lists his values to verify of one year once the next year's agreement is in force (2016 and 2017 here: the
other browser tests use 2018 and 2019 of the same people)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from app.accounts.models import User
from app.extensions import db
from tests.e2e.conftest import login


def test_the_year_picker_keeps_its_year_across_pages(page):
    login(page, "hr")
    page.goto("/awards")
    shown = page.input_value("#year-picker")
    other = next(v for v in page.locator("#year-picker option").evaluate_all("os => os.map(o => o.value)")
                 if v != shown)
    page.select_option("#year-picker", other)
    page.click(".year-picker button[type=submit]")
    page.wait_for_url(f"**/awards?year={other}")
    assert other in page.inner_text("h1")
    page.goto("/agreements/tracking")
    assert page.input_value("#f-year") == other
    page.goto("/monitoring/reminders")
    assert page.input_value("#year-picker") == other
    page.goto("/")
    assert page.input_value("#year-picker") == other


def _agreement_in_force(app, year: int, kabid: User, kadis: User):
    from app.agreements import services
    from tests.agreements.conftest import fill

    agreement = services.create(year, kabid.employee.unit, kabid.employee)
    version = fill(agreement, kabid)
    services.submit(version, kabid)
    services.sign(version, kabid, pakta=True, on=date(year, 3, 5), place="Jakarta")
    with app.test_request_context():
        services.countersign(version, kadis)
    return agreement, version.indicators[0].key


def test_the_kepala_dinas_still_finds_last_years_values_once_the_next_year_is_in_force(page, live_server):
    from app.monitoring import services as monitoring
    from tests.factories import make_user

    app = live_server.app
    with app.app_context():
        kabid = db.session.scalar(select(User).where(User.username == "kabid"))
        kadis = db.session.scalar(select(User).where(User.username == "kadis"))
        agreement, key = _agreement_in_force(app, 2016, kabid, kadis)
        operator = make_user("op_inbox", [("operator", kabid.employee.unit)])
        realisation = monitoring.enter(agreement, key, 1, Decimal(61), "", operator, date(2016, 4, 5))
        monitoring.submit(realisation, operator)
        _agreement_in_force(app, 2017, kabid, kadis)
        db.session.commit()
        db.session.remove()
    login(page, "kadis")
    assert int(page.input_value("#year-picker")) >= 2017  # the latest year in force: the home page moved on
    page.wait_for_selector(".tasks-link .badge")
    page.click(".tasks-link")
    page.wait_for_url("**/tasks")
    item = page.locator("#verify li a", has_text="2016").first  # other tests may leave other years' values
    assert "Bidang" in item.inner_text()
    item.click()  # the unit's reminders of 2016: each value waiting links to its grid
    page.wait_for_url("**/monitoring/reminders?year=2016*")
    assert "Tw I" in page.inner_text("#waiting")
    page.click("#waiting a")
    page.wait_for_url("**/grid?year=2016*")
    assert "61" in page.inner_text("main")
