#!/usr/bin/env bash
# Set up (if needed) and run the whole test suite, including the PostgreSQL tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The shared-mode tests need the PostgreSQL server on 127.0.0.1:5432; start it when installed but down.
if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
  if ! (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; then
    for version in /etc/postgresql/*; do
      pg_ctlcluster --skip-systemctl-redirect "$(basename "$version")" main start || true
    done
  fi
fi
export QT_QPA_PLATFORM=offscreen
exec .venv/bin/python -m pytest "$@"
