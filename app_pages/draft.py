"""Draft for a report: a manager drafts a PM's plan from what the PM shared, their pre-work and the
manager's own notes, then edits it; the plan stays the PM's and every save is a version."""

from __future__ import annotations

from datetime import date

import streamlit as st

from assistant.interview.stages import SLOT_LABELS
from assistant.plan.checks import check_plan
from assistant.plan.drafter import draft_plan
from app_pages import plan_editor, prepared, services, share_panel, takeaway, ui
from assistant.plan.brief import Brief, check_sources, describe, shared_by

PREFIX = "report_"  # keeps this page's editor state apart from the Plan page's
OPEN = "report_draft"
PENDING = "report_draft_for"

ws = services.workspace()
backend, _ = services.backend()
who = services.person()
signed_in = who.mode == "oidc"


def listing(items: list[str]) -> str:
    return " and ".join([", ".join(items[:-1]), items[-1]]) if len(items) > 1 else "".join(items)


def open_draft(cid: str | None) -> None:
    st.session_state[OPEN] = cid


def request(subject) -> None:
    # The person offered on screen when the button was drawn; the store decides whether that still holds.
    st.session_state[PENDING] = (subject,)


def read_sent(upload) -> tuple[dict[str, str], str | None]:
    """The answers in an uploaded pre-work file (parsed once per content), or why not."""
    answers, problem = prepared.read_upload(upload)
    return answers, f"That file could not be used: {problem}" if problem else None


def ticked(item, items, name: str) -> bool:
    """Whether a shared item is used; locally every import is listed, only the named PM's ticked."""
    mine = signed_in or len(items) == 1 or bool(name) and name.lower() in item.owner.label.lower()
    return st.session_state.get(f"use_share_{item.share.id}", mine)


def brief_for(subject) -> Brief:
    """What the form holds now, for `subject` (None: the PM named in local mode)."""
    name = subject.label if subject is not None else st.session_state.get("report_name", "").strip()
    items = shared_by(ws.shared_with_me(), subject)
    return Brief(name, st.session_state.get("report_role"), st.session_state.get("report_notes"),
                 read_sent(st.session_state.get("report_prework_file"))[0],
                 [i.content for i in items if ticked(i, items, name)])


def draft(subject) -> str | None:
    """Draft and save version 1; None (with the reason on the page) when it cannot start."""
    brief = brief_for(subject)
    if not brief.pm_name:
        st.warning("Please enter the PM's name first.", icon=":material/badge:")
        return None
    if brief.empty:
        st.warning("Add at least one source: something they shared, their pre-work, or your notes.",
                   icon=":material/playlist_add:")
        return None
    name = ui.label(brief.pm_name)
    try:
        cid = ws.start_report_draft(subject, brief.pm_name, brief.context(), f"Plan for {brief.pm_name}",
                                    brief.sources())
    except PermissionError as exc:  # the store's NotAllowed, in its own plain words
        st.error(f"Next Step cannot draft a plan for {name}. {ui.safe(str(exc))} Only people who have named you as "
                 "their manager can be chosen here.", icon=":material/block:")
        return None
    with st.status(f"Drafting a plan for {name}...", expanded=True) as status:
        st.write(f":material/inventory_2: Reading {ui.label(listing(brief.sources()))}")
        result = draft_plan(brief.transcript(), brief.state(backend.ladder), backend.ladder,
                            backend.model, date.today(), brief.context().manager_notes,
                            country=services.settings().country)
        st.write(f":material/rule: Checking that every milestone is dated, measurable and {name}'s")
        note = (ui.draft_label(backend) if result.source != "offline"
                else result.label.replace("your own", "their own").replace("of your", "of theirs"))
        ws.save_plan(cid, brief.finish(result.plan), f"{who.name} (manager)", note)
        if result.note:
            st.session_state[f"draft_note_{cid}"] = result.note
        status.update(label=f"The draft for {name} is ready", state="complete", expanded=False)
    return cid


def workbench(conv, fresh: bool = False) -> None:
    """The drafted plan: checks beside it, then edit, timeline, versions and hand-over."""
    name = ui.label(conv.report)  # a name from a login provider or a text box, shown as typed
    versions = ws.versions(conv.id)
    top, back = st.columns([4, 1], vertical_alignment="center")
    top.subheader(f"Plan for {name}")
    back.button("All drafts", key="report_all", icon=":material/arrow_back:", width="stretch",
                on_click=open_draft, args=(None,))
    if not versions:
        st.info("This draft has no plan yet; the drafting did not finish. Start a new draft from "
                "the same material.", icon=":material/hourglass_empty:")
        return
    plan = versions[-1].plan
    st.caption(f"Drafted from {ui.label(listing(conv.sources) or 'your notes')}. The plan is {name}'s: "
               "milestones they wrote stay in their words, steps you add are marked manager-added, "
               "and every save is kept as a version.")
    if fresh:
        st.success("Drafted as version 1. Read it through, change anything, and save: each save is "
                   "a new version.", icon=":material/task_alt:")
    if (note := st.session_state.get(f"draft_note_{conv.id}")) and len(versions) == 1:
        st.warning(ui.safe(note), icon=":material/info:")
    failures = ui.memo("plan_checks", conv.id, (plan, conv.context, versions[0].plan),
                       lambda: check_plan(plan, check_sources(conv.context, versions[0].plan), [],
                                          conv.context.manager_notes, plan.horizon_declined))
    main, side = st.columns([3, 1], gap="large")
    with side:
        plan_editor.checks_panel(failures, versions[-1],
                                 f"Every milestone is specific, dated, measurable and owned by {name}.",
                                 ws, conv.id, f"{who.name} (manager)", PREFIX)
    edit_tab, timeline_tab, history_tab, take_tab = main.tabs(
        [":material/edit: Edit", ":material/timeline: Timeline", ":material/history: Versions",
         ":material/download: Hand over"])
    with edit_tab:
        plan_editor.edit_form(ws, conv.id, plan, who, role="Manager", prefix=PREFIX, pm_name=name)
    with timeline_tab:
        plan_editor.timeline(plan)
    with history_tab:
        plan_editor.versions(versions, PREFIX)
    with take_tab:
        if signed_in:
            st.caption(f"The plan is saved as {name}'s. Bring a copy to your conversation, or send "
                       "them one in the format they prefer.")
        else:
            st.caption(f"Everything stays on this machine. Hand {name} the plan as a file: Word or "
                       "PDF to read, JSON to keep working on it in Next Step.")
        takeaway.downloads(plan_editor.calendar_settings(ws, conv.id, plan, f"{who.name} (manager)", PREFIX))


st.title("Draft for a report")

if (pending := st.session_state.pop(PENDING, None)) is not None and (cid := draft(pending[0])):
    open_draft(cid)
    workbench(ws.get(cid), fresh=True)
    st.stop()
current = ws.get(st.session_state.get(OPEN))
if current is not None and current.report:
    workbench(current)
    st.stop()

st.write("Draft a development plan for someone who reports to you, from what they shared, the "
         "pre-work they filled in and your own notes. The plan is theirs: you edit it together, "
         "and every change is kept.")
drafts = [c for c in ws.conversations("draft") if c.report]
if drafts:
    with st.expander(f"Your drafts ({len(drafts)})", icon=":material/folder_open:"):
        for conv in drafts:
            left, right = st.columns([4, 1], vertical_alignment="center")
            left.markdown(f":material/edit_note: **{ui.label(conv.title)}**")
            left.caption(f"started {ui.when(conv.started)} · from {ui.label(listing(conv.sources) or 'notes')}")
            right.button("Open", key=f"open_report_draft_{conv.id}", icon=":material/play_arrow:",
                         width="stretch", on_click=open_draft, args=(conv.id,))

st.subheader("1. Who is the plan for?")
if signed_in:
    reports = ws.reports()
    if not reports:
        st.info("Nobody has named you as their manager yet. A PM does that on their Plan page: under "
                "Download & share, they enter your email and share their plan. They are listed here "
                "as soon as they have.", icon=":material/group_add:")
        st.stop()
    by_id = {p.id: p for p in reports}
    labels = ui.distinct_labels(list(by_id), lambda i: (
        by_id[i].label + (f" ({by_id[i].email})" if by_id[i].email and by_id[i].name else "")))
    picked = st.selectbox("Your report", list(by_id), key="report_pick", format_func=labels.get)
    subject, name = by_id[picked], ui.label(by_id[picked].label)
else:
    subject = None
    name = st.text_input("The PM's name", key="report_name", placeholder="e.g. Sam Rivera").strip()
    st.caption(":material/lock: In local mode the plan is kept on this machine under your name; you "
               "hand it to them as a file afterwards.")

st.subheader("2. What to draft from")
st.caption("Use any of these; the more of their own words, the more the plan sounds like them.")
shared_col, prework_col = st.columns(2, gap="large")
with shared_col:
    st.markdown("**What they shared with you**")
    upload = st.file_uploader("Import a share file they gave you", type=["json"], key="report_share_file")
    if upload is not None:
        _, problem = share_panel.import_file(ws, upload)
        if problem:
            st.error(f"That file could not be imported: {ui.safe(problem)}", icon=":material/error:")
    items = shared_by(ws.shared_with_me(), subject)
    if not items:
        st.caption("Nothing shared with you yet" + (f" by {name}." if signed_in else ".") +
                   " Only what a PM chooses to share ever appears here.")
    for item in items:
        st.checkbox(ui.label(f"{item.owner.label}: {item.title or item.share.what}"),
                    value=ticked(item, items, name), key=f"use_share_{item.share.id}")
        st.caption(ui.label(describe(item.content), 600))
with prework_col:
    st.markdown("**Their pre-work**")
    sent = st.file_uploader("The filled pre-work template they sent", type=["docx", "md", "txt"],
                            key="report_prework_file")
    prework, problem = read_sent(sent)
    if problem:
        st.error(ui.safe(problem), icon=":material/upload_file:")
    elif sent is not None and not prework:
        st.warning("That template has no answers in it yet.", icon=":material/edit_note:")
    elif prework:
        with st.expander(f"{len(prework)} answer(s) read"):
            for slot, text in prework.items():
                st.markdown(f"**{ui.label(SLOT_LABELS.get(slot, slot))}**")
                st.text(ui.plain(text))
st.text_area("Your notes (optional)", key="report_notes", height=120,
             help="Strengths you have seen, with an example, and where they could grow. "
                  "Points you raise become steps marked as added by you.")
st.text_input("Their current role (optional)", key="report_role", placeholder="e.g. Senior Product Manager")
st.button("Draft the plan", type="primary", icon=":material/auto_awesome:", key="report_draft_go",
          on_click=request, args=(subject,))
