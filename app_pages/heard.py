"""What the assistant understood, for the PM to check and correct, and the quick replies."""

from __future__ import annotations

import streamlit as st

from app_pages import ui

# (intent, what the button says); the engine receives the intent as a fact, not text to read.
QUICK = [("decline_horizon", "I'd rather not look that far ahead", ":material/do_not_disturb_on:"),
         ("not_sure", "Not sure yet", ":material/help:"),
         ("skip", "Skip this", ":material/skip_next:"),
         ("stop", "That's all for today", ":material/pause_circle:")]


UNKNOWN = object()  # the pending answer was not passed in: ask the interview


def quick_replies(interview, key: str, waiting=UNKNOWN) -> str | None:
    """The quick-reply buttons under the answer box; returns the intent clicked, if any.

    `waiting` is `interview.pending()` when the page already asked (each asking reads the store)."""
    chosen = None
    if waiting is UNKNOWN:
        waiting = interview.pending()
    with st.container(horizontal=True, key=f"quick_{key}", gap="small"):
        for intent, words, icon in QUICK:
            if intent == "decline_horizon" and interview.state.horizon_declined:
                continue  # already declined: offering it again would be pushing the other way
            if st.button(words, key=f"quick_{intent}", icon=icon, type="tertiary",
                         disabled=interview.done or waiting is not None):
                chosen = intent
    return chosen


def panel(interview, key: str, groups: dict[str, str], icons: dict[str, str],
          waiting=UNKNOWN) -> str | None:
    """Every slot with its status and short value, each with edit and clear, grouped by stage.

    Returns "reopen_horizon" when the PM asks to look further ahead after declining it."""
    status = {slot: state for slot, _, state in interview.state.progress()}
    shown_group = None
    for slot, name, value, source in interview.heard():
        if groups.get(slot) != shown_group:
            shown_group = groups.get(slot)
            st.caption(shown_group)
        here = " ← now" if slot == interview.state.asked and not interview.done else ""
        mark = icons.get(status.get(slot, "filled" if value else "open"), "")
        with st.container(key=f"heard_{slot}", horizontal=True, vertical_alignment="center", gap="small",
                          wrap=False):
            if value and source == "waiting":
                # Set aside while we ask once more: kept if nothing better comes.
                words = f"_{ui.label(value, 160)}_ · *kept unless you say more*"
            elif value:
                words = ui.label(value, 160) + (" · *you set this*" if source == "pm" else "")
            else:
                words = ("_cleared by you_" if source == "pm" else
                         "_skipped_" if status.get(slot) == "skipped" else "_not yet_")
            st.markdown(f"{mark} **{ui.label(name)}**{here}  \n{words}", width="stretch")
            edit(interview, slot, name, value, key)
    reopen = None
    if interview.state.horizon_declined:
        st.caption("You chose a shorter horizon, so the long view is not raised again.")
        if st.button("Think about the long view after all", key="reopen_horizon",
                     icon=":material/visibility:",
                     disabled=(interview.pending() if waiting is UNKNOWN else waiting) is not None):
            reopen = "reopen_horizon"
    return reopen


def edit(interview, slot: str, name: str, value: str | None, key: str) -> None:
    """A small form to put the PM's own words in a slot, or to clear it."""
    box, seen = f"value_{slot}_{key}", f"seen_{slot}_{key}"
    if st.session_state.get(seen, "") != (value or ""):
        # A keyed box keeps what it last held; a newer reading or correction must show through.
        st.session_state[box] = st.session_state[seen] = value or ""
    with st.popover("Edit", icon=":material/edit:", key=f"edit_{slot}_{key}", type="tertiary"):
        with st.form(f"correct_{slot}_{key}", border=False):
            typed = st.text_input(ui.label(name), key=box, max_chars=300)
            left, right = st.columns(2)
            save = left.form_submit_button("Save", type="primary", icon=":material/check:",
                                           key=f"save_{slot}_{key}")
            clear = right.form_submit_button("Clear", icon=":material/backspace:", key=f"clear_{slot}_{key}")
    if save and ui.blank(typed):
        st.warning("That was empty, so nothing changed. Use Clear to remove a value.",
                   icon=":material/edit_note:")
    elif save or clear:
        interview.correct(slot, None if clear else typed)
        st.toast(f"{ui.label(name)}: " + ("cleared" if clear else "updated"), icon=":material/check:")
        st.rerun()


def summary(interview) -> None:
    """The end summary as it stands now, corrections included (the recap above was said earlier)."""
    marks = {"pm": " *(yours)*", "waiting": " *(kept unless you say more)*"}
    lines = [f"- **{ui.label(name)}:** {ui.label(value, 300)}" + marks.get(source, "")
             for _, name, value, source in interview.heard() if value]
    with st.container(border=True, key="heard_summary"):
        st.markdown("**Your summary, with your corrections**")
        st.markdown("\n".join(lines) if lines else "_Nothing captured yet._")
