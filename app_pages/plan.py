"""Plan: draft the development plan from a rehearsal, edit it, keep versions, take it elsewhere."""

from __future__ import annotations

from datetime import date

import streamlit as st

from assistant.engine import start_interview
from assistant.plan.checks import check_plan
from assistant.plan.drafter import draft_plan
from app_pages import plan_editor, prepared, services, takeaway, ui

ws = services.workspace()
backend, _ = services.backend()
who = services.person()

st.title("Plan")

SOURCES = ("rehearse", "draft")
# A manager's drafts for their reports live on their own page, apart from this person's plan.
rehearsals = [c for c in ws.conversations() if c.kind in SOURCES and not c.report and not c.prepared]
cid = ui.current_id()
conv = ws.get(cid)
if conv is None or conv.kind not in SOURCES or conv.report:
    conv = rehearsals[0] if rehearsals else None


def draft_from_prework() -> None:
    """A plan straight from the pre-work answers and the manager's notes, without a rehearsal."""
    context = prepared.context(prepared.load(ws))
    new = ws.start("draft", context, prepared.title(ws, context.current_role, "Draft from pre-work"))
    talk = ws.get(new)
    # The interview's opening state absorbs the pre-work exactly as a rehearsal would.
    talk.journal.save_state(start_interview(backend, talk.journal, context=context, memory=ws.memory()).state)
    st.session_state["draft_request"] = new
    ui.set_current(new)


if conv is None:
    st.info("Your plan grows out of a rehearsal. Start one on the Rehearse page; "
            "you can draft the plan at any point, even halfway through.", icon=":material/forum:")
    st.page_link("app_pages/rehearse.py", label="Go to Rehearse", icon=":material/arrow_forward:")
    prep = prepared.load(ws)
    if prep["prework"] or prep["manager_notes"]:
        st.write("Or draft straight from the pre-work and notes added on the Prepare page:")
        if st.button("Draft from the pre-work", icon=":material/description:", key="draft_prework"):
            draft_from_prework()
            st.rerun()
    st.stop()
if len(rehearsals) > 1:
    by_id = {c.id: c for c in rehearsals}
    ids = list(by_id)
    # A select box matches the choice by its label, so no two labels may read the same.
    labels = ui.distinct_labels(ids, lambda i: f"{by_id[i].title} · {ui.when(by_id[i].started)}")
    picked = st.selectbox("Conversation", ids, index=ids.index(conv.id) if conv.id in by_id else 0,
                          format_func=labels.get)
    conv = by_id[picked]
ui.set_current(conv.id)

transcript = conv.journal.messages()
state = conv.state
versions = ws.versions(conv.id)


def draft(again: bool = False) -> None:
    """Draft with visible progress; the draft is saved as a new version (the first, at first)."""
    with st.status("Drafting your plan...", expanded=True) as status:
        st.write(":material/forum: Reading the conversation in your own words")
        result = draft_plan(transcript, state, backend.ladder, backend.model, date.today(),
                            conv.context.manager_notes, country=services.settings().country)
        st.write(":material/rule: Checking that every milestone is dated, measurable and yours")
        # Named by what made it: never "your own words" when no step is the PM's.
        note = ui.draft_label(backend) if result.source != "offline" else result.label
        note = f"{note}, redrafted from the conversation so far" if again else note
        ws.save_plan(conv.id, result.plan, "Next Step", note)
        if result.note:
            st.session_state[f"draft_note_{conv.id}"] = result.note
        status.update(label="Your draft is ready", state="complete", expanded=False)


if not versions:
    if state is None:
        st.info("This rehearsal has not started yet. Answer a question or two first.",
                icon=":material/forum:")
        st.stop()
    st.write("The draft uses your answers, in your words, and the career ladder for the level you "
             "are aiming at. You and your manager can change anything; every edit is kept as a version.")
    requested = st.session_state.pop("draft_request", None) == conv.id
    if requested or st.button("Draft the plan", type="primary", icon=":material/auto_awesome:",
                              key="draft"):
        draft()
        versions = ws.versions(conv.id)
    else:
        st.stop()

plan = versions[-1].plan
gaps = state.gaps_offered if state else []
# The checks read every step against the transcript (~40 ms); they only change with what they read.
failures = ui.memo("plan_checks", conv.id,
                   (plan, transcript, gaps, conv.context.manager_notes),
                   lambda: check_plan(plan, transcript, gaps, conv.context.manager_notes,
                                      plan.horizon_declined))
if (note := st.session_state.get(f"draft_note_{conv.id}")) and len(versions) == 1:
    st.warning(ui.safe(note), icon=":material/info:")

main, side = st.columns([3, 1], gap="large")
# A fix or a calendar choice is saved under whoever the editor says is editing, like any other edit.
author = f"{who.name} ({'manager' if st.session_state.get('editor_role') == 'Manager' else 'PM'})"

with side:
    plan_editor.checks_panel(failures, versions[-1],
                             "Every milestone is specific, dated, measurable and owned by you.",
                             ws, conv.id, author)

edit_tab, timeline_tab, history_tab, take_tab = main.tabs(
    [":material/edit: Edit", ":material/timeline: Timeline", ":material/history: Versions",
     ":material/download: Download & share"])

with edit_tab:
    plan_editor.edit_form(ws, conv.id, plan, who)

with timeline_tab:
    plan_editor.timeline(plan)

with history_tab:
    if len(transcript) > 0 and st.button("Draft again from the conversation so far", key="redraft",
                                         icon=":material/auto_awesome:",
                                         help="Useful after more of the rehearsal; saved as a new version, "
                                              "so nothing is lost."):
        draft(again=True)
        st.rerun()
    plan_editor.versions(versions)

with take_tab:
    takeaway.downloads(plan_editor.calendar_settings(ws, conv.id, plan, author))
    st.divider()
    takeaway.share_box(ws, conv)
