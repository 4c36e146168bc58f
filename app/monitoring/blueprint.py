"""The monitoring blueprint; its routes live in several modules (routes, kpis, excel, reminders)."""

from flask import Blueprint

bp = Blueprint("monitoring", __name__)
