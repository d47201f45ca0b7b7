"""The jixiao web service: a REST API (FastAPI) over the store; see :mod:`jixiao.server.app`."""

from .app import create_app

__all__ = ["create_app"]
