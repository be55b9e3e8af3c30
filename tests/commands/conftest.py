from tests.support.excel_fixtures import furnished  # noqa: F401
