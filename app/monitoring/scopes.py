"""Unit KPIs and realisations sit in their unit; evidence and corrections where their realisation sits."""

from app.accounts import access
from app.monitoring.models import Evidence, Realisation, RealisationChange, UnitKpi


def register() -> None:
    access.register_scope(UnitKpi, lambda kpi: kpi.unit.path, unit_column=UnitKpi.unit_id)
    access.register_scope(Realisation, lambda realisation: realisation.unit.path,
                          unit_column=Realisation.unit_id)
    for part in (Evidence, RealisationChange):
        access.register_scope(part, lambda obj: obj.realisation.unit.path)
