"""Award rounds: instruments, categories, rounds, nominations, scores, the decision and numbered certificates.

Services flush; the route commits once. Every change to a round checks it is not decided yet (a decided
round is frozen), and the round's state (``nominating`` → ``scoring`` → ``decided``) says what may happen.

One module per step, lower ones first: ``state`` (what every change checks), ``instruments``, ``categories``,
``eligibility``, ``automatic`` (criteria read from the month's data), ``rounds``, ``nominations``,
``scoring``, ``certificates``, ``decision``. Callers use the package: ``services.nominate(...)``.
"""

from app.awards.services.automatic import auto_value, automatic_values
from app.awards.services.categories import numbering_error, rules_of, save_category
from app.awards.services.certificates import certificate_content, certificates_of, issue_certificates, signer_of
from app.awards.services.decision import decide, history, standings
from app.awards.services.eligibility import OUTSIDE_CATEGORY, candidates, reason_text
from app.awards.services.instruments import instrument_used, instruments_of, save_instrument
from app.awards.services.nominations import MAX_EVIDENCE, nominate, withdraw
from app.awards.services.rounds import (
    close_nominations,
    load_round,
    panel_candidates,
    set_panel,
    start_round,
    update_window,
    withdraw_ineligible,
)
from app.awards.services.scoring import assessor_criteria, conflict_of, conflict_text, panel_seat, progress, save_scores
from app.awards.services.state import active_nominations

__all__ = [
    "MAX_EVIDENCE", "OUTSIDE_CATEGORY", "active_nominations", "assessor_criteria", "auto_value", "automatic_values",
    "candidates", "certificate_content", "certificates_of", "close_nominations", "conflict_of", "conflict_text",
    "decide", "history", "instrument_used", "instruments_of", "issue_certificates", "load_round", "nominate",
    "numbering_error", "panel_candidates", "panel_seat", "progress", "reason_text", "rules_of", "save_category",
    "save_instrument", "save_scores", "set_panel", "signer_of", "standings", "start_round",
    "update_window", "withdraw", "withdraw_ineligible",
]
