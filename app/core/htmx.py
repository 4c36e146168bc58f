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
        _inherit_blocks(current_app.jinja_env, tmpl, ctx)
        body = "".join(ctx.blocks[fragment][0](ctx))
    else:
        body = render_template(template, **context)
    response = make_response(body, status)
    response.vary.add("HX-Request")
    return response


_PARENTS: dict[str, str | None] = {}


def _parent_name(env, name: str) -> str | None:
    """The template ``name`` extends (a constant name), or None."""
    if name not in _PARENTS:
        from jinja2 import nodes

        found = env.parse(env.loader.get_source(env, name)[0]).find(nodes.Extends)
        _PARENTS[name] = found.template.value if found and isinstance(found.template, nodes.Const) else None
    return _PARENTS[name]


def _inherit_blocks(env, tmpl: Template, ctx) -> None:
    """Give ``ctx`` the blocks of every ancestor, as ``{% extends %}`` would: a fragment may live in a base
    template (``form_page.html``'s form) and use the blocks its page overrides."""
    name = tmpl.name
    while (name := _parent_name(env, name)) is not None:
        for block, render_block in env.get_template(name).blocks.items():
            ctx.blocks.setdefault(block, []).append(render_block)


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
