"""Danish and English are both complete: every UI text in the code has an English translation."""

import re
import subprocess
import sys
from pathlib import Path

from inventar import i18n

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import messages  # noqa: E402


def test_every_text_has_an_english_translation():
    assert messages.missing() == []


def test_every_visible_text_is_marked():
    assert messages.unmarked() == []


def test_the_check_can_fail(tmp_path):
    """An unmarked Danish text given to Qt, and a marked text the catalogue lacks, are both reported."""
    package = tmp_path / "inventar"
    package.mkdir()
    (package / "window.py").write_text(
        "from PySide6.QtWidgets import QLabel, QPushButton\n"
        "from inventar.i18n import _\n"
        "save = QLabel('Gem ændringer')\n"
        "later = QPushButton(_('Et helt nyt tekststykke'))\n"
        "name = QLabel(_('Navn'))\n"
        "name.setObjectName('nameLabel')\n"
        "name.setStyleSheet('QLabel { color: red; }')\n", encoding="utf-8")
    assert messages.unmarked(package) == ["inventar/window.py:3: 'Gem ændringer'"]
    texts = messages.texts_in_code(package)
    assert texts == {"Et helt nyt tekststykke", "Navn"}
    assert messages.missing(texts) == ["Et helt nyt tekststykke"]


def test_an_ignore_comment_and_declared_tables_are_respected():
    source = ("WIDGET = QLabel('Ryd')  # i18n: ignore\n"
              "HEADERS = {1: 'Etage', 2: 'Rum'}\n"
              "OTHER_HEADERS = {1: 'Etage', 2: 'approved'}\n"
              "class Model:\n"
              "    def headerData(self, section, orientation, role):\n"
              "        return 'Antal' if section else _('Navn')\n")
    assert messages.unmarked_in_source(source) == [(3, "Etage"), (6, "Antal")]
    assert messages.texts_in_source(source) == {"Etage", "Rum", "Navn"}


def test_translations_keep_their_placeholders():
    catalogue = messages.load()
    for danish, english in catalogue.items():
        fields = r"{(\w+(?::[^}]*)?)}"  # name and format spec: {n}, {value:.1f}
        assert sorted(re.findall(fields, danish)) == sorted(re.findall(fields, english)), danish


def test_switching_language_translates_and_fills_values():
    i18n.set_language("en")
    assert i18n._("Antal: skal være et helt tal på mindst 1") == "Quantity: must be a whole number of at least 1"
    i18n.set_language("da")
    assert i18n._("{n} fotos", n=3) == "3 fotos"


def test_the_checker_script_runs():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "messages.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
