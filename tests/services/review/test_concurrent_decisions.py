"""Four reviewers bulk-deciding the same 200 items at the same moment: one decision per item, the others
get a conflict message, on PostgreSQL and on SQLite (separate processes, the real servers)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from inventar.domain.items import ItemData
from inventar.models import Decision, Item, open_store
from inventar.services.items.service import ItemService

ROOT = Path(__file__).resolve().parents[3]
KINDS = ["reuse", "inspect", "dispose", "reuse"]


def _four_reviewers(target: str, tmp_path: Path) -> list[str]:
    store = open_store(target)
    items = ItemService(user="pedel")
    with store.db.atomic():
        for n in range(200):
            items.create(ItemData(category="chair", title=f"Stol {n}", quantity=2))
    store.close()
    start = tmp_path / "start"
    processes = [subprocess.Popen([sys.executable, str(ROOT / "tests" / "support" / "concurrent_decide.py"), target,
                                   kind, f"reviewer{n}", str(start)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
                 for n, kind in enumerate(KINDS)]
    import time

    time.sleep(2.0)  # every reviewer has opened the database and read the items
    start.touch()
    outputs = [p.communicate(timeout=120) for p in processes]
    for process, (_out, err) in zip(processes, outputs):
        assert process.returncode == 0, err
    return [out.strip() for out, _err in outputs]


def _check(target: str, results: list[str]) -> None:
    store = open_store(target)
    try:
        per_item = [Decision.select().where(Decision.item == i).count() for (i,) in Item.select(Item.id).tuples()]
        kinds = {d.kind for d in Decision.select(Decision.kind)}
    finally:
        store.close()
    assert len(per_item) == 200 and set(per_item) == {1}, "every item has exactly one decision"
    winners = [r for r in results if r == "ok"]
    losers = [r for r in results if r.startswith("conflict")]
    assert len(winners) >= 1 and len(winners) + len(losers) == 4, results
    assert all("En anden har netop ændret" in r for r in losers)
    assert len(kinds) == 1, "one consistent result, not a mix of the reviewers' decisions"


@pytest.mark.postgres
@pytest.mark.slow
def test_four_reviewers_on_postgresql(pg_url, tmp_path):
    results = _four_reviewers(pg_url, tmp_path)
    _check(pg_url, results)


@pytest.mark.slow
def test_four_reviewers_on_sqlite(tmp_path):
    target = str(tmp_path / "delt.sqlite")
    results = _four_reviewers(target, tmp_path)
    _check(target, results)
