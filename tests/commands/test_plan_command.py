"""``main.py plan`` as a real subprocess on a demo database."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from inventar.models import Centre, Floor, open_store
from inventar.services.placement.service import PlacementService

ROOT = Path(__file__).resolve().parents[2]


def run_main(*args):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ}, timeout=180)


def _small_building(path):
    store = open_store(path)
    try:
        service = PlacementService("test")
        f0 = service.save_floor(None, 0, "Stueetage", 60)
        f1 = service.save_floor(None, 1, "1. sal", 60)
        bac = service.save_centre(None, "Borger- og Arbejdsmarkedscenter", "BAC", 50, 5)
        it = service.save_centre(None, "IT", "IT", 20, 0)
        hr = service.save_centre(None, "HR-Centret", "HRC", 30, 1)
        service.set_collaboration(it, hr, 6)
        service.save_plan(service.active_scenario().id, {bac: {f1: 50}, it: {f0: 20}, hr: {f0: 30}})
    finally:
        store.close()


def test_plan_prints_the_current_plan_and_its_score(tmp_path):
    target = tmp_path / "p.sqlite"
    _small_building(target)
    result = run_main("--db", str(target), "plan")
    assert result.returncode == 0, result.stderr
    assert "1. sal" in result.stdout and "BAC 50" in result.stdout
    # average centre: 100 / 3 workplaces; BAC (50, contact 5) on floor 1 counts 5 × 1 × 1.5
    assert "1 Borgerkontakt: 7.50 × 4 = 30.0" in result.stdout
    assert "Point (lavere er bedre): 30.0" in result.stdout
    data = json.loads(run_main("--db", str(target), "plan", "--json").stdout)
    assert data["status"] == "current" and data["optimal"] is None
    assert data["score"]["contact"] == pytest.approx(5 * 1 * 50 / (100 / 3))
    assert data["score"]["collaboration"] == 0 and data["score"]["split"] == 0
    assert {c["abbreviation"]: c["shares"] for c in data["centres"]}["BAC"] == [
        {"level": 1, "workplaces": 50, "share": 1.0}]
    assert [f["used"] for f in data["floors"]] == [50, 50]


def test_plan_optimise_json_is_optimal_and_not_saved(tmp_path):
    target = tmp_path / "p.sqlite"
    _small_building(target)
    result = run_main("--db", str(target), "plan", "--optimise", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["optimal"] is True and data["status"] == "optimal"
    assert data["method"] == "sets"  # a small building is proven by the set programme alone
    shares = {c["abbreviation"]: c["shares"] for c in data["centres"]}
    assert shares["BAC"] == [{"level": 0, "workplaces": 50, "share": 1.0}]
    assert shares["IT"][0]["level"] == shares["HRC"][0]["level"] == 1
    assert data["score"]["total"] <= data["bound"] + 1e-6
    text = run_main("--db", str(target), "plan", "--optimise").stdout
    assert "Bevist optimal" in text
    again = json.loads(run_main("--db", str(target), "plan", "--json").stdout)  # the stored plan is unchanged
    assert {c["abbreviation"]: c["shares"] for c in again["centres"]}["BAC"][0]["level"] == 1


def test_plan_optimise_reports_missing_capacity(tmp_path):
    target = tmp_path / "d.sqlite"
    assert run_main("--db", str(target), "demo", "--items", "0").returncode == 0
    store = open_store(target)
    try:
        assert Centre.select().count() == 10
        Floor.update(capacity=10).execute()
    finally:
        store.close()
    result = run_main("--db", str(target), "plan", "--optimise")
    assert result.returncode == 1
    assert "men etagerne har kun 50" in result.stderr
