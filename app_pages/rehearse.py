"""Rehearse: the PM talks through the vision questions before the real meeting."""

from __future__ import annotations

import streamlit as st

from assistant.engine import start_interview
from assistant.interview.answers import AnswerRejected
from assistant.interview.reader import ModelUnavailable
from assistant.interview.session import SIGNALS
from assistant.interview.stages import Stage, stage_of
from app_pages import heard, prepared, services, share_panel, ui

PROBLEM = "rehearse_problem"  # (conversation, what went wrong, whether trying again can help)
CARRY_ON = "carry_on_offline"  # the PM just chose the offline interviewer: reply to what waits
RESTART = "confirm_restart"
KEPT = "kept_after_end"  # words typed after the end, held until the PM says where they go
FOCUS = "focus_answer"
NOTICE = "turn_notice"
STAGE_NAMES = {Stage.VISION: "Where you want to be", Stage.EXPERIENCES: "What gets you there",
               Stage.STRENGTHS: "What you bring", Stage.INTERESTS: "What you bring",
               Stage.INTERSECTIONS: "Where it meets the company", Stage.MILESTONES: "Your milestones"}
RATINGS = {1: "1 · Not useful", 2: "2 · A little", 3: "3 · Useful", 4: "4 · Very useful"}
STATUS_ICONS = {"filled": ":material/check_circle:", "skipped": ":material/remove_circle_outline:",
                "open": ":material/radio_button_unchecked:"}
ws = services.workspace()
backend, _ = services.backend()
conv = ui.current(ws)
if conv is not None and conv.kind != "rehearse":
    conv = None

st.title("Rehearse")

if conv is None:
    st.write("A short, private conversation about where you want your career to go. "
             "One question at a time; skip anything, stop whenever you like. "
             "Nothing is shared unless you choose to share it.")
    prep = prepared.load(ws)
    with st.form("begin"):
        role = st.text_input("Your current role", value=prep["current_role"],
                             placeholder="e.g. Senior Product Manager",
                             help="Helps the assistant see what the next level usually asks for.")
        if prep["prework"]:
            st.caption(f":material/task_alt: Your pre-work answers ({len(prep['prework'])}) "
                       "will be used; only what is missing gets asked.")
        begin = st.form_submit_button("Begin rehearsal", type="primary", icon=":material/play_arrow:")
    if begin:
        ui.set_current(prepared.begin(ws, {**prep, "current_role": role.strip()}))
        st.session_state[FOCUS] = True
        st.rerun()
    st.stop()

ui.mirror_to_url(conv.id)
messages = conv.journal.messages()
interview = start_interview(backend, conv.journal, context=conv.context,
                            memory=ws.memory() if conv.state is None else None, state=conv.state)
# Asked once: each asking reads the store, and nothing answers before the widgets below are drawn.
waiting = interview.pending()


def failed(exc: ModelUnavailable) -> None:
    """Keep what went wrong, with this conversation, for the rerun that shows it."""
    st.session_state[PROBLEM] = (conv.id, str(exc), exc.retryable)


def problem() -> tuple[str, bool] | None:
    """This conversation's last failure (text, retryable); another conversation's is not shown here."""
    held = st.session_state.get(PROBLEM)
    return (held[1], held[2]) if held and held[0] == conv.id else None


def reply(turn) -> bool:
    """Stream one assistant turn; False when the model failed partway."""
    with st.chat_message("assistant", avatar=ui.AVATARS["assistant"]):
        try:
            ui.stream(turn.stream())
        except ModelUnavailable as exc:
            failed(exc)
            return False
    # Kept for the rerun that follows every turn, so the notice is read, not flashed.
    st.session_state[NOTICE] = turn.notice
    st.session_state.pop(PROBLEM, None)
    return True


def opened() -> bool:
    """Open the conversation, once: two tabs that began it together take turns, and the second
    shows the first one's opening instead of asking a second question."""
    with prepared.one_at_a_time("open", conv.id):
        if conv.journal.messages():
            st.rerun()  # opened by another tab meanwhile: this run's interview is out of date
        return reply(interview.open())


def choose_offline() -> None:
    # A callback, so the page that follows is built on the offline backend from its first line
    # and the failing model is not asked again on the way.
    services.use_offline()
    st.session_state[CARRY_ON] = True


def outage(doing: str, retry_key: str, saved: bool = False) -> bool:
    """Say what went wrong and offer what can help: "Try again" when another attempt may work,
    and the offline interviewer when the model is in use. True when "Try again" was clicked."""
    text, retryable = problem() or ("The last reply did not arrive.", True)
    can_switch = backend.info.kind != "offline"
    if retryable or not can_switch:
        lead = "Your answer is saved, but I" if saved else "I"
        st.error(f"{lead} could not {doing} just now. {ui.safe(text)}", icon=":material/cloud_off:")
    else:
        lead = "Your answer is saved. " if saved else ""
        st.error(f"{lead}I could not {doing}: the AI model cannot answer until something in its setup "
                 f"is changed, so trying again would not help. {ui.safe(text)} Whoever runs this app can "
                 "change that; meanwhile the offline interviewer can carry on from here.",
                 icon=":material/build:")
    again = False
    with st.container(horizontal=True, gap="small"):
        if retryable or not can_switch:
            again = st.button("Try again", icon=":material/refresh:", key=retry_key)
        if can_switch:
            st.button("Continue with the offline interviewer", icon=":material/offline_bolt:",
                      key="go_offline", on_click=choose_offline,
                      help="Replies come from the offline interviewer's own reading and phrasing for "
                           "the rest of this session. Everything you have said so far is kept.")
    return again


def said(text: str) -> None:
    """The PM's words as a chat bubble, drawn before the reply streams under them."""
    with st.chat_message("user", avatar=ui.AVATARS["pm"]):
        ui.text(text)


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


head, tools = st.columns([5, 1], vertical_alignment="center")
head.caption(f"**{ui.label(conv.title)}** · private to you unless you choose to share. "
             "Skip anything; say you're done whenever you like.")
with head:
    ui.checked_note(backend)
with tools:
    ui.rename(ws, conv)

chat_col, side_col = st.columns([5, 2], gap="large")
with chat_col:
    # A box of its own that follows the newest message, so the question in play is always in view.
    chat = st.container(height=480, key="chat_box")
    over = interview.done
    answer = st.chat_input("This conversation is over. Type here and choose to continue it or start anew"
                           if over else "Type your answer, or use a quick reply below",
                           key="answer", disabled=waiting is not None)
    intent = heard.quick_replies(interview, conv.id, waiting)
    if over:
        left, right = st.columns(2)
        resume = left.button("Continue this conversation", key="resume", icon=":material/play_arrow:",
                             width="stretch")
        anew = right.button("Start a new one", key="start_new", icon=":material/add_comment:",
                            width="stretch")
    else:
        resume = anew = False

with side_col:
    meter_box = st.container()
    panel_box = st.container()

with panel_box:
    stages = {slot: STAGE_NAMES[stage_of(slot)] for slot, _, _, _ in interview.heard()}
    intent = intent or heard.panel(interview, conv.id, stages, STATUS_ICONS, waiting)

with chat:
    for message in messages:
        with st.chat_message("assistant" if message.role == "assistant" else "user",
                             avatar=ui.AVATARS[message.role]):
            ui.text(message.text)

    carry_on = st.session_state.pop(CARRY_ON, False)
    if not messages and not opened():
        outage("start the conversation", "retry_open")  # "Try again" reruns the page, which opens again
    elif waiting is not None:
        if carry_on or outage("reply", "retry", saved=True):
            # The answer was saved before the model was asked, so replying now loses nothing.
            try:
                turn = interview.retry()
                if turn is not None:
                    reply(turn)
            except ModelUnavailable as exc:
                failed(exc)
            st.rerun()
    elif over and problem():
        # "Continue this conversation" failed: the conversation is still over, the words still kept.
        if carry_on or outage("carry on the conversation", "retry_resume"):
            reply(interview.resume())
            st.rerun()

    if notice := st.session_state.pop(NOTICE, None):
        st.info(ui.safe(notice), icon=":material/content_cut:")
    kept = st.session_state.get(KEPT, {}).get(conv.id)
    if answer is not None and ui.blank(answer):
        st.warning("Your message was empty, so nothing was sent. Type a few words, or use "
                   "“Skip this” to move on.", icon=":material/edit_note:")
    elif answer and over:
        # Nothing typed is dropped: the words wait here until the PM says where they belong.
        st.session_state.setdefault(KEPT, {})[conv.id] = kept = answer
    elif answer or intent:
        said(answer or SIGNALS[intent][0])
        try:
            turn = interview.answer(answer) if answer else interview.signal(intent)
        except AnswerRejected as exc:
            st.warning(ui.safe(str(exc)), icon=":material/edit_note:")
        except ModelUnavailable as exc:
            failed(exc)
            st.rerun()
        else:
            reply(turn)
            st.rerun()  # the meter and the panel were drawn before this turn; a failed one shows its retry

    if resume or anew:
        if anew:
            st.session_state.get(KEPT, {}).pop(conv.id, None)
            new = prepared.begin(ws, {**prepared.load(ws), "current_role": conv.context.current_role or ""})
            ui.set_current(new)
            if kept:
                st.session_state.setdefault(KEPT, {})[new] = kept
        else:
            # Kept words stay kept until the conversation is open again; the run after this one
            # answers with them (below), and a failed resume loses none of them.
            reply(interview.resume())
        st.session_state[FOCUS] = True
        st.rerun()

    if interview.done:
        st.success("That's the rehearsal done. Your answers are ready to turn into a plan. Check "
                   "**What I heard** beside the chat: what you correct there is what the plan and "
                   "anything you share will use.", icon=":material/celebration:")
        heard.summary(interview)
        if kept:
            st.info(f"This conversation had ended, so these words are kept here, not sent:\n\n"
                    f"> {ui.label(kept, 600)}\n\nChoose **Continue this conversation** to answer with "
                    "them, or **Start a new one** to begin afresh with them.", icon=":material/inventory_2:")
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
    answered = sum(1 for _, _, status in progress if status == "filled")
    skipped = sum(1 for _, _, status in progress if status == "skipped")
    st.subheader("What I heard")
    summary = f"{answered} of {len(progress)} answered" + (f", {skipped} skipped" if skipped else "")
    st.progress((answered + skipped) / len(progress) if progress else 1.0, text=summary)
    st.caption("Check what I understood; anything you change here is yours and wins over my reading.")
    with st.container(horizontal=True, gap="small"):
        draft_now = st.button("Draft my plan now", type="primary", icon=":material/flag:", key="draft_now",
                              disabled=interview.state.turns < 1 and len(messages) < 2)
        restart = st.button("Start over", icon=":material/restart_alt:", key="restart")
    if draft_now:
        st.session_state["draft_request"] = conv.id
        st.switch_page("app_pages/plan.py")
    if restart:
        st.session_state[RESTART] = True
    if st.session_state.get(RESTART):
        confirm_restart()

if kept and not interview.done:
    st.session_state[KEPT].pop(conv.id, None)
    with chat:
        said(kept)
        try:
            turn = interview.answer(kept)
        except AnswerRejected as exc:
            st.warning(ui.safe(str(exc)), icon=":material/edit_note:")
        except ModelUnavailable as exc:
            failed(exc)  # the words were saved before the model was asked: they wait as the answer
            st.rerun()
        else:
            reply(turn)
            st.rerun()

if st.session_state.pop(FOCUS, False):
    ui.focus_answer_box()
