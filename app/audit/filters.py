"""``audit_url(obj)`` in templates: the address of a record's history (with what belongs to it) in the audit
trail, or None for someone who may not read the trail. A record's page links to it:

    {% if audit_url(nomination) %}<a href="{{ audit_url(nomination) }}">{{ _("Change history") }}</a>{% endif %}
"""

from __future__ import annotations

from flask import Flask, url_for
from flask_login import current_user

from app.accounts.access import can
from app.audit.kinds import kind_of


def audit_url(obj) -> str | None:
    kind = kind_of(getattr(obj, "__tablename__", ""))
    if kind is None or getattr(obj, "id", None) is None or not can(current_user, "audit.view"):
        return None
    return url_for("audit.index", entity=kind.table, entity_id=obj.id)


def register(app: Flask) -> None:
    app.add_template_global(audit_url, "audit_url")
