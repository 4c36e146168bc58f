"""The words the scorecard partials need besides the data (page and PDF alike)."""

from app.tpp import labels as tpp_labels
from app.workers import labels as worker_labels


def words() -> dict:
    return {"expectation_labels": tpp_labels.expectations(), "predikat_labels": tpp_labels.predikats(),
            "warning_levels": worker_labels.levels(), "evaluation_results": worker_labels.results(),
            "evaluation_period": worker_labels.period}
