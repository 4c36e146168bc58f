"""``flask demo load [--if-empty]`` and ``flask demo logins``."""

from __future__ import annotations

import time

import click
from flask.cli import AppGroup

demo = AppGroup("demo", help="The demo agency (Dinas Sosial DKI Jakarta, 2018).")


@demo.command("load")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has units.")
@click.option("--base-url", default="http://127.0.0.1:5000", show_default=True,
              help="Address printed in the QR codes of the demo's documents (KINERJA_PUBLIC_URL wins).")
def load_command(if_empty: bool, base_url: str) -> None:
    """Load the demo agency, its people, one account per role and a signed agreement."""
    from flask import current_app

    from app.demo.load import is_empty, load
    from app.extensions import db

    if not is_empty():
        if if_empty:
            click.echo("The database already has data: demo not loaded.")
            return
        raise click.ClickException("The database already has data; the demo is loaded only into an empty one.")
    started = time.perf_counter()
    with current_app.test_request_context(base_url=base_url):
        counts = load()
    db.session.commit()
    click.echo(f"Demo loaded in {time.perf_counter() - started:.1f} s: {counts['units']} units, "
               f"{counts['people']} people, {counts['accounts']} accounts.")


@demo.command("logins")
def logins_command() -> None:
    """Print the demo accounts and their password."""
    from app.demo.load import logins

    rows = logins()
    if not rows:
        click.echo("No demo accounts here (load them with: flask demo load).")
        return
    click.echo("Demo logins (username / password):")
    for username, password, what in rows:
        click.echo(f"  {username:<9} {password}   {what}")


commands = [demo]
