"""The photo grid is a proxy of the review table model: same rows, same order, always."""

from PySide6.QtCore import Qt

from inventar.services.photos.store import PhotoStore
from inventar.services.review.rows import ReviewFilter, ReviewService
from inventar.ui.review.grid_model import PhotoGridModel, ThumbnailCache
from inventar.ui.review.table_model import Column, ReviewTableModel
from inventar.ui.roles import ID_ROLE, ROW_ROLE


def _ids(model) -> list[int]:
    return [model.index(row, 0).data(ID_ROLE) for row in range(model.rowCount())]


def test_grid_follows_the_table_through_filter_sort_and_refresh(qtbot, qtmodeltester, demo_store):
    table = ReviewTableModel(ReviewService())
    table.reload()
    grid = PhotoGridModel(table, ThumbnailCache(PhotoStore(demo_store.photo_dir)))
    qtmodeltester.check(grid, force_py=True)
    assert _ids(grid) == _ids(table) == table.visible_ids()
    table.sort(Column.TITLE, Qt.SortOrder.DescendingOrder)
    assert _ids(grid) == _ids(table)
    table.set_filter(ReviewFilter(category="chair"))
    assert 0 < grid.rowCount() < table.total_count and _ids(grid) == _ids(table)
    first = grid.index(0)
    assert first.data(ROW_ROLE) is table.item_at(0)
    assert first.data(Qt.ItemDataRole.DisplayRole).endswith(table.index(0, Column.DECISION).data())
    assert grid.index(0, Column.TITLE).data() == table.index(0, Column.TITLE).data()  # other cells: the table's
    table.refresh_items(table.visible_ids()[:2])
    table.reload()
    assert _ids(grid) == _ids(table)


def test_headers_are_the_field_names(qtbot, demo_store):
    table = ReviewTableModel(ReviewService())
    headers = [table.headerData(c, Qt.Orientation.Horizontal) for c in Column]
    assert headers[Column.CODE] == "Etiketkode" and headers[Column.TARGET] == "Nyt rådhus"
    assert len(set(headers)) == len(headers)
