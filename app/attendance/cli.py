"""Attendance's command-line commands: ``flask --app wsgi attendance …``."""

from __future__ import annotations

import click
from flask.cli import AppGroup

attendance = AppGroup("attendance", help="Attendance: the work calendar and daily statuses.")


@attendance.command("holidays")
@click.argument("year", type=click.IntRange(1900, 2200))
def load_holidays(year: int) -> None:
    """Load the shipped national holidays and cuti bersama of YEAR (days already in the calendar are kept)."""
    from app.attendance import holidays
    from app.core.db import commit_retrying

    if year not in holidays.shipped_years():
        shipped = ", ".join(str(y) for y in holidays.shipped_years())
        raise click.ClickException(f"No official holidays ship for {year} (shipped: {shipped}).")
    added = commit_retrying(lambda: holidays.load_official(year))
    click.echo(f"{added} holidays of {year} added.")


commands = [attendance]
