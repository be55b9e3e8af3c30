"""Build the one-folder bundle: ``python packaging/build.py [--dist DIR] [--work DIR]``.

Works the same on Linux, Windows and macOS (run it on the system you build for).
Prints the path of the built executable.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def make_icon() -> None:
    """Windows wants an .ico; derive it from the PNG in assets/ when missing."""
    ico = HERE / "inventar.ico"
    if ico.exists():
        return
    from PIL import Image

    Image.open(ROOT / "assets" / "icons" / "inventar.png").save(
        ico, sizes=[(16, 16), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build")
    args = parser.parse_args(argv)
    make_icon()
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
                    "--distpath", str(args.dist), "--workpath", str(args.work), str(HERE / "inventar.spec")],
                   check=True, cwd=ROOT)
    exe = args.dist / "inventar" / ("inventar.exe" if sys.platform == "win32" else "inventar")
    print(exe)
    return 0 if exe.exists() else 1


if __name__ == "__main__":
    sys.exit(main())
