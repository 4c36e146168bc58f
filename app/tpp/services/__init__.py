"""The TPP area's use cases: presets (``presets``), monthly ratings (``ratings``), the calculation
(``calculation``) and a month's life (``periods``). Services flush; the route commits."""

from app.tpp.services import calculation, periods, presets, ratings

__all__ = ["calculation", "periods", "presets", "ratings"]
