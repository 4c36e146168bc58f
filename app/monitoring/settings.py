"""Which shipped presets the installation uses for achievement (chosen on the Settings page)."""

from __future__ import annotations

from decimal import Decimal

from app.monitoring import calc
from app.monitoring.presets import RATING_MALUKU_TENGAH, RATING_SAMPANG, SCORE_8_2021
from app.org.services import get_pemda

RATINGS = {"sampang": RATING_SAMPANG, "maluku_tengah": RATING_MALUKU_TENGAH}


def rating_preset(unit=None) -> dict:
    pemda = get_pemda()
    return RATINGS.get(pemda.rating_preset if pemda else "", RATING_SAMPANG)


def score(pct: Decimal | None) -> Decimal | None:
    """The PermenPANRB 8/2021 score of an achievement % (None stays None)."""
    return None if pct is None else calc.score(pct, SCORE_8_2021["bands"])
