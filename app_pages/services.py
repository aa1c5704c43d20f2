"""The engine, the person and their workspace, as the pages reach them (cached per server)."""

from __future__ import annotations

import copy
import gc
import threading
from dataclasses import dataclass, replace

import streamlit as st

from assistant.engine import Backend, build_backend
from assistant.interview.guards import Tally, tally_of
from assistant.models import ModelConfigError
from assistant.settings import Settings, get_settings

from app_pages.workspace import LocalWorkspace

LOCAL_PERSON = "local"
# Set when the PM chose the offline interviewer after the model failed; it holds for this session.
OFFLINE_CHOSEN = "offline_chosen"
OWN_TALLY = "session_backend"
_settled = threading.Lock()
_heap_settled = False


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    mode: str  # "oidc" | "local"
    email: str | None = None


def settings() -> Settings:
    return get_settings()


def make_backend(model: str | None = None) -> Backend:
    """Tests swap this for a backend with a scripted model."""
    return build_backend(settings(), model=model)


@st.cache_resource(show_spinner=False)
def _cached_backend(model_spec: str, base_url: str | None, ladder: str, factory: int) -> tuple[Backend, str | None]:
    try:
        return make_backend(), None
    except ModelConfigError as exc:
        # A broken model setting should not lock the PM out: fall back to rules and say why.
        return make_backend("offline"), str(exc)


@st.cache_resource(show_spinner=False)
def _offline_backend(ladder: str) -> Backend:
    # Built here, not through make_backend: tests swap that for a scripted model, and the offline
    # interviewer must be the real one whatever the model is.
    return build_backend(settings(), model="offline")


def backend() -> tuple[Backend, str | None]:
    """This session's backend, and a plain-words problem when the configured one could not start."""
    s = settings()
    shared, problem = _cached_backend(s.resolved_model, s.base_url, str(s.ladder_file), id(make_backend))
    if shared.info.kind != "offline" and offline_chosen():
        return _offline_backend(str(s.ladder_file)), problem
    return _with_own_tally(shared), problem


def settle_heap() -> None:
    """Once per process, after the backend and the store exist: keep what lives as long as the
    server (modules, the reader's model, the ladder, the store's engine) out of the collector's walk.

    A full collection walks every tracked object with the GIL held: with ~130,000 long-lived ones
    it took ~55 ms, and Streamlit used to run one after every script run, so twenty people's reruns
    queued behind it (`runner.postScriptGC`, now off in .streamlit/config.toml). Frozen, the walk
    covers only what the sessions made since. Garbage is collected first, so nothing dead is kept;
    what a session makes later is collected as before, and reference counting frees as usual."""
    global _heap_settled
    if _heap_settled:
        return
    with _settled:
        if not _heap_settled:
            gc.collect()
            gc.freeze()
            _heap_settled = True


def offline_chosen() -> bool:
    return bool(st.session_state.get(OFFLINE_CHOSEN))


def use_offline(chosen: bool = True) -> None:
    """Switch this session to the offline interviewer (or back to the model); others are not touched."""
    st.session_state[OFFLINE_CHOSEN] = chosen


def _with_own_tally(shared: Backend) -> Backend:
    """The shared backend with a tally of this session's own.

    The chat model is cached for the whole server, and with it the tally every step records in;
    read as is, the rehearsal page would report other people's conversations as this one's. The
    copies share the model and prompts and differ only in where they count."""
    if tally_of(shared) is None:
        return shared
    held = st.session_state.get(OWN_TALLY)
    if held is not None and held[0] is shared:
        return held[1]
    tally, parts = Tally(), []
    for part in (shared.reader, shared.speaker):
        if getattr(part, "tally", None) is not None:
            part = copy.copy(part)
            part.tally = tally
        parts.append(part)
    own = replace(shared, reader=parts[0], speaker=parts[1])
    st.session_state[OWN_TALLY] = (shared, own)
    return own


@st.cache_resource(show_spinner=False)
def _local_workspace(person_id: str, data_dir: str) -> LocalWorkspace:
    return LocalWorkspace(person_id)


@st.cache_resource(show_spinner=False)
def _store(url: str):
    from assistant.store import Store

    return Store.connect(url)


@st.cache_resource(show_spinner=False)
def _stored_person(url: str, identity: str, name: str, email: str | None):
    store = _store(url)
    return store.local_person() if identity == LOCAL_PERSON else store.person(identity, name, email)


def forget_person() -> None:
    """After an erasure the stored person is gone; the next visit starts a new one."""
    _stored_person.clear()


def workspace():
    """The signed-in person's conversations and plans, through the store's authorization layer."""
    who = person()
    url = settings().database
    try:
        store = _store(url)
        stored = _stored_person(url, who.id, who.name, who.email)
    except Exception as exc:  # noqa: BLE001 - a broken database must not take the app down
        st.session_state["store_problem"] = f"{type(exc).__name__}: {exc}"
        return _local_workspace(who.id, str(settings().data_dir))
    from app_pages.stored import StoreWorkspace

    return StoreWorkspace(store, store.access(stored))


def login_configured() -> bool:
    """OIDC login is on when the secrets carry an [auth] section."""
    try:
        return "auth" in st.secrets
    except Exception:  # noqa: BLE001 - no secrets file at all means no login
        return False


def person() -> Person:
    """Who is using the app: their identity under login, else the one local person."""
    if login_configured() and st.user.is_logged_in:
        email = st.user.get("email")
        ident = str(email or st.user.get("sub"))
        return Person(ident, str(st.user.get("name") or ident), "oidc", email)
    return Person(LOCAL_PERSON, "You", "local")
