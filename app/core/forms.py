"""Shared form pieces."""

from flask_wtf import FlaskForm
from wtforms import IntegerField
from wtforms.validators import Optional
from wtforms.widgets import HiddenInput


class EmptyForm(FlaskForm):
    """A form with only the CSRF token, for POST buttons."""


class VersionedForm(FlaskForm):
    """Carries the version of the record the form was opened on (optimistic locking)."""

    version = IntegerField(widget=HiddenInput(), validators=[Optional()])


def strip(value):
    return value.strip() if isinstance(value, str) else value


def add_refusal(form, refused, default: str) -> None:
    """Show a service's refusal (``Refused``) under the field it names, or under ``default``."""
    field = refused.field if refused.field in form else default
    form[field].errors = list(form[field].errors) + [str(refused.message)]
