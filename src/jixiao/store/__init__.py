"""Storage: documents, forms, indicators, findings, scores, users and the audit log in SQL.

SQLite by default (a ``jixiao.db`` file, zero set-up); PostgreSQL by URL for teams
(``JIXIAO_DATABASE_URL=postgresql+psycopg://…``). The same SQLAlchemy models
(:mod:`.tables`) and Alembic migrations serve both.

>>> from jixiao.store import Database, store_document      # doctest: +SKIP
>>> db = Database("sqlite:///jixiao.db")                     # migrates to the newest schema
>>> with db.session() as s:
...     row, created = store_document(s, jixiao.parse("form.txt"), open("form.txt", "rb").read())
"""

from .db import Database, DatabaseError, database_url, upgrade
from .documents import find_document, form_model, rereview, store_document

__all__ = ["Database", "DatabaseError", "database_url", "upgrade", "find_document", "form_model", "rereview",
           "store_document"]
