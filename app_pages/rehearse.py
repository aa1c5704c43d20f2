"""Rehearse: the PM talks through the vision questions before the real meeting."""

from __future__ import annotations

import streamlit as st

from assistant.engine import start_interview
from assistant.interview.answers import AnswerRejected
from assistant.interview.reader import ModelUnavailable
from assistant.interview.session import Context
from assistant.interview.stages import Stage, stage_of
from app_pages import services, share_panel, ui

PROBLEM = "rehearse_problem"
RESTART = "confirm_restart"
STAGE_NAMES = {Stage.VISION: "Where you want to be", Stage.EXPERIENCES: "What gets you there",
               Stage.STRENGTHS: "What you bring", Stage.INTERESTS: "What you bring",
               Stage.INTERSECTIONS: "Where it meets the company", Stage.MILESTONES: "Your milestones"}
RATINGS = {1: "1 · Not useful", 2: "2 · A little", 3: "3 · Useful", 4: "4 · Very useful"}
STATUS_ICONS = {"filled": ":material/check_circle:", "skipped": ":material/remove_circle_outline:",
                "open": ":material/radio_button_unchecked:"}

ws = services.workspace()
backend, _ = services.backend()
cid = ui.current_id()
conv = ws.get(cid)
if conv is not None and conv.kind != "rehearse":
    conv = None

st.title("Rehearse")

if conv is None:
    st.write("A short, private conversation about where you want your career to go. "
             "One question at a time; skip anything, stop whenever you like. "
             "Nothing is shared unless you choose to share it.")
    prep = st.session_state.get("prep", {})
    with st.form("begin"):
        role = st.text_input("Your current role", value=prep.get("current_role", ""),
                             placeholder="e.g. Senior Product Manager",
                             help="Helps the assistant see what the next level usually asks for.")
        if prep.get("prework"):
            st.caption(f":material/task_alt: Your pre-work answers ({len(prep['prework'])}) "
                       "will be used; only what is missing gets asked.")
        begin = st.form_submit_button("Begin rehearsal", type="primary", icon=":material/play_arrow:")
    if begin:
        context = Context(current_role=role.strip() or None, manager_notes=prep.get("manager_notes") or None,
                          prework=dict(prep.get("prework", {})))
        ui.set_current(ws.start("rehearse", context, f"Rehearsal · {role.strip() or 'Product manager'}"))
        st.rerun()
    st.stop()

ui.mirror_to_url()
st.caption("Private to you unless you choose to share. Skip anything; say you're done whenever you like.")
state = conv.state
messages = conv.journal.messages()
interview = start_interview(backend, conv.journal, context=conv.context,
                            memory=ws.memory() if state is None else None, state=state)

chat_col, side_col = st.columns([3, 1], gap="large")
meter_box = side_col.container()


def reply(turn) -> bool:
    """Stream one assistant turn; False when the model failed partway."""
    with st.chat_message("assistant", avatar=ui.AVATARS["assistant"]):
        try:
            st.write_stream(ui.safe_stream(turn.stream()))
        except ModelUnavailable as exc:
            st.session_state[PROBLEM] = str(exc)
            return False
        if turn.notice:
            st.info(turn.notice, icon=":material/content_cut:")
    st.session_state.pop(PROBLEM, None)
    return True


def _keep_going() -> None:
    st.session_state.pop(RESTART, None)


@st.dialog("Start over?", on_dismiss=_keep_going)
def confirm_restart() -> None:
    st.write("This begins a fresh rehearsal. The current one stays in History, so nothing is lost.")
    left, right = st.columns(2)
    if left.button("Yes, start over", type="primary", key="restart_yes"):
        _keep_going()
        ui.set_current(None)
        st.rerun()
    if right.button("Keep going", key="restart_no"):
        _keep_going()
        st.rerun()


# At the top level the input is pinned to the bottom of the window, where people expect it.
answer = st.chat_input("Type your answer, or 'skip'", key="answer",
                       disabled=interview.done or interview.pending() is not None)

with chat_col:
    for message in messages:
        role = "assistant" if message.role == "assistant" else "user"
        with st.chat_message(role, avatar=ui.AVATARS[message.role]):
            ui.text(message.text)

    if not messages and not reply(interview.open()):
        st.error(f"I could not start the conversation just now. {st.session_state.get(PROBLEM, '')}",
                 icon=":material/cloud_off:")
        st.button("Try again", icon=":material/refresh:", key="retry_open")  # a click reruns the page
    elif interview.pending() is not None:
        problem = st.session_state.get(PROBLEM) or "The last reply did not arrive."
        st.error(f"Your answer is saved, but I could not reply just now. {problem}",
                 icon=":material/cloud_off:")
        if st.button("Try again", icon=":material/refresh:", key="retry"):
            try:
                turn = interview.retry()
                if turn is not None and reply(turn):
                    st.rerun()
            except ModelUnavailable as exc:
                st.session_state[PROBLEM] = str(exc)
                st.rerun()

    if answer:
        with st.chat_message("user", avatar=ui.AVATARS["pm"]):
            ui.text(answer)
        try:
            turn = interview.answer(answer)
        except AnswerRejected as exc:
            st.warning(str(exc), icon=":material/edit_note:")
        except ModelUnavailable as exc:
            st.session_state[PROBLEM] = str(exc)
            st.rerun()
        else:
            if not reply(turn):
                st.rerun()

    if interview.done:
        st.success("That's the rehearsal done. Your answers are ready to turn into a plan.",
                   icon=":material/celebration:")
        rating = st.segmented_control("How useful was the summary above?", list(RATINGS),
                                      format_func=RATINGS.get, key=f"rating_{conv.id}",
                                      default=conv.rating)
        if rating and rating != conv.rating:
            ws.rate(conv.id, rating)
            st.toast("Thank you, that helps us improve.", icon=":material/favorite:")
        with st.expander("Share with your manager", icon=":material/group:"):
            share_panel.rehearsal_panel(ws, conv)

with meter_box:
    progress = interview.state.progress()
    filled = sum(1 for _, _, status in progress if status != "open")
    st.subheader("What's still open")
    st.progress(filled / len(progress) if progress else 1.0,
                text=f"{filled} of {len(progress)} covered")
    groups: dict[str, list[str]] = {}
    for slot, label, status in progress:
        here = " ← now" if slot == interview.state.asked and not interview.done else ""
        skipped = " *(skipped)*" if status == "skipped" else ""
        groups.setdefault(STAGE_NAMES[stage_of(slot)], []).append(
            f"{STATUS_ICONS[status]} {label}{skipped}{here}")
    for group, items in groups.items():
        st.caption(group)
        st.markdown("  \n".join(items))  # one block per stage keeps the list compact
    if interview.state.horizon_declined:
        st.caption("You chose a shorter horizon; it won't be raised again.")
    st.divider()
    if st.button("Draft my plan now", type="primary", icon=":material/flag:",
                 disabled=interview.state.turns < 1 and len(messages) < 2,
                 key="draft_now", width="stretch"):
        st.session_state["draft_request"] = conv.id
        st.switch_page("app_pages/plan.py")

    if st.button("Start over", icon=":material/restart_alt:", key="restart", width="stretch"):
        st.session_state[RESTART] = True
    if st.session_state.get(RESTART):
        confirm_restart()
