"""The custom item-data roles of Inventar's models, declared once for every model and view."""

from __future__ import annotations

from PySide6.QtCore import Qt

_USER = int(Qt.ItemDataRole.UserRole.value)

SORT_ROLE = _USER + 1  # the raw value a column sorts by (numbers as numbers)
ID_ROLE = _USER + 2  # the database id of the row's item
ROW_ROLE = _USER + 3  # the row value itself (a dataclass)
DATA_ROLE = _USER + 10  # a payload riding along with a row of display values
