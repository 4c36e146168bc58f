"""The words monitoring shows for a realisation's status and for a period (screens, workbook, reminders)."""

from __future__ import annotations

from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

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
