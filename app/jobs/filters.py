"""The words job pages show for a job's status."""

from flask import Flask
from flask_babel import lazy_gettext as _l

STATUS_WORDS = {"queued": _l("waiting"), "running": _l("in progress"), "done": _l("finished"), "failed": _l("failed")}


def status_word(status: str) -> str:
    return str(STATUS_WORDS.get(status, status))


def register(app: Flask) -> None:
    app.add_template_filter(status_word, "job_status")
