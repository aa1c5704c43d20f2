"""Prepare: what the conversation covers, the pre-work template, and the calendar invitations."""

from __future__ import annotations

from datetime import date, time

import streamlit as st

from assistant.interview.stages import SLOT_LABELS
from assistant.plan.invites import invitations
from assistant.plan.prework import QUESTIONS, template_docx, template_markdown
from assistant.plan.schedule import discussion_date, follow_up_date
from app_pages import prepared, services, ui

COVERS = [
    (":material/visibility:", "Where you want to be",
     "A few years out: the title, the kind of company, where, and the people around you. "
     "If that is too far to think about right now, a shorter horizon is just as good."),
    (":material/route:", "What gets you there",
     "The experiences the role asks for, including the ones that are easy to overlook."),
    (":material/bolt:", "What you bring",
     "Your strengths today and the work that gives you energy."),
    (":material/join_inner:", "Where it meets the company",
     "Places where your interests and what the company needs at the next level overlap."),
    (":material/flag:", "Your milestones",
     "A few steps you set and own, each with a date and a way to tell it is done."),
]

ws = services.workspace()
stored = prepared.load(ws)
# Widget values go when the page is left; coming back (or reloading) starts from what the store kept.
if "prep_role" not in st.session_state:
    st.session_state.update(prep_role=stored["current_role"], prep_notes=stored["manager_notes"],
                            prep_answers=stored["prework"])
UPLOADER = f"prework_file_{st.session_state.get('prep_uploads', 0)}"

st.title("Prepare")
st.write("A career conversation goes best when you have had a moment to think first. "
         "Here is what it covers, a template you can fill in ahead of time, and invitations "
         "for the two meetings.")

st.subheader("What the conversation covers")
cols = st.columns(len(COVERS))
for col, (icon, title, body) in zip(cols, COVERS):
    with col.container(border=True, height="stretch"):
        st.markdown(f"{icon} **{title}**")
        st.caption(body)

st.subheader("Before you meet")
left, right = st.columns(2, gap="large")
with left:
    st.markdown("**1. Fill in the pre-work (optional)**")
    st.caption("Answer what you can in your own words. The rehearsal then asks only what is "
               "missing or thin.")
    a, b = st.columns(2)
    a.download_button("Template (Word)", template_docx, file_name="career-conversation-prework.docx",
                      mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                      icon=":material/description:", key="template_docx", on_click="ignore",
                      width="stretch")
    b.download_button("Template (Markdown)", template_markdown,
                      file_name="career-conversation-prework.md", mime="text/markdown",
                      icon=":material/notes:", key="template_md", on_click="ignore", width="stretch")
    upload = st.file_uploader("Upload your filled template", type=["docx", "md", "txt"], key=UPLOADER,
                              help="Kept with your preparation, so it is still here after a reload.")
    if upload is not None:
        answers, problem = prepared.read_upload(upload)
        if problem:
            st.error(f"That file could not be used: {ui.safe(problem)}", icon=":material/upload_file:")
        elif not answers:
            st.warning("The template came back empty. Add your answers under the questions and "
                       "upload it again.", icon=":material/edit_note:")
        else:
            if st.session_state.get("prep_applied") != prepared.digest(upload):
                st.session_state.update(prep_applied=prepared.digest(upload), prep_answers=answers)
            st.success(f"Read {len(answers)} answer(s). The rehearsal will build on them.",
                       icon=":material/task_alt:")
    answers = st.session_state.get("prep_answers") or {}
    if answers:
        with st.expander(f"Your pre-work answers ({len(answers)})"):
            for slot, answer in answers.items():
                st.markdown(f"**{ui.safe(SLOT_LABELS.get(slot, slot))}**")
                st.caption(ui.safe(QUESTIONS.get(slot, "")))
                st.text(ui.plain(answer))
            if st.button("Clear these answers", key="clear_prework", icon=":material/delete:"):
                # A fresh uploader key drops the file too, so it is not read back in on the next run.
                st.session_state.update(prep_answers={}, prep_applied=None,
                                        prep_uploads=st.session_state.get("prep_uploads", 0) + 1)
                prepared.save(ws, {**stored, "prework": {}})
                st.rerun()
    st.text_input("Your current role", placeholder="e.g. Product Manager", key="prep_role")
    st.text_area("Manager's notes (optional)", key="prep_notes",
                 help="Strengths or examples the manager has seen; they help the plan name real evidence.")
    prep = {"current_role": st.session_state.get("prep_role", ""),
            "manager_notes": st.session_state.get("prep_notes", ""), "prework": answers}
    prepared.save(ws, prep)
    st.caption(":material/save: Kept as you go: your role, notes and answers are still here after a reload.")

with right:
    st.markdown("**2. Put the two meetings in the calendar**")
    first = discussion_date(date.today())
    second = follow_up_date(first)
    st.markdown(f":material/event: **Career discussion**, about a week out: {first:%A %d %B}, 50 minutes")
    st.markdown(f":material/event_repeat: **Follow-up** to finalise the plan: {second:%A %d %B}, 30 minutes")
    pm_name = st.text_input("PM's name (for the invitation title)", key="invite_name")
    emails = st.text_input("Attendees' emails, comma separated (optional)", key="invite_emails")
    attendees = [e.strip() for e in emails.split(",") if "@" in e]
    zone = ui.zone()
    start = st.time_input("Start time", value=time(10, 0), step=900, key="invite_time",
                          help=f"In your browser's time zone ({zone.key}).")
    st.download_button("Download invitations (.ics)",
                       lambda: invitations(date.today(), start=start, tz=zone, attendees=attendees,
                                           pm_name=pm_name or None),
                       file_name="career-conversation.ics", mime="text/calendar",
                       icon=":material/calendar_add_on:", key="invites", on_click="ignore")
    st.caption("Opens in Google Calendar, Outlook or Apple Calendar.")

st.divider()
if st.button("I'm ready: start the rehearsal", type="primary", icon=":material/forum:", key="to_rehearse",
             help="Begins a new rehearsal that builds on your role, notes and pre-work."):
    ui.set_current(prepared.begin(ws, prep))
    st.session_state["focus_answer"] = True
    st.switch_page("app_pages/rehearse.py")
