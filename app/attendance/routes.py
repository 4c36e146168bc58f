"""The attendance screens. One blueprint; each screen family is a module of ``app.attendance.views`` (calendar,
check-ins, the month grid and recap, leave and excuses, alerts), all imported here."""

import importlib
import pkgutil

from app.attendance import views
from app.attendance.views import bp

for _module in pkgutil.iter_modules(views.__path__):
    importlib.import_module(f"{views.__name__}.{_module.name}")

__all__ = ["bp"]
