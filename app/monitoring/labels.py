"""The words monitoring shows for a realisation's status, a period, and an achievement's working and why it
cannot be computed (screens, workbook, reminders). The calculation (``calc``) keeps symbols and numbers only."""

from __future__ import annotations

from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.core.formatting import format_number

QUARTER_LABELS = (_l("Tw I"), _l("Tw II"), _l("Tw III"), _l("Tw IV"))


def status_labels() -> dict[str, str]:
    """A realisation's status by its code; "none" is a due period with nothing entered yet."""
    return {"none": _("not entered"), "draft": _("draft"), "submitted": _("submitted"), "accepted": _("accepted"),
            "returned": _("returned")}


def month_names() -> tuple[str, ...]:
    return (_("Jan"), _("Feb"), _("Mar"), _("Apr"), _("May"), _("Jun"), _("Jul"), _("Aug"), _("Sep"), _("Oct"),
            _("Nov"), _("Dec"))


def period_label(kind: str, period: int, short: bool = False) -> str:
    """'Tw I' … 'Tw IV', or the month's name in the current language ('Jan' … when ``short``)."""
    if kind == "quarter":
        return str(QUARTER_LABELS[period - 1])
    if short:
        return month_names()[period - 1]
    return format_date(date(2000, period, 1), "LLLL")


def not_measurable_reasons() -> dict[str, str]:
    """Why an achievement cannot be computed, by the keys of ``calc.NOT_MEASURABLE`` and (a unit's mean over
    its indicators) ``chart.UNIT_NOT_MEASURABLE``."""
    return {"no_realisation": _("no realisation reported yet"),
            "no_target_range": _("the target range lacks its lower or upper bound"),
            "no_target": _("no target: neither for the period nor for the year"),
            "zero_target": _("the target is 0: a percentage cannot be computed"),
            "no_lines": _("no indicators"),
            "nothing_reported": _("nothing submitted yet"),
            "none_measurable": _("none of its indicators is measurable")}


def why_not(reason: str) -> str:
    """'not measurable: <why>' in the current language."""
    return _("not measurable: %(why)s", why=not_measurable_reasons()[reason])


def workings(achievement) -> str:
    """How an achievement (``calc.Achievement``) was reached, in the current language: the formula with its
    numbers (Indonesian decimal comma and thousands dot), then the cap or the floor at 0, then which target
    stood in when the period has none. Empty when it is not measurable (``why_not`` says why)."""
    if achievement.pct is None:
        return ""
    parts = [achievement.formula]
    if achievement.limit == "capped":
        parts.append(_("capped at %(cap)s %%", cap=format_number(achievement.cap)))
    elif achievement.limit == "floored":
        parts.append(_("a result below 0 counts as %(zero)s %%", zero=0))
    if achievement.basis == "annual":
        parts.append(_("the period has no target of its own: compared with the annual target"))
    elif achievement.basis == "progress":
        parts.append(_("the period has no target of its own: the values so far added up, against the annual "
                       "target (progress until the year is over)"))
    return "; ".join(parts)
