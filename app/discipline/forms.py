"""Forms of the discipline screens: a sanction (SK), and one row of the monthly attendance recap."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, Field, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import HiddenInput, NumberInput

from app.core.forms import Form, VersionedForm, strip
from app.discipline.models import SANCTION_LEVELS
from app.discipline.services import COUNTS, count_problems


def level_labels() -> dict[str, str]:
    return {"light": _l("Light (ringan)"), "medium": _l("Medium (sedang)"), "heavy": _l("Heavy (berat)")}


def count_labels() -> dict[str, str]:
    return {"leave_days": _l("Leave days"), "absent_days": _l("Absent without reason (TK)"),
            "early_leaves": _l("Left early (PSW)"), "late_arrivals": _l("Late (TL)"),
            "missed_roll_calls": _l("Missed roll calls (apel)")}


class SanctionForm(VersionedForm):
    level = SelectField(_l("Level"), choices=[])
    kind = StringField(_l("Kind of sanction"), filters=[strip],
                       validators=[DataRequired(), Length(max=150)])
    decision_number = StringField(_l("Decision (SK) number"), filters=[strip],
                                  validators=[DataRequired(), Length(max=120)])
    decision_date = DateField(_l("Decision date"), validators=[DataRequired()])
    starts_on = DateField(_l("In force from"), validators=[Optional()])
    ends_on = DateField(_l("In force until (last day)"), validators=[Optional()])
    note = TextAreaField(_l("Note"), filters=[strip], validators=[Optional(), Length(max=2000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.level.choices = [("", "—")] + list(level_labels().items())

    def prefill(self, args) -> None:
        """A new sanction's level, kind and note from the address (``?level=&kind=&note=``, as an attendance
        alert links here): only a known level, text cut to the field's length; the rest stays empty."""
        if args.get("level") in SANCTION_LEVELS:
            self.level.data = args["level"]
        for name, limit in (("kind", 150), ("note", 2000)):
            text = (args.get(name) or "").strip()
            if text:
                self[name].data = text[:limit]

    def values(self) -> dict:
        data = {name: self[name].data for name in ("level", "kind", "decision_number", "decision_date",
                                                   "starts_on", "ends_on", "note")}
        data["starts_on"] = data["starts_on"] or data["decision_date"]  # usually in force from the SK's date
        data["note"] = data["note"] or ""
        return data


class CountField(Field):
    """A whole number typed in the recap; empty is None. Keeps what was typed for the answer."""

    widget = NumberInput(min=0, step=1)

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else str(self.data)

    def process_formdata(self, valuelist):
        self.data = None
        text = (valuelist[0] if valuelist else "").strip()
        if not text:
            return
        sign, digits = (-1, text[1:]) if text.startswith("-") else (1, text)
        if not digits.isascii() or not digits.isdigit() or len(digits) > 6:
            raise ValueError(_l("Enter a whole number of 0 or more."))
        self.data = sign * int(digits)


class AttendanceForm(Form):
    """One row of the recap. The hidden year and month come from our page: when they are wrong the row was not
    sent by it (``period_ok``)."""

    year = IntegerField(widget=HiddenInput(), validators=[InputRequired(), NumberRange(2000, 2100)])
    month = IntegerField(widget=HiddenInput(), validators=[InputRequired(), NumberRange(1, 12)])
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])
    leave_days = CountField(_l("Leave days"))
    absent_days = CountField(_l("Absent without reason (TK)"))
    early_leaves = CountField(_l("Left early (PSW)"))
    late_arrivals = CountField(_l("Late (TL)"))
    missed_roll_calls = CountField(_l("Missed roll calls (apel)"))

    def counts(self) -> dict[str, int | None]:
        return {name: self[name].data for name in COUNTS}

    def period_ok(self) -> bool:
        return not (self.year.errors or self.month.errors or self.version.errors)

    def validate(self, extra_validators=None) -> bool:
        """The fields, then every count against the month's days (all problems at once)."""
        if not super().validate(extra_validators):
            return False
        for name, message in count_problems(self.year.data, self.month.data, self.counts()).items():
            self[name].errors = [*self[name].errors, message]
        return not any(self[name].errors for name in COUNTS)

    def problems(self) -> dict[str, list[str]]:
        """The errors of each count, by field."""
        return {name: [str(e) for e in self[name].errors] for name in COUNTS if self[name].errors}
