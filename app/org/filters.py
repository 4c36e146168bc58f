"""The organisation's template filters (NIP, pangkat) and the pemda every page's letterhead and title use."""

from flask import Flask

from app.org.rules import format_nip, format_pangkat
from app.org.services import get_pemda


def register(app: Flask) -> None:
    app.add_template_filter(format_nip, "nip")
    app.add_template_filter(format_pangkat, "pangkat")
    app.context_processor(lambda: {"pemda": get_pemda()})
