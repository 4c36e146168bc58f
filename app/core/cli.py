"""Command-line commands (``flask --app wsgi <command>``)."""

from __future__ import annotations

import click
from flask import Flask


def register(app: Flask) -> None:
    from app.demo.cli import demo

    app.cli.add_command(demo)

    @app.cli.command("monitoring-refresh")
    def monitoring_refresh() -> None:
        """Rebuild the dashboards' per-unit figures from the realisations (after a restore, say)."""
        from app.extensions import db
        from app.monitoring.stats import refresh_all

        count = refresh_all(db.session)
        db.session.commit()
        click.echo(f"Figures rebuilt for {count} unit-years.")

    @app.cli.command("create-admin")
    @click.option("--username", default="admin")
    @click.password_option()
    def create_admin(username: str, password: str) -> None:
        """Create an administrator account."""
        from app.accounts import services
        from app.extensions import db

        user = services.create_user(username, password)
        services.grant(user, "admin", None)
        db.session.commit()
        click.echo(f"Administrator {user.username} created.")
