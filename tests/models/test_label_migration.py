"""The labels schema step: an existing database keeps its items and codes and gains the label tables."""

from inventar.models import Item, migrations, open_store
from inventar.models.entities import LabelSeries, LabelTemplate, ReservedCode
from inventar.services.labels.codes import LabelCodeService
from tests.support.databases import older_database


def _database_before_labels(path):
    """A database at the step before the labels step (whatever number it has after merges)."""
    before = next(i for i, step in enumerate(migrations.STEPS) if step.__name__.endswith("_labels"))
    db = older_database(path, before)
    db.execute_sql("INSERT INTO item (uuid, label_code, category, title, description, manufacturer, model_name, "
                   "period, material, colour, quantity, strategy_criteria, hidden_gold, hidden_gold_reason, "
                   "no_photo_reason, registered_by, registered_at, updated_at, row_version, is_demo) VALUES "
                   "('u-1', 'HTK-00017', 'chair', 'Syveren', '', '', '', '', '', '', 40, '', 0, '', '', 'Jens', "
                   "'2022-08-15 09:30:00', '2022-08-15 09:30:00', 1, 0)")
    db.close()
    return before


def test_upgrade_adds_label_tables_and_keeps_codes(tmp_path):
    path = tmp_path / "old.sqlite"
    before = _database_before_labels(path)
    store = open_store(path)
    try:
        assert store.upgraded_from == before
        item = Item.get(Item.label_code == "HTK-00017")
        assert item.label_printed_at is None
        assert ReservedCode.select().count() == LabelSeries.select().count() == LabelTemplate.select().count() == 0
        assert LabelCodeService(user="t").resolve("HTK-00017").item_id == item.id  # an old code still opens
        assert [r.code for r in LabelCodeService(user="t").label_rows()] == ["HTK-00017"]
    finally:
        store.close()
