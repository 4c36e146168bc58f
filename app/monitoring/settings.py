"""Which shipped presets the installation uses for achievement (chosen on the Settings page)."""

from __future__ import annotations

from decimal import Decimal

from app.core.formatting import format_number
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


def bands_text(preset: dict) -> str:
    """The preset's bands as they are applied to an achievement: '> 90 % Sangat Baik · … · ≤ 50 % Sangat Kurang'
    (each band with no-break spaces)."""
    parts, last = [], None
    for band in preset["bands"]:
        if band.above is None:
            parts.append(f"≤ {format_number(last)} % {band.label}" if last is not None else band.label)
        else:
            parts.append(f"> {format_number(band.above)} % {band.label}")
            last = band.above
    return " · ".join(part.replace(" ", "\u00a0") for part in parts)  # a band is never cut across two lines


def describe(preset: dict) -> str:
    """The preset by its name and source, with its bands (the settings page's choice)."""
    return f"{preset['name']} ({preset['source']}): {bands_text(preset)}"
