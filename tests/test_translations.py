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
