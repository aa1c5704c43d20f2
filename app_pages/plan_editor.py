"""The plan workbench both the PM and a manager use: checks, the edit form, timeline and versions."""

from __future__ import annotations

from zoneinfo import available_timezones

import streamlit as st

from assistant.plan.schema import Plan, Vision
from assistant.plan.versions import diff_plans
from assistant.plan.workdays import country_code, country_from_place, keep_to_working_days, supported
from app_pages import plan_view, services, ui

CHANGE_ICONS = {"added": ":material/add_circle:", "removed": ":material/remove_circle:",
                "changed": ":material/edit:"}
ROLES = ["PM", "Manager"]


def _fix_keys(failures, prefix: str) -> list[str]:
    """A key per failure that stays the same across reruns while the failure does."""
    seen: dict[str, int] = {}
    keys = []
    for f in failures:
        base = f"{prefix}fix_{f.code}_{f.milestone_id or 'plan'}"
        seen[base] = seen.get(base, 0) + 1
        keys.append(f"{base}_{seen[base]}")
    return keys


def checks_panel(failures, latest, all_clear: str, ws=None, cid: str | None = None,
                 author: str | None = None, prefix: str = "") -> None:
    """What the plan checks still find, each with its one-click fix when there is one (given `ws`
    and `cid`), then the latest version's line."""
    st.subheader("Plan checks")
    if (done := st.session_state.pop(f"{prefix}fix_applied", None)) is not None:
        number, label, lines = done
        st.success(f"Saved as version {number}: {ui.label(label)}.", icon=":material/auto_fix_high:")
        # The fix's own changes, so nobody has to open the Versions tab to see what it did.
        with st.container(key=f"{prefix}fix_changes"):
            for line in lines:
                st.markdown(f"{CHANGE_ICONS[line[0]]} {ui.label(line[1], 600)}")
    if failures:
        st.caption("Worth fixing before you meet:")
        for failure, key in zip(failures, _fix_keys(failures, prefix)):
            where = f"**{ui.label(failure.milestone_id)}**: " if failure.milestone_id else ""
            st.markdown(f":material/error_outline: {where}{ui.safe(failure.message)}")
            if failure.fix is None or ws is None or cid is None:
                continue
            if st.button(failure.fix_label or "Fix this", key=key, icon=":material/auto_fix_high:",
                         help="Applies the fix as a new version; the one before it is kept."):
                apply_fix(ws, cid, latest.plan, failure, author or "Next Step", prefix)
    else:
        st.success(all_clear, icon=":material/verified:")
    st.caption(ui.label(f"Version {latest.number} · {latest.author} · {latest.note}"))


def apply_fix(ws, cid: str, plan: Plan, failure, author: str, prefix: str = "") -> None:
    """One check's fix, saved as a new version whose changes the panel shows on the next run."""
    fixed = failure.fix(plan)
    changes = diff_plans(plan, fixed)
    if not changes:
        st.info("That fix changes nothing in this version.", icon=":material/info:")
        return
    label = failure.fix_label or "Fix"
    version = ws.save_plan(cid, fixed, author, f"One-click fix: {label}")
    st.session_state[f"{prefix}fix_applied"] = (version.number, label,
                                                [(c.kind, c.line()[2:]) for c in changes])
    st.rerun()


ZONES = sorted(z for z in available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/"))) + ["UTC"]


def default_zone(plan: Plan) -> str:
    """The plan's zone, else the configured one, else the browser's (UTC when it does not say)."""
    for name in (plan.time_zone, services.settings().time_zone, ui.zone().key):
        if name in ZONES:
            return name
    return "UTC"


def default_country(plan: Plan) -> str | None:
    """The plan's country, else the configured one, else the one the PM's place clearly lies in."""
    return (country_code(plan.country) or country_code(services.settings().country)
            or country_from_place(plan.vision.location))


def calendar_settings(ws, cid: str, plan: Plan, author: str, prefix: str = "") -> Plan:
    """Pick the time zone for calendar files and the country whose public holidays due dates avoid
    (keyed by plan, so switching plans never carries one plan's choice over to another).

    Saving moves any due date off a holiday as a new version; the plan returned carries the zone
    shown, so the downloads below match the picker even before anything is saved."""
    zone = default_zone(plan)
    country = default_country(plan)
    codes = ["", *supported()]
    with st.form(f"{prefix}calendar_form", border=False):
        left, right = st.columns(2)
        picked_zone = left.selectbox("Time zone for the calendar file", ZONES, index=ZONES.index(zone),
                                     key=f"{prefix}plan_zone_{cid}",
                                     help="Check-ins in the .ics start at 10:00 in this zone.")
        picked = right.selectbox("Public holidays of", codes, index=codes.index(country or ""),
                                 key=f"{prefix}plan_country_{cid}",
                                 format_func=lambda c: supported().get(c, "No country: weekends only"),
                                 help="No milestone is due on a weekend or on a public holiday there.")
        if country and not services.settings().country and country == country_from_place(plan.vision.location):
            # The place is where the PM wants to be, which need not be where they work today.
            st.caption(f"Read from where the plan says: {ui.label(plan.vision.location or '', 80)}. "
                       "Change it if you work elsewhere.")
        saved = st.form_submit_button("Use for this plan", icon=":material/event_available:")
    if saved:
        code = picked or None
        new = keep_to_working_days(plan.model_copy(update={"time_zone": picked_zone, "country": code}), code)
        if new == plan:
            st.info("This plan already uses that time zone and country.", icon=":material/info:")
        else:
            where = supported().get(code, "no country") if code else "weekends only"
            version = ws.save_plan(cid, new, author, f"Time zone {picked_zone}; working days: {where}")
            st.toast(f"Saved version {version.number}", icon=":material/check:")
            st.rerun()
    return plan.model_copy(update={"time_zone": picked_zone})


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
