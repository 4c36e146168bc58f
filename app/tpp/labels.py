"""The words the TPP screens, documents and the audit trail use for the rules' codes."""

from flask_babel import lazy_gettext as _l

# The codes the screens show (those of the attendance grid: ``app.attendance.explain.STATUS_CODES``); the rules
# keep their own keys.
SHOWN_CODES = {"NO_IN": "TAM", "NO_OUT": "TAP"}


def code(key: str) -> str:
    return SHOWN_CODES.get(key, key)


def expectations() -> dict:
    return {"atas": _l("Above expectations"), "sesuai": _l("As expected"), "bawah": _l("Below expectations")}


def predikats() -> dict:
    return {"sangat_baik": _l("Very good"), "baik": _l("Good"), "butuh_perbaikan": _l("Needs improvement"),
            "kurang": _l("Poor"), "sangat_kurang": _l("Very poor")}


def states() -> dict:
    return {"open": _l("Not closed yet"), "closed": _l("Closed")}


def deductions() -> dict:
    """Deduction code → what happened (the code itself is shown beside it)."""
    return {**{f"TL{n}": _l("Late arrival, level %(n)s", n=n) for n in range(1, 5)},
            **{f"PSW{n}": _l("Early leave, level %(n)s", n=n) for n in range(1, 5)},
            "NO_IN": _l("No check-in"), "NO_OUT": _l("No check-out"), "TK": _l("Absent without reason (TK)"),
            "APEL": _l("Missed roll call")}


def scopes() -> dict:
    return {"discipline": _l("the discipline part"), "whole": _l("the whole TPP")}


def roundings() -> dict:
    return {"half_up": _l("to whole rupiah, half up"), "down": _l("to whole rupiah, down")}


def objection_states() -> dict:
    return {"open": _l("Waiting for a decision"), "accepted": _l("Accepted"), "rejected": _l("Rejected")}
