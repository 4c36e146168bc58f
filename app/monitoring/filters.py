"""What monitoring hands other areas' pages at start-up: the settings page (org, a lower layer that may not
import monitoring) offers the rating presets of achievement."""

from flask import Flask

from app.monitoring.settings import RATINGS
from app.org.forms import add_rating_presets


def register(app: Flask) -> None:
    add_rating_presets({key: f"{preset['name']}: {preset['source']}" for key, preset in RATINGS.items()})
