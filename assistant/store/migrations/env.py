"""Alembic environment: the store hands over an open connection; no alembic.ini needed."""

from __future__ import annotations

from alembic import context

from assistant.store.schema import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through assistant.store.database.migrate(engine)")

# Batch mode lets later migrations alter SQLite tables, which ALTER TABLE alone cannot.
context.configure(connection=connection, target_metadata=Base.metadata,
                  render_as_batch=connection.dialect.name == "sqlite", compare_type=True)
with context.begin_transaction():
    context.run_migrations()
