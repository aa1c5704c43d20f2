"""History: past rehearsals, plans and follow-ups, each one a click from where it left off."""

from __future__ import annotations

import streamlit as st

from app_pages import services, ui

KIND = {"rehearse": ("Rehearsal", ":material/forum:", "app_pages/rehearse.py"),
        "reflect": ("Follow-up", ":material/self_improvement:", "app_pages/reflect.py"),
        "draft": ("Draft", ":material/edit_note:", "app_pages/plan.py")}

ws = services.workspace()

st.title("History")
conversations = ws.conversations()
if not conversations:
    st.info("Nothing here yet. Your rehearsals, plans and follow-ups will be listed here, "
            "ready to pick up where you left off.", icon=":material/history:")
    st.page_link("app_pages/rehearse.py", label="Start a rehearsal", icon=":material/arrow_forward:")
    st.stop()

plans = {conv.id: version for conv, version in ws.plans()}


def open_item(cid: str, page: str) -> None:
    ui.set_current(cid)
    st.switch_page(page)


for conv in conversations:
    label, icon, page = KIND.get(conv.kind, KIND["rehearse"])
    with st.container(border=True):
        left, right = st.columns([4, 1], vertical_alignment="center")
        with left:
            st.markdown(f"{icon} **{ui.safe(conv.title)}**")
            count = conv.message_count
            state = "finished" if conv.done else "in progress"
            bits = [label, f"started {conv.started:%d %b %Y %H:%M}", f"{count} messages", state]
            if conv.rating:
                bits.append(f"summary rated {conv.rating}/4")
            if conv.id in plans:
                bits.append(f"plan version {plans[conv.id].number}")
            if shared := ws.shared_with(conv.id):
                bits.append(f"plan shared with {shared}")
            st.caption(" · ".join(bits))
        with right:
            if st.button("Resume" if not conv.done else "Open", key=f"open_{conv.id}",
                         icon=":material/play_arrow:", width="stretch"):
                open_item(conv.id, page)
            if conv.id in plans and st.button("Plan", key=f"plan_{conv.id}", icon=":material/flag:",
                                              width="stretch"):
                open_item(conv.id, "app_pages/plan.py")
