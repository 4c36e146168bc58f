"""Forms of the agreement screens. Decimal targets accept the Indonesian comma ("40,5")."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from app.agreements.models import AGGREGATIONS, BUDGET_LEVELS, PERIOD_KINDS, POLARITIES, REVISION_REASONS
from app.core.clock import agency_today
from app.core.forms import Form, VersionedForm, strip


def polarity_labels() -> dict[str, str]:
    return {"higher": _l("Higher is better"), "lower": _l("Lower is better"), "range": _l("Within a range")}


def aggregation_labels() -> dict[str, str]:
    return {"sum": _l("Sum of the quarters"), "average": _l("Average of the quarters"),
            "last": _l("Last quarter (cumulative)")}


def budget_level_labels() -> dict[str, str]:
    return {"program": _l("Programme"), "kegiatan": _l("Activity (kegiatan)"),
            "sub_kegiatan": _l("Sub-activity (sub kegiatan)")}


def reason_labels() -> dict[str, str]:
    return {"official_changed": _l("The official changed"),
            "programme_changed": _l("Programme or budget changed"),
            "priorities_changed": _l("Priorities or assumptions changed")}


def parse_number(text: str) -> Decimal | None:
    """A number typed as people write it: '276', '40,5', '1.500.000' or '40.5'; None when empty.

    Raises ``ValueError`` with the message to show. Used by ``TargetField`` and the Excel uploads.
    """
    raw = (text or "").strip().replace(" ", "")
    if not raw:
        return None
    if "," in raw:
        raw = raw.replace(".", "").replace(",", ".")
    elif raw.count(".") > 1:
        raw = raw.replace(".", "")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValueError(_l("Write a number, e.g. 276 or 40,5.")) from None
    if not value.is_finite() or abs(value) >= Decimal(10) ** 14:
        raise ValueError(_l("Write a number, e.g. 276 or 40,5."))
    if value.as_tuple().exponent < -4:
        raise ValueError(_l("At most four decimals."))
    return value


class TargetField(StringField):
    """A number typed as people write it (see ``parse_number``)."""

    def process_formdata(self, valuelist):
        self.data = None
        raw = valuelist[0] if valuelist else ""
        try:
            self.data = parse_number(raw)
        except ValueError:
            self.data = raw.strip()  # shown again as typed
            raise

    def _value(self):
        if isinstance(self.data, Decimal):
            from app.core.formatting import format_number

            return format_number(self.data)
        return self.data or ""


class NewAgreementForm(Form):
    year = IntegerField(_l("Year"), validators=[InputRequired(), NumberRange(2000, 2100)],
                        default=lambda: agency_today().year)
    unit_id = SelectField(_l("Unit"), coerce=int, choices=[], validate_choice=False)
    second_party_id = SelectField(_l("PIHAK KEDUA"), coerce=lambda v: int(v) if v not in (None, "", "None") else None,
                                  choices=[], validate_choice=False, validators=[Optional()])
    second_party_name = StringField(_l("Or, outside the organisation: name"), filters=[strip],
                                    validators=[Optional(), Length(max=200)])
    second_party_position = StringField(_l("and position (e.g. Gubernur Provinsi DKI Jakarta)"), filters=[strip],
                                        validators=[Optional(), Length(max=200)])


class HeaderForm(VersionedForm):
    second_party_id = NewAgreementForm.second_party_id
    second_party_name = NewAgreementForm.second_party_name
    second_party_position = NewAgreementForm.second_party_position
    place = StringField(_l("Place of signing"), filters=[strip], validators=[Optional(), Length(max=100)])


class SasaranForm(VersionedForm):
    text = TextAreaField(_l("Sasaran (objective)"), filters=[strip],
                         validators=[DataRequired(), Length(max=500)])


MONTHS = tuple(f"m{i}" for i in range(1, 13))


def period_kind_labels() -> dict[str, str]:
    return {"quarter": _l("Quarterly"), "month": _l("Monthly")}


def _cap_choice(value) -> str:
    try:
        return str(int(Decimal(str(value))))
    except (InvalidOperation, ValueError):
        return str(value)


class MeasureForm(VersionedForm):
    """What is measured and its targets: the fields an agreement indicator and a unit KPI share."""

    name = TextAreaField(_l("Indicator"), filters=[strip], validators=[DataRequired(), Length(max=500)])
    satuan = StringField(_l("Unit of measure (satuan)"), filters=[strip],
                         validators=[DataRequired(), Length(max=50)])
    polarity = SelectField(_l("Polarity"), choices=[])
    target = TargetField(_l("Annual target"))
    target_min = TargetField(_l("Range: from"))
    target_max = TargetField(_l("Range: to"))
    tw1 = TargetField(_l("Tw I"))
    tw2 = TargetField(_l("Tw II"))
    tw3 = TargetField(_l("Tw III"))
    tw4 = TargetField(_l("Tw IV"))
    aggregation = SelectField(_l("The quarters give the year as"), choices=[])
    period_kind = SelectField(_l("Reported"), choices=[], default="quarter")
    cap_pct = SelectField(_l("Achievement capped at"), choices=[("120", "120 %"), ("110", "110 %"), ("100", "100 %")],
                          default="120", coerce=_cap_choice)
    m1, m2, m3, m4, m5, m6, m7, m8, m9, m10, m11, m12 = (TargetField(label) for label in (
        _l("Jan"), _l("Feb"), _l("Mar"), _l("Apr"), _l("May"), _l("Jun"), _l("Jul"), _l("Aug"), _l("Sep"),
        _l("Oct"), _l("Nov"), _l("Dec")))
    definition = TextAreaField(_l("Definition / formula"), filters=[strip],
                               validators=[Optional(), Length(max=2000)])
    data_source = StringField(_l("Data source"), filters=[strip], validators=[Optional(), Length(max=300)])

    MEASURE_FIELDS = ("name", "satuan", "polarity", "target", "target_min", "target_max", "tw1", "tw2", "tw3", "tw4",
                      "aggregation", "period_kind", "definition", "data_source")

    def __init__(self, *args, **kwargs):
        obj = kwargs.get("obj")
        if obj is not None and "formdata" not in kwargs:
            kwargs.update({m: v for m, v in zip(MONTHS, obj.months, strict=True)})
        super().__init__(*args, **kwargs)
        self.polarity.choices = list(polarity_labels().items())
        self.aggregation.choices = list(aggregation_labels().items())
        self.period_kind.choices = list(period_kind_labels().items())

    def validate_polarity(self, field):
        if field.data not in POLARITIES:
            raise ValidationError(_l("Choose from the list."))

    def validate_aggregation(self, field):
        if field.data not in AGGREGATIONS:
            raise ValidationError(_l("Choose from the list."))

    def validate_period_kind(self, field):
        if field.data not in PERIOD_KINDS:
            raise ValidationError(_l("Choose from the list."))

    def validate_cap_pct(self, field):
        if field.data not in ("100", "110", "120"):
            raise ValidationError(_l("Choose from the list."))

    def measure_values(self) -> dict:
        values = {f: getattr(self, f).data for f in self.MEASURE_FIELDS}
        months = [getattr(self, m).data for m in MONTHS]
        values["month_targets"] = ([str(v) if v is not None else None for v in months]
                                   if self.period_kind.data == "month" else None)
        values["cap_pct"] = Decimal(self.cap_pct.data or "120")
        return values


class IndicatorForm(MeasureForm):
    quarter_note = TextAreaField(_l("Why the quarters do not give the annual target"), filters=[strip],
                                 validators=[Optional(), Length(max=1000)])
    supports_key = SelectField(_l("Supports the superior's indicator"), choices=[], validate_choice=False,
                               coerce=lambda v: v or None)

    def values(self) -> dict:
        return dict(self.measure_values(), quarter_note=self.quarter_note.data, supports_key=self.supports_key.data)


class BudgetForm(VersionedForm):
    level = SelectField(_l("Level"), choices=[])
    name = TextAreaField(_l("Programme / kegiatan / sub kegiatan"), filters=[strip],
                         validators=[DataRequired(), Length(max=500)])
    amount = IntegerField(_l("Budget (Rp)"), validators=[InputRequired(), NumberRange(0, 10**15)])
    note = StringField(_l("Note (keterangan)"), filters=[strip], validators=[Optional(), Length(max=300)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.level.choices = list(budget_level_labels().items())

    def validate_level(self, field):
        if field.data not in BUDGET_LEVELS:
            raise ValidationError(_l("Choose from the list."))


class ReturnForm(VersionedForm):
    note = TextAreaField(_l("What must change"), filters=[strip], validators=[DataRequired(), Length(max=2000)])


class SignForm(VersionedForm):
    place = StringField(_l("Place"), filters=[strip], validators=[DataRequired(), Length(max=100)])
    signed_on = DateField(_l("Date"), validators=[DataRequired()], default=agency_today)
    pakta = BooleanField(_l("I sign the pakta integritas: I will carry out my duties honestly, transparently "
                            "and accountably, and achieve the targets of this agreement."))


class ReviseForm(Form):
    reason = SelectField(_l("Reason for the revision"), choices=[])
    note = TextAreaField(_l("What changed and why"), filters=[strip],
                         validators=[DataRequired(), Length(max=2000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.reason.choices = list(reason_labels().items())

    def validate_reason(self, field):
        if field.data not in REVISION_REASONS:
            raise ValidationError(_l("Choose from the list."))


class DeadlineForm(Form):
    dpa_date = DateField(_l("Date the budget (DPA) was approved"), validators=[DataRequired()])
