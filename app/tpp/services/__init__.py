"""The TPP area's use cases: presets (``presets``), monthly ratings (``ratings``), the calculation
(``calculation``), a month's life (``periods``) and objections to it (``objections``). Services flush; the route commits."""

from app.tpp.services import calculation, objections, periods, presets, ratings

__all__ = ["calculation", "objections", "periods", "presets", "ratings"]
