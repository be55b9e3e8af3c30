"""Danish times and numbers for people: UTC in the database, Danish local time on screen and in Excel.

Timestamps are stored as naive UTC (``utcnow``).  Whatever is shown or exported goes through
:func:`to_local` (Europe/Copenhagen, summer time included), so an item changed at 10:16 in
Copenhagen shows 10:16 and a decision made at 00:30 local time has that day's date.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

LOCAL_ZONE = ZoneInfo("Europe/Copenhagen")


def to_local(value: datetime | str | None) -> datetime | None:
    """A stored naive-UTC timestamp (or ISO text, as SQLite hands raw rows over) as naive local time,
    to the second."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if not isinstance(value, datetime):
        return value
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(LOCAL_ZONE).replace(tzinfo=None, microsecond=0)


def local_now() -> datetime:
    """Now, in Danish local time, naive, to the second."""
    return datetime.now(LOCAL_ZONE).replace(tzinfo=None, microsecond=0)


def format_datetime(value: datetime | date | None) -> str:
    """A stored UTC timestamp as Danish local "dd-mm-yyyy HH:MM" (a date as "dd-mm-yyyy")."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return to_local(value).strftime("%d-%m-%Y %H:%M")
    return value.strftime("%d-%m-%Y")


def format_number(value: float, decimals: int = 1) -> str:
    """A number with a decimal comma and a dot between thousands: 383.6 -> "383,6", 1234.5 -> "1.234,5"."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def from_local(value: datetime) -> datetime:
    """A naive Danish local time (as read from a sheet) as the naive UTC the database stores."""
    return value.replace(tzinfo=LOCAL_ZONE).astimezone(UTC).replace(tzinfo=None)


_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2})?)?")


def display_value(text: str) -> str:
    """A stored value as people read it: an ISO timestamp (as the audit trail keeps them) becomes local
    "dd-mm-yyyy HH:MM", a date or a midnight stamp (a chosen day, e.g. an approval date) "dd-mm-yyyy";
    anything else is returned as it is."""
    if not isinstance(text, str) or not _STAMP.fullmatch(text.strip()):
        return text
    value = datetime.fromisoformat(text.strip())
    if value.time() == datetime.min.time() and value.tzinfo is None:
        return value.strftime("%d-%m-%Y")
    return format_datetime(value)
