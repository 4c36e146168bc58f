"""``can(action, obj)`` in templates: the access module's answer for the signed-in user."""

from flask import Flask
from flask_login import current_user

from app.accounts.access import can


def register(app: Flask) -> None:
    app.context_processor(lambda: {"can": lambda action, obj=None: can(current_user, action, obj)})
