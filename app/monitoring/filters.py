"""What monitoring hands other areas' pages and its own templates at start-up: the settings page (org, a lower
layer that may not import monitoring) offers the rating presets of achievement; the templates get an
achievement's working and the reason it is not measurable, in the user's language."""

from flask import Flask

from app.monitoring.labels import why_not, workings
from app.monitoring.settings import RATINGS, describe
from app.org.forms import add_rating_presets


def register(app: Flask) -> None:
    add_rating_presets({key: describe(preset) for key, preset in RATINGS.items()})
    app.add_template_global(workings, "achievement_workings")
    app.add_template_global(why_not, "not_measurable_because")
