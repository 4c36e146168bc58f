"""Kinerja: performance management for Indonesian regional government agencies."""

from __future__ import annotations

import gc
from pathlib import Path

from flask import Flask, g, has_request_context, request, session
from flask_login import current_user

from app.core.config import load_config
from app.extensions import babel, csrf, db, limiter, login_manager, migrate

ROOT = Path(__file__).resolve().parents[1]


def create_app(config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    cfg = load_config(config)
    app.config.update(cfg)
    app.instance_path = cfg["INSTANCE_PATH"]

    if app.config["PROXY_COUNT"] > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        proxies = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    init_extensions(app)
    init_auth(app)
    init_i18n(app)
    init_security_headers(app)
    init_template_filters(app)
    init_requests(app)
    init_areas(app)
    init_errors(app)
    init_cli(app)
    # What start-up built (modules, templates, metadata) lives as long as the process: move it out of the
    # garbage collector's generations so a full collection does not walk it on every busy request.
    gc.collect()
    gc.freeze()
    return app


def init_extensions(app: Flask) -> None:
    from app.jobs.queue import configure

    db.init_app(app)
    configure(app.config)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True, compare_type=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)


# The areas, lower layers first. Each is a package ``app/<area>`` with the same optional modules, which
# ``init_areas`` loads in this order: models (tables), listeners (session events), scopes (``register()``
# tells the access module where its objects sit and who is party to them), jobs (job handlers), filters
# (``register(app)``: the area's template filters and globals, and what it hands lower areas at start-up),
# routes (the blueprint ``bp``); and ``cli`` (its ``commands``, see ``init_cli``). Only this composition root
# knows every area.
AREAS = ("accounts", "audit", "org", "documents", "jobs", "imports", "health", "agreements", "monitoring",
         "discipline", "attendance", "awards", "tpp", "workers", "scorecards", "home", "demo")
AREA_MODULES = ("models", "listeners", "scopes", "jobs", "filters", "routes")


def area_module(area: str, name: str):
    """``app.<area>.<name>``, or None when the area has no such module."""
    import importlib

    qualified = f"app.{area}.{name}"
    try:
        return importlib.import_module(qualified)
    except ModuleNotFoundError as missing:
        if missing.name not in (qualified, f"app.{area}"):
            raise
        return None


def init_areas(app: Flask) -> None:
    from app.jobs import tasks as _tasks  # noqa: F401  (the one Huey task)

    for area in AREAS:
        for name in AREA_MODULES:
            module = area_module(area, name)
            if module is None:
                continue
            if name == "scopes":
                module.register()
            elif name == "filters":
                module.register(app)
            elif name == "routes":
                app.register_blueprint(module.bp)


def init_auth(app: Flask) -> None:
    from flask_login import login_user, user_loaded_from_cookie
    from sqlalchemy.orm import joinedload

    from app.accounts.models import User
    from app.core.http import MAX_ID

    login_manager.login_view = "accounts.login"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(identity: str):
        """``<id>:<session token>`` (``User.get_id``): a token the user no longer holds is a session that ended."""
        user_id, _, token = identity.partition(":")
        if not user_id.isdigit() or not token or int(user_id) > MAX_ID:
            return None
        # The person comes with the account, in the same query: the menu asks whether they are ASN.
        user = db.session.get(User, int(user_id), options=[joinedload(User.employee)])
        return user if user is not None and user.holds_session(token) else None

    @user_loaded_from_cookie.connect_via(app)
    def continue_remembered_session(sender, user):
        """A browser that comes back with only the remember-me cookie gets a whole session again. Without
        this, "strong" session protection found no session identifier on the next request, dropped the user
        and cleared the cookie: "keep me logged in" lasted one request."""
        login_user(user, remember=True, fresh=False)
        session.permanent = True

    @app.before_request
    def enforce_declared_access():
        """Deny by default: every endpoint is public, or declares its rule with ``@access``."""
        from app.core.htmx import redirect_htmx

        view = app.view_functions.get(request.endpoint or "")
        if view is None or request.endpoint == "static" or getattr(view, "access_public", False):
            return None
        if not current_user.is_authenticated:
            from flask import url_for

            return redirect_htmx(url_for("accounts.login", next=request.full_path.rstrip("?")))
        if not hasattr(view, "access_action"):
            from flask import abort

            abort(403)
        g.audit_actor = current_user._get_current_object()
        if current_user.must_change_password and request.endpoint not in (
            "accounts.change_password",
            "accounts.logout",
        ):
            from flask import url_for

            return redirect_htmx(url_for("accounts.change_password"))
        return None


def init_i18n(app: Flask) -> None:
    def select_locale():
        if not has_request_context():
            return app.config["BABEL_DEFAULT_LOCALE"]
        if current_user and current_user.is_authenticated and current_user.locale:
            return current_user.locale
        return session.get("locale") or app.config["BABEL_DEFAULT_LOCALE"]

    def select_timezone():
        from app.org.services import pemda_timezone

        return pemda_timezone()

    babel.init_app(
        app,
        locale_selector=select_locale,
        timezone_selector=select_timezone,
        default_translation_directories=str(ROOT / "translations"),
    )


def init_security_headers(app: Flask) -> None:
    csp = (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
        "form-action 'self'; frame-ancestors 'none'"
    )
    hsts = app.config["HSTS_MAX_AGE"]

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", csp)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        if hsts:
            response.headers["Strict-Transport-Security"] = f"max-age={hsts}"
        if request.endpoint != "static":
            response.headers.setdefault("Cache-Control", "no-store")
        return response


def init_requests(app: Flask) -> None:
    """Bounded ids in URLs and checked query values (before the routes, whose rules use the converter)."""
    from app.core.http import register

    register(app)


def init_template_filters(app: Flask) -> None:
    from app.core import formatting
    from app.core.templating import register

    register(app, formatting)


def init_errors(app: Flask) -> None:
    from app.core.errors import register

    register(app)


def init_cli(app: Flask) -> None:
    """Each area's command-line commands: the ``commands`` of its ``cli`` module (``flask --app wsgi …``)."""
    for area in AREAS:
        module = area_module(area, "cli")
        for command in getattr(module, "commands", ()):
            app.cli.add_command(command)
