"""The Excel round trip and the procurement netting on a real PostgreSQL database."""

import openpyxl
import pytest

from inventar.models import Centre, Decision, Floor, Item, Room, open_store
from inventar.services.excel.exports import export
from inventar.services.excel.importer import analyse
from inventar.services.needs.norm import NeedService, NormLine
from inventar.services.needs.procurement import net

pytestmark = pytest.mark.postgres


def test_export_import_and_netting_on_postgres(pg_url, tmp_path):
    store = open_store(pg_url, photo_dir=str(tmp_path / "fotos"))
    try:
        centre = Centre.create(name="Center A", abbreviation="A", headcount=3)
        floor = Floor.create(level=1, name="1. sal")
        room = Room.create(floor=2, number="2.10", name="Kontor")
        chair = Item.create(category="task_chair", title="Kontorstol", quantity=2, width_cm=65.5, room=room,
                            hidden_gold=True, hidden_gold_reason="Tidstypisk", target_centre=centre,
                            target_floor=floor)
        Decision.create(item=chair, kind="reuse", approval="approved")
        NeedService().save_norm([NormLine("task_chair", 1, 1)])
        line = net("approved").lines[0]
        assert (line.needed, line.covered, line.to_buy) == (3, 2, 1)

        target = tmp_path / "register.xlsx"
        export("register", target, source=store.target)
        rows = list(openpyxl.load_workbook(target)["Genstande"].iter_rows(values_only=True))
        record = dict(zip(rows[0], rows[1]))
        assert (record["Betegnelse"], record["Bredde (cm)"], record["Gemt guld"], record["Målcenter"]) == \
            ("Kontorstol", 65.5, "Ja", "A")
        plan = analyse(target)
        assert plan.rejected == [] and plan.writes == 0  # everything is already there, unchanged
        export("procurement", tmp_path / "indkob.xlsx")
        assert Item.select().count() == 1
    finally:
        store.close()
