"""The words the non-ASN pages show for the area's codes, in the user's language."""

from flask_babel import lazy_gettext as _l


def states() -> dict:
    return {"draft": _l("Draft"), "active": _l("Running"), "ended": _l("Ended"), "terminated": _l("Terminated")}


def bases() -> dict:
    return {"daily": _l("Daily"), "monthly": _l("Monthly")}


def levels() -> dict:
    return {"lisan": _l("Verbal warning (teguran lisan)"), "tertulis": _l("Written warning (teguran tertulis)"),
            "sp1": _l("Warning letter 1 (SP1)"), "sp2": _l("Warning letter 2 (SP2)"),
            "sp3": _l("Warning letter 3 (SP3)")}


def short_levels() -> dict:
    return {"lisan": _l("Verbal"), "tertulis": _l("Written"), "sp1": "SP1", "sp2": "SP2", "sp3": "SP3"}


def results() -> dict:
    return {"sangat_baik": _l("Very good"), "baik": _l("Good"), "cukup": _l("Fair"), "kurang": _l("Poor")}


def decisions() -> dict:
    return {"renew": _l("Renew"), "end": _l("Do not renew")}


def month_states() -> dict:
    return {"open": _l("Open"), "closed": _l("Closed")}


def period(value: int) -> str:
    return str(_l("Year")) if value == 0 else str(_l("Quarter %(n)s", n=value))


def statuses() -> dict:
    """The working-day statuses an OPD may count as paid."""
    return {"present": _l("Present"), "no_in": _l("Present, no check-in"), "no_out": _l("Present, no check-out"),
            "travel": _l("Official travel (dinas luar)"), "permit": _l("Permission (izin)"),
            "absent": _l("Absent without reason (TK)"), "leave_annual": _l("Annual leave"),
            "leave_long": _l("Long leave"), "leave_sick": _l("Sick leave"), "leave_maternity": _l("Maternity leave"),
            "leave_important": _l("Leave for important reasons"), "leave_unpaid": _l("Unpaid leave")}
