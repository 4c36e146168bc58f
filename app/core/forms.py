"""Shared form pieces."""

import math
from decimal import Decimal

from flask_wtf import FlaskForm
from wtforms import IntegerField
from wtforms.validators import Optional
from wtforms.widgets import HiddenInput


class Form(FlaskForm):
    """Every form of the app: WTForms' own messages come from the app's catalogue (``form_messages``), and
    every field is checked for what no field may hold (``input_problem``) before anything else."""

    class Meta(FlaskForm.Meta):
        def get_translations(self, form):
            from app.core.form_messages import TRANSLATIONS

            return TRANSLATIONS

    def validate(self, extra_validators=None) -> bool:
        """The fields' own validators run only on input every field can take: they may look it up in the
        database, which must never see a NUL or a number beyond its columns."""
        refused = False
        for field in self:
            message = input_problem(field)
            if message is not None:
                field.errors = [str(message)]
                refused = True
        return not refused and super().validate(extra_validators)


# The widest number a form may hand the database: integers of a PostgreSQL INTEGER column, decimals of the
# NUMERIC(18, 4) columns. A field that allows less says so with its own NumberRange.
MAX_INTEGER = 2**31 - 1
MAX_DECIMAL = Decimal(10) ** 14


def input_problem(field):
    """Why a field's input cannot be taken whatever the form (a message), or None: control and invisible
    characters in text (``app.core.text``; tabs and line breaks only in multi-line text), numbers beyond
    what the database holds, NaN and infinities. The value is judged as the form would hand it on, after
    the field's filters. Passwords are only hashed and may hold any character."""
    from flask_babel import lazy_gettext as _l
    from wtforms import DecimalField, FloatField, PasswordField, TextAreaField
    from wtforms import IntegerField as AnyInteger

    from app.core.text import problem

    if isinstance(field, PasswordField):
        return None
    data = field.data  # as it would be stored: after the field's filters (a redirect target made safe, …)
    if isinstance(data, str):
        message = problem(data, multiline=isinstance(field, TextAreaField))
        if message is not None:
            return message
    if isinstance(field, AnyInteger) and isinstance(data, int) and abs(data) > MAX_INTEGER:
        return _l("The number is too large.")
    if isinstance(field, (DecimalField, FloatField)) and isinstance(data, (Decimal, float)):
        if not (data.is_finite() if isinstance(data, Decimal) else math.isfinite(data)):
            return _l("Enter a number.")
        if abs(data) >= MAX_DECIMAL:
            return _l("The number is too large.")
    return None


class EmptyForm(Form):
    """A form with only the CSRF token, for POST buttons."""


class VersionedForm(Form):
    """Carries the version of the record the form was opened on (optimistic locking)."""

    version = IntegerField(widget=HiddenInput(), validators=[Optional()])


def uploaded(field, limit: int) -> tuple[str, bytes] | None:
    """A file field's upload as (its name, at most ``limit`` + 1 bytes of it: the service refuses a bigger
    one), or None when no file was sent."""
    upload = field.data
    if not upload or not getattr(upload, "filename", None):
        return None
    return upload.filename, upload.read(limit + 1)


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


def save(form, work, *, field: str | None, done, then, page, conflict: str | None = None):
    """``submit`` answered: when the work succeeds, flash ``done`` (a text, a function of what ``work`` returned,
    or None) and go to ``then`` (a URL, or a function of the result); otherwise ``page(status)`` shows the
    form again with its errors (200 for a GET, 422, or 409 with the user's entries kept)."""
    from flask import flash

    from app.core.htmx import redirect_htmx

    saved, outcome = submit(form, work, field=field, conflict=conflict)
    if not saved:
        return page(outcome)
    message = done(outcome) if callable(done) else done
    if message:
        flash(message, "success")
    return redirect_htmx(then(outcome) if callable(then) else then)


def act(form, work, *, done, back: str, then=None, page=None, conflict: str | None = None):
    """A button POST (confirm-type action): check the form, run the one service call ``work()``, commit once.

    ``form`` carries only the CSRF token and hidden values (``EmptyForm``, ``VersionedForm``): if it does not
    validate the request was not sent by our page, and the answer is 400. On success the ``done`` message (a
    text, or a function of what ``work`` returned; None says nothing) is flashed and the user goes to ``back``,
    or to ``then(result)`` when the destination depends on the result (a record or job the work created;
    ``then`` runs after the commit). A refusal (``Refused``) or a conflict (the record changed since the page
    was opened) rolls back and says why: on ``page(status)`` when given (422 or 409), else back on ``back``.
    Forms with visible fields use ``submit`` instead.
    """
    from flask import abort, flash
    from flask_babel import gettext as _

    from app.core.errors import Conflict, Refused
    from app.core.htmx import redirect_htmx
    from app.extensions import db

    if not form.validate_on_submit():
        abort(400)
    try:
        result = work()
    except (Conflict, Refused) as problem:
        db.session.rollback()
        status = 409 if isinstance(problem, Conflict) else 422
        flash(conflict or _("Someone else changed this after you opened the page. Check it and try again.")
              if status == 409 else str(problem.message), "error")
        return page(status) if page is not None else redirect_htmx(back)
    db.session.commit()
    message = done(result) if callable(done) else done
    if message:
        flash(message, "success")
    return redirect_htmx(then(result) if then is not None else back)
