"""One Danish name per field: forms, conflict texts, history and Excel headers read one table."""

from __future__ import annotations

from inventar.domain.fields import FIELD_LABELS, field_label
from inventar.domain.sync import compare
from inventar.services.excel.columns import ITEM_FIELDS, normalise
from inventar.services.excel.writer import field_col


def test_one_name_per_field():
    assert field_label("route") == "Rute" and field_label("target_centre_id") == "Målcenter"
    assert field_label("unknown_field") == "unknown_field"
    assert len(set(FIELD_LABELS.values())) == len(FIELD_LABELS), "two fields share a name"


def test_conflict_texts_and_excel_headers_use_the_table():
    [conflict] = compare({"route": "sell"}, {"route": "donate"})
    assert conflict.label == "Rute"
    assert field_col("route").header == "Rute"
    headers = {f.name: f.header for f in ITEM_FIELDS}
    assert headers["label_code"] == FIELD_LABELS["label_code"]
    assert headers["target_centre"] == FIELD_LABELS["target_centre_id"]


def test_old_excel_headers_are_still_accepted():
    keys = {f.name: f.keys() for f in ITEM_FIELDS}
    assert normalise("Etiket") in keys["label_code"] and normalise("Målcenter") in keys["target_centre"]

