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

    init_extensions(app)
    init_models()
    init_auth(app)
    init_i18n(app)
    init_security_headers(app)
    init_template_filters(app)
    init_blueprints(app)
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


def init_models() -> None:
    """Import every model module so metadata is complete, and register access scopes."""
    from app.accounts import models as _accounts  # noqa: F401
    from app.agreements import jobs as _agreement_jobs  # noqa: F401  (job kinds register their handlers)
    from app.agreements import models as _agreements  # noqa: F401
    from app.audit import listeners as _listeners  # noqa: F401
    from app.audit import models as _audit  # noqa: F401
    from app.awards import models as _awards  # noqa: F401
    from app.awards import printing as _award_printing  # noqa: F401
    from app.discipline import models as _discipline  # noqa: F401
    from app.documents import models as _documents  # noqa: F401
    from app.imports import export as _export  # noqa: F401  (job kinds register their handlers)
    from app.imports import models as _imports  # noqa: F401
    from app.jobs import models as _jobs  # noqa: F401
    from app.jobs import tasks as _tasks  # noqa: F401
    from app.monitoring import models as _monitoring  # noqa: F401
    from app.monitoring import stats as _stats  # noqa: F401  (keeps the dashboards' figures in step)
    from app.org import scopes  # registers org scopes with the access module

    scopes.register()


def init_auth(app: Flask) -> None:
    from app.accounts.models import User

    login_manager.login_view = "accounts.login"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(user_id: str):
        return db.session.get(User, int(user_id))

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

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", csp)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        if request.endpoint != "static":
            response.headers.setdefault("Cache-Control", "no-store")
        return response


def init_template_filters(app: Flask) -> None:
    from app.core import formatting
    from app.core.templating import register

    register(app, formatting)


def init_blueprints(app: Flask) -> None:
    from app.accounts.routes import bp as accounts_bp
    from app.agreements.routes import bp as agreements_bp
    from app.audit.routes import bp as audit_bp
    from app.awards.routes import bp as awards_bp
    from app.discipline.routes import bp as discipline_bp
    from app.documents.routes import bp as documents_bp
    from app.imports.routes import bp as imports_bp
    from app.jobs.routes import bp as jobs_bp
    from app.monitoring.routes import bp as monitoring_bp
    from app.org.routes import bp as org_bp

    for bp in (accounts_bp, org_bp, agreements_bp, monitoring_bp, awards_bp, discipline_bp, audit_bp, jobs_bp,
               imports_bp, documents_bp):
        app.register_blueprint(bp)


def init_errors(app: Flask) -> None:
    from app.core.errors import register

    register(app)


def init_cli(app: Flask) -> None:
    from app.core.cli import register

    register(app)
