"""The words the scorecard partials need besides the data (page and PDF alike)."""

from app.tpp import labels as tpp_labels


def words() -> dict:
    return {"expectation_labels": tpp_labels.expectations(), "predikat_labels": tpp_labels.predikats()}
