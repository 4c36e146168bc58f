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
