"""Shipped presets for achievement scoring (DOMAIN.md §2). Data, not code: loaded into the database as
editable presets with their source; the calculations take a preset as an argument.

[C] confirmed in a public source, [U] common practice not confirmed (labelled so).
"""

from __future__ import annotations

from decimal import Decimal as D

from app.monitoring.calc import Band, LinearBand

# PermenPANRB 8/2021: capaian (%) → score, bands from the highest down.
SCORE_8_2021 = {
    "name": "PermenPANRB 8/2021",
    "source": "PermenPANRB 8/2021: > 110 % → 120; 80–99 % → 70 + (C − 80); 60–79 % → 50 + (C − 60); "
              "< 60 % → C / 59 × 49 [C]; 100–110 % → C + 9 (fits the worked example 100 % → 109) [U]",
    "bands": (
        LinearBand(D(110), False, D(0), D(120)),  # above 110 %: 120
        LinearBand(D(100), True, D(1), D(9)),  # 100–110 %: C + 9 [U]
        LinearBand(D(80), True, D(1), D(-10)),  # 80–99 %: 70 + (C − 80)
        LinearBand(D(60), True, D(1), D(-10)),  # 60–79 %: 50 + (C − 60)
        LinearBand(None, True, D(49) / D(59), D(0)),  # below 60 %: C / 59 × 49
    ),
}

# Rating bands: an achievement above ``above`` gets ``label`` (checked from the top). ``name`` is the preset as
# the settings page and the dashboards call it, ``source`` whose scale it is (shown with it: "skala predikat
# Kabupaten Sampang"); the pages write the bands out from ``bands`` (``settings.bands_text``).
RATING_SAMPANG = {
    "name": "Sampang",
    "source": "Kabupaten Sampang",  # 91–100 Sangat Baik, 76–90 Baik, 66–75 Cukup, 51–65 Kurang, ≤ 50 Sangat Kurang [C]
    "bands": (Band(D(90), "Sangat Baik"), Band(D(75), "Baik"), Band(D(65), "Cukup"), Band(D(50), "Kurang"),
              Band(None, "Sangat Kurang")),
}
RATING_MALUKU_TENGAH = {
    "name": "Maluku Tengah",
    "source": "Kabupaten Maluku Tengah",  # > 85 Memuaskan, > 75 Sangat Baik, > 65 Baik, > 50 Cukup Baik, > 30 Agak
    # Kurang, ≤ 30 Kurang [C]
    "bands": (Band(D(85), "Memuaskan"), Band(D(75), "Sangat Baik"), Band(D(65), "Baik"), Band(D(50), "Cukup Baik"),
              Band(D(30), "Agak Kurang"), Band(None, "Kurang")),
}
CAPS = (D(100), D(110), D(120))  # per-indicator cap choices (%)
