"""The assessor's score page is offered only while the round is being scored (issue 12, item 8)."""

from __future__ import annotations

from app.awards import services
from tests.awards.conftest import build_awards, decided, nominate_all


def _flashed(client) -> list[str]:
    with client.session_transaction() as session:
        return [message for _, message in session.get("_flashes", [])]


def test_before_scoring_opens_the_score_page_sends_the_assessor_to_the_round_with_a_reason(client, world):
    a = build_awards(world)
    nominate_all(a)
    client.login_as(a.assessor)
    round_url = f"/awards/rounds/{a.round.id}"
    page = client.get(round_url).get_data(as_text=True)
    assert f"{round_url}/score" not in page  # no link to a form that cannot be used yet
    assert "Anda termasuk tim penilai. Penilaian dibuka setelah usulan ditutup" in page
    assert "9 Maret 2018" in page  # when that is
    response = client.get(f"{round_url}/score")
    assert response.status_code == 303 and response.headers["Location"].endswith(round_url)
    assert _flashed(client) == ["Penilaian belum dibuka: dibuka setelah usulan ditutup (usulan diterima sampai "
                                "9 Maret 2018)."]


def test_while_scoring_the_score_page_is_offered_and_opens(client, world):
    a = build_awards(world)
    nominate_all(a)
    services.close_nominations(a.round, a.round.version)
    client.login_as(a.assessor)
    round_url = f"/awards/rounds/{a.round.id}"
    page = client.get(round_url).get_data(as_text=True)
    assert f"{round_url}/score" in page and "Penilaian dibuka setelah" not in page
    response = client.get(f"{round_url}/score")
    assert response.status_code == 200 and "Ani Lestari" in response.get_data(as_text=True)


def test_after_the_decision_the_score_page_says_scoring_is_over(client, world):
    a = build_awards(world)
    decided(a)
    client.login_as(a.assessor)
    round_url = f"/awards/rounds/{a.round.id}"
    assert f"{round_url}/score" not in client.get(round_url).get_data(as_text=True)
    response = client.get(f"{round_url}/score")
    assert response.status_code == 303 and response.headers["Location"].endswith(round_url)
    assert _flashed(client) == ["Penilaian sudah selesai: putaran ini telah diputuskan."]
