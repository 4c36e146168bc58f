"""Non-ASN forms: a contract, its termination and renewal decision, a warning, an evaluation (one field per
criterion of the OPD's rules), the rules editor and the month's reopening."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import NumberFormatError, parse_decimal
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import DateField, IntegerField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from app.core.forms import Form, VersionedForm, strip, uploaded
from app.workers import labels
from app.workers.rules import MAX_RATE, MAX_SCALE, RESULTS, WARNING_LEVELS


class RupiahField(StringField):
    """Whole rupiah as people write them: 3648035, 3.648.035, Rp3.648.035,00."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        text = (self.data or "").strip().removeprefix("Rp").removeprefix("rp").strip()
        self.amount = None
        if not text:
            return
        try:
            value = parse_decimal(text, locale="id", strict=True)
        except NumberFormatError:
            value = None
        if value is None or value != value.to_integral_value() or not 0 < value <= MAX_RATE:
            raise ValueError(_l("Write the amount in whole rupiah, e.g. 3.648.035."))
        self.amount = int(value)


class PercentField(StringField):
    """A percentage written the Indonesian way (0,5) or with a point."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        text = (self.data or "").strip().removesuffix("%").strip().replace(",", ".")
        try:
            value = Decimal(text)
        except ArithmeticError:
            value = None
        if value is None or not value.is_finite() or not 0 <= value <= 100 or value != value.quantize(Decimal("0.01")):
            raise ValueError(_l("Write a percentage from 0 to 100, with at most two decimals."))
        self.percent = value


class ContractForm(VersionedForm):
    employee_id = SelectField(_l("Worker (non-ASN)"), choices=[], validate_choice=False)
    unit_id = SelectField(_l("Unit where the work is done"), choices=[], validate_choice=False)
    year = IntegerField(_l("Budget year"), validators=[InputRequired(), NumberRange(2000, 2100)])
    number = StringField(_l("Contract number (SPK)"), filters=[strip], validators=[Optional(), Length(max=100)],
                         description=_l("Can be left empty in a draft; needed to sign."))
    starts_on = DateField(_l("First day"), validators=[Optional()])
    ends_on = DateField(_l("Last day"), validators=[Optional()])
    position = StringField(_l("Position"), filters=[strip], validators=[InputRequired(), Length(max=150)],
                           description=_l("e.g. Petugas P3S"))
    workplace = StringField(_l("Place of work"), filters=[strip], validators=[Optional(), Length(max=200)])
    duties = TextAreaField(_l("Duties"), filters=[strip], validators=[Optional(), Length(max=4000)])
    pay_basis = SelectField(_l("Honorarium"), choices=[], validators=[InputRequired()])
    rate = RupiahField(_l("Amount (rupiah, a day or a month)"), validators=[InputRequired()])
    shift_id = SelectField(_l("Shift"), choices=[], validate_choice=False,
                           description=_l("The worker is put on this shift for the contract's days when it is "
                                          "signed."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.pay_basis.choices = list(labels.bases().items())

    def values(self, shift) -> dict:
        return {"year": self.year.data, "number": self.number.data or "", "starts_on": self.starts_on.data,
                "ends_on": self.ends_on.data, "position": self.position.data or "", "duties": self.duties.data or "",
                "pay_basis": self.pay_basis.data, "rate": getattr(self.rate, "amount", None),
                "workplace": self.workplace.data or "", "shift": shift}


class SignForm(VersionedForm):
    signed_on = DateField(_l("Signed on"), validators=[Optional()])


class TerminateForm(VersionedForm):
    terminated_on = DateField(_l("Last day of the contract"), validators=[Optional()])
    reason = TextAreaField(_l("Reason for termination"), filters=[strip], validators=[InputRequired(),
                                                                                      Length(max=2000)])


class DecisionForm(VersionedForm):
    decision = SelectField(_l("Decision"), choices=[], validators=[InputRequired()])
    note = StringField(_l("Note"), filters=[strip], validators=[Optional(), Length(max=500)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.decision.choices = [("", "—")] + list(labels.decisions().items())


class WarningForm(Form):
    level = SelectField(_l("Warning"), choices=[], validators=[InputRequired()])
    given_on = DateField(_l("Given on"), validators=[Optional()])
    letter_number = StringField(_l("Letter number (for a written warning or SP)"), filters=[strip],
                                validators=[Optional(), Length(max=120)])
    reason = TextAreaField(_l("Reason"), filters=[strip], validators=[InputRequired(), Length(max=2000)])
    attachment = FileField(_l("Attachment (PDF, PNG or JPEG, optional)"),
                           render_kw={"accept": ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.level.choices = [(level, labels.levels()[level]) for level in WARNING_LEVELS]

    def upload(self, limit: int) -> tuple[str, bytes] | None:
        return uploaded(self.attachment, limit)


def evaluation_form(criteria: tuple[str, ...], scale: int, periods: tuple[int, ...], data=None, **values):
    """The evaluation form of the OPD's rules: a period, one 1..scale choice per criterion, a note."""

    class EvaluationForm(VersionedForm):
        period = SelectField(_l("Period"), choices=[(str(p), labels.period(p)) for p in periods],
                             validators=[InputRequired()])
        note = TextAreaField(_l("Note"), filters=[strip], validators=[Optional(), Length(max=2000)])

        def points(self) -> dict:
            return {name: self[f"c{n}"].data for n, name in enumerate(criteria)}

    choices = [("", "—")] + [(str(n), str(n)) for n in range(1, min(scale, MAX_SCALE) + 1)]
    for n, name in enumerate(criteria):
        setattr(EvaluationForm, f"c{n}", SelectField(name, choices=choices, coerce=_int_or_none,
                                                     validators=[InputRequired()]))
    return EvaluationForm(data, **values)


def _int_or_none(value):
    return int(value) if value not in (None, "") else None


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class RulesForm(Form):
    valid_from = DateField(_l("In force from"), validators=[Optional()])
    source = StringField(_l("Decision it rests on (e.g. the Kepala Dinas's decree)"), filters=[strip],
                         validators=[Optional(), Length(max=300)])
    paid = MultiCheckboxField(_l("Days paid"), choices=[])
    absent_pct = PercentField(_l("Deduction per day absent without reason (TK), percent of the rate"))
    late_pct = PercentField(_l("Deduction per late arrival (TL), percent of the rate"))
    early_pct = PercentField(_l("Deduction per early departure (PSW), percent of the rate"))
    cap = PercentField(_l("Deductions at most (percent)"))
    every = SelectField(_l("Evaluation"), choices=[])
    criteria = TextAreaField(_l("Criteria (one per line)"), filters=[strip],
                             validators=[InputRequired(), Length(max=2000)])
    scale = IntegerField(_l("Highest points per criterion"), validators=[InputRequired(), NumberRange(2, MAX_SCALE)])
    band_sangat_baik = PercentField(_l("Very good from score (%)"))
    band_baik = PercentField(_l("Good from score (%)"))
    band_cukup = PercentField(_l("Fair from score (%)"))
    notice_days = IntegerField(_l("List contracts ending within (days)"),
                               validators=[InputRequired(), NumberRange(1, 366)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.paid.choices = list(labels.statuses().items())
        self.every.choices = [("quarter", _l("Every quarter")), ("year", _l("Once a year"))]

    def validate_paid(self, field):
        if not field.data:
            raise ValidationError(_l("Choose at least one kind of day that is paid."))

    def rules(self) -> dict:
        def pct(field) -> str:
            return str(getattr(field, "percent", Decimal(0)))

        return {
            "honor": {"paid": list(self.paid.data), "absent_pct": pct(self.absent_pct),
                      "late_pct": pct(self.late_pct), "early_pct": pct(self.early_pct), "cap": pct(self.cap)},
            "evaluation": {"every": self.every.data,
                           "criteria": [line.strip() for line in (self.criteria.data or "").splitlines()
                                        if line.strip()],
                           "scale": self.scale.data,
                           "bands": [[pct(self.band_sangat_baik), "sangat_baik"], [pct(self.band_baik), "baik"],
                                     [pct(self.band_cukup), "cukup"], ["0", "kurang"]]},
            "notice_days": self.notice_days.data,
        }

    def fill(self, rules: dict) -> None:
        from app.core.formatting import format_number

        honor, evaluation = rules["honor"], rules["evaluation"]
        self.paid.data = list(honor["paid"])
        for name in ("absent_pct", "late_pct", "early_pct", "cap"):
            self[name].data = format_number(Decimal(honor[name]))
        self.every.data = evaluation["every"]
        self.criteria.data = "\n".join(evaluation["criteria"])
        self.scale.data = evaluation["scale"]
        bands = {result: minimum for minimum, result in evaluation["bands"]}
        for result in RESULTS[:-1]:
            self[f"band_{result}"].data = format_number(Decimal(bands[result]))
        self.notice_days.data = rules["notice_days"]


class ReopenForm(VersionedForm):
    reason = TextAreaField(_l("Reason for reopening"), filters=[strip], validators=[InputRequired(), Length(max=2000)])


class CloseForm(Form):
    year = IntegerField(widget=HiddenInput(), validators=[InputRequired(), NumberRange(2000, 2100)])
    month = IntegerField(widget=HiddenInput(), validators=[InputRequired(), NumberRange(1, 12)])
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])
