"""Monitoring's command-line commands."""

from __future__ import annotations

import click
from flask.cli import with_appcontext


@click.command("monitoring-refresh")
@with_appcontext
def monitoring_refresh() -> None:
    """Rebuild the dashboards' per-unit figures from the realisations (after a restore, say)."""
    from app.extensions import db
    from app.monitoring.stats import refresh_all

    count = refresh_all(db.session)
    db.session.commit()
    click.echo(f"Figures rebuilt for {count} unit-years.")


commands = [monitoring_refresh]
