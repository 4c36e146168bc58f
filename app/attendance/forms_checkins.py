"""Forms of the check-in screens: an attendance machine and its column mapping, its user numbers, a file to
import, and a check-in entered by hand."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, SelectField, StringField, TimeField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from app.attendance.checkin_import import FIELDS
from app.attendance.checkin_parse import spellings
from app.core.forms import Form, VersionedForm, strip
from app.org.years import FIRST_YEAR, LAST_YEAR

COLUMN_MAX = 60


def person_key_labels() -> dict[str, str]:
    return {"machine": _l("the machine's user number"), "nip": _l("NIP")}


def date_format_labels() -> dict[str, str]:
    return {"": _l("Recognised (2018-02-05, or day first: 05/02/2018)"), "dmy": _l("Day/month/year (05/02/2018)"),
            "mdy": _l("Month/day/year (02/05/2018, American machines)"), "ymd": _l("Year-month-day (2018-02-05)")}


def timezone_labels(agency: str) -> dict[str, str]:
    return {"": _l("The agency's (%(zone)s)", zone=agency), "WIB": _l("WIB (UTC+7)"), "WITA": _l("WITA (UTC+8)"),
            "WIT": _l("WIT (UTC+9)")}


def direction_labels() -> dict[str, str]:
    return {"in": _l("In"), "out": _l("Out")}


def _column(label, hint_required: bool = False):
    return StringField(label, filters=[strip], validators=[DataRequired() if hint_required else Optional(),
                                                           Length(max=COLUMN_MAX)])


class SourceForm(VersionedForm):
    name = StringField(_l("Name"), filters=[strip], validators=[DataRequired(), Length(max=100)])
    unit_id = SelectField(_l("Unit"), coerce=int, choices=[])
    person_key = SelectField(_l("The file names the person by"), choices=[])
    person = _column(_l("Column of the person (user number or NIP)"), True)
    datetime = _column(_l("Column of the date and time"))
    date = _column(_l("Column of the date"))
    time = _column(_l("Column of the time"))
    direction = _column(_l("Column of in/out (optional)"))
    in_values = StringField(_l("Values meaning in"), filters=[strip], validators=[Optional(), Length(max=200)])
    out_values = StringField(_l("Values meaning out"), filters=[strip], validators=[Optional(), Length(max=200)])
    device = _column(_l("Column of the device (optional)"))
    date_format = SelectField(_l("Date order"), choices=[])
    timezone = SelectField(_l("The machine's clock"), choices=[])

    def __init__(self, *args, units=(), agency_zone: str = "WIB", **kwargs):
        super().__init__(*args, **kwargs)
        self.unit_id.choices = [(u.id, ("— " * (u.depth or 0)) + u.name) for u in units]
        self.person_key.choices = list(person_key_labels().items())
        self.date_format.choices = list(date_format_labels().items())
        self.timezone.choices = list(timezone_labels(agency_zone).items())

    def fill(self, source) -> None:
        """The form opened on a source (a GET)."""
        for name in FIELDS:
            self[name].data = (source.columns or {}).get(name, "")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not valid:
            return False
        if self.datetime.data and (self.date.data or self.time.data):
            self.datetime.errors = [str(_l("Give either the column of the date and time, or the columns of the "
                                           "date and of the time, not both."))]
            return False
        if not self.datetime.data and not (self.date.data and self.time.data):
            field = self.datetime if not (self.date.data or self.time.data) else (self.time if self.date.data
                                                                                   else self.date)
            field.errors = [str(_l("Give the column of the date and time, or the columns of the date and of the "
                                   "time."))]
            return False
        used = [self[name].data.casefold() for name in FIELDS if self[name].data]
        if len(used) != len(set(used)):
            self.person.errors = [str(_l("Each of these fields needs a column of its own."))]
            return False
        if self.direction.data and not (spellings(self.in_values.data or "") and spellings(self.out_values.data or "")):
            field = self.in_values if not spellings(self.in_values.data or "") else self.out_values
            field.errors = [str(_l("Give the values the machine writes for in and for out."))]
            return False
        both = ({v.casefold() for v in spellings(self.in_values.data or "")}
                & {v.casefold() for v in spellings(self.out_values.data or "")})
        if both:
            self.out_values.errors = [str(_l("%(v)s cannot mean both in and out.", v=", ".join(sorted(both))))]
            return False
        return True

    def values(self) -> dict:
        return {"name": self.name.data, "person_key": self.person_key.data,
                "columns": {name: self[name].data for name in FIELDS if self[name].data},
                "in_values": self.in_values.data or "", "out_values": self.out_values.data or "",
                "date_format": self.date_format.data, "timezone": self.timezone.data}


class MachineUserForm(Form):
    """A user number for a person: chosen in the list of the machine's unit, or by NIP."""

    number = StringField(_l("User number on the machine"), filters=[strip], validators=[DataRequired(), Length(max=30)])
    employee_id = SelectField(_l("Person"), choices=[], validate_choice=False)
    nip = StringField(_l("or NIP"), filters=[strip], validators=[Optional(), Length(max=30)])

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.employee_id.choices = [("", _l("— choose —"))] + [(str(p.id), f"{p.display_name} ({p.display_id})")
                                                               for p in people]


class UploadForm(Form):
    file = FileField(_l("File (.xlsx or .csv)"), validators=[FileRequired(_l("Choose a file to upload."))])


class CheckInForm(Form):
    """A check-in entered by hand, on the agency's clock."""

    day = DateField(_l("Date"), validators=[DataRequired()])
    at = TimeField(_l("Time"), validators=[InputRequired()])
    direction = SelectField(_l("In or out"), choices=[])
    note = StringField(_l("Reason"), filters=[strip], validators=[DataRequired(), Length(max=300)],
                       description=_l("Why it is entered by hand, e.g. the machine was broken."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.direction.choices = list(direction_labels().items())

    def validate_day(self, field) -> None:
        if field.data is not None and not FIRST_YEAR <= field.data.year <= LAST_YEAR:
            raise ValidationError(_l("Choose a date between %(a)s and %(b)s.", a=FIRST_YEAR, b=LAST_YEAR))
