"""The words of a day's status: its short code on the month grid, its name, and why it got it.

``status.day_status`` says why a day got its status as ``(reason, values)`` pairs; ``sentences`` puts them into
words in the user's language ("Masuk 07.52, terlambat 22 menit dari jam masuk 07.30 (TL1)."). The codes are the
ones Indonesian attendance recaps use (H, TL1–TL4, PSW1–PSW4, TK, CT, …) and are the same in every language.
"""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

# Leave kinds as BKN writes them: cuti tahunan, besar, sakit, melahirkan, alasan penting, di luar tanggungan negara.
LEAVE_CODES = {"annual": "CT", "long": "CB", "sick": "CS", "maternity": "CM", "important": "CAP", "unpaid": "CLTN"}
STATUS_CODES = {"present": "H", "no_in": "TAM", "no_out": "TAP", "absent": "TK", "permit": "I", "travel": "DL",
                "weekend": "L", "holiday": "LN", "collective": "CBR",
                **{f"leave_{kind}": code for kind, code in LEAVE_CODES.items()}}
# The colour family of each status on the grid (static/css/app.css: .att-<family>); never the only signal.
FAMILIES = {"present": "ok", "travel": "ok", "no_in": "late", "no_out": "late", "absent": "bad", "permit": "leave",
            "weekend": "off", "holiday": "off", "collective": "off",
            **{f"leave_{kind}": "leave" for kind in LEAVE_CODES}}


def leave_labels() -> dict[str, str]:
    return {"annual": _l("Annual leave"), "long": _l("Long service leave"), "sick": _l("Sick leave"),
            "maternity": _l("Maternity leave"), "important": _l("Leave for an important reason"),
            "unpaid": _l("Unpaid leave")}


def status_labels() -> dict[str, str]:
    return {"present": _l("Present"), "no_in": _l("No check-in (counts as TL4)"),
            "no_out": _l("No check-out (counts as PSW4)"), "absent": _l("Absent without reason (TK)"),
            "permit": _l("Permission (izin)"), "travel": _l("Official travel (dinas luar)"),
            "weekend": _l("Weekend"), "holiday": _l("Holiday"), "collective": _l("Collective leave (cuti bersama)"),
            **{f"leave_{kind}": label for kind, label in leave_labels().items()}}


def legend() -> list[tuple[str, str, str]]:
    """(code, family, meaning) of every code the grid shows, in the order of the legend."""
    labels = status_labels()
    rows = [("H", "ok", labels["present"])]
    rows += [(f"TL{n}", "late", label) for n, label in enumerate(late_labels(), 1)]
    rows += [(f"PSW{n}", "late", label) for n, label in enumerate(early_labels(), 1)]
    rows += [(STATUS_CODES[s], FAMILIES[s], labels[s]) for s in (
        "no_in", "no_out", "absent", "permit", "travel", *(f"leave_{k}" for k in LEAVE_CODES),
        "weekend", "holiday", "collective")]
    return rows


def late_labels() -> list[str]:
    return [_l("Late 1–30 minutes"), _l("Late 31–60 minutes"), _l("Late 61–90 minutes"),
            _l("Late 91 minutes or more")]


def early_labels() -> list[str]:
    return [_l("Left 1–30 minutes early"), _l("Left 31–60 minutes early"), _l("Left 61–90 minutes early"),
            _l("Left 91 minutes or more early")]


def codes(status: str, late_code: int, early_code: int) -> list[str]:
    """The grid's codes of a day: one, or two when the day was both late and early ("TL1", "PSW2")."""
    if status == "present":
        found = ([f"TL{late_code}"] if late_code else []) + ([f"PSW{early_code}"] if early_code else [])
        return found or ["H"]
    if status == "no_in":
        return ["TAM"] + ([f"PSW{early_code}"] if early_code else [])
    if status == "no_out":
        return ([f"TL{late_code}"] if late_code else []) + ["TAP"]
    return [STATUS_CODES.get(status, "?")]


def family(status: str, late_code: int = 0, early_code: int = 0) -> str:
    if status == "present" and (late_code or early_code):
        return "late"
    return FAMILIES.get(status, "off")


# -- why, in words ---------------------------------------------------------------------------------------------

def clock(at: datetime | None, day: date | None = None) -> str:
    """07.52 in Indonesian, 07:52 in English; "(next day)" when ``at`` is after ``day``."""
    if at is None:
        return ""
    text = at.strftime("%H.%M" if str(get_locale()) == "id" else "%H:%M")
    if day is not None and at.date() > day:
        text = _("%(time)s (next day)", time=text)
    return text


def _minutes(n: int) -> str:
    return ngettext("%(num)s minute", "%(num)s minutes", n)


def sentence(reason: str, values: dict, day: date, context: dict) -> str | None:
    """One reason in words; ``context`` carries the shift's start and end from the "shift" reason, and the
    holiday's name (``holiday_name``) when the page knows it."""
    if reason == "weekend":
        return _("Weekend: not a working day of the unit.")
    if reason == "holiday":
        name = context.get("holiday_name")
        return _("Holiday: %(name)s.", name=name) if name else _("Holiday.")
    if reason == "collective":
        name = context.get("holiday_name")
        return (_("Collective leave (cuti bersama): %(name)s.", name=name) if name
                else _("Collective leave (cuti bersama)."))
    if reason == "leave":
        kind = values.get("kind")
        return _("%(leave)s (%(code)s) granted for this day.", leave=leave_labels().get(kind, kind),
                 code=LEAVE_CODES.get(kind, "?"))
    if reason == "travel":
        return _("Official travel with an approved assignment letter (DL): counts as present.")
    if reason == "permit":
        return _("Approved permission (izin) for this day.")
    if reason == "shift":
        context["starts"], context["ends"] = values["starts"], values["ends"]
        return _("Working hours %(start)s–%(end)s.", start=clock(values["starts"]), end=clock(values["ends"], day))
    if reason == "forgot_in":
        return _("Forgotten check-in excused: taken as arriving on time.")
    if reason == "forgot_out":
        return _("Forgotten check-out excused: taken as leaving on time.")
    if reason == "absent":
        return _("No check-in and no check-out, and no leave, permission or assignment letter: absent without "
                 "reason (TK).")
    if reason == "no_in":
        return _("No check-in on this day: counts as TL4.")
    if reason == "no_out":
        return _("No check-out on this day: counts as PSW4.")
    if reason == "in":
        start = clock(context.get("starts"))
        if not values["code"]:
            return _("Arrived %(at)s, on time for the start at %(start)s.", at=clock(values["at"], day), start=start)
        return _("Arrived %(at)s, %(late)s late for the start at %(start)s (TL%(code)s).", at=clock(values["at"], day),
                 late=_minutes(values["minutes"]), start=start, code=values["code"])
    if reason == "out":
        end = clock(context.get("ends"), day)
        if not values["code"]:
            return _("Left %(at)s, not before the end at %(end)s.", at=clock(values["at"], day), end=end)
        return _("Left %(at)s, %(early)s before the end at %(end)s (PSW%(code)s).", at=clock(values["at"], day),
                 early=_minutes(values["minutes"]), end=end, code=values["code"])
    if reason == "roll_call":
        if values["missed"]:
            return _("Missed the roll call (apel) at %(at)s: no check-in by then.", at=clock(values["at"]))
        return _("Checked in before the roll call (apel) at %(at)s.", at=clock(values["at"]))
    return None


def sentences(why, day: date, holiday_name: str | None = None) -> list[str]:
    """Every reason of a day, in order, as sentences."""
    context: dict = {"holiday_name": holiday_name}
    return [text for reason, values in why if (text := sentence(reason, values, day, context))]
