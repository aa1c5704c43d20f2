"""Engines for SQLite and PostgreSQL, tuned for durability, and migrations run to head."""

from __future__ import annotations

import contextlib
import functools
import os
import random
import re
import sqlite3
import threading
import time
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.pool import StaticPool

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Short enough that a stuck writer shows up as a retry, not as a page that hangs for half a minute.
BUSY_TIMEOUT_MS = 5_000
WRITE_ATTEMPTS = 5
# SQLite's lock messages, and PostgreSQL's serialization failure and deadlock codes.
TRANSIENT = ("database is locked", "database table is locked", "database schema is locked")
TRANSIENT_STATES = ("40001", "40P01")
# Any fixed number: serialises migrations when several app servers start at once.
MIGRATION_LOCK = 7_460_311
SCHEMA_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


class StoreConfigError(ValueError):
    """A database URL or schema the store cannot use, with what to do about it."""


def make_engine(url: str, schema: str | None = None) -> Engine:
    """An engine for `url`; SQLite gets WAL, synchronous FULL, a busy timeout and secure delete."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(url, parsed.database)
    if backend == "postgresql":
        if parsed.drivername == "postgresql":  # psycopg 3 is the driver we install
            parsed = parsed.set(drivername="postgresql+psycopg")
        args = {}
        if schema:
            if not SCHEMA_NAME.match(schema):
                raise StoreConfigError(f"schema {schema!r} must be lower-case letters, digits, _")
            args["options"] = f"-csearch_path={schema}"
        engine = create_engine(parsed, connect_args=args, pool_pre_ping=True)
        if schema:
            try:
                with engine.begin() as conn:
                    conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
            except IntegrityError:
                pass  # another process created it at the same moment
        return engine
    raise StoreConfigError(
        f"unsupported database {backend!r}: use sqlite:///path/to/file.db or "
        "postgresql+psycopg://user@host/dbname")


def _sqlite_engine(url: str, database: str | None) -> Engine:
    memory = not database or database == ":memory:"
    if memory:
        engine = create_engine(url, poolclass=StaticPool,
                               connect_args={"check_same_thread": False})
    else:
        _private_file(Path(database).expanduser())
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000,
                                                  "check_same_thread": False})

    # SQLite's busy handler polls, so under load one writer can lose the race for seconds while
    # others win again and again; threads of this process take turns in order here instead.
    engine.nextstep_write_turn = threading.RLock()

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record):
        cur = dbapi_conn.cursor()
        if not memory:
            _switch_to_wal(cur)
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys=ON")
        # Deleted rows are overwritten with zeros, so erasure leaves no readable trace.
        cur.execute("PRAGMA secure_delete=ON")
        cur.close()

    return engine


def _private_file(path: Path) -> None:
    """Create the database owner-only; SQLite gives its -wal and -shm files the same mode."""
    # Private by default: the folder holds people's career conversations.
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.close(os.open(path, os.O_CREAT | os.O_RDWR, 0o600))
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        try:
            if p.stat().st_mode & 0o077:
                p.chmod(0o600)
        except FileNotFoundError:
            pass
        except PermissionError:
            pass  # not ours to change (a shared deployment); the folder mode still guards it


class StoreBusy(RuntimeError):
    """The database stayed locked through every retry; nothing was half-written."""


def transient(exc: BaseException) -> bool:
    """True for a lock or serialization failure that a fresh attempt can succeed past."""
    orig = getattr(exc, "orig", exc)
    state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    return state in TRANSIENT_STATES or any(t in str(orig).lower() for t in TRANSIENT)


def retry_busy(fn):
    """Run a whole write transaction again when the database was locked; it rolled back."""
    @functools.wraps(fn)
    def attempt(*args, **kwargs):
        turn = _turn(args[0]) if args else contextlib.nullcontext()
        for n in range(WRITE_ATTEMPTS):
            try:
                with turn:
                    return fn(*args, **kwargs)
            except (DBAPIError, sqlite3.OperationalError) as exc:
                if not transient(exc):
                    raise
                if n == WRITE_ATTEMPTS - 1:
                    raise StoreBusy("The store is busy and this was not saved; "
                                    "please try again in a moment.") from None
                # Jitter keeps writers that collided from colliding again in step.
                time.sleep(min(2.0, 0.05 * 2 ** n) * (0.5 + random.random()))
    return attempt


def _turn(owner) -> contextlib.AbstractContextManager:
    """This process's queue for writing to its SQLite file, else nothing to wait for."""
    sessions = getattr(owner, "_sessions", None) or getattr(owner, "sessions", None)
    engine = getattr(sessions, "kw", {}).get("bind")
    return getattr(engine, "nextstep_write_turn", None) or contextlib.nullcontext()


def _switch_to_wal(cur, attempts: int = 50) -> None:
    """WAL mode, waiting out another process that is switching the same new file right now."""
    for attempt in range(attempts):
        try:
            cur.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.1)


def alembic_config(connection=None) -> Config:
    """Alembic configured in code, so migrations run from any working directory."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def head() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def migrate(engine: Engine) -> None:
    """Upgrade to head, once, even when several processes start together."""
    if current(engine) == head():
        return
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            # Take the write lock first so DDL of racing processes cannot interleave.
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK})
        command.upgrade(alembic_config(conn), "head")
        conn.commit()


def upsert(session, table, values: dict, keys: list[str], update: list[str] | None = None,
           nothing: bool = False):
    """INSERT .. ON CONFLICT on either database: update `update` columns, or do nothing."""
    if session.get_bind().dialect.name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:
        from sqlalchemy.dialects.postgresql import insert
    stmt = insert(table).values(**values)
    if nothing:
        stmt = stmt.on_conflict_do_nothing(index_elements=keys)
    else:
        cols = update if update is not None else [c for c in values if c not in keys]
        stmt = stmt.on_conflict_do_update(index_elements=keys,
                                          set_={c: stmt.excluded[c] for c in cols})
    return session.execute(stmt)
