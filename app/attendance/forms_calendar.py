"""Forms of the work calendar (days off, their import) and of a unit's schedule (week, shifts, roster, roll calls)."""

from __future__ import annotations

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField, TimeField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import HiddenInput

from app.attendance.holidays import NAME_MAX, SOURCE_MAX
from app.attendance.schedules import CODE_MAX, ROLL_CALL_NAME_MAX
from app.attendance.schedules import NAME_MAX as SHIFT_NAME_MAX
from app.core.forms import Form, VersionedForm, strip
from app.org.years import FIRST_YEAR, LAST_YEAR


def hm(value) -> str:
    """A wall-clock time as the locale writes it: 07.30 in Indonesian, 07:30 in English."""
    if value is None:
        return ""
    return value.strftime("%H.%M" if str(get_locale()) == "id" else "%H:%M")


def kind_labels() -> dict[str, str]:
    """The kinds of day off, as the calendar names them."""
    return {"national": _l("National holiday"), "collective": _l("Collective leave (cuti bersama)"),
            "regional": _l("Regional holiday")}


def roll_call_labels() -> dict[str, str]:
    return {"apel": _l("Apel (morning roll call)"), "upacara": _l("Upacara (ceremony)")}


def weekday_labels() -> list[tuple[int, str]]:
    return [(0, _l("Monday")), (1, _l("Tuesday")), (2, _l("Wednesday")), (3, _l("Thursday")), (4, _l("Friday")),
            (5, _l("Saturday")), (6, _l("Sunday"))]


class HolidayForm(VersionedForm):
    day = DateField(_l("Date"), validators=[DataRequired()])
    kind = SelectField(_l("Kind"), choices=[])
    name = StringField(_l("Name"), filters=[strip], validators=[DataRequired(), Length(max=NAME_MAX)])
    source = StringField(_l("Source (decree, SKB)"), filters=[strip], validators=[Optional(), Length(max=SOURCE_MAX)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = list(kind_labels().items())

    def values(self) -> dict:
        return {"day": self.day.data, "kind": self.kind.data, "name": self.name.data or "",
                "source": self.source.data or ""}


class YearForm(Form):
    """A button about a year (load the official days off of the year shown)."""

    year = IntegerField(widget=HiddenInput(), validators=[InputRequired(), NumberRange(FIRST_YEAR, LAST_YEAR)])


class HolidayFileForm(Form):
    file = FileField(_l("File (.xlsx or .csv)"), validators=[FileRequired(_l("Choose a file to upload."))])


class DaysForm(VersionedForm):
    days_per_week = SelectField(_l("Working days per week"), coerce=int, choices=[])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.days_per_week.choices = [(5, _l("5 days (Monday to Friday)")), (6, _l("6 days (Monday to Saturday)"))]


class ShiftForm(VersionedForm):
    code = StringField(_l("Code"), filters=[strip], validators=[DataRequired(), Length(max=CODE_MAX)])
    name = StringField(_l("Name"), filters=[strip], validators=[DataRequired(), Length(max=SHIFT_NAME_MAX)])
    starts = TimeField(_l("Starts"), validators=[InputRequired()])
    ends = TimeField(_l("Ends"), validators=[InputRequired()])
    friday_ends = TimeField(_l("Ends on Friday (when different)"), validators=[Optional()])
    is_default = BooleanField(_l("Default shift (everyone not on the roster works it)"))

    def values(self) -> dict:
        return {name: self[name].data for name in ("code", "name", "starts", "ends", "friday_ends", "is_default")}


class RosterForm(Form):
    employee_id = SelectField(_l("Person"), coerce=int, choices=[], validate_choice=False,
                              validators=[InputRequired()])
    shift_id = SelectField(_l("Shift"), coerce=int, choices=[], validate_choice=False, validators=[InputRequired()])
    starts_on = DateField(_l("From"), validators=[DataRequired()])
    ends_on = DateField(_l("Until (empty: until further notice)"), validators=[Optional()])

    def offer(self, people, shifts) -> None:
        self.employee_id.choices = [(p.id, f"{p.display_name} · {p.unit.name}") for p in people]
        self.shift_id.choices = [(s.id, f"{s.name} ({hm(s.starts)}–{hm(s.ends)})") for s in shifts]


class RollCallForm(Form):
    day = DateField(_l("Date"), validators=[DataRequired()])
    at = TimeField(_l("Time"), validators=[InputRequired()])
    kind = SelectField(_l("Kind"), choices=[])
    name = StringField(_l("Name (optional)"), filters=[strip], validators=[Optional(), Length(max=ROLL_CALL_NAME_MAX)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = list(roll_call_labels().items())

    def values(self) -> dict:
        return {"day": self.day.data, "at": self.at.data, "kind": self.kind.data, "name": self.name.data or ""}


class RollCallSeriesForm(Form):
    weekday = SelectField(_l("Every"), coerce=int, choices=[])
    at = TimeField(_l("Time"), validators=[InputRequired()])
    kind = SelectField(_l("Kind"), choices=[])
    name = StringField(_l("Name (optional)"), filters=[strip], validators=[Optional(), Length(max=ROLL_CALL_NAME_MAX)])
    year = IntegerField(widget=HiddenInput(), validators=[InputRequired(), NumberRange(FIRST_YEAR, LAST_YEAR)])
    month = IntegerField(widget=HiddenInput(), validators=[InputRequired(), NumberRange(1, 12)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = list(roll_call_labels().items())
        self.weekday.choices = weekday_labels()

    def values(self) -> dict:
        return {"at": self.at.data, "kind": self.kind.data, "name": self.name.data or ""}
