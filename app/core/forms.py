"""Shared form pieces."""

from flask_wtf import FlaskForm
from wtforms import IntegerField
from wtforms.validators import Optional
from wtforms.widgets import HiddenInput


class Form(FlaskForm):
    """Every form of the app: WTForms' own messages come from the app's catalogue (``form_messages``)."""

    class Meta(FlaskForm.Meta):
        def get_translations(self, form):
            from app.core.form_messages import TRANSLATIONS

            return TRANSLATIONS


class EmptyForm(Form):
    """A form with only the CSRF token, for POST buttons."""


class VersionedForm(Form):
    """Carries the version of the record the form was opened on (optimistic locking)."""

    version = IntegerField(widget=HiddenInput(), validators=[Optional()])


def strip(value):
    return value.strip() if isinstance(value, str) else value


def add_refusal(form, refused, default: str) -> None:
    """Show a service's refusal (``Refused``) under the field it names, or under ``default``."""
    field = refused.field if refused.field in form else default
    form[field].errors = list(form[field].errors) + [str(refused.message)]


def submit(form, work, *, field: str | None, conflict: str | None = None) -> tuple[bool, object]:
    """Validate ``form`` and run the service call ``work()``; commit when it succeeds.

    Returns ``(True, what work returned)``, or ``(False, status)`` with the status to answer the form again:
    200 for a GET, 422 for invalid input or a service's refusal (shown under the field the refusal names, else
    under ``field``, or above the form when ``field`` is None), 409 when the record changed since the form was opened (``conflict`` is the message).
    Nothing is kept of a refused or conflicting change.
    """
    from flask import request

    from app.core.errors import Conflict, Refused
    from app.extensions import db

    if not form.validate_on_submit():
        return False, 422 if request.method == "POST" else 200
    try:
        result = work()
    except Conflict:
        db.session.rollback()
        if conflict is None:
            raise
        form.form_errors.append(conflict)
        return False, 409
    except Refused as refused:
        db.session.rollback()
        if refused.field in form or field is not None:
            add_refusal(form, refused, field)
        else:
            form.form_errors.append(str(refused.message))
        return False, 422
    db.session.commit()
    return True, result
