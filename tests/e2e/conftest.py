"""Browser tests: a real server on its own database file, driven by Playwright in the system Chromium.

Outside CI a machine without Chromium skips these tests with the reason printed; in CI (``CI`` set, as
``.ci/run`` does) a missing browser is a failure, because ``make test`` installs it.
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from app import create_app
from app.extensions import db

CHROMIUM = os.environ.get("KINERJA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ROOT = Path(__file__).resolve().parents[2]


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if Path(item.fspath).is_relative_to(here):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """Serve a fresh app from a thread; yields an object with ``url`` and ``world``."""
    from flask_migrate import upgrade

    from tests.agreements.conftest import build_officials
    from tests.factories import build_world

    instance = tmp_path_factory.mktemp("live")
    app = create_app({
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance / 'live.db'}",
        "SECRET_KEY": "browser-test",
        "INSTANCE_PATH": str(instance),
        "FILES_DIR": str(instance / "files"),
        "HUEY_IMMEDIATE": True,
        "RATELIMIT_ENABLED": False,
    })
    with app.app_context():
        upgrade()
        world = build_world()
        build_officials(world)
        db.session.commit()
        ids = {"bidang_a": world.bidang_a.id, "opd_a": world.opd_a.id, "person_a": world.person_a.id,
               "position_a": world.position_a.id}
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    class Live:
        url = f"http://127.0.0.1:{server.server_port}"

    Live.ids = ids
    Live.app = app  # for tests that set up data through the services
    yield Live
    server.shutdown()
    thread.join(timeout=5)
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def browser():
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is missing at {CHROMIUM}; CI must have it (make test-system-deps).")
        pytest.skip(f"Chromium not found at {CHROMIUM}: install the Debian packages chromium and chromium-driver")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="id-ID", bypass_csp=True)
    context.set_default_timeout(10_000)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    yield tab
    context.close()
    assert errors == [], f"JavaScript errors: {errors}"


def login(page, username: str, password: str | None = None) -> None:
    from tests.factories import PASSWORD

    page.goto("/login")
    page.fill("#identifier", username)
    page.fill("#password", password or PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url(lambda url: "/login" not in url)
