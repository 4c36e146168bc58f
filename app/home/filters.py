"""Start-up wiring of what the home brings together: the settings page (org) offers the rating presets of
achievement (monitoring), which org may not import."""

from flask import Flask

from app.monitoring.settings import RATINGS
from app.org.forms import add_rating_presets


def register(app: Flask) -> None:
    add_rating_presets({key: f"{preset['name']}: {preset['source']}" for key, preset in RATINGS.items()})
