"""One clock: at 23:30 UTC on 30 November the agency (WIB) is already at 06:30 on 1 December.

Every decision by date (the input window, the late mark, the reminders, the agreements' tracking, the award
nomination window and the award month) must use the agency's day, and all of them must agree.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from app.awards.models import Nomination
from app.core.clock import agency_now, agency_today, utcnow
from app.extensions import db
from app.monitoring.models import Realisation, ReportingWindow
from tests.agreements.conftest import officials  # noqa: F401  (fixture)
from tests.awards.conftest import build_awards
from tests.monitoring.test_realisation import in_force  # noqa: F401  (fixture)

LATE_EVENING_UTC = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)
AGENCY_DAY = date(2026, 12, 1)  # 06:30 WIB
HX = {"HX-Request": "true"}


@pytest.fixture
def late_evening():
    with time_machine.travel(LATE_EVENING_UTC, tick=False):
        yield


def test_the_agency_is_already_in_the_next_day(app, late_evening):
    assert utcnow().date() == date(2026, 11, 30)
    with app.test_request_context():
        assert agency_today() == AGENCY_DAY and agency_now().hour == 6
    from app.org.services import save_pemda
    from tests.conftest import _clear_g

    save_pemda({"name": "Provinsi Papua", "level": "provinsi", "city": "Jayapura", "timezone": "WIT"})
    _clear_g()  # what the request above remembered (the pemda, the time zone)
    with app.test_request_context():
        assert agency_now().hour == 8 and agency_today() == AGENCY_DAY  # WIT is UTC+9


def _window(agreement, closes_on: date) -> None:
    db.session.add(ReportingWindow(opd_id=agreement.unit.opd_id, year=2018, period_kind="quarter", period=1,
                                   opens_on=date(2026, 11, 1), closes_on=closes_on))
    db.session.flush()


def _cell(client, agreement, key, value: str):
    return client.post(f"/monitoring/unit/{agreement.unit_id}/cell", headers=HX, data={
        "ref": f"pk:{agreement.id}:{key}", "kind": "quarter", "period": "1", "year": "2018", "value": value})


def test_a_window_that_closed_yesterday_is_closed_and_late_everywhere(client, officials, in_force, late_evening):  # noqa: F811
    agreement, key, operator = in_force
    _window(agreement, closes_on=date(2026, 11, 30))  # the server's date, the agency's yesterday
    client.login_as(operator)
    refused = _cell(client, agreement, key, "60")
    assert refused.status_code == 422 and "ditutup" in refused.get_data(as_text=True)
    assert db.session.query(Realisation).count() == 0
    client.login_as(officials.world.users["hr"])  # HR may still enter: the value is marked late
    assert _cell(client, agreement, key, "60").status_code == 200
    assert db.session.query(Realisation).one().late
    reminders = client.get("/monitoring/reminders?year=2018").get_data(as_text=True)
    assert "terlambat" in reminders.lower() or "lewat" in reminders.lower()


def test_a_window_closing_today_is_open(client, officials, in_force, late_evening):  # noqa: F811
    agreement, key, operator = in_force
    _window(agreement, closes_on=AGENCY_DAY)
    client.login_as(operator)
    assert _cell(client, agreement, key, "60").status_code == 200
    assert not db.session.query(Realisation).one().late


def test_tracking_counts_the_due_date_in_the_agencys_days(client, officials, late_evening):  # noqa: F811
    client.login_as(officials.world.users["hr"])
    url = f"/agreements/tracking?opd={officials.world.opd_a.id}&year=2026"
    assert client.post(url, data={"dpa_date": "2026-10-30"}).status_code == 303  # due 30 November
    assert "tag-warn" in client.get(url).get_data(as_text=True)  # 1 December: late
    assert client.post(url, data={"dpa_date": "2026-11-01"}).status_code == 303  # due 1 December
    assert "tag-warn" not in client.get(url).get_data(as_text=True)


def test_award_nominations_and_the_award_month_follow_the_agencys_day(client, world, late_evening):
    a = build_awards(world)
    client.login_as(a.users["hr"])
    url = f"/awards/rounds/{a.round.id}/nominate"
    a.round.nomination_opens, a.round.nomination_closes = date(2026, 11, 1), date(2026, 11, 30)
    db.session.flush()
    data = {"nominee": str(a.staff[0].id), "justification": "Rajin"}
    assert client.post(url, data=data).status_code == 422  # closed yesterday, for the agency
    a.round.nomination_closes = AGENCY_DAY
    db.session.flush()
    assert client.post(url, data=data).status_code == 303
    assert db.session.query(Nomination).count() == 1
    page = client.get(f"/awards/opd/{world.opd_a.id}/rounds/new").get_data(as_text=True)
    november = AGENCY_DAY.replace(day=1) - timedelta(days=1)
    assert f'name="year" type="number" value="{november.year}"' in page or f'value="{november.year}"' in page
    assert f'<option selected value="{november.month}">' in page
