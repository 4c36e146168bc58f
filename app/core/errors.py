"""Error pages: the same look for every status, a fragment for htmx, and a rollback on failure."""

from __future__ import annotations

from flask import Flask, render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from app.core.htmx import is_htmx
from app.extensions import db


class Conflict(Exception):
    """Somebody else changed the record since the form was opened."""


def _messages() -> dict[int, tuple[str, str]]:
    return {
        400: (_("Bad request"), _("The request could not be understood. Reload the page and try again.")),
        403: (_("Not allowed"), _("Your roles do not allow this action.")),
        404: (_("Not found"), _("This page does not exist, or it is outside your units.")),
        405: (_("Not allowed"), _("This method is not allowed here.")),
        409: (_("Changed by someone else"), _("Someone else saved this record after you opened it. "
                                              "Reload it to see their changes, then make yours again.")),
        413: (_("File too large"), _("The file is larger than allowed.")),
        422: (_("Cannot be processed"), _("The request contains a value Kinerja cannot accept.")),
        429: (_("Too many attempts"), _("Too many requests from your address. Wait a minute and try again.")),
        503: (_("Busy"), _("Kinerja is saving other people's changes. Nothing of yours was saved: try again in a "
                           "moment.")),
        500: (_("Something went wrong"), _("The change was not saved. Please try again; if it happens again, "
                                           "tell your administrator.")),
    }


def error_response(status: int, detail: str | None = None):
    title, message = _messages().get(status, (str(status), ""))
    template = "errors/_error.html" if is_htmx() else "errors/error.html"
    body = render_template(template, status=status, title=title, message=detail or message)
    return body, status


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(err):
        db.session.rollback()
        return error_response(400, _("The form expired or was not sent from Kinerja. Reload the page and try again."))

    @app.errorhandler(HTTPException)
    def http_error(err: HTTPException):
        if err.code and err.code >= 400:
            db.session.rollback()
        if err.code == 302 or err.code is None:
            return err
        explained = err.code in (400, 422) and err.description != type(err).description
        return error_response(err.code, err.description if explained else None)

    @app.errorhandler(StaleDataError)
    @app.errorhandler(Conflict)
    def conflict(err):
        db.session.rollback()
        return error_response(409)

    @app.errorhandler(OperationalError)
    def database_busy(err):
        """SQLite kept the write lock past the busy timeout: the user may try again; anything else is a 500."""
        db.session.rollback()
        if "database is locked" in str(err):
            app.logger.warning("database busy: %s", err)
            return error_response(503)
        return server_error(err)

    @app.errorhandler(Exception)
    def server_error(err):
        db.session.rollback()
        app.logger.exception("unhandled error")
        if app.testing and app.config.get("PROPAGATE_TEST_ERRORS", True):
            raise err
        return error_response(500)


class Refused(Exception):
    """A rule refuses the change; ``message`` tells the user why (already translated or lazy)."""

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field
