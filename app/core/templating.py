"""Template filters and globals that need no area; each area adds its own from its ``filters.py``."""

from __future__ import annotations

from flask import Flask
from flask_babel import get_locale, get_timezone
from flask_babel.speaklater import LazyString
from markupsafe import Markup, escape


def status_tag(status: str, label) -> Markup:
    """A record's status as a coloured pill: ``status`` picks the colour (static/css: .status-<status>),
    ``label`` is the translated word the area gives it. A function, not a macro: lists call it on every row."""
    return Markup('<span class="status status-{}">{}</span>').format(status, label)


def _escaped_lazy_text(self) -> Markup:
    return escape(str(self))


def register(app: Flask, formatting) -> None:
    # Flask-Babel's lazy strings call themselves safe HTML (``__html__`` returns the text as it is), so a lazy
    # message carrying user data ("%(name)s has no head") would reach a page unescaped. Our catalogue holds
    # no markup: a lazy string is escaped like any other text.
    LazyString.__html__ = _escaped_lazy_text
    app.add_template_global(status_tag, "status_tag")
    def local_dt(value, fmt: str = "%d/%m/%Y %H:%M"):
        if value is None:
            return ""
        return formatting.local_datetime(value, str(get_timezone())).strftime(fmt)

    def tanggal(value, with_weekday: bool = False):
        if value is None:
            return ""
        if str(get_locale()) == "id":
            return formatting.tanggal(value, with_weekday)
        from flask_babel import format_date

        return format_date(value, "EEEE, d MMMM y" if with_weekday else "d MMMM y")

    def month_name(month: int) -> str:
        if str(get_locale()) == "id":
            return formatting.MONTHS_ID[month - 1]
        from datetime import date

        from flask_babel import format_date

        return format_date(date(2000, month, 1), "MMMM")

    def score(value, places: int = 2) -> str:
        """A score or percentage with a fixed number of decimals and the Indonesian decimal comma."""
        from decimal import ROUND_HALF_UP, Decimal

        if value is None or value == "":
            return "—"
        number = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
        return f"{number:f}".replace(".", ",")

    app.add_template_filter(tanggal, "tanggal")
    app.add_template_filter(score, "score")
    app.add_template_filter(month_name, "month_name")
    app.add_template_filter(formatting.rupiah, "rupiah")
    app.add_template_filter(formatting.format_number, "number")
    app.add_template_filter(formatting.terbilang, "terbilang")
    app.add_template_filter(local_dt, "local_dt")

    @app.context_processor
    def globals_():
        return {"current_locale": str(get_locale())}
