import pytest

from inventar.services.photos.store import PhotoStore


@pytest.fixture
def review(qtbot, demo_store):
    from inventar.ui.review.window import ReviewWindow

    window = ReviewWindow(PhotoStore(demo_store.photo_dir), "anna")
    qtbot.addWidget(window)
    window.resize(1400, 850)
    window.show()
    qtbot.waitExposed(window)
    return window
