"""The TPP area's template globals: ``rates_someone()``, whether the signed-in user rates anyone (the TPP area's
links offer "Penilaian bulanan" only then)."""

from __future__ import annotations

from flask import Flask, g
from flask_login import current_user

from app.tpp.services.ratings import rating_unit


def rates_someone() -> bool:
    if "rates_someone" not in g:  # once per request
        g.rates_someone = current_user.is_authenticated and rating_unit(current_user) is not None
    return g.rates_someone


def register(app: Flask) -> None:
    app.add_template_global(rates_someone, "rates_someone")
