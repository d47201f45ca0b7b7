"""The API's routers, one module per topic, all mounted under ``/api/v1``."""
