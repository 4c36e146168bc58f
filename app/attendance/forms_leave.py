"""Forms of leave and excuses: a leave (HR), an excuse request, its decision; the buttons carry the version the
page showed. The rules between fields (dates, overlaps) are the services' (``leave.problem``,
``excuses.problem``): their refusals come back under the field they name."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from app.attendance.excuses import excuse_kind_labels, forgot_labels
from app.attendance.leave import LEAVE_FIELDS, leave_kind_labels
from app.core.forms import Form, VersionedForm, strip, uploaded


class LeaveForm(VersionedForm):
    kind = SelectField(_l("Kind of leave"), choices=[])
    starts_on = DateField(_l("First day"), validators=[InputRequired()])
    ends_on = DateField(_l("Last day"), validators=[InputRequired()])
    decision_number = StringField(_l("Decision number"), filters=[strip], validators=[Optional(), Length(max=120)])
    decision_date = DateField(_l("Decision date"), validators=[Optional()])
    note = TextAreaField(_l("Note"), filters=[strip], validators=[Optional(), Length(max=2000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = [("", "—"), *leave_kind_labels().items()]

    def values(self) -> dict:
        return {name: self[name].data for name in LEAVE_FIELDS}


class ExcuseForm(Form):
    kind = SelectField(_l("Kind of excuse"), choices=[])
    starts_on = DateField(_l("First day"), validators=[InputRequired()])
    ends_on = DateField(_l("Last day"), validators=[Optional()])
    forgot = SelectField(_l("What was forgotten"), choices=[])
    reason = TextAreaField(_l("Reason"), filters=[strip], validators=[Length(max=2000)])
    letter_number = StringField(_l("Surat tugas number"), filters=[strip], validators=[Optional(), Length(max=120)])
    attachment = FileField(_l("Attachment (PDF, PNG or JPEG, optional)"),
                           render_kw={"accept": ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = [("", "—"), *excuse_kind_labels().items()]
        self.forgot.choices = [("", "—"), *forgot_labels().items()]

    def values(self) -> dict:
        data = {name: self[name].data for name in ("kind", "starts_on", "ends_on", "reason", "letter_number")}
        data["forgot"] = self.forgot.data or None
        return data

    def upload(self, limit: int) -> tuple[str, bytes] | None:
        return uploaded(self.attachment, limit)


class DecideForm(VersionedForm):
    note = TextAreaField(_l("Note (required to refuse)"), filters=[strip], validators=[Length(max=2000)])
