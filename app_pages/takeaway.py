"""Taking the plan elsewhere: downloads in every format, and sharing it with the manager."""

from __future__ import annotations

import streamlit as st

from assistant.plan.documents import to_docx, to_pdf
from assistant.plan.invites import plan_calendar
from assistant.plan.render import to_json, to_markdown
from assistant.plan.schema import Plan
from app_pages import services, share_panel, ui

FORMATS = [
    # (label, extension, mime, maker, icon)
    ("Word", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
     to_docx, ":material/description:"),
    ("PDF", "pdf", "application/pdf", to_pdf, ":material/picture_as_pdf:"),
    ("Markdown", "md", "text/markdown", to_markdown, ":material/notes:"),
    ("JSON", "json", "application/json", to_json, ":material/data_object:"),
    ("Calendar (.ics)", "ics", "text/calendar", plan_calendar, ":material/event:"),
]


def _deferred(maker, plan: Plan):
    # The file is built only when someone clicks, so every rerun stays fast.
    return lambda: maker(plan)


def downloads(plan: Plan) -> None:
    st.markdown("**Download**")
    st.caption("The same plan in every format; the calendar file holds the check-ins and due dates.")
    stem = "development-plan"
    cols = st.columns(len(FORMATS))
    for col, (label, ext, mime, maker, icon) in zip(cols, FORMATS):
        col.download_button(label, _deferred(maker, plan), file_name=f"{stem}.{ext}", mime=mime,
                            icon=icon, key=f"download_{ext}", on_click="ignore", width="stretch")


LOCAL_NOTE = ("In single-person local mode nobody else signs in to this app, so sharing here does not "
              "send anything: it makes a share file of the plan (never the conversation) that you hand "
              "to your manager, who opens it in their own Next Step under History.")


def share_box(ws, conv) -> None:
    st.markdown("**Share with your manager**")
    local = services.person().mode == "local"
    current, share_file = ws.sharing(conv.id)
    if current:
        if local:
            st.info(f"Ready for {ui.label(current)}: download the share file and give it to them. "
                    "Until you do, nobody but you can see this plan.", icon=":material/file_export:")
        else:
            st.success(f"Your manager ({ui.label(current)}) can see the latest version of this plan. "
                       "The conversation itself stays private.", icon=":material/group:")
        if share_file is not None:
            share_panel.share_file_button(share_file, "share_file")
        if st.button("Stop sharing", key="unshare", icon=":material/link_off:"):
            ws.unshare(conv.id)
            st.rerun()
        return
    st.caption(LOCAL_NOTE if local else
               "Only the plan is shared, never the transcript. You can stop sharing at any time.")
    with st.form("share", border=False):
        manager = st.text_input("Manager's email", placeholder="manager@example.com", key="manager_email")
        if st.form_submit_button("Make a share file" if local else "Share the plan", icon=":material/share:"):
            if "@" not in manager or len(manager.strip()) < 3:
                st.warning("Please enter your manager's email address.")
            else:
                try:
                    ws.share(conv.id, manager.strip())
                except PermissionError as exc:  # the store's NotAllowed, in its own plain words
                    st.warning(ui.safe(str(exc)))
                else:
                    st.rerun()
