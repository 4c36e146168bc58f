"""Perjanjian Kinerja use cases. Services flush; the route commits once.

* ``parties``: who is who in an agreement, and the check every change goes through;
* ``drafting``: creating an agreement, its header and contents (sasaran, indicators, budget lines);
* ``workflow``: submit, return, sign, countersign, revise, and the differences between versions;
* ``planning``: an OPD's year: the cascade, who has signed by the deadline, starting a year.

Callers use ``from app.agreements import services`` and the names below.
"""

from app.agreements.models import Indicator  # noqa: F401  (callers built indicators as services.Indicator)
from app.agreements.services.drafting import (
    INDICATOR_FIELDS,
    add_sasaran,
    copy_contents,
    copy_to_next_year,
    copy_to_year,
    create,
    create_for_unit,
    delete_part,
    has_contents,
    next_year_of,
    save_budget_line,
    save_indicator,
    superior_indicators,
    update_header,
    update_sasaran,
)
from app.agreements.services.parties import (
    actors,
    check,
    check_second_party,
    default_second_party,
    external_snapshot,
    head_of,
    is_first_party,
    is_head_of,
    is_second_party,
    records_for_outsider,
    require,
    second_party_of,
    snapshot,
)
from app.agreements.services.planning import cascade_tree, officials, set_deadline, start_year, tracking
from app.agreements.services.workflow import (
    budget_rows,
    countersign,
    diff,
    indicator_rows,
    return_for_changes,
    revise,
    sign,
    submit,
)

__all__ = [
    "INDICATOR_FIELDS", "actors", "add_sasaran", "budget_rows", "cascade_tree", "check", "check_second_party",
    "copy_contents", "copy_to_next_year", "copy_to_year", "countersign", "create", "create_for_unit",
    "default_second_party", "delete_part", "has_contents", "next_year_of",
    "diff", "external_snapshot", "head_of", "indicator_rows", "is_first_party", "is_head_of",
    "is_second_party", "officials", "records_for_outsider", "require", "return_for_changes", "revise",
    "save_budget_line", "save_indicator", "second_party_of", "set_deadline", "sign", "snapshot", "start_year",
    "submit", "superior_indicators", "tracking", "update_header", "update_sasaran",
]
