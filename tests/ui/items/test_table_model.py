"""The item table model and proxy, without a window, checked by pytest-qt's model tester."""

from PySide6.QtCore import Qt

from inventar.domain.items import ItemData
from inventar.services.items.service import ItemService
from inventar.ui.items.table_model import Column, ItemProxy, ItemTableModel
from inventar.ui.roles import ID_ROLE


def make_models(service):
    model = ItemTableModel(service)
    proxy = ItemProxy()
    proxy.setSourceModel(model)
    return model, proxy


def test_models_pass_the_model_tester(qtmodeltester, demo_store):
    model, proxy = make_models(ItemService())
    model.reload()
    qtmodeltester.check(proxy, force_py=True)  # the tester stays connected and checks every change below
    proxy.set_filter_text("stol")
    proxy.set_filter_text("stol eg")
    proxy.sort(Column.TITLE, Qt.SortOrder.DescendingOrder)
    proxy.set_filter_text("")
    model.reload()


def test_source_model_passes_the_model_tester(qtmodeltester, demo_store):
    model = ItemTableModel(ItemService())
    model.reload()
    qtmodeltester.check(model, force_py=True)
    model.set_filter_text("sort")
    model.sort(Column.QUANTITY, Qt.SortOrder.AscendingOrder)


def test_search_matches_every_word_in_any_column(store):
    service = ItemService()
    service.create(ItemData(category="chair", title="Syveren", colour="Sort", material="Bøg"))
    service.create(ItemData(category="chair", title="Myren", colour="Rød", material="Bøg"))
    service.create(ItemData(category="desk", title="Hæve-sænkebord", colour="Sort"))
    model, proxy = make_models(service)
    model.reload()

    def titles():
        return sorted(proxy.index(r, Column.TITLE).data() for r in range(proxy.rowCount()))

    proxy.set_filter_text("SORT")
    assert titles() == ["Hæve-sænkebord", "Syveren"]
    proxy.set_filter_text("sort stol")  # category name is searchable too
    assert titles() == ["Syveren"]
    proxy.set_filter_text("sort sto")  # widening again after narrowing
    assert titles() == ["Syveren"]
    proxy.set_filter_text("bøg")
    assert titles() == ["Myren", "Syveren"]
    proxy.set_filter_text("")
    assert proxy.rowCount() == 3


def test_sorting_by_column_keeps_ids_attached(store):
    service = ItemService()
    for quantity in (5, 40, 1):
        service.create(ItemData(category="chair", quantity=quantity, title=f"Stol {quantity}"))
    model, proxy = make_models(service)
    model.reload()
    proxy.sort(Column.QUANTITY, Qt.SortOrder.DescendingOrder)
    quantities = [proxy.index(r, Column.QUANTITY).data() for r in range(3)]
    assert quantities == [40, 5, 1]
    for r in range(3):
        item_id = proxy.index(r, 0).data(ID_ROLE)
        assert service.get(item_id).data.quantity == quantities[r]
