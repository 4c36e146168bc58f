"""The regional government (pemda): its name, city, timezone, paper and emblem (logo)."""

from __future__ import annotations

from flask import abort, send_file, url_for
from flask_babel import gettext as _

from app.accounts.access import access, public
from app.core.files import path_of, store
from app.core.forms import save
from app.core.htmx import render
from app.org import services
from app.org.forms import PemdaForm
from app.org.routes import bp


@bp.route("/settings", methods=["GET", "POST"])
@access("settings.edit")
def settings():
    pemda = services.get_pemda()
    form = PemdaForm(obj=pemda)

    def work():
        data = {k: form.data[k] for k in ("name", "level", "city", "timezone", "paper_size", "rating_preset")}
        if form.logo.data:
            content, extension = form.logo.data
            data["logo_file"] = store(content, extension)
        return services.save_pemda(data, form.version.data)

    return save(form, work, field=None, done=_("Settings saved."), then=url_for("org.settings"),
                page=lambda status: render("org/settings.html", "form", status=status, form=form, pemda=pemda))


EMBLEM_TYPES = {"svg": "image/svg+xml", "png": "image/png", "jpg": "image/jpeg"}


@bp.get("/logo")
@public
def logo():
    """The pemda's emblem, for pages and documents (public: it is printed on every official document)."""
    pemda = services.get_pemda()
    if pemda is None or not pemda.logo_file:
        abort(404)
    try:
        path = path_of(pemda.logo_file)
    except FileNotFoundError:
        abort(404)
    if not path.exists():
        abort(404)
    extension = pemda.logo_file.rsplit(".", 1)[-1]
    response = send_file(path, mimetype=EMBLEM_TYPES.get(extension, "image/jpeg"), max_age=3600, etag=True)
    # Checked when uploaded (app.org.emblem); opened on its own, an SVG may still not run or fetch anything.
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    return response
