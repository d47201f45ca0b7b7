"""Alembic environment: the engine comes from jixiao (``jixiao db upgrade``), never from an ini file."""

from alembic import context
from sqlalchemy import create_engine

from jixiao.store.tables import Base

config = context.config
target_metadata = Base.metadata

#: Search-index objects made by migration 0003 outside the models (FTS5 tables, the pg_trgm index).
SEARCH_INDEX = ("forms_search", "ix_forms_search_trgm")


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Leave the search index out of autogenerate comparisons (it is not in the models)."""
    return not (name or "").startswith(SEARCH_INDEX)


def run() -> None:
    engine = config.attributes.get("engine")
    if engine is None:  # plain `alembic` with -x url=...
        engine = create_engine(context.get_x_argument(as_dictionary=True)["url"])
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # batch migrations copy and drop tables: with foreign keys on, dropping `forms`
            # would cascade-delete every indicator row (SQLite ignores this inside a transaction,
            # so it is set before the migration's transaction starts)
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True,
                          compare_type=True, include_object=include_object)
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")


run()
