"""The organisation's template filters (NIP, pangkat), the pemda every page's letterhead and title use, and the
year picker's choices."""

from flask import Flask
from flask_login import current_user

from app.org.rules import format_nip, format_pangkat
from app.org.services import get_pemda
from app.org.years import working_year, year_choices


def register(app: Flask) -> None:
    app.add_template_filter(format_nip, "nip")
    app.add_template_filter(format_pangkat, "pangkat")
    app.context_processor(lambda: {"pemda": get_pemda()})
    app.add_template_global(lambda year: year_choices(current_user, year), "year_choices")
    app.add_template_global(lambda: working_year(current_user), "working_year")
