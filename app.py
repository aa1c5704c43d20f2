"""Next Step: the Streamlit router. UI only; everything it knows comes from `assistant`."""

from __future__ import annotations

import logging

import streamlit as st

from assistant.ladder import LadderError
from app_pages import services, ui

# An emoji favicon is drawn in the page; a Material one would be fetched from a font server.
st.set_page_config(page_title="Next Step", page_icon="🧭", layout="wide")

try:
    services.settings()
except ValueError as exc:  # pydantic's ValidationError: a malformed NEXTSTEP_* setting
    st.title("Next Step")
    st.error(f"A setting could not be read, so the app cannot start yet. {exc}", icon=":material/settings:")
    st.stop()

try:
    services.backend()
except LadderError as exc:  # NEXTSTEP_LADDER_FILE points at a file that is missing or malformed
    st.title("Next Step")
    st.error(f"The career ladder could not be loaded, so the app cannot open yet. {ui.safe(str(exc))}",
             icon=":material/error:")
    st.stop()
except Exception:  # noqa: BLE001 - e.g. a damaged model file: one plain line, never a traceback
    logging.getLogger("nextstep.app").exception("the interviewer could not start")
    st.title("Next Step")
    st.error("The interviewer could not start, so the app cannot open yet. The server's log says why; "
             "please tell whoever runs it.", icon=":material/error:")
    st.stop()

if services.login_configured() and not st.user.is_logged_in:
    st.title("Next Step")
    st.write("A calm place to prepare your career conversation. Please sign in to continue.")
    st.button("Sign in", type="primary", on_click=st.login)
    st.stop()

ui.adopt_conversation_from_url()
services.settle_heap()  # once per process: the backend and the store now exist

REHEARSE = st.Page("app_pages/rehearse.py", title="Rehearse", icon=":material/forum:", url_path="rehearse")


def home() -> None:
    """The root address opens Rehearse at its own address, so /rehearse is real and bookmarkable."""
    st.switch_page(REHEARSE, query_params=st.query_params.to_dict())


pages = [
    st.Page(home, title="Next Step", url_path="home", default=True, visibility="hidden"),
    st.Page("app_pages/prepare.py", title="Prepare", icon=":material/checklist:", url_path="prepare"),
    REHEARSE,
    st.Page("app_pages/plan.py", title="Plan", icon=":material/flag:", url_path="plan"),
    st.Page("app_pages/reflect.py", title="Reflect", icon=":material/self_improvement:",
            url_path="reflect"),
    st.Page("app_pages/draft.py", title="Draft for a report", icon=":material/edit_note:",
            url_path="draft"),
    st.Page("app_pages/history.py", title="History", icon=":material/history:", url_path="history"),
]
page = st.navigation(pages)

with st.sidebar:
    ui.sidebar()

page.run()
