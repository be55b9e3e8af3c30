"""Run by the concurrency test: one "laptop" registering items with label codes on a shared database.

Usage: python tests/support/concurrent_register.py URL COUNT NAME
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from inventar.domain.items import ItemData  # noqa: E402
from inventar.models import open_store  # noqa: E402
from inventar.services.items.service import ItemService  # noqa: E402
from inventar.services.labels.codes import LabelCodeService  # noqa: E402


def main() -> int:
    url, count, name = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    store = open_store(url, photo_dir=str(Path(sys.argv[4]) if len(sys.argv) > 4 else None) or None)
    items, codes = ItemService(user=name), LabelCodeService(user=name)
    for number in range(count):
        with store.db.atomic():  # one registration: a code and the item, together or not at all
            code = codes.allocate(1)[0]
            items.create(ItemData(category="chair", title=f"{name} stol {number}"), label_code=code)
    store.close()
    print(f"{name}: {count} ok", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
