"""Command-line commands (``flask --app wsgi <command>``)."""

from __future__ import annotations

import click
from flask import Flask


def register(app: Flask) -> None:
    from app.demo.cli import demo

    app.cli.add_command(demo)

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
