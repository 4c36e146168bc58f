"""A non-ASN worker's scorecard: their honorarium instead of TPP, their warnings and evaluations instead of ratings
and sanctions; a period is closed when its honorarium months are (tests/workers' hand-worked February)."""

from __future__ import annotations

from datetime import date

from app.scorecards import data
from app.scorecards.periods import Period
from app.workers.services import conduct, honor
from tests.workers.conftest import hr, thl  # noqa: F401  (fixtures)
from tests.workers.test_services import FEB, attend, on, shipped_rules, signed, warning

TODAY = date(2026, 12, 1)


def test_a_workers_scorecard_shows_the_honorarium_warnings_and_evaluation(world, thl, hr, client):  # noqa: F811
    contract = signed(thl, world.bidang_a, hr)
    attend(thl, FEB, d6="absent", d7="absent", d12=("present", 2, 0))
    conduct.warn(contract, warning("lisan", date(2018, 2, 7)), None, hr)
    criteria = shipped_rules(world.opd_a).evaluation.criteria
    with on(date(2018, 4, 2)):
        conduct.evaluate(contract, 1, dict(zip(criteria, (5, 4, 4, 3, 4), strict=True)), "", None, hr)
    march = data.person(thl, Period(2018, "month", 2), TODAY)
    assert (march["closed"], march["honor"]) == (False, [])  # February's honorarium is not closed yet
    with on(date(2018, 3, 1)):
        honor.close(world.opd_a, 2018, 2, None, hr)
    card = data.person(thl, Period(2018, "month", 2), TODAY)
    assert card["closed"] is True and card["tpp"] == [] and card["ratings"] == {}
    # 20 working days, 18 paid, 2 TK, 1 TL: 3.283.232 − 164.162 = 3.119.070 (tests/workers/test_services.py)
    [line] = card["honor"]
    assert (line.paid, line.absent, line.late, line.gross, line.penalty, line.net) == (
        18, 2, 1, 3_283_232, 164_162, 3_119_070)
    assert [w.level for w in card["warnings"]] == ["lisan"]
    assert [(e.period, str(e.score), e.result) for e in card["evaluations"]] == [(1, "80.00", "baik")]
    assert data.person(thl, Period(2018, "month", 3), TODAY)["warnings"] == []  # given in February
    client.login_as(hr)
    page = client.get(f"/scorecards/people/{thl.id}", query_string={"year": 2018, "month": 2}).text
    assert "Rp3.119.070,00" in page and "Teguran lisan" in page and "80 %" in page
    assert "Penilaian bulanan" not in page and 'id="tpp"' not in page
    provisional = client.get(f"/scorecards/people/{thl.id}", query_string={"year": 2018, "quarter": 1}).text
    assert "ditutup pada honorarium" in provisional
