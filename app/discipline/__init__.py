"""Discipline: disciplinary sanctions (PP 94/2021) and the monthly attendance recap (DOMAIN.md §4)."""
