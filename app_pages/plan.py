"""Plan: draft the development plan from a rehearsal, edit it, keep versions, take it elsewhere."""

from __future__ import annotations

from datetime import date

import streamlit as st

from assistant.engine import start_interview
from assistant.interview.session import Context
from assistant.plan.checks import check_plan
from assistant.plan.drafter import draft_plan
from assistant.plan.render import md_text
from assistant.plan.schema import Vision
from assistant.plan.versions import diff_plans
from app_pages import plan_view, services, takeaway, ui

CHANGE_ICONS = {"added": ":material/add_circle:", "removed": ":material/remove_circle:",
                "changed": ":material/edit:"}

ws = services.workspace()
backend, _ = services.backend()
who = services.person()

st.title("Plan")

SOURCES = ("rehearse", "draft")
rehearsals = [c for c in ws.conversations() if c.kind in SOURCES]
cid = ui.current_id()
conv = ws.get(cid)
if conv is None or conv.kind not in SOURCES:
    conv = rehearsals[0] if rehearsals else None


def draft_from_prework() -> None:
    """A plan straight from the pre-work answers and the manager's notes, without a rehearsal."""
    prep = st.session_state.get("prep", {})
    context = Context(current_role=prep.get("current_role") or None,
                      manager_notes=prep.get("manager_notes") or None,
                      prework=dict(prep.get("prework") or {}))
    new = ws.start("draft", context, f"Draft from pre-work: {context.current_role or 'PM'}")
    talk = ws.get(new)
    # The interview's opening state absorbs the pre-work exactly as a rehearsal would.
    talk.journal.save_state(start_interview(backend, talk.journal, context=context, memory=ws.memory()).state)
    st.session_state["draft_request"] = new
    ui.set_current(new)


if conv is None:
    st.info("Your plan grows out of a rehearsal. Start one on the Rehearse page; "
            "you can draft the plan at any point, even halfway through.", icon=":material/forum:")
    st.page_link("app_pages/rehearse.py", label="Go to Rehearse", icon=":material/arrow_forward:")
    prep = st.session_state.get("prep", {})
    if prep.get("prework") or prep.get("manager_notes"):
        st.write("Or draft straight from the pre-work and notes added on the Prepare page:")
        if st.button("Draft from the pre-work", icon=":material/description:", key="draft_prework"):
            draft_from_prework()
            st.rerun()
    st.stop()
if len(rehearsals) > 1:
    by_id = {c.id: c for c in rehearsals}
    ids = list(by_id)
    picked = st.selectbox("Conversation", ids, index=ids.index(conv.id) if conv.id in by_id else 0,
                          format_func=lambda i: f"{by_id[i].title} · {by_id[i].started:%d %b %Y}")
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
                            conv.context.manager_notes)
        st.write(":material/rule: Checking that every milestone is dated, measurable and yours")
        note = "AI draft" if result.source != "offline" else "Draft from your own words (offline rules)"
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
failures = check_plan(plan, transcript, state.gaps_offered if state else [],
                      conv.context.manager_notes, plan.horizon_declined)
if (note := st.session_state.get(f"draft_note_{conv.id}")) and len(versions) == 1:
    st.warning(note, icon=":material/info:")

def more_editors(plan):
    """Gaps, intersections and check-ins: edited less often, so drawn only on request."""
    st.markdown("**Gaps to close**")
    gaps = st.data_editor(
        plan_view.gap_frame(plan), key="gaps", num_rows="dynamic", hide_index=True, width="stretch",
        column_order=["area", "expectation", "source"],
        column_config={"area": st.column_config.TextColumn("Gap", width="medium", required=True),
                       "expectation": st.column_config.TextColumn("What the level expects", width="large"),
                       "source": st.column_config.TextColumn("Raised by", disabled=True)})
    st.markdown("**Where interests meet company needs**")
    crossings = st.data_editor(
        plan_view.intersection_frame(plan), key="intersections", num_rows="dynamic", hide_index=True,
        width="stretch", column_order=["interest", "company_need", "opportunity"],
        column_config={"interest": st.column_config.TextColumn("Interest"),
                       "company_need": st.column_config.TextColumn("Company need"),
                       "opportunity": st.column_config.TextColumn("Opportunity", width="large")})
    st.markdown("**Check-ins**")
    check_ins = st.data_editor(
        plan_view.check_in_frame(plan), key="check_ins", num_rows="dynamic", hide_index=True,
        width="stretch",
        column_config={"when": st.column_config.DateColumn("Date", format="D MMM YYYY", required=True),
                       "kind": st.column_config.SelectboxColumn(
                           "Kind", options=list(plan_view.KINDS.values()), default="Review"),
                       "minutes": st.column_config.NumberColumn("Minutes", min_value=15, max_value=120,
                                                                step=5, default=30),
                       "purpose": st.column_config.TextColumn("Purpose", width="large")})
    return gaps, crossings, check_ins


main, side = st.columns([3, 1], gap="large")

with side:
    st.subheader("Plan checks")
    if failures:
        st.caption("Worth fixing before you meet:")
        for failure in failures:
            where = f"**{failure.milestone_id}**: " if failure.milestone_id else ""
            st.markdown(f":material/error_outline: {where}{ui.safe(failure.message)}")
    else:
        st.success("Every milestone is specific, dated, measurable and owned by you.",
                   icon=":material/verified:")
    st.caption(f"Version {versions[-1].number} · {versions[-1].author} · {versions[-1].note}")

edit_tab, timeline_tab, history_tab, take_tab = main.tabs(
    [":material/edit: Edit", ":material/timeline: Timeline", ":material/history: Versions",
     ":material/download: Download & share"])

with edit_tab:
    left, right = st.columns([1, 2], vertical_alignment="bottom")
    editor_role = left.segmented_control("Editing as", ["PM", "Manager"], default="PM", key="editor_role",
                                         help="New milestones are marked as added by whoever edits.")
    more = right.toggle("Also edit gaps, intersections and check-ins", key="edit_more")
    with st.form("plan_edit", border=False):
        if plan.horizon_declined:
            st.caption("You chose a shorter horizon for now, so there is no five-year vision here.")
            goal = st.text_area("Near-term aim", plan.goal or "", height=80)
            vision = plan.vision
        else:
            goal = plan.goal
            left, right = st.columns(2)
            vision = Vision(
                title=left.text_input("Title you are aiming for", plan.vision.title or "") or None,
                company=right.text_input("Kind of company", plan.vision.company or "") or None,
                location=left.text_input("Where", plan.vision.location or "") or None,
                people=right.text_input("Kind of people", plan.vision.people or "") or None)
        st.markdown("**Milestones**")
        edited = st.data_editor(
            plan_view.milestone_frame(plan), key="milestones", num_rows="dynamic", hide_index=True,
            width="stretch",
            column_order=["text", "due", "measure", "support", "status", "ownership"],
            column_config={
                "text": st.column_config.TextColumn("Milestone", width="large", required=True),
                "due": st.column_config.DateColumn("Due", format="D MMM YYYY",
                                                   min_value=plan.created, max_value=plan.horizon_end()),
                "measure": st.column_config.TextColumn("Done when", width="medium"),
                "support": st.column_config.TextColumn("Manager's support", width="medium"),
                "status": st.column_config.SelectboxColumn(
                    "Status", options=list(plan_view.STATUS_BY_LABEL), default="Not started"),
                "ownership": st.column_config.TextColumn("Owner", disabled=True, default=""),
            })
        left, right = st.columns(2)
        strengths = left.text_area("Strengths (one per line)", "\n".join(plan.strengths), height=120)
        interests = right.text_area("Interests (one per line)", "\n".join(plan.interests), height=120)
        target = st.text_input("Target role", plan.target_role or "", key="target_role")
        if more:
            gaps, crossings, check_ins = more_editors(plan)
        change_note = st.text_input("What changed (optional)", key="change_note",
                                    placeholder="e.g. moved the pricing talk to May")
        saved = st.form_submit_button("Save as a new version", type="primary", icon=":material/save:")
    if saved:
        is_manager = editor_role == "Manager"
        update = {"goal": goal, "vision": vision, "strengths": plan_view.lines(strengths),
                  "interests": plan_view.lines(interests), "target_role": target.strip() or None,
                  "milestones": plan_view.apply_milestones(plan, edited, is_manager)}
        if more:
            update.update(gaps=plan_view.apply_gaps(plan, gaps, is_manager),
                          intersections=plan_view.apply_intersections(plan, crossings),
                          check_ins=plan_view.apply_check_ins(check_ins))
        new = plan.model_copy(update=update)
        if new == plan:
            st.info("Nothing has changed since the last version.")
        else:
            author = f"{who.name} ({'manager' if is_manager else 'PM'})"
            version = ws.save_plan(conv.id, new, author, change_note.strip() or "Edited")
            st.toast(f"Saved version {version.number}", icon=":material/check:")
            st.rerun()


with timeline_tab:
    chart = plan_view.timeline(plan)
    if chart is None:
        st.info("Give a milestone a due date to see it here.")
    else:
        st.vega_lite_chart(chart, width="stretch")
        st.caption("Dots are milestones on their due dates; dashed lines are check-ins.")

with history_tab:
    if len(transcript) > 0 and st.button("Draft again from the conversation so far", key="redraft",
                                         icon=":material/auto_awesome:",
                                         help="Useful after more of the rehearsal; saved as a new version, "
                                              "so nothing is lost."):
        draft(again=True)
        st.rerun()
    st.dataframe([{"Version": v.number, "By": v.author, "When": f"{v.at:%d %b %Y %H:%M}", "Note": v.note}
                  for v in reversed(versions)], hide_index=True, width="stretch")
    numbers = [v.number for v in versions]
    left, right = st.columns(2)
    base = left.selectbox("Compare", numbers, index=0, key=f"diff_from_{len(numbers)}",
                          format_func=lambda n: f"Version {n}" + (" (the AI draft)" if n == 1 else ""))
    head = right.selectbox("with", numbers, index=len(numbers) - 1, key=f"diff_to_{len(numbers)}",
                           format_func=lambda n: f"Version {n}")
    changes = diff_plans(versions[base - 1].plan, versions[head - 1].plan)
    if not changes:
        st.caption("No differences between these versions.")
    with st.container(key="plan_diff"):
        for change in changes:
            st.markdown(f"{CHANGE_ICONS[change.kind]} {ui.safe(md_text(change.line()[2:]))}")

with take_tab:
    takeaway.downloads(plan)
    st.divider()
    takeaway.share_box(ws, conv)
