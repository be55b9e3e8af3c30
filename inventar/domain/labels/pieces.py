"""Per-piece labels of a set: piece numbers, their label titles, and which split part each piece went to.

A set of N identical pieces (»Antal ens N«) stays one item.  Piece 1 carries the item's own label code;
pieces 2..N get codes of their own (``item_piece``).  **The split rule**: when the quantity is split over
decisions, the parts take the pieces in the order of the parts (the order of the split dialog, which is
the order of the decisions): 30 reuse + 10 dispose gives pieces 1–30 to reuse and 31–40 to dispose.  So
the janitor sticks the labels 31–40 on the chairs that go, and a scanned piece label tells its part.
"""

from __future__ import annotations

from collections.abc import Sequence


def piece_ranges(quantities: Sequence[int]) -> list[range]:
    """The piece numbers (1-based) of each part, in order: ``[30, 10]`` → ``[range(1, 31), range(31, 41)]``."""
    ranges: list[range] = []
    start = 1
    for quantity in quantities:
        count = max(0, int(quantity))
        ranges.append(range(start, start + count))
        start += count
    return ranges


def part_of_piece(quantities: Sequence[int], number: int) -> int | None:
    """The index of the part piece ``number`` went to; ``None`` when it is beyond the parts."""
    return next((index for index, numbers in enumerate(piece_ranges(quantities)) if number in numbers), None)


def describe_range(numbers: range) -> str:
    """``1–30`` (or ``7`` for one piece, ``""`` for none): how the split dialog shows a part's pieces."""
    if not numbers:
        return ""
    return str(numbers.start) if len(numbers) == 1 else f"{numbers.start}–{numbers.stop - 1}"


def piece_title(title: str, number: int, total: int) -> str:
    """The title a piece's label shows: ``Syveren · 3/10``."""
    return f"{title} · {number}/{total}" if title else f"{number}/{total}"
