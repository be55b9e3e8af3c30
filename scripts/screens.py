"""Open every window and dialog on a real X server, check it lies inside the screen and photograph it.

Not part of the test run.  On a 1366×768 laptop screen (or Xvfb with a window manager):

    Xvfb :7 -screen 0 1366x768x24 &  DISPLAY=:7 openbox &
    DISPLAY=:7 QT_QPA_PLATFORM=xcb INVENTAR_HOME=/tmp/fit-home python scripts/screens.py \\
        --db /tmp/fit-home/demo.sqlite --out /tmp/fit-shots

Writes one PNG per window (the whole screen, via ImageMagick's ``import``) and prints each window's frame
geometry against the screen's available geometry; exits 1 if any window runs over its edge.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication  # noqa: E402

from inventar.models import open_store  # noqa: E402
from inventar.settings import Settings  # noqa: E402


def settle(seconds: float = 0.8) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.02)


def shoot(window, name: str, out: Path, problems: list[str]) -> None:
    settle()
    area = window.screen().availableGeometry()
    frame = window.frameGeometry()
    inside = area.contains(frame)
    line = (f"{name:18} {frame.width()}×{frame.height()} at ({frame.x()},{frame.y()})  "
            f"client {window.width()}×{window.height()}  min {window.minimumSizeHint().width()}×"
            f"{window.minimumSizeHint().height()}  {'ok' if inside else 'OUTSIDE ' + str(area.getRect())}")
    print(line, flush=True)
    if not inside:
        problems.append(line)
    subprocess.run(["import", "-window", "root", str(out / f"{name}.png")], check=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--out", default="screens")
    parser.add_argument("--only", nargs="*", help="names of the windows to open (default: all)")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    from inventar.ui.app import make_application  # as the app: Danish Qt texts and number formats
    from inventar.ui.main_window import MainWindow

    app = make_application(sys.argv[:1])
    from tests.support.windows import WINDOWS

    store = open_store(args.db)
    main_window = MainWindow.open(store, Settings(), open_store)
    main_window.show()
    problems: list[str] = []
    area = main_window.screen().availableGeometry()
    print(f"screen {main_window.screen().geometry().getRect()}, available {area.getRect()}")
    shoot(main_window, "main_window", out, problems)
    for name, opener in WINDOWS.items():
        if args.only and name not in args.only:
            continue
        window = opener(main_window)
        window.show()
        shoot(window, name, out, problems)
        tabs = getattr(window, "tabs", None)  # the other tabs of a tabbed window, each its own picture
        for index in range(1, tabs.count() if hasattr(tabs, "count") else 0):
            tabs.setCurrentIndex(index)
            shoot(window, f"{name}_tab{index}", out, problems)
        if name == "registration":
            window._clean_state = window.form_state()  # close without the unsaved-item question
        window.close()
        settle(0.2)
    main_window.save_layout = lambda: None  # leave the remembered layout alone
    main_window.close()
    app.processEvents()
    store.close()
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
