#!/usr/bin/env bash
# Set up (if needed) and start Inventar on its embedded SQLite database.
# Arguments are passed on: scripts/run.sh --db other.sqlite, scripts/run.sh demo --items 500 ...
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ "$(uname)" = "Linux" ] && [ $# -eq 0 -o "${1:-}" = "--db" ]; then
  echo "No display found: starting Inventar on a virtual screen (xvfb-run)."
  exec xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/python main.py "$@"
fi
exec .venv/bin/python main.py "$@"
