"""The store: connects, migrates, knows people, and opens an `Access` for each of them."""

from __future__ import annotations

from sqlalchemy import select

from assistant.settings import get_settings
from assistant.store import compaction
from assistant.store.access import Access
from assistant.store.connection import StoreConnection
from assistant.store.database import make_engine, migrate, retry_busy, upsert
from assistant.store.records import LOCAL_IDENTITY, NotAllowed, Person
from assistant.store.schema import PersonRow, now
from assistant.store.views import person_of


class Store(StoreConnection):
    """Persistence for Next Step. Authorization is in `Access`; this class only knows people."""

    @classmethod
    def connect(cls, url: str | None = None, *, schema: str | None = None,
                upgrade: bool = True) -> "Store":
        """Open the database (settings' by default) and bring its tables to the latest version.

        `schema` puts the tables in a PostgreSQL schema of that name (created if missing)."""
        engine = make_engine(url or get_settings().database, schema)
        if upgrade:
            migrate(engine)
            # An erasure cut short by a crash still owes its compaction: pay it now.
            compaction.resume(engine)
        return cls(engine)

    @property
    def dialect(self) -> str:
        """'sqlite' or 'postgresql'."""
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @retry_busy
    def person(self, identity: str, name: str | None = None, email: str | None = None) -> Person:
        """The person with this login identity, created on first sight; name/email kept fresh."""
        identity = (identity or "").strip()
        if not identity:
            raise ValueError("a person needs an identity (their login subject or email)")
        with self.sessions.begin() as s:
            upsert(s, PersonRow, {"identity": identity, "name": name, "email": email,
                                  "created": now()}, ["identity"], nothing=True)
            row = s.scalars(select(PersonRow).where(PersonRow.identity == identity)).one()
            if name and row.name != name:
                row.name = name
            if email and row.email != email:
                row.email = email
            s.flush()
            return person_of(row)

    def local_person(self) -> Person:
        """The one person of local mode, used when no login is configured."""
        return self.person(LOCAL_IDENTITY, name="You")

    def find_person(self, identity: str) -> Person | None:
        with self.sessions() as s:
            row = s.scalars(select(PersonRow).where(PersonRow.identity == identity)).first()
            return person_of(row) if row else None

    @retry_busy
    def set_manager(self, pm: Person, manager: Person | None) -> Person:
        """Record who `pm` reports to (None: nobody). Shares go to this manager only."""
        with self.sessions.begin() as s:
            row = s.get(PersonRow, pm.id)
            if row is None:
                raise NotAllowed("That person does not exist.")
            if manager is not None:
                if manager.id == pm.id:
                    raise ValueError("nobody can be their own manager")
                if s.get(PersonRow, manager.id) is None:
                    raise NotAllowed("That manager does not exist.")
            row.manager_id = manager.id if manager else None
            s.flush()
            return person_of(row)

    def access(self, person: Person) -> Access:
        """What `person` may see and do; every read and write goes through it."""
        return Access(self, person)
