"""An open store database: its engine and the session factory that every part of the store shares.

`Access` needs only this, not the whole `Store`; keeping it here lets `service` import `access`
without `access` having to know `service`.
"""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker


class StoreConnection:
    """The engine and its sessions; `Store` adds people, `Access` adds permissions."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        # Rows handed out after a commit stay readable: callers keep them past the transaction.
        self.sessions: sessionmaker[Session] = sessionmaker(engine, expire_on_commit=False)
