"""The plan workbench both the PM and a manager use: checks, the edit form, timeline and versions."""

from __future__ import annotations

import streamlit as st

from assistant.plan.schema import Plan, Vision
from assistant.plan.versions import diff_plans
from app_pages import plan_view, ui

CHANGE_ICONS = {"added": ":material/add_circle:", "removed": ":material/remove_circle:",
                "changed": ":material/edit:"}
ROLES = ["PM", "Manager"]


def checks_panel(failures, latest, all_clear: str) -> None:
    """What the plan checks still find, then the latest version's line."""
    st.subheader("Plan checks")
    if failures:
        st.caption("Worth fixing before you meet:")
        for failure in failures:
            where = f"**{ui.label(failure.milestone_id)}**: " if failure.milestone_id else ""
            st.markdown(f":material/error_outline: {where}{ui.safe(failure.message)}")
    else:
        st.success(all_clear, icon=":material/verified:")
    st.caption(ui.label(f"Version {latest.number} · {latest.author} · {latest.note}"))


def more_editors(plan: Plan, prefix: str = ""):
    """Gaps, intersections and check-ins: edited less often, so drawn only on request."""
    st.markdown("**Gaps to close**")
    gaps = st.data_editor(
        plan_view.gap_frame(plan), key=f"{prefix}gaps", num_rows="dynamic", hide_index=True,
        width="stretch", column_order=["area", "expectation", "source"],
        column_config={"area": st.column_config.TextColumn("Gap", width="medium", required=True),
                       "expectation": st.column_config.TextColumn("What the level expects", width="large"),
                       "source": st.column_config.TextColumn("Raised by", disabled=True)})
    st.markdown("**Where interests meet company needs**")
    crossings = st.data_editor(
        plan_view.intersection_frame(plan), key=f"{prefix}intersections", num_rows="dynamic",
        hide_index=True, width="stretch", column_order=["interest", "company_need", "opportunity"],
        column_config={"interest": st.column_config.TextColumn("Interest"),
                       "company_need": st.column_config.TextColumn("Company need"),
                       "opportunity": st.column_config.TextColumn("Opportunity", width="large")})
    st.markdown("**Check-ins**")
    check_ins = st.data_editor(
        plan_view.check_in_frame(plan), key=f"{prefix}check_ins", num_rows="dynamic", hide_index=True,
        width="stretch",
        column_config={"when": st.column_config.DateColumn("Date", format="D MMM YYYY", required=True),
                       "kind": st.column_config.SelectboxColumn(
                           "Kind", options=list(plan_view.KINDS.values()), default="Review"),
                       "minutes": st.column_config.NumberColumn("Minutes", min_value=15, max_value=120,
                                                                step=5, default=30),
                       "purpose": st.column_config.TextColumn("Purpose", width="large")})
    return gaps, crossings, check_ins


def edit_form(ws, cid: str, plan: Plan, who, role: str | None = None, prefix: str = "",
              pm_name: str | None = None) -> None:
    """Edit and save as a new version. `role` fixes who edits; otherwise the editor picks.

    `pm_name` is set when someone edits another person's plan, so labels speak about them."""
    they = pm_name or "you"
    left, right = st.columns([1, 2], vertical_alignment="bottom")
    if role is None:
        role = left.segmented_control("Editing as", ROLES, default="PM", key=f"{prefix}editor_role",
                                      help="New milestones are marked as added by whoever edits.")
    else:
        left.caption(f":material/badge: Editing as {role.lower()}: steps you add are marked "
                     f"{'manager-added' if role == 'Manager' else 'PM-owned'}.")
    more = right.toggle("Also edit gaps, intersections and check-ins", key=f"{prefix}edit_more")
    if plan.notice:
        # What a reader must know first, e.g. that every step is only a suggestion so far.
        st.info(ui.safe(plan.notice), icon=":material/info:")
    with st.form(f"{prefix}plan_edit", border=False):
        if plan.horizon_declined:
            chose = "You chose" if they == "you" else f"{they} chose"
            st.caption(f"{chose} a shorter horizon for now, so there is no five-year vision here.")
            goal = st.text_area("Near-term aim", plan.goal or "", height=80)
            vision = plan.vision
        else:
            goal = plan.goal
            aiming = "you are" if they == "you" else "they are"
            left, right = st.columns(2)
            vision = Vision(
                title=left.text_input(f"Title {aiming} aiming for", plan.vision.title or "") or None,
                company=right.text_input("Kind of company", plan.vision.company or "") or None,
                location=left.text_input("Where", plan.vision.location or "") or None,
                people=right.text_input("Kind of people", plan.vision.people or "") or None)
        st.markdown("**Milestones**")
        edited = st.data_editor(
            plan_view.milestone_frame(plan), key=f"{prefix}milestones", num_rows="dynamic",
            hide_index=True, width="stretch",
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
        target = st.text_input("Target role", plan.target_role or "", key=f"{prefix}target_role")
        if more:
            gaps, crossings, check_ins = more_editors(plan, prefix)
        change_note = st.text_input("What changed (optional)", key=f"{prefix}change_note",
                                    placeholder="e.g. moved the pricing talk to May")
        saved = st.form_submit_button("Save as a new version", type="primary", icon=":material/save:")
    if not saved:
        return
    is_manager = role == "Manager"
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
        return
    author = f"{who.name} ({'manager' if is_manager else 'PM'})"
    version = ws.save_plan(cid, new, author, change_note.strip() or "Edited")
    # The note described this save; left in place it would silently label the next one too.
    st.session_state.pop(f"{prefix}change_note", None)
    st.toast(f"Saved version {version.number}", icon=":material/check:")
    st.rerun()


def timeline(plan: Plan) -> None:
    chart = plan_view.timeline(plan)
    if chart is None:
        st.info("Give a milestone a due date to see it here.")
    else:
        st.vega_lite_chart(chart, width="stretch")
        st.caption("Dots are milestones on their due dates; dashed lines are check-ins.")


def versions(history: list, prefix: str = "") -> None:
    """Every version in a table, and what changed between any two of them."""
    st.dataframe([{"Version": v.number, "By": ui.plain(v.author), "When": ui.when(v.at),
                   "Note": ui.plain(v.note)} for v in reversed(history)], hide_index=True, width="stretch")
    numbers = [v.number for v in history]
    left, right = st.columns(2)
    # Each version is named by what made it (the offline rules, a model, a person), never guessed.
    def named(n: int) -> str:
        return ui.plain(f"Version {n}: {history[n - 1].note}")

    base = left.selectbox("Compare", numbers, index=0, key=f"{prefix}diff_from_{len(numbers)}",
                          format_func=named)
    head = right.selectbox("with", numbers, index=len(numbers) - 1, key=f"{prefix}diff_to_{len(numbers)}",
                           format_func=named)
    changes = diff_plans(history[base - 1].plan, history[head - 1].plan)
    if not changes:
        st.caption("No differences between these versions.")
    with st.container(key=f"{prefix}plan_diff"):
        for change in changes:
            st.markdown(f"{CHANGE_ICONS[change.kind]} {ui.label(change.line()[2:], 600)}")
