"""The ``api`` fixture of the API tests, loaded by them with ``pytest_plugins = ("api_plugin",)``."""

from __future__ import annotations

import pytest

from api_helpers import Api, make_api


@pytest.fixture
def api(db) -> Api:
    """The app over the migrated test database (both backends) with the users and the 24 example forms."""
    return make_api(db)
