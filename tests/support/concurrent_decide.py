"""Run by the concurrency test: one reviewer bulk-deciding every item of a shared database at a signal.

Usage: python tests/support/concurrent_decide.py URL KIND NAME START_FILE
Waits until START_FILE exists (so all reviewers start together), decides every item ``KIND`` once
and prints ``ok`` or ``conflict``.
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from inventar.domain.review import ConcurrentChangeError  # noqa: E402
from inventar.models import Item, open_store  # noqa: E402
from inventar.services.review.decisions import DecisionService  # noqa: E402


def main() -> int:
    url, kind, name, start = sys.argv[1], sys.argv[2], sys.argv[3], Path(sys.argv[4])
    store = open_store(url)
    ids = [i for (i,) in Item.select(Item.id).tuples()]
    service = DecisionService(user=name)
    while not start.exists():
        time.sleep(0.005)
    try:
        service.decide(ids, kind, route="sell" if kind == "dispose" else "")
        print("ok", flush=True)
    except ConcurrentChangeError as error:
        print(f"conflict: {error}", flush=True)
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
