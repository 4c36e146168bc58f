"""Scorecards: one page and one PDF per person and per unit and period that show the whole chain (docs/scorecards.md)."""
