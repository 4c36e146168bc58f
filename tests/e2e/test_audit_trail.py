"""The audit trail in Chromium: an assessor changes a score, the admin reads the change as a sentence.

Uses the award rounds of ``tests.e2e.test_award_round`` (the 2017 round in scoring, where the ``assessor``
gave every nominee 4 on each criterion).
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.e2e.conftest import login
from tests.e2e.test_award_round import STAFF, _card, _save_card, awards_world  # noqa: F401  (fixture)
from tests.e2e.test_browser import AXE, _serious_violations
from tests.e2e.test_monitoring_cycle import logout, shot

SENTENCE = ("Penilaian usulan {name} untuk Pelaksana Teladan Februari 2017, kriteria BerAKHLAK: "
            "nilai diubah dari 4 menjadi 5")


def test_a_score_change_reads_as_a_sentence_in_the_audit_trail(page, live_server, awards_world):  # noqa: F811
    ids = awards_world
    name = STAFF[1]  # Budi Hartono: scored 4 by the assessor when the round was set up
    login(page, "assessor")
    page.goto(f"/awards/rounds/{ids['scoring']}/score")
    card = _card(page, name)
    nomination_id = int(card.get_attribute("id").removeprefix("score-"))
    assert card.get_by_label("BerAKHLAK").input_value() == "4"
    card.get_by_label("BerAKHLAK").fill("5")
    card = _save_card(page, card, 200)
    assert card.get_by_role("status").inner_text() == "Tersimpan."
    logout(page)

    login(page, "admin")
    page.goto("/audit")
    page.get_by_label("Jenis data").select_option(label="Nilai dari penilai")  # htmx swaps the results
    page.wait_for_url(re.compile(r"entity=award_scores"))
    entry = page.locator("#results tbody tr").filter(has_text=SENTENCE.format(name=name))
    entry.wait_for()
    assert "Rina Penilai" in entry.inner_text()  # who: the assessor's person, with the account under it
    text = page.inner_text("#results")
    for developer_word in ("award_scores", "update", "value", "scored_at", "#"):
        assert developer_word not in text, developer_word
    shot(page, "audit-score-change")

    # The filters narrow by person and by date; a day before the change shows nothing of it.
    page.locator("#audit-user").press_sequentially("Rina")  # typing: htmx asks after a pause
    page.wait_for_url(re.compile(r"user=Rina"))
    page.locator("#results tbody tr").filter(has_text=SENTENCE.format(name=name)).wait_for()
    page.fill("#audit-to", "2017-01-01")
    page.wait_for_url(re.compile(r"to=2017-01-01"))
    page.get_by_text("Tidak ada catatan yang cocok.").wait_for()

    # The nomination's own history (as a record's page links to it) includes its scores.
    response = page.goto(f"/audit?entity=award_nominations&entity_id={nomination_id}")
    assert response.ok
    assert f"Usulan {name} untuk Pelaksana Teladan Februari 2017" in page.inner_text(".audit-record")
    assert SENTENCE.format(name=name) in page.inner_text("#results")
    script = Path(AXE).read_text()
    assert _serious_violations(page, script) == []
    page.goto("/jobs")
    assert _serious_violations(page, script) == []
