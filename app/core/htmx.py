"""htmx helpers: one URL, two renderings (the full page, or the fragment htmx asked for)."""

from __future__ import annotations

from flask import make_response, render_template, request
from jinja2 import Template


def is_htmx() -> bool:
    return request.headers.get("HX-Request") == "true"


def is_boosted() -> bool:
    return request.headers.get("HX-Boosted") == "true"


def render(template: str, fragment: str | None = None, status: int = 200, **context):
    """Render ``template``; for an htmx (non-boosted) request render only its block ``fragment``."""
    if fragment and is_htmx() and not is_boosted():
        from flask import current_app

        tmpl: Template = current_app.jinja_env.get_or_select_template(template)
        ctx = tmpl.new_context(_template_context(context))
        body = "".join(tmpl.blocks[fragment](ctx))
    else:
        body = render_template(template, **context)
    response = make_response(body, status)
    response.vary.add("HX-Request")
    return response


def _template_context(context: dict) -> dict:
    from flask import current_app

    ctx = dict(context)
    current_app.update_template_context(ctx)
    return ctx


def redirect_htmx(url: str):
    """Redirect that works for plain and htmx requests alike."""
    from flask import redirect

    if is_htmx():
        response = make_response("", 204)
        response.headers["HX-Redirect"] = url
        return response
    return redirect(url, code=303)
