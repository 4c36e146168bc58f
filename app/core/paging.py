"""A page of a list already in memory, read by ``macros/forms.html``'s pager like Flask-SQLAlchemy's pagination."""

from __future__ import annotations


class ListPage:
    def __init__(self, items: list, page: int, per_page: int):
        self.pages = max(1, -(-len(items) // per_page))
        self.page = min(max(1, page), self.pages)
        self.items = items[(self.page - 1) * per_page:self.page * per_page]
        self.total = len(items)
        self.has_prev, self.has_next = self.page > 1, self.page < self.pages
