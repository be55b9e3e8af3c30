"""The PyInstaller bundle is complete: build it here and run the built binary headless."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from inventar import __version__

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    pytest.importorskip("PyInstaller")
    work = tmp_path_factory.mktemp("pyinstaller")
    result = subprocess.run([sys.executable, str(ROOT / "packaging" / "build.py"), "--dist", str(work / "dist"),
                             "--work", str(work / "build")], capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    gui = Path(result.stdout.strip().splitlines()[-1])
    assert gui.exists()
    cli = gui.with_name(gui.name.replace("inventar", "inventar-cli"))
    assert cli.exists()
    return {"gui": gui, "cli": cli}


def run(exe, *args, **env):
    return subprocess.run([str(exe), *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **env})


def test_bundle_reports_its_version(bundle):
    result = run(bundle["cli"], "--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"Inventar {__version__}"


def test_bundle_makes_demo_data_with_photos_and_translations(bundle, tmp_path):
    target = tmp_path / "bundle.sqlite"
    result = run(bundle["cli"], "--db", str(target), "demo", "--items", "25")
    assert result.returncode == 0, result.stderr
    assert "25 genstande" in result.stdout
    assert any((tmp_path / "bundle-fotos").rglob("*.jpg"))
    english = run(bundle["cli"], "--lang", "en", "--help")
    assert "fill the database with demo data" in english.stdout


def test_bundle_opens_its_main_window(bundle, tmp_path):
    target = tmp_path / "gui.sqlite"
    run(bundle["cli"], "--db", str(target), "demo", "--items", "5")
    result = run(bundle["gui"], "--db", str(target), INVENTAR_EXIT_AFTER_SHOW="1", INVENTAR_HOME=str(tmp_path / "home"))
    assert result.returncode == 0, result.stderr
    assert "items=5" in result.stdout


def test_bundle_runs_the_optimiser(bundle, tmp_path):
    import json

    target = tmp_path / "plan.sqlite"
    run(bundle["cli"], "--db", str(target), "demo", "--items", "5")
    result = run(bundle["cli"], "--db", str(target), "plan", "--optimise", "--json", "--time-limit", "20")
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    assert plan["floors"] and "score" in json.dumps(plan)


def test_the_installer_opens_the_phone_port_from_the_settings_and_closes_it_again():
    """The Windows firewall rule (packaging/inventar.iss) opens the port the phone server listens on."""
    import re

    from inventar.settings import DECLARED

    script = (ROOT / "packaging" / "inventar.iss").read_text(encoding="utf-8")
    assert re.search(r'#define PhonePort "(\d+)"', script).group(1) == str(DECLARED["phone_port"].default)
    run_section = script.split("[Run]")[1].split("[UninstallRun]")[0]
    uninstall = script.split("[UninstallRun]")[1]
    assert "advfirewall firewall add rule" in run_section and "dir=in action=allow protocol=TCP" in run_section
    assert "localport={#PhonePort}" in run_section and "profile=private" in run_section
    assert "advfirewall firewall delete rule" in uninstall and "{#PhoneRule}" in uninstall
