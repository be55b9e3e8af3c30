"""Who registered it: the user name asked once per laptop account, Filer ▸ Skift bruger, used everywhere."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog

from inventar.domain.items import ItemData
from inventar.models import AuditEntry, Decision, Item, Room, Vote
from inventar.services.review.decisions import DecisionService
from inventar.settings import Settings
from inventar.ui.users.actions import clean_name, ensure_user_name


def _answer(monkeypatch, text, ok=True):
    asked = []
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: asked.append(args) or (text, ok))
    return asked


def test_the_name_is_asked_once_per_laptop_account(qapp, monkeypatch):
    asked = _answer(monkeypatch, "  Bente   Hansen ")
    assert ensure_user_name(Settings()) == "Bente Hansen"
    assert Settings().get("user_name") == "Bente Hansen"  # saved: a new start reads it
    assert ensure_user_name(Settings()) == "Bente Hansen"
    assert len(asked) == 1


def test_cancelling_the_question_leaves_the_os_account(qapp, monkeypatch):
    _answer(monkeypatch, "Ulla", ok=False)
    assert ensure_user_name(Settings()) == ""
    assert Settings().get("user_name") == ""
    assert clean_name("x" * 300) == "x" * 100


def test_switching_user_rebuilds_the_session_on_the_same_database(qtbot, main_window, monkeypatch):
    old = main_window.session
    _answer(monkeypatch, "Karin")
    with qtbot.waitSignal(main_window.session_changed):
        main_window.users.switch_action.trigger()
    new = main_window.session
    assert new is not old and new.store is old.store and not new.store.db.is_closed()
    assert new.user == new.user_name == "Karin" and Settings().get("user_name") == "Karin"
    assert new.items.user == new.rooms.user == new.photo_service.user == new.label_codes.user == "Karin"
    assert "Karin" in main_window.windowTitle()
    review = main_window.review.review_window()
    assert review.decisions.user == "Karin"
    assert main_window.model._service is new.items
    review.close()


def test_the_switched_user_signs_registrations_votes_and_decisions(qtbot, main_window, monkeypatch):
    _answer(monkeypatch, "Ali")
    main_window.users.choose_user()
    session = main_window.session
    room = Room.select().first()
    item_id = session.items.create(ItemData(category="chair", title="Stol", quantity=1, room_id=room.id))
    assert Item.get_by_id(item_id).registered_by == "Ali"
    decisions = DecisionService(session.user)
    decisions.vote(item_id, "reuse", comment="god stand")
    decisions.decide([item_id], "reuse")
    assert Vote.get(Vote.item == item_id).voter == "Ali"
    assert Decision.get(Decision.item == item_id).decided_by == "Ali"
    assert {entry.who for entry in AuditEntry.select().where(AuditEntry.entity_id == item_id)} == {"Ali"}


def test_the_same_name_again_changes_nothing(qtbot, main_window, monkeypatch):
    main_window.switch_user("Jens")
    session = main_window.session
    _answer(monkeypatch, "Jens")
    main_window.users.choose_user()
    assert main_window.session is session
