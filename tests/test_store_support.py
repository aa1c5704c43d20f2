"""Store fixtures shared by the store suite (SQLite and PostgreSQL), and the schema's own tests."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from assistant.interview.session import Message
from assistant.store import Store, StoreConfigError
from assistant.store.database import current, head

PG_ENV = "NEXTSTEP_TEST_DATABASE_URL"
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def pg_url() -> str:
    """The test PostgreSQL server; its absence fails the suite rather than skipping it."""
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.fail(f"{PG_ENV} is not set: run the suite with scripts/test, which starts "
                    "PostgreSQL, or point it at a server you started yourself")
    return url


def libpq_url(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


class Target:
    """Where one test's store lives: a fresh SQLite file or a fresh PostgreSQL schema."""

    def __init__(self, backend: str, tmp_path: Path) -> None:
        self.backend = backend
        if backend == "sqlite":
            self.path = tmp_path / "store.db"
            self.url, self.schema = f"sqlite:///{self.path}", None
        else:
            self.url, self.schema = pg_url(), f"t_{uuid.uuid4().hex[:16]}"

    def connect(self) -> Store:
        return Store.connect(self.url, schema=self.schema)

    def drop(self) -> None:
        if self.schema:
            with psycopg.connect(libpq_url(self.url), autocommit=True) as conn:
                conn.execute(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE')

    def pg_rows(self, sql: str) -> list[tuple]:
        with psycopg.connect(libpq_url(self.url), autocommit=True) as conn:
            conn.execute(f'SET search_path TO "{self.schema}"')
            return conn.execute(sql).fetchall()


@pytest.fixture(params=BACKENDS)
def target(request, tmp_path):
    t = Target(request.param, tmp_path)
    yield t
    t.drop()


@pytest.fixture
def store(target):
    s = target.connect()
    yield s
    s.close()


@pytest.fixture
def team(store):
    """A manager with two reports, another manager with one, and a stranger."""
    people = {k: store.person(k, name=k.title()) for k in
              ("pat", "quinn", "mia", "ola", "olga", "stranger")}
    store.set_manager(people["pat"], people["mia"])
    store.set_manager(people["quinn"], people["mia"])
    store.set_manager(people["ola"], people["olga"])
    return people


def converse(access, kind="rehearse", texts=("Hello",), title="Rehearsal"):
    """A conversation with alternating assistant/PM messages; returns (conversation, journal)."""
    conv = access.create_conversation(kind, title)
    journal = access.journal(conv.id)
    for i, t in enumerate(texts):
        journal.record(Message("assistant" if i % 2 == 0 else "pm", t, "vision", None))
    return conv, journal


# --- the schema itself ---------------------------------------------------------------------

def test_connect_runs_migrations_to_head_and_is_idempotent(target):
    first = target.connect()
    assert current(first.engine) == head() == "0002"
    first.close()
    again = target.connect()  # a second start must not try to create tables again
    assert current(again.engine) == head()
    again.person("x")
    again.close()


def test_sqlite_runs_in_wal_with_full_sync_and_a_busy_timeout(tmp_path):
    store = Store.connect(f"sqlite:///{tmp_path / 'a.db'}")
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    store.close()


def test_default_database_is_a_sqlite_file_in_the_data_folder(tmp_path):
    store = Store.connect()  # conftest points NEXTSTEP_DATA_DIR at tmp_path/data
    store.person("someone")
    store.close()
    assert (tmp_path / "data" / "nextstep.db").exists()


def test_an_unknown_database_gets_a_clear_error():
    with pytest.raises(StoreConfigError, match="unsupported database 'mysql'"):
        Store.connect("mysql://u@localhost/x")


@pytest.mark.postgres
def test_postgres_schema_names_are_checked():
    with pytest.raises(StoreConfigError, match="schema"):
        Store.connect(pg_url(), schema="bad; drop")


def test_messages_cannot_be_edited_in_the_database(store):
    access = store.access(store.person("pat"))
    conv, journal = converse(access, texts=("Hi", "my answer"))
    with pytest.raises(DBAPIError, match="append-only"):
        with store.engine.begin() as conn:
            conn.execute(text("UPDATE messages SET text = 'changed'"))
    assert [m.text for m in journal.messages()] == ["Hi", "my answer"]


def test_a_person_is_created_once_and_kept_fresh(store):
    a = store.person("sub-123", name="Pat")
    b = store.person("sub-123", email="pat@example.com")
    assert a.id == b.id and b.name == "Pat" and b.email == "pat@example.com"
    assert store.find_person("sub-123") == b
    assert store.find_person("nobody") is None
    with pytest.raises(ValueError):
        store.person("  ")


def test_local_mode_has_one_local_person(store):
    one, two = store.local_person(), store.local_person()
    assert one == two and one.local and one.identity == "local"
    assert not store.person("alice").local


def test_set_manager_rules(store):
    pat, mia = store.person("pat"), store.person("mia")
    assert store.set_manager(pat, mia).manager_id == mia.id
    assert store.access(pat).manager() == store.find_person("mia")
    assert store.access(mia).reports() == [store.find_person("pat")]
    with pytest.raises(ValueError):
        store.set_manager(pat, pat)
    assert store.set_manager(pat, None).manager_id is None
    assert store.access(mia).reports() == []


def test_migrations_match_the_models(store):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from assistant.store.schema import Base

    with store.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": False})
        assert compare_metadata(ctx, Base.metadata) == []


@pytest.mark.postgres
def test_database_url_selects_postgresql(monkeypatch):
    from assistant.settings import get_settings

    url = pg_url().replace("postgresql+psycopg://", "postgresql://")  # plain form works too
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    t = Target("postgresql", Path("."))
    store = Store.connect(schema=t.schema)
    try:
        assert store.dialect == "postgresql"
        assert store.engine.url.drivername == "postgresql+psycopg"
        store.person("pg-person")
        assert t.pg_rows("SELECT identity FROM people") == [("pg-person",)]
    finally:
        store.close()
        t.drop()


def test_migrations_go_down_and_up_again(store):
    from alembic import command
    from sqlalchemy import inspect

    from assistant.store.database import alembic_config, migrate

    with store.engine.connect() as conn:
        command.downgrade(alembic_config(conn), "base")
        conn.commit()
    assert current(store.engine) is None
    assert "messages" not in inspect(store.engine).get_table_names()
    migrate(store.engine)
    assert current(store.engine) == head()
    store.person("after-the-round-trip")
