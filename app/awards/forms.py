"""Forms of the award screens."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    FormField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from app.core.formatting import MONTHS_ID
from app.core.forms import Form, VersionedForm, strip
from app.org.models import POSITION_TYPES, UNIT_KINDS


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def source_labels() -> dict[str, str]:
    return {"assessor": _l("Scored by the assessors"),
            "attendance": _l("Automatic: attendance score of the month (100 − penalties)"),
            "achievement": _l("Automatic: the unit's achievement % (capped at 100)")}


def nominee_kind_labels() -> dict[str, str]:
    return {"person": _l("People"), "unit": _l("Units (a unit award names the unit)")}


class CriterionForm(Form):
    class Meta:
        csrf = False

    name = StringField(_l("Criterion"), filters=[strip], validators=[Optional(), Length(max=200)])
    description = TextAreaField(_l("Guidance for assessors"), filters=[strip], validators=[Optional()])
    weight = IntegerField(_l("Weight (%)"), validators=[Optional(), NumberRange(1, 100)])
    source = SelectField(_l("Filled by"), choices=[], default="assessor", validate_choice=False)
    scale_min = IntegerField(_l("Scale from"), default=1, validators=[Optional(), NumberRange(0, 1000)])
    scale_max = IntegerField(_l("to"), default=5, validators=[Optional(), NumberRange(1, 1000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.source.choices = list(source_labels().items())


class InstrumentForm(VersionedForm):
    name = StringField(_l("Name"), filters=[strip], validators=[DataRequired(), Length(max=200)])
    note = TextAreaField(_l("Note (source, how to use it)"), filters=[strip], validators=[Optional()])
    criteria = FieldList(FormField(CriterionForm), min_entries=6)


class CategoryForm(VersionedForm):
    name = StringField(_l("Name"), filters=[strip], validators=[DataRequired(), Length(max=200)])
    nominee_kind = SelectField(_l("Nominees are"), choices=[])
    award_title = StringField(_l("Award wording"), filters=[strip], validators=[Optional(), Length(max=120)])
    eligible_position_types = MultiCheckboxField(_l("Eligible position types (none ticked: any)"), choices=[])
    eligible_unit_kinds = MultiCheckboxField(_l("Eligible unit kinds (none ticked: any)"), choices=[])
    winners = IntegerField(_l("Number of winners"), default=1, validators=[InputRequired(), NumberRange(1, 50)])
    quota_per_unit = IntegerField(_l("Nominations per unit"), default=1,
                                  validators=[InputRequired(), NumberRange(1, 50)])
    instrument_id = SelectField(_l("Instrument"), coerce=int, choices=[])
    exclude_sanctioned = BooleanField(_l("Exclude anyone under a medium or heavy sanction that month"),
                                      default=True)
    exclude_absent = BooleanField(_l("Exclude anyone absent without a reason (TK) that month"), default=True)
    cooldown_months = IntegerField(_l("Not again within (months) after a win"), default=3,
                                   validators=[InputRequired(), NumberRange(0, 36)])
    exclude_heads = BooleanField(_l("Exclude unit heads"))
    own_unit_conflict = BooleanField(_l("Assessors may not score nominees of their own unit"), default=True)
    number_pattern = StringField(_l("Certificate number pattern"), filters=[strip],
                                 default="800/{seq}/{unit}/{month_roman}/{year}",
                                 validators=[DataRequired(), Length(max=120)])
    signer_position_id = SelectField(_l("Signed by (position)"), coerce=int, choices=[])
    active = BooleanField(_l("In use"), default=True)

    def __init__(self, *args, instruments=(), positions=(), **kwargs):
        super().__init__(*args, **kwargs)
        from app.org.forms import position_type_labels, unit_kind_labels

        self.nominee_kind.choices = list(nominee_kind_labels().items())
        self.eligible_position_types.choices = [(t, position_type_labels()[t]) for t in POSITION_TYPES]
        self.eligible_unit_kinds.choices = [(k, unit_kind_labels()[k]) for k in UNIT_KINDS if k != "opd"]
        self.instrument_id.choices = [(i.id, f"{i.name} (v{i.number})") for i in instruments]
        self.signer_position_id.choices = [(0, _l("The head of the OPD"))] + [(p.id, p.name) for p in positions]

    def values(self) -> dict:
        data = {name: self[name].data for name in (
            "name", "nominee_kind", "award_title", "eligible_position_types", "eligible_unit_kinds", "winners", "quota_per_unit",
            "instrument_id", "exclude_sanctioned", "exclude_absent", "cooldown_months", "exclude_heads",
            "own_unit_conflict", "number_pattern", "active")}
        data["signer_position_id"] = self.signer_position_id.data or None
        data["award_title"] = data["award_title"] or ""
        return data


def month_choices() -> list[tuple[int, str]]:
    return [(m, MONTHS_ID[m - 1]) for m in range(1, 13)]


class RoundForm(Form):
    category_id = SelectField(_l("Category"), coerce=int, choices=[])
    year = IntegerField(_l("Year"), validators=[InputRequired(), NumberRange(2000, 2100)])
    month = SelectField(_l("Month"), coerce=int, choices=[])
    nomination_opens = DateField(_l("Nominations open"), validators=[InputRequired()])
    nomination_closes = DateField(_l("Nominations close"), validators=[InputRequired()])
    assessor_ids = MultiCheckboxField(_l("Assessor panel"), coerce=int, choices=[])
    appreciation = BooleanField(_l("Certificates of appreciation for every nominee"))

    def __init__(self, *args, categories=(), assessors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.category_id.choices = [(c.id, c.name) for c in categories]
        self.month.choices = month_choices()
        self.assessor_ids.choices = [(u.id, u.display_name if hasattr(u, "display_name") else u.username)
                                     for u in assessors]


class PanelForm(VersionedForm):
    assessor_ids = MultiCheckboxField(_l("Assessor panel"), coerce=int, choices=[])
    nomination_opens = DateField(_l("Nominations open"), validators=[InputRequired()])
    nomination_closes = DateField(_l("Nominations close"), validators=[InputRequired()])


class NominationForm(Form):
    nominee = SelectField(_l("Nominee"), coerce=int, choices=[], validate_choice=False)
    justification = TextAreaField(_l("Why this nominee (achievements, examples)"), filters=[strip],
                                  validators=[DataRequired(), Length(max=4000)])
    evidence = FileField(_l("Evidence (PDF, PNG or JPEG, optional)"))


class RoundStepForm(VersionedForm):
    """A button of the round page (closing the nominations): it must carry the version the page showed."""

    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])


# The reason and the decision number are checked by the services (a blank one is refused with the reason
# why, back on the page); the browser asks for them first.
class WithdrawForm(VersionedForm):
    reason = StringField(_l("Reason"), filters=[strip], validators=[Optional(), Length(max=500)],
                         render_kw={"required": True})


class DecisionForm(VersionedForm):
    decision_number = StringField(_l("Decision number"), filters=[strip], validators=[Optional(), Length(max=120)],
                                  render_kw={"required": True})
    decision_date = DateField(_l("Decision date"), validators=[InputRequired()])


class RevokeForm(Form):
    reason = StringField(_l("Reason (kept with the document)"), filters=[strip],
                         validators=[Optional(), Length(max=300)])


class PrintYearForm(Form):
    year = IntegerField(_l("Year"), validators=[InputRequired(), NumberRange(2000, 2100)])
