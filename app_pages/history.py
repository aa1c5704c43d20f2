"""History: past rehearsals, plans and follow-ups, what others shared with you, and your data."""

from __future__ import annotations

import json

import streamlit as st

from assistant.plan.render import to_markdown
from assistant.plan.schema import Plan
from app_pages import services, share_panel, ui

KIND = {"rehearse": ("Rehearsal", ":material/forum:", "app_pages/rehearse.py"),
        "reflect": ("Follow-up", ":material/self_improvement:", "app_pages/reflect.py"),
        "draft": ("Draft", ":material/edit_note:", "app_pages/plan.py")}
ERASE = "confirm_erase"
SHARING = "share_dialog"

ws = services.workspace()

st.title("History")
yours, shared_tab, data_tab = st.tabs([":material/history: Yours", ":material/group: Shared with you",
                                       ":material/shield_person: Your data"])


def open_item(cid: str, page: str, report: bool = False) -> None:
    if report:  # a draft for a report opens on its own page, leaving this person's current talk be
        st.session_state["report_draft"] = cid
    else:
        ui.set_current(cid)
    st.switch_page(page)


def _close_share() -> None:
    st.session_state.pop(SHARING, None)


@st.dialog("Share with your manager", width="large", on_dismiss=_close_share)
def share_dialog(talk) -> None:
    st.caption(ui.label(talk.title))
    share_panel.rehearsal_panel(ws, talk)


with yours:
    conversations = ws.conversations()
    if not conversations:
        st.info("Nothing here yet. Your rehearsals, plans and follow-ups will be listed here, "
                "ready to pick up where you left off.", icon=":material/history:")
        st.page_link("app_pages/rehearse.py", label="Start a rehearsal", icon=":material/arrow_forward:")
    plans = {conv.id: version for conv, version in ws.plans(include_reports=True)} if conversations else {}
    for conv in conversations:
        label, icon, page = KIND.get(conv.kind, KIND["rehearse"])
        if conv.report:
            label, page = ui.label(f"Draft for {conv.report}"), "app_pages/draft.py"
        with st.container(border=True):
            left, right = st.columns([4, 1], vertical_alignment="center")
            with left:
                st.markdown(f"{icon} **{ui.label(conv.title)}**")
                bits = [label, f"started {ui.when(conv.started)}", f"{conv.message_count} messages"]
                if conv.prepared:
                    bits.append("prepared, not begun yet")
                elif conv.kind == "rehearse":
                    bits.append("finished" if conv.done else "in progress")
                if conv.rating:
                    bits.append(f"summary rated {conv.rating}/4")
                if conv.id in plans:
                    bits.append(f"plan version {plans[conv.id].number}")
                    if shared := ws.shared_with(conv.id):
                        bits.append(f"plan shared with {ui.label(shared)}")
                st.caption(" · ".join(bits))
            with right:
                if st.button("Begin" if conv.prepared else "Resume" if not conv.done else "Open",
                             key=f"open_{conv.id}",
                             icon=":material/play_arrow:", width="stretch"):
                    open_item(conv.id, page, bool(conv.report))
                if conv.id in plans and st.button("Plan", key=f"plan_{conv.id}", icon=":material/flag:",
                                                  width="stretch"):
                    open_item(conv.id, page if conv.report else "app_pages/plan.py", bool(conv.report))
                if conv.kind == "rehearse" and conv.done and st.button(
                        "Share", key=f"share_open_{conv.id}", icon=":material/group:", width="stretch"):
                    st.session_state[SHARING] = conv.id
    if (talk := ws.get(st.session_state.get(SHARING))) is not None:
        share_dialog(talk)
    drafted = ws.drafted_for_me()
    if drafted:
        st.markdown("**Drafted for you by your manager**")
        st.caption("A plan your manager drafted for you is yours: read it before you meet, and "
                   "bring your changes to the conversation.")
    for n, version in enumerate(drafted):
        with st.expander(ui.label(f"Plan drafted by {version.author} · version {version.number}"),
                         icon=":material/edit_note:"):
            st.caption(f"Saved {ui.when(version.at)} · {ui.label(version.note)}")
            ui.text(to_markdown(version.plan))

def shared_item(item) -> None:
    """One received share; one that cannot be read says so instead of taking the page down."""
    if getattr(item, "problem", None):
        st.warning(f"This share file cannot be read: {ui.safe(item.problem)}", icon=":material/error:")
        return
    content = item.content
    try:
        if content.get("kind") == "plan" and content.get("plan"):
            st.caption(ui.label(f"Version {content.get('version')} · saved {str(content.get('saved', ''))[:10]}"))
            ui.text(to_markdown(Plan.model_validate(content["plan"])))
        else:  # a summary or picked answers, read as the report previewed it
            ui.text(share_panel.content_markdown(content))
    except (ValueError, TypeError, AttributeError, KeyError):
        st.warning("This share is not in a form this version can show. You can remove it below.",
                   icon=":material/error:")


with shared_tab:
    st.caption("Plans and summaries your reports chose to share with you. They can stop sharing at any "
               "time, and you never see their full conversation unless they pick parts of it.")
    items = ws.shared_with_me()
    if not items:
        st.info("Nothing has been shared with you.", icon=":material/inbox:")
    for item in items:
        with st.expander(ui.label(f"{item.owner.label}: {item.title or item.share.what}")):
            shared_item(item)
            if st.button("Remove from my list", key=f"dismiss_share_{item.share.id}", icon=":material/delete:",
                         help="Drops your copy; what they shared stays theirs."):
                ws.dismiss_share(item.share.id)
                st.rerun()
    upload = st.file_uploader("Import a share file a report gave you", type=["json"], key="share_import")
    if upload is not None and st.button("Import", key="share_import_go", icon=":material/download:"):
        item, problem = share_panel.import_file(ws, upload)
        if problem:
            st.error(f"That file could not be imported: {ui.safe(problem)}", icon=":material/error:")
        else:
            st.success(f"Imported what {ui.label(item.owner.label)} shared.", icon=":material/check:")

with data_tab:
    st.write("Everything Next Step keeps about you is yours: take a copy, or erase it for good.")
    st.download_button("Download all my data (JSON)",
                       lambda: json.dumps(ws.export_all(), ensure_ascii=False, indent=1, default=str),
                       file_name="next-step-my-data.json", mime="application/json",
                       icon=":material/download:", key="export_all", on_click="ignore")

    def _keep() -> None:
        st.session_state.pop(ERASE, None)

    @st.dialog("Erase everything?", on_dismiss=_keep)
    def confirm_erase() -> None:
        st.write("This deletes every conversation, plan, version, rating and share of yours. "
                 "It cannot be undone.")
        left, right = st.columns(2)
        if left.button("Erase everything", type="primary", key="erase_yes"):
            _keep()
            ws.erase()
            services.forget_person()
            ui.set_current(None)
            st.session_state["erased"] = True
            st.rerun()
        if right.button("Keep my data", key="erase_no"):
            _keep()
            st.rerun()

    if st.session_state.pop("erased", False):
        st.success("Everything of yours has been erased.", icon=":material/delete_forever:")
    if st.button("Erase all my data", key="erase", icon=":material/delete_forever:"):
        st.session_state[ERASE] = True
    if st.session_state.get(ERASE):
        confirm_erase()
