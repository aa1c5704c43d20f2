"""Reflect: a short follow-up over a saved plan; suggested changes apply only when accepted."""

from __future__ import annotations

import streamlit as st

from assistant.interview.session import Context, Message
from assistant.plan.versions import diff_plans
from assistant.reflect import Reflection, Update, UpdateReader, apply
from app_pages import services, ui

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
parent_id = st.selectbox("Plan", ids, index=ids.index(parent_id), key="reflect_plan",
                         format_func=lambda i: f"{by_id[i][0].title} · version {by_id[i][1].number}")
parent, latest = by_id[parent_id]

talks = [c for c in ws.conversations("reflect") if c.parent == parent_id]
talk = talks[0] if talks and not st.session_state.get("reflect_new") else None
if talk is None:
    if st.button("Start the follow-up", type="primary", icon=":material/self_improvement:", key="reflect_start"):
        st.session_state.pop("reflect_new", None)
        cid = ws.start("reflect", Context(current_role=parent.context.current_role),
                       f"Follow-up · {parent.title.split(' · ')[-1]}", parent=parent_id)
        talk = ws.get(cid)
        opening = Reflection(plan=latest.plan, today=talk.started.date()).opening()
        # No interview move: the store holds move-carrying replies until an interview state is saved.
        talk.journal.record(Message("assistant", opening, None, None, {"plan_version": latest.number}))
        st.rerun()
    st.stop()

messages = talk.journal.messages()
# Replay over the version the talk started from, so accepting changes midway does not shift it.
number = messages[0].meta.get("plan_version") if messages else None
versions = ws.versions(parent_id)
base = versions[number - 1].plan if number and number <= len(versions) else latest.plan
saved = [(m.text, Update.model_validate(m.meta["update"]) if m.meta.get("update") else None)
         for m in messages if m.role == "pm"]
reflection = Reflection.replay(base, talk.started.date(), saved)


def words(reply: str):
    for i, word in enumerate(reply.split(" ")):
        yield word if i == 0 else " " + word


chat_col, side_col = st.columns([3, 2], gap="large")
answer = st.chat_input("How is it going?", key="reflect_answer", disabled=reflection.done)
with chat_col:
    for m in messages:
        with st.chat_message("assistant" if m.role == "assistant" else "user", avatar=ui.AVATARS[m.role]):
            ui.text(m.text)
    if answer:
        with st.chat_message("user", avatar=ui.AVATARS["pm"]):
            ui.text(answer)
        milestone = reflection.current()
        update = (UpdateReader(backend.model, services.settings().structured_method)
                  .read(answer, milestone, talk.started.date()) if milestone else None)
        # The reading is saved with the answer, so later reruns replay it instead of asking again.
        talk.journal.record(Message("pm", answer.strip(), None, None,
                                    {"update": update.model_dump(mode="json")} if update else {}))
        reply = reflection.answer(answer, update)
        with st.chat_message("assistant", avatar=ui.AVATARS["assistant"]):
            st.write_stream(ui.safe_stream(words(reply)))
        talk.journal.record(Message("assistant", reply))

with side_col:
    st.subheader("Suggested changes")
    pending = [p for p in reflection.proposals if apply(latest.plan, [p]) != latest.plan]
    if not reflection.proposals:
        st.caption("None yet. They appear here as you talk through each milestone.")
    elif not pending:
        st.success("Every suggestion from this follow-up is in the plan.", icon=":material/done_all:")
    else:
        chosen = []
        for i, p in enumerate(pending):
            if st.checkbox(p.describe(), value=True, key=f"accept_{talk.id}_{i}", help=f'You said: "{p.reason}"'):
                chosen.append(p)
        preview = diff_plans(latest.plan, apply(latest.plan, chosen))
        with st.container(border=True):
            st.caption("What would change in the plan:")
            for change in preview:
                st.markdown(f"`{change.kind}` {ui.safe(change.line()[2:])}")
        if st.button("Accept the selected changes", type="primary", key="accept",
                     icon=":material/check:", disabled=not chosen):
            version = ws.save_plan(parent_id, apply(latest.plan, chosen), f"{who.name} (PM)",
                                   f"Follow-up on {talk.started:%d %b %Y}: {len(chosen)} change(s) accepted")
            st.toast(f"Plan saved as version {version.number}", icon=":material/check:")
            st.rerun()
        st.caption("Unticked suggestions are simply left out.")
    if reflection.done and st.button("Start another follow-up", key="reflect_again",
                                     icon=":material/restart_alt:"):
        st.session_state["reflect_new"] = True
        st.rerun()
