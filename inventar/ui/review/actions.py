"""The Gennemgang menu of the main window: the review window (Ctrl+R) and the room walk, one per session."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow

from inventar.i18n import _
from inventar.session import Session
from inventar.ui.menus import Menus

if TYPE_CHECKING:  # the review window loads when first opened, not with the main window
    from inventar.ui.review.window import ReviewWindow


class ReviewActions:
    def __init__(self, window: QMainWindow, menus: Menus, shortcut: str = "Ctrl+R") -> None:
        self.window = window
        self._review: ReviewWindow | None = None
        self._review_session: Session | None = None
        self.review_action = menus.add("review/review", _("&Gennemgang og beslutninger …"), self.open_review, shortcut)
        self.walk_action = menus.add("review/review", _("&Rumgennemgang …"), self.open_walk, "Ctrl+Shift+R")

    def review_window(self) -> ReviewWindow:
        """The review window on the main window's session; a new one after the database was switched."""
        session = self.window.session
        if self._review is None or self._review_session is not session:
            if self._review is not None:
                self._review.close()
                self._review.deleteLater()
            from inventar.ui.review.window import ReviewWindow

            self._review = ReviewWindow(session.photos, session.user, self.window)
            self._review.setWindowFlag(Qt.WindowType.Window)
            self._review_session = session
        return self._review

    def open_review(self) -> None:
        from inventar.ui.review.window import bring_to_front

        review = self.review_window()
        review.reload()
        bring_to_front(review)

    def open_walk(self) -> None:
        self.review_window().open_room_walk()
