from tests.excel_fixtures import furnished  # noqa: F401
