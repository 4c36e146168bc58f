"""Award objects: OPD-wide set-up and rounds shared with everyone inside the OPD; nominations in their unit."""

from app.accounts import access
from app.awards.models import Category, Certificate, Instrument, Nomination, Round


def register() -> None:
    for opd_wide in (Category, Instrument):  # everyone in the OPD may know they exist; only HR manages them
        access.register_scope(opd_wide, lambda obj: obj.opd.path, shared_down=frozenset({"awards.view"}),
                              unit_column=opd_wide.opd_id)
    access.register_scope(Round, lambda award_round: award_round.opd.path,
                          shared_down=frozenset({"awards.view", "awards.nominate", "awards.score"}),
                          unit_column=Round.opd_id)
    access.register_scope(Nomination, lambda nomination: nomination.unit.path, unit_column=Nomination.unit_id)
    access.register_self(Nomination, lambda nomination: nomination.employee_id,
                         employee_column=Nomination.employee_id)
    access.register_scope(Certificate, lambda certificate: certificate.nomination.unit.path)
    access.register_self(Certificate, lambda certificate: certificate.nomination.employee_id)
