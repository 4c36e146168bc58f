from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Optional, Regexp

from app.accounts.models import ROLES
from app.core.forms import Form, strip
from app.core.http import safe_next


def role_labels():
    return {
        "admin": _l("Administrator"),
        "hr": _l("HR (kepegawaian)"),
        "leader": _l("Leader (pimpinan)"),
        "operator": _l("Unit operator"),
        "assessor": _l("Assessor (penilai)"),
        "employee": _l("Employee"),
    }


class LoginForm(Form):
    identifier = StringField(_l("NIP or username"), validators=[DataRequired(), Length(max=60)],
                             filters=[strip], render_kw={"autocomplete": "username"})
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)],
                             render_kw={"autocomplete": "current-password"})
    remember = BooleanField(_l("Keep me logged in on this computer"))
    next = HiddenField(filters=[lambda target: safe_next(target) if target is not None else None])


class ChangePasswordForm(Form):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=200)],
                                     render_kw={"autocomplete": "current-password"})
    new_password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=200)],
                                 render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(_l("Repeat the new password"),
                            validators=[DataRequired(), EqualTo("new_password", _l("The two passwords differ."))],
                            render_kw={"autocomplete": "new-password"})


class UserForm(Form):
    username = StringField(_l("Username"), filters=[strip], validators=[
        DataRequired(), Length(min=3, max=60),
        Regexp(r"^[A-Za-z0-9._-]+$", message=_l("Use letters, digits, '.', '_' or '-' only."))])
    employee_number = StringField(_l("NIP/NIK of the employee (optional)"), filters=[strip], validators=[
        Optional(), Length(max=30), Regexp(r"^[0-9 ]+$", message=_l("A NIP or NIK has digits only."))])
    password = PasswordField(_l("Initial password"), validators=[DataRequired(), Length(min=10, max=200)],
                             render_kw={"autocomplete": "new-password"})


class GrantForm(Form):
    role = SelectField(_l("Role"), choices=[(r, r) for r in ROLES], validators=[DataRequired()])
    unit_id = SelectField(_l("Unit"), coerce=lambda v: int(v) if v not in (None, "", "None") else None,
                          validators=[Optional()], validate_choice=False)
