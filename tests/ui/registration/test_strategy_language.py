"""The strategy's criteria speak the chosen language (the default strategy's names are in the catalogue)."""

from inventar import i18n
from inventar.domain.registration import load_strategy
from inventar.paths import asset_path
from inventar.ui.registration.strategy_panel import StrategyPanel


def test_criteria_names_in_english(qtbot):
    i18n.set_language("en")
    try:
        panel = StrategyPanel(lambda category, criteria: None)
        qtbot.addWidget(panel)
        panel.set_strategy(load_strategy(asset_path("strategy.json")))
        texts = [box.text() for box in panel.criteria.values()]
        assert any("Craftsmanship" in text for text in texts), texts
        assert not any("Håndværksmæssig" in text for text in texts), texts
    finally:
        i18n.set_language("da")
