"""TPP forms: the month's calculation, closing and reopening, a rating row, and the preset editor.

The preset editor has one field per number of the rules (``app.tpp.rules``); ``PresetForm.rules()`` gives the
JSON the service checks again (``Rules.read``), ``PresetForm.fill(preset)`` the fields from a stored preset.
Leave rules are written as steps, ``from:percent`` separated by semicolons (``1:100; 3:75; 15:50``).
"""

from __future__ import annotations

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import HiddenInput

from app.agreements.forms import TargetField
from app.attendance.leave import leave_kind_labels
from app.core.formatting import format_number
from app.core.forms import Form, VersionedForm, strip, uploaded
from app.discipline.forms import level_labels
from app.tpp import labels
from app.tpp.rules import (
    DEDUCTION_CODES,
    LEAVE_BASES,
    LEAVE_KINDS,
    MAX_AMOUNT,
    PREDIKATS,
    SANCTION_LEVELS,
)


class CalculateForm(Form):
    year = IntegerField(widget=HiddenInput(), validators=[InputRequired(), NumberRange(2000, 2100)])
    month = IntegerField(widget=HiddenInput(), validators=[InputRequired(), NumberRange(1, 12)])
    preset = SelectField(_l("Preset"), choices=[], validators=[InputRequired()])


class ReopenForm(VersionedForm):
    reason = TextAreaField(_l("Reason for reopening"), filters=[strip],
                           validators=[InputRequired(), Length(max=2000)])


class PaymentForm(Form):
    treasurer_id = SelectField(_l("Treasurer (bendahara pengeluaran) who signs"), choices=[], validate_choice=False)


class RatingForm(VersionedForm):
    year = IntegerField(widget=HiddenInput(), validators=[InputRequired(), NumberRange(2000, 2100)])
    month = IntegerField(widget=HiddenInput(), validators=[InputRequired(), NumberRange(1, 12)])
    hasil_kerja = SelectField(_l("Work results"), choices=[], validators=[InputRequired()])
    perilaku = SelectField(_l("Work behaviour (BerAKHLAK)"), choices=[], validators=[InputRequired()])
    note = StringField(_l("Note"), filters=[strip], validators=[Optional(), Length(max=500)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "—")] + list(labels.expectations().items())
        self.hasil_kerja.choices = self.perilaku.choices = choices


class ObjectionForm(Form):
    line = SelectField(_l("What you object to"), choices=[], validate_choice=False)
    reason = TextAreaField(_l("What is wrong, and why"), filters=[strip], validators=[InputRequired(), Length(max=2000)])
    attachment = FileField(_l("Attachment (PDF, PNG or JPEG, optional)"),
                           render_kw={"accept": ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"})

    def upload(self, limit: int) -> tuple[str, bytes] | None:
        return uploaded(self.attachment, limit)


class ResolveForm(VersionedForm):
    decision = SelectField(_l("Decision"), choices=[], validators=[InputRequired()])
    note = TextAreaField(_l("Note (required to reject)"), filters=[strip], validators=[Length(max=2000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.decision.choices = [("", "—"), ("accept", _l("Accept: the data will be corrected and the month calculated again")),
                                 ("reject", _l("Reject"))]


class CopyForm(Form):
    name = StringField(_l("Name of the new preset"), filters=[strip], validators=[InputRequired(), Length(max=200)])


class _Within:
    """A number typed as people write it (``TargetField``) from ``low`` to ``high``; ``whole``: no decimals."""

    def __init__(self, low, high, whole=False):
        self.low, self.high, self.whole = low, high, whole

    def __call__(self, form, field):
        if field.data is None or field.process_errors:
            return
        if not isinstance(field.data, Decimal) or not self.low <= field.data <= self.high:
            raise ValidationError(_l("Write a number from %(low)s to %(high)s.", low=format_number(self.low),
                                     high=format_number(self.high)))
        if self.whole and field.data != field.data.to_integral():
            raise ValidationError(_l("Write whole rupiah, without decimals."))


def _percent(label, required=True):
    return TargetField(label, validators=[InputRequired() if required else Optional(), _Within(0, 100)])


def _steps(value: str) -> list[list]:
    """``1:100; 3:75`` → [[1, "100"], [3, "75"]]."""
    steps = []
    for part in (value or "").replace(",", ".").split(";"):
        part = part.strip()
        if not part:
            continue
        start, sep, pct = part.partition(":")
        if not sep or not start.strip().isdigit():
            raise ValidationError(_l("Write each step as from:percent, e.g. 1:100; 3:75."))
        try:
            Decimal(pct.strip())
        except ArithmeticError:
            raise ValidationError(_l("Write each step as from:percent, e.g. 1:100; 3:75.")) from None
        steps.append([int(start), pct.strip()])
    return steps


def _text(value: Decimal | str | None) -> str:
    if value is None:
        return ""
    value = Decimal(str(value))
    return format(value.normalize(), "f") if value == value.to_integral() else str(value)


class PresetForm(VersionedForm):
    name = StringField(_l("Name"), filters=[strip], validators=[InputRequired(), Length(max=200)])
    source = StringField(_l("Regulation"), filters=[strip], validators=[Optional(), Length(max=300)])
    valid_from = DateField(_l("In force from"), validators=[InputRequired()])
    performance_share = _percent(_l("Performance part (percent of the base)"))
    scope = SelectField(_l("Deductions are taken off"), choices=[])
    monthly_cap = _percent(_l("Most deducted in a month (%)"))
    daily_cap = _percent(_l("Most deducted on a day the person came in (%, empty: no limit)"), required=False)
    absent_month_pays_nothing = BooleanField(_l("A month absent without reason on every working day pays nothing"))
    performance_source = SelectField(_l("Performance from"), choices=[])
    rounding = SelectField(_l("Rounding"), choices=[])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope.choices = list(labels.scopes().items())
        self.rounding.choices = list(labels.roundings().items())
        self.performance_source.choices = [("predikat", _l("the month's rating (predikat)")),
                                           ("achievement", _l("the unit's achievement (capaian)"))]
        for kind in LEAVE_KINDS:
            self[f"leave_{kind}_basis"].choices = [("", _l("paid in full"))] + [
                (basis, label) for basis, label in leave_bases().items()]

    def groups(self) -> list[tuple[str, list[str]]]:
        """The fields in the order the page shows them, under a heading."""
        return [
            (_l("Preset"), ["name", "source", "valid_from"]),
            (_l("Parts and limits"), ["performance_share", "scope", "monthly_cap", "daily_cap",
                                      "absent_month_pays_nothing", "rounding"]),
            (_l("Base per kelas jabatan (rupiah a month)"), [f"amount_{k}" for k in range(1, 18)]),
            (_l("Deductions (% per occurrence)"), [f"deduction_{c}" for c in DEDUCTION_CODES]),
            (_l("Performance"), ["performance_source"] + [f"performance_{p}" for p in PREDIKATS]
             + [f"cap_{p}" for p in PREDIKATS]),
            (_l("Sanctions (percent cut while in force)"), [f"sanction_{level}" for level in SANCTION_LEVELS]),
            (_l("Leave (percent of the month's TPP still paid)"),
             [name for kind in LEAVE_KINDS for name in (f"leave_{kind}_basis", f"leave_{kind}_steps")]),
        ]

    def validate(self, extra_validators=None) -> bool:
        fields_ok = super().validate(extra_validators)
        return self.validate_leave_steps() and fields_ok

    def validate_leave_steps(self) -> bool:
        ok = True
        for kind in LEAVE_KINDS:
            field = self[f"leave_{kind}_steps"]
            try:
                _steps(field.data)
            except ValidationError as error:
                field.errors = list(field.errors) + [str(error)]
                ok = False
        return ok

    def rules(self) -> dict:
        """The rules as the preset stores them."""
        leave = {}
        for kind in LEAVE_KINDS:
            basis = self[f"leave_{kind}_basis"].data
            if basis:
                leave[kind] = {"basis": basis, "steps": _steps(self[f"leave_{kind}_steps"].data)}
        return {
            "amounts": {str(k): int(self[f"amount_{k}"].data) for k in range(1, 18)
                        if self[f"amount_{k}"].data is not None},
            "performance_share": _text(self.performance_share.data),
            "scope": self.scope.data,
            "deductions": {code: _text(self[f"deduction_{code}"].data) for code in DEDUCTION_CODES},
            "monthly_cap": _text(self.monthly_cap.data),
            "daily_cap": _text(self.daily_cap.data) or None,
            "absent_month_pays_nothing": bool(self.absent_month_pays_nothing.data),
            "leave": leave,
            "sanction_cuts": {level: _text(self[f"sanction_{level}"].data) for level in SANCTION_LEVELS
                              if self[f"sanction_{level}"].data is not None},
            "performance_source": self.performance_source.data,
            "performance": {p: _text(self[f"performance_{p}"].data) for p in PREDIKATS},
            "predikat_caps": {p: _text(self[f"cap_{p}"].data) for p in PREDIKATS if self[f"cap_{p}"].data is not None},
            "rounding": self.rounding.data,
        }

    def values(self) -> dict:
        return {"name": self.name.data, "source": self.source.data or "", "valid_from": self.valid_from.data,
                "rules": self.rules()}

    def fill(self, preset) -> None:
        rules = preset.rules
        self.name.data, self.source.data, self.valid_from.data = preset.name, preset.source, preset.valid_from
        self.version.data = preset.version
        for name in ("performance_share", "monthly_cap", "daily_cap"):
            self[name].data = Decimal(str(rules[name])) if rules.get(name) not in (None, "") else None
        for name in ("scope", "performance_source", "rounding"):
            self[name].data = rules.get(name)
        self.absent_month_pays_nothing.data = bool(rules.get("absent_month_pays_nothing"))
        for k in range(1, 18):
            amount = rules.get("amounts", {}).get(str(k))
            self[f"amount_{k}"].data = Decimal(amount) if amount is not None else None
        for code in DEDUCTION_CODES:
            self[f"deduction_{code}"].data = Decimal(str(rules.get("deductions", {}).get(code, "0")))
        for p in PREDIKATS:
            self[f"performance_{p}"].data = Decimal(str(rules.get("performance", {}).get(p, "0")))
            cap = (rules.get("predikat_caps") or {}).get(p)
            self[f"cap_{p}"].data = Decimal(str(cap)) if cap is not None else None
        for level in SANCTION_LEVELS:
            cut = rules.get("sanction_cuts", {}).get(level)
            self[f"sanction_{level}"].data = Decimal(str(cut)) if cut is not None else None
        for kind in LEAVE_KINDS:
            rule = rules.get("leave", {}).get(kind)
            self[f"leave_{kind}_basis"].data = rule["basis"] if rule else ""
            self[f"leave_{kind}_steps"].data = "; ".join(f"{s}:{p}" for s, p in rule["steps"]) if rule else ""


def leave_bases() -> dict:
    return {"flat": _l("one percentage (from 0)"), "duration": _l("by the leave's length in days"),
            "month": _l("by the month of the leave")}


def _add_preset_fields() -> None:
    """One field per kelas, deduction code, predikat, sanction level and leave kind."""
    for k in range(1, 18):
        setattr(PresetForm, f"amount_{k}", TargetField(
            _l("Kelas %(k)s", k=k), validators=[Optional(), _Within(0, MAX_AMOUNT, whole=True)]))
    deduction_labels = labels.deductions()
    for code in DEDUCTION_CODES:
        setattr(PresetForm, f"deduction_{code}", _percent(_l("%(code)s: %(what)s", code=labels.code(code),
                                                                what=deduction_labels[code])))
    predikat_labels = labels.predikats()
    for p in PREDIKATS:
        setattr(PresetForm, f"performance_{p}", _percent(_l("%(p)s: %% of the performance part paid",
                                                            p=predikat_labels[p])))
        setattr(PresetForm, f"cap_{p}", _percent(_l("%(p)s: at most %% of a unit's people (empty: no limit)",
                                                    p=predikat_labels[p]), required=False))
    for level, label in level_labels().items():
        setattr(PresetForm, f"sanction_{level}", _percent(_l("%(level)s sanction: %% cut (empty: none)",
                                                             level=label), required=False))
    for kind, label in leave_kind_labels().items():
        setattr(PresetForm, f"leave_{kind}_basis", SelectField(_l("%(kind)s: how it is paid", kind=label),
                                                                choices=[], default=""))
        setattr(PresetForm, f"leave_{kind}_steps", StringField(_l("%(kind)s: steps (from:percent; …)", kind=label),
                                                                filters=[strip],
                                                                validators=[Optional(), Length(max=200)]))


_add_preset_fields()
assert set(LEAVE_BASES) == set(leave_bases())
