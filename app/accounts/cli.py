"""Accounts' command-line commands."""

from __future__ import annotations

import click
from flask.cli import with_appcontext


@click.command("create-admin")
@with_appcontext
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


commands = [create_admin]
