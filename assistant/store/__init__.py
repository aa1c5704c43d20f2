"""Persistence, people and privacy.

    store = Store.connect()                      # settings' database; migrations run to head
    me = store.person(identity, name, email)     # or store.local_person() without login
    access = store.access(me)                    # every read and write goes through this
    conv = access.create_conversation("rehearse", "Prep", context)
    interview = start_interview(backend, access.journal(conv.id), memory=access.memory(),
                                state=access.load_state(conv.id))  # None starts fresh

`Access` raises `NotAllowed` for anything that is not this person's or shared with them.
"""

from assistant.store.access import Access
from assistant.store.database import StoreBusy, StoreConfigError
from assistant.store.journal import StoreJournal
from assistant.store.records import (LOCAL_IDENTITY, Conversation, ErasureReport, NotAllowed,
                                     Person, Plan, PlanVersion, Share, SharedItem, SharePreview,
                                     StoredMessage)
from assistant.store.service import Store
from assistant.store.sharing import ShareFileError

__all__ = ["Access", "Conversation", "ErasureReport", "LOCAL_IDENTITY", "NotAllowed", "Person",
           "Plan", "PlanVersion", "Share", "ShareFileError", "SharePreview", "SharedItem",
           "Store", "StoreBusy", "StoreConfigError", "StoreJournal", "StoredMessage"]
