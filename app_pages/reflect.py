"""Reflect: a short follow-up over a saved plan; suggested changes apply only when accepted."""

from __future__ import annotations

import streamlit as st

from assistant.interview.session import Context, Message
from assistant.plan.versions import diff_plans
from assistant.reflect import Reflection, Update, UpdateReader, apply
from app_pages import prepared, services, ui

KEPT = "reflect_kept"  # words typed after a follow-up ended, waiting for the next one

ws = services.workspace()
backend, _ = services.backend()
who = services.person()

st.title("Reflect")
st.write("A week or two after the conversation, look back together: how is each milestone going, "
         "and does the plan still fit? Suggestions change nothing until you accept them.")

plans = ws.plans()
if not plans:
    st.info("There is no saved plan yet. Draft one on the Plan page first.", icon=":material/flag:")
    st.page_link("app_pages/plan.py", label="Go to Plan", icon=":material/arrow_forward:")
    st.stop()

by_id = {conv.id: (conv, version) for conv, version in plans}
ids = list(by_id)
current = ui.current_id()
conv = ws.get(current)
parent_id = current if current in by_id else conv.parent if conv and conv.parent in by_id else ids[0]
labels = ui.distinct_labels(ids, lambda i: f"{by_id[i][0].title} · version {by_id[i][1].number}")
parent_id = st.selectbox("Plan", ids, index=ids.index(parent_id), key="reflect_plan", format_func=labels.get)
parent, latest = by_id[parent_id]


def start_follow_up() -> None:
    st.session_state.pop("reflect_new", None)
    cid = ws.start("reflect", Context(current_role=parent.context.current_role),
                   prepared.title(ws, parent.title.split(" · ")[-1], "Follow-up"), parent=parent_id)
    talk = ws.get(cid)
    opening = Reflection(plan=latest.plan, today=talk.started.date()).opening()
    # No interview move: the store holds move-carrying replies until an interview state is saved.
    talk.journal.record(Message("assistant", opening, None, None, {"plan_version": latest.number}))


talks = [c for c in ws.conversations("reflect") if c.parent == parent_id]
talk = talks[0] if talks and not st.session_state.get("reflect_new") else None
if talk is None:
    if st.button("Start the follow-up", type="primary", icon=":material/self_improvement:", key="reflect_start"):
        start_follow_up()
        st.rerun()
    st.stop()

messages = talk.journal.messages()
read_by = [(m.meta.get("update") or {}).get("source") for m in messages]
ui.checked_note(backend, (read_by.count("rules-fallback"), read_by.count("rules-fallback") + read_by.count("model")),
                "in this follow-up")
said = [m for m in messages if "dismissed" not in m.meta]
dismissed = {m.meta["dismissed"] for m in messages if "dismissed" in m.meta}
# Replay over the version the talk started from, so accepting changes midway does not shift it.
number = messages[0].meta.get("plan_version") if messages else None
versions = ws.versions(parent_id)
base = versions[number - 1].plan if number and number <= len(versions) else latest.plan


def reading_of(i: int) -> Update | None:
    """The reading saved for the PM's answer at `i`: on the reply after it (or, earlier, on itself)."""
    data = said[i].meta.get("update")
    if data is None and i + 1 < len(said) and said[i + 1].role == "assistant":
        data = said[i + 1].meta.get("update")
    return Update.model_validate(data) if data else None


# An answer saved without a reply (a crash or an outage mid-read) is read again below, not replayed.
unanswered = said[-1].text if said and said[-1].role == "pm" else None
replied = said[:-1] if unanswered is not None else said
reflection = Reflection.replay(base, talk.started.date(),
                               [(m.text, reading_of(i)) for i, m in enumerate(replied) if m.role == "pm"])


def key_of(p) -> str:
    return f"{p.milestone_id}|{p.field}|{p.after}"


def words(reply: str):
    for i, word in enumerate(reply.split(" ")):
        yield word if i == 0 else " " + word


def respond(answer: str, saved: bool) -> None:
    """Save the answer first, then read it (the slow part) and reply; the reading rides on the reply."""
    if not saved:
        talk.journal.record(Message("pm", answer.strip()))
    milestone = reflection.current()
    with st.spinner("Reading your update..."):
        update = (UpdateReader(backend.model, services.settings().structured_method)
                  .read(answer, milestone, talk.started.date()) if milestone else None)
    reply = reflection.answer(answer, update)
    with st.chat_message("assistant", avatar=ui.AVATARS["assistant"]):
        ui.stream(words(reply))
    talk.journal.record(Message("assistant", reply, None, None,
                                {"update": update.model_dump(mode="json")} if update else {}))


chat_col, side_col = st.columns([3, 2], gap="large")
with chat_col:
    chat = st.container(height=460, key="reflect_box")
    answer = st.chat_input("This follow-up is over. Type here to keep your words for a new one"
                           if reflection.done else "How is it going?", key="reflect_answer")
    with chat:
        for m in said:
            with st.chat_message("assistant" if m.role == "assistant" else "user", avatar=ui.AVATARS[m.role]):
                ui.text(m.text)
        if answer is not None and ui.blank(answer):
            st.warning("Your message was empty, so nothing was sent.", icon=":material/edit_note:")
        elif answer and reflection.done:
            st.session_state[KEPT] = answer
        elif answer or unanswered:
            if answer:
                with st.chat_message("user", avatar=ui.AVATARS["pm"]):
                    ui.text(answer)
            respond(answer or unanswered, saved=not answer)
            st.rerun()
    kept = st.session_state.get(KEPT)
    if reflection.done:
        if kept:
            st.info(f"This follow-up had ended, so these words are kept here, not sent:\n\n"
                    f"> {ui.label(kept, 600)}\n\nStart another follow-up to go on with them.",
                    icon=":material/inventory_2:")
        if st.button("Start another follow-up", key="reflect_again", icon=":material/restart_alt:"):
            start_follow_up()
            st.rerun()
    elif kept and said and said[-1].role == "assistant":
        # A new follow-up is asking its first question: the kept words answer it.
        st.session_state.pop(KEPT)
        respond(kept, saved=False)
        st.rerun()

with side_col:
    st.subheader("Suggested changes")
    pending = [p for p in reflection.proposals
               if key_of(p) not in dismissed and apply(latest.plan, [p]) != latest.plan]
    if not reflection.proposals:
        st.caption("None yet. They appear here as you talk through each milestone.")
    elif not pending:
        st.success("Every suggestion is settled: accepted into the plan or dismissed.",
                   icon=":material/done_all:")
    for i, p in enumerate(pending):
        with st.container(border=True, key=f"proposal_{i}"):
            st.markdown(f"**{ui.label(p.describe())}**")
            st.caption(f"You said: “{ui.label(p.reason, 300)}”")
            for change in diff_plans(latest.plan, apply(latest.plan, [p])):
                st.caption(f"`{change.kind}` {ui.label(change.line()[2:], 400)}")
            if p.milestone is not None:
                st.caption(f"Done when: {ui.label(p.milestone.measure, 300)} · the PM owns it")
            left, right = st.columns(2)
            if left.button("Accept", key=f"accept_{key_of(p)}", type="primary", icon=":material/check:",
                           width="stretch"):
                version = ws.save_plan(parent_id, apply(latest.plan, [p]), f"{who.name} (PM)",
                                       f"Follow-up on {ui.when(talk.started, '%d %b %Y')}: {p.describe()}")
                st.toast(f"Plan saved as version {version.number}", icon=":material/check:")
                st.rerun()
            if right.button("Dismiss", key=f"dismiss_{key_of(p)}", icon=":material/close:", width="stretch"):
                # Kept in the follow-up itself, so a dismissed suggestion stays gone after any reload.
                talk.journal.record(Message("assistant", f"Dismissed: {p.describe()}", None, None,
                                            {"dismissed": key_of(p)}))
                st.rerun()
    if dismissed:
        st.caption(f"{len(dismissed)} suggestion(s) dismissed; they will not come back.")
