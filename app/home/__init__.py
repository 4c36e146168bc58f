"""The start page: what waits for the user across the areas (it sits on top of every other area)."""
