"""Persistence, people and privacy: `Store.connect()`, then `store.access(person)` for everything."""

from assistant.store.access import Access
from assistant.store.database import StoreConfigError
from assistant.store.journal import StoreJournal
from assistant.store.records import (LOCAL_IDENTITY, Conversation, ErasureReport, NotAllowed,
                                     Person, Plan, PlanVersion, Share, SharedItem, SharePreview,
                                     StoredMessage)
from assistant.store.service import Store
from assistant.store.sharing import ShareFileError

__all__ = ["Access", "Conversation", "ErasureReport", "LOCAL_IDENTITY", "NotAllowed", "Person",
           "Plan", "PlanVersion", "Share", "ShareFileError", "SharePreview", "SharedItem",
           "Store", "StoreConfigError", "StoreJournal", "StoredMessage"]
