import pytest

from tests.support.windows import forget_unsaved_registration


@pytest.fixture
def forget_unsaved():
    """The main window closes at teardown without asking about the item left in the registration form."""
    return forget_unsaved_registration
