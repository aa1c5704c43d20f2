"""Rewriting the database files after an erasure, so deleted bytes are gone from the disk too.

An erasure writes a pending row in the same transaction as its deletes; the row goes only once
the files are compacted. A crash in between leaves the row, and the next start compacts."""

from __future__ import annotations

import time

from sqlalchemy import Engine, delete, func, select, text
from sqlalchemy.exc import DBAPIError

from assistant.store.database import BUSY_TIMEOUT_MS, transient
from assistant.store.schema import PendingCompactionRow

TABLES = ["messages", "readings", "interview_state", "ratings", "conversations", "memory",
          "plan_versions", "plans", "shares", "people", "retired_shares", "pending_compaction"]
# While compacting, wait this long for the lock at most, then step back and let writers in.
POLITE_WAIT_MS = 100


def pending(engine: Engine) -> int:
    """How many erasures still owe a compaction."""
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(PendingCompactionRow)).scalar_one()


def resume(engine: Engine) -> bool:
    """Finish the compaction an interrupted erasure left owing; True when none is left."""
    if not pending(engine):
        return True
    return compact_files(engine)


def compact_files(engine: Engine, attempts: int = 100) -> bool:
    """Rewrite storage so deleted bytes are gone from the database file and its log."""
    with engine.connect() as conn:
        last = conn.execute(select(func.max(PendingCompactionRow.id))).scalar()
    done = _sqlite(engine, attempts) if engine.dialect.name == "sqlite" else _postgres(engine)
    if done and last is not None:
        with engine.begin() as conn:
            conn.execute(delete(PendingCompactionRow).where(PendingCompactionRow.id <= last))
        if engine.dialect.name == "sqlite":
            _sqlite(engine, attempts)  # the marker's own delete, out of the log as well
    return done


def _sqlite(engine: Engine, attempts: int) -> bool:
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql(f"PRAGMA busy_timeout={POLITE_WAIT_MS}")
        try:
            return (_politely(conn, "PRAGMA wal_checkpoint(TRUNCATE)", attempts)
                    and _politely(conn, "VACUUM", attempts)
                    and _politely(conn, "PRAGMA wal_checkpoint(TRUNCATE)", attempts))
        finally:
            conn.exec_driver_sql(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


def _politely(conn, statement: str, attempts: int) -> bool:
    """Run `statement`, never holding other writers up for long: on a busy lock, pause, retry."""
    for _ in range(attempts):
        try:
            result = conn.exec_driver_sql(statement)
            row = result.first() if result.returns_rows else None
        except DBAPIError as exc:
            if not transient(exc):
                raise
        else:
            # A checkpoint answers (busy, log pages, checkpointed); VACUUM answers nothing.
            if row is None or not row[0]:
                return True
        time.sleep(0.1)
    return False


def _postgres(engine: Engine) -> bool:
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        # FULL rewrites each table, so dead row versions do not stay in the data files.
        for table in TABLES:
            conn.execute(text(f"VACUUM FULL {table}"))
    return True
