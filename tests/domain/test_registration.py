"""The registration strategy file: the bundled one loads, malformed ones name the line or key."""

import json

import pytest

from inventar.domain.items import ItemData, ValidationError
from inventar.domain.registration import StrategyError, load_strategy, parse_strategy
from inventar.domain.vocabulary import CATEGORIES, STRATEGY_CRITERIA
from inventar.paths import asset_path

BUNDLED = asset_path("strategy.json")


def test_bundled_strategy_uses_the_stored_codes_and_has_danish_help():
    strategy = load_strategy(BUNDLED)
    assert set(STRATEGY_CRITERIA) <= strategy.codes
    assert all(c.help and c.name for c in strategy.criteria)
    assert strategy.categories_in_scope < set(CATEGORIES)
    assert not strategy.in_scope("other")
    assert strategy.gold_reason_required("chair", ["period"]) is None
    assert "intet strategikriterium" in strategy.gold_reason_required("chair", [])
    assert "uden for strategien" in strategy.gold_reason_required("other", ["period"])


def _bundled() -> dict:
    return json.loads(BUNDLED.read_text(encoding="utf-8"))


def test_syntax_error_names_line_and_column():
    text = BUNDLED.read_text(encoding="utf-8").replace('"version": 1,', '"version": 1')
    with pytest.raises(StrategyError) as info:
        parse_strategy(text, "min.json")
    line = next(i for i, l in enumerate(text.splitlines(), 1) if '"version": 1' in l) + 1
    assert f"linje {line}" in str(info.value) and "min.json" in str(info.value)


@pytest.mark.parametrize("change, key", [
    (lambda d: d["criteria"][2].pop("help"), "criteria[2].help"),
    (lambda d: d["criteria"][1].update(code="Særlig farve"), "criteria[1].code"),
    (lambda d: d["criteria"][3].update(code="craftsmanship"), "criteria[3].code"),
    (lambda d: d["categories_in_scope"].append("rocket"), "categories_in_scope[12]"),
    (lambda d: d.update(criteria=[]), "criteria"),
    (lambda d: d.update(colour="red"), "colour"),
])
def test_content_errors_name_the_key_and_its_line(change, key):
    data = _bundled()
    change(data)
    text = json.dumps(data, ensure_ascii=False, indent=2)
    with pytest.raises(StrategyError) as info:
        parse_strategy(text)
    assert f"»{key}«" in str(info.value)
    assert "linje" in str(info.value)


def test_error_line_points_at_the_broken_criterion():
    data = _bundled()
    data["criteria"][3]["help"] = ""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    lines = text.splitlines()
    with pytest.raises(StrategyError) as info:
        parse_strategy(text)
    expected = next(i for i, l in enumerate(lines, 1) if l.strip() == '"help": ""')
    assert f"linje {expected}," in str(info.value)


def test_added_criterion_is_accepted_by_validation_when_given():
    data = _bundled()
    data["criteria"].append({"code": "acoustics", "name": "Akustik", "help": "Dæmper lyd i åbne kontorer."})
    strategy = parse_strategy(json.dumps(data))
    assert "acoustics" in strategy.codes
    item = ItemData(category="screen", strategy_criteria=["acoustics"])
    with pytest.raises(ValidationError):
        ItemData(category="screen", strategy_criteria=["acoustics"]).validated()
    assert item.validated(strategy.codes).strategy_criteria == ["acoustics"]


def test_missing_file_and_non_utf8(tmp_path):
    with pytest.raises(StrategyError, match="findes ikke"):
        load_strategy(tmp_path / "nej.json")
    bad = tmp_path / "latin1.json"
    bad.write_bytes("{\"name\": \"Møbler\"}".encode("latin-1"))
    with pytest.raises(StrategyError, match="UTF-8"):
        load_strategy(bad)


def test_an_oversized_strategy_file_is_refused_before_it_is_read(tmp_path):
    big = tmp_path / "stor.json"
    with open(big, "wb") as handle:
        handle.truncate(2 << 20)  # a sparse 2 MB file: nothing to parse, only its size counts
    with pytest.raises(StrategyError, match="stor.json er for stor"):
        load_strategy(big)
    assert load_strategy(asset_path("strategy.json")).criteria  # the bundled one fits
