"""Pieces every page shares: the sidebar, the current conversation, safe text."""

from __future__ import annotations

from typing import Iterator

import streamlit as st

from assistant.interview.speaker import IMAGE, TAG, safe_markdown
from app_pages import services

CURRENT = "conversation"
AVATARS = {"assistant": ":material/psychology:", "pm": ":material/person:"}


def adopt_conversation_from_url() -> None:
    """A bookmark or reload carries ?c=<id>; make it the current conversation if it is ours."""
    cid = st.query_params.get("c")
    if cid and cid != st.session_state.get(CURRENT) and services.workspace().get(cid):
        st.session_state[CURRENT] = cid


def current_id() -> str | None:
    cid = st.session_state.get(CURRENT)
    return cid if cid and services.workspace().get(cid) else None


def set_current(cid: str | None) -> None:
    """Make `cid` current here and in the address bar, so a reload comes back to it."""
    if cid:
        st.session_state[CURRENT] = cid
        st.query_params["c"] = cid
    else:
        st.session_state.pop(CURRENT, None)
        st.query_params.pop("c", None)


def mirror_to_url() -> None:
    cid = current_id()
    if cid and st.query_params.get("c") != cid:
        st.query_params["c"] = cid


def safe(body: str) -> str:
    return safe_markdown(body)


def text(body: str) -> None:
    """Model or PM text: Markdown only, no HTML, no images fetched from elsewhere."""
    st.markdown(safe_markdown(body))


def sidebar() -> None:
    who = services.person()
    st.markdown("### Next Step")
    st.caption("Prepare for your career conversation, then keep the plan moving.")
    if who.mode == "local":
        st.caption(":material/lock: Single-person local mode: everything stays on this machine, "
                   "and there is no sign-in.")
    else:
        st.caption(f":material/account_circle: Signed in as **{who.name}**")
        st.button("Sign out", on_click=st.logout, key="sign_out")
    backend_badge()
    if problem := st.session_state.get("store_problem"):
        st.warning("The database could not be opened, so this session is kept in memory only and "
                   f"will be lost on restart. ({problem})", icon=":material/database:")


def backend_badge() -> None:
    backend, problem = services.backend()
    info = backend.info
    if info.kind == "offline":
        st.badge("Offline: rules, no AI model", icon=":material/cloud_off:", color="gray")
    elif info.kind == "local":
        st.badge(f"Local model: {info.model}", icon=":material/dns:", color="blue")
    else:
        st.badge(f"OpenAI: {info.model}", icon=":material/cloud:", color="green")
    if problem:
        st.warning(f"The configured model could not start, so the offline rules are in use. {problem}",
                   icon=":material/warning:")
    with st.expander("How to switch", icon=":material/tune:"):
        if info.kind == "offline":
            st.caption("The offline backend follows transparent rules and a bank of phrasings. "
                       "It works without a network, but an AI model words things more naturally.")
        st.caption(info.how_to_switch)


def safe_stream(chunks: Iterator[str]) -> Iterator[str]:
    """Stream model text while holding back anything that might become an image or a tag."""
    raw, sent = "", ""
    for chunk in chunks:
        raw += chunk
        safe = safe_markdown(raw[: _settled(raw)])
        if len(safe) > len(sent) and safe.startswith(sent):
            yield safe[len(sent):]
            sent = safe
    rest = safe_markdown(raw)
    if rest.startswith(sent) and len(rest) > len(sent):
        yield rest[len(sent):]


def _settled(raw: str) -> int:
    """How much of `raw` can no longer turn into an image or an HTML tag."""
    i = max(raw.rfind("!["), raw.rfind("<"))
    if i < 0:
        return len(raw)
    tail = raw[i:]
    if IMAGE.match(tail) or TAG.match(tail) or len(tail) > 400:
        return len(raw)
    if tail.startswith("<") and ("\n" in tail or ">" in tail):
        return len(raw)
    return i
