"""The Plan page through AppTest: draft with progress, edit a milestone, save a version, diff, download."""

from __future__ import annotations

import io
from datetime import date, timedelta

from docx import Document

from tests.test_app_support import answer, begin, fresh_app, shown

ANSWERS = [
    "VP of Product at a B2B SaaS company in Austin, working with people who argue hard and then commit.",
    "Managing managers, owning a P&L, and hiring a team from scratch.",
    "I'm good at discovery work. Pricing work energizes me.",
    "By March I'll lead the pricing experiment end to end and present the results to the exec team.",
]


def drafted():
    at = begin(fresh_app(), role="Senior Product Manager")
    for text in ANSWERS:
        at = answer(at, text)
    at.button(key="draft_now").click().run()
    assert not at.exception
    return at


def test_plan_page_without_a_rehearsal_points_to_rehearse():
    at = fresh_app()
    at.switch_page("app_pages/plan.py").run()
    assert not at.exception
    assert any("Rehearse" in i.value for i in at.info)


def test_draft_shows_progress_and_saves_version_one():
    at = drafted()
    assert at.status, "drafting shows its progress"
    assert at.data_editor(key="milestones")
    frame = at.data_editor(key="milestones").value
    assert len(frame) >= 1
    assert frame["due"].notna().all()
    table = at.dataframe[-1].value
    assert list(table["Version"]) == [1]


def test_editing_a_milestone_date_saves_a_new_version_and_shows_the_diff():
    at = drafted()
    frame = at.data_editor(key="milestones").value
    new_due = date(date.today().year + 1, 2, 14)
    at.session_state["milestones"] = {"edited_rows": {0: {"due": new_due.isoformat()}},
                                      "added_rows": [], "deleted_rows": []}
    at.text_input(key="change_note").input("moved the first milestone")
    [b for b in at.button if b.label == "Save as a new version"][0].click().run()
    assert not at.exception
    table = at.dataframe[-1].value
    assert list(table["Version"]) == [2, 1]
    assert "moved the first milestone" in list(table["Note"])
    assert at.text_input(key="change_note").value == "", "the note went with its save, not the next one"
    assert at.data_editor(key="milestones").value["due"].iloc[0] == new_due
    diff = " ".join(m.value for m in at.markdown if ":material/edit:" in m.value)
    assert f"{frame['due'].iloc[0].isoformat()} -> {new_due.isoformat()}" in shown(diff)


def test_downloads_offer_every_format_and_the_docx_opens(files):
    at = drafted()
    labels = {b.label for b in at.download_button}
    assert {"Word", "PDF", "Markdown", "JSON", "Calendar (.ics)"} <= labels
    doc = Document(io.BytesIO(files["development-plan.docx"]()))
    body = "\n".join(p.text for p in doc.paragraphs)
    milestone = at.data_editor(key="milestones").value["text"].iloc[0]
    assert milestone[:30] in body
    assert files["development-plan.pdf"]()[:4] == b"%PDF"
    assert b"BEGIN:VCALENDAR" in files["development-plan.ics"]()


def test_failed_checks_are_listed_beside_the_plan():
    at = drafted()
    at.session_state["milestones"] = {"edited_rows": {0: {"measure": "done", "due": None}},
                                      "added_rows": [], "deleted_rows": []}
    [b for b in at.button if b.label == "Save as a new version"][0].click().run()
    checks = " ".join(m.value for m in at.markdown if ":material/error_outline:" in m.value)
    assert "m1" in checks


def test_sharing_the_plan_with_the_manager_and_stopping():
    at = drafted()
    at.text_input(key="manager_email").input("lee@example.com")
    [b for b in at.button if b.label == "Make a share file"][0].click().run()
    ready = [i.value for i in at.info if "lee@example.com" in shown(i.value)]
    assert ready and "share file" in ready[0], "local mode says sharing makes a file, not a message"
    at.button(key="unshare").click().run()
    assert not any("lee@example.com" in shown(i.value) for i in at.info)


def save(at):
    [b for b in at.button if b.label == "Save as a new version"][0].click().run()
    assert not at.exception
    return at


def test_saving_without_changes_makes_no_version():
    at = save(drafted())
    assert any("Nothing has changed" in i.value for i in at.info)
    assert list(at.dataframe[-1].value["Version"]) == [1]


def test_a_manager_added_milestone_and_gap_are_marked_as_theirs():
    at = drafted()
    at.segmented_control(key="editor_role").set_value("Manager").run()
    assert "gaps" not in [d.key for d in at.data_editor]
    at.toggle(key="edit_more").set_value(True).run()
    at.session_state["milestones"] = {"edited_rows": {}, "deleted_rows": [], "added_rows": [
        {"text": "Shadow two enterprise renewals with the sales lead", "measure": "notes shared after each",
         "due": (date.today().replace(day=1)).isoformat()}]}
    at.session_state["gaps"] = {"edited_rows": {}, "deleted_rows": [], "added_rows": [
        {"area": "Time with large customers", "expectation": "Regular contact with key accounts"}]}
    at = save(at)
    frame = at.data_editor(key="milestones").value
    assert frame["ownership"].iloc[-1] == "manager-added"
    assert set(frame["ownership"].iloc[:-1]) == {"PM-owned"}
    gaps = at.data_editor(key="gaps").value
    assert gaps["source"].iloc[-1] == "from the manager"
    diff = " ".join(m.value for m in at.markdown if ":material/add_circle:" in m.value)
    assert "manager-added" in shown(diff) and "Shadow two enterprise renewals" in shown(diff)


def test_a_declined_long_horizon_gives_a_short_plan_without_a_vision():
    at = begin(fresh_app(), role="Product Manager")
    for text in ["Honestly I can't think five years out right now. We just had a baby and I'm barely sleeping.",
                 "Maybe the next year: I'd like to get better at running my team's planning without working late.",
                 "I'd need to get better at saying no to stakeholders.",
                 "I like the data side of the job, dashboards and experiments.",
                 "Ship the onboarding experiment by next quarter and write up what we learned.",
                 "That's enough for now, thanks."]:
        if at.button(key="draft_now").disabled is False and any("rehearsal done" in s.value for s in at.success):
            break
        at = answer(at, text)
    later = [" ".join(m.value for m in c.markdown).lower() for c in at.chat_message if c.name == "assistant"][1:]
    assert later and not any("5 years" in t or "five years" in t for t in later), \
        "the long horizon is never pushed again"
    assert any("shorter horizon" in c.value for c in at.caption)
    at.button(key="draft_now").click().run()
    assert not at.exception
    labels = [t.label for t in at.text_input]
    assert "Title you are aiming for" not in labels
    assert any(a.label == "Near-term aim" for a in at.text_area)
    assert any("no five-year vision" in c.value for c in at.caption)


def test_a_model_outage_while_drafting_still_gives_a_plan_and_says_why(monkeypatch):
    import app_pages.services as services
    from assistant.engine import Backend
    from assistant.interview.phrasing import PhrasebookSpeaker
    from assistant.interview.reader import RulesReader
    from assistant.ladder import load_ladder
    from assistant.models import BackendInfo
    from tests.fakes import ScriptedChat

    ladder = load_ladder()
    chat = ScriptedChat(script=[ConnectionError("connection refused")])
    monkeypatch.setattr(services, "make_backend", lambda model=None: Backend(
        BackendInfo("local", "llama", "http://127.0.0.1:9/v1"), RulesReader(ladder), PhrasebookSpeaker(ladder),
        chat, ladder))
    at = drafted()
    assert len(chat.calls) == 1, "one drafting call was tried"
    assert any("could not be reached" in w.value for w in at.warning)
    assert len(at.data_editor(key="milestones").value) >= 1
    assert any("Local model: llama" in m.value for m in at.sidebar.markdown)


def test_drafting_again_adds_a_version_and_keeps_the_edits_in_history():
    at = drafted()
    at.button(key="redraft").click().run()
    assert not at.exception
    table = at.dataframe[-1].value
    assert list(table["Version"]) == [2, 1]
    assert "redrafted" in table["Note"].iloc[0]


def test_check_ins_are_edited_only_on_request_and_keep_their_dates():
    at = drafted()
    assert "check_ins" not in [d.key for d in at.data_editor], "the calmer default shows only milestones"
    at.toggle(key="edit_more").set_value(True).run()
    frame = at.data_editor(key="check_ins").value
    moved = frame["when"].iloc[0] + timedelta(days=1)
    at.session_state["check_ins"] = {"edited_rows": {0: {"when": moved.isoformat()}}, "added_rows": [],
                                     "deleted_rows": []}
    at = save(at)
    assert at.data_editor(key="check_ins").value["when"].iloc[0] == moved
    assert list(at.dataframe[-1].value["Version"]) == [2, 1]


def test_the_picker_tells_two_rehearsals_with_one_role_apart_and_selects_by_id():
    at = begin(fresh_app(), role="Senior Product Manager")
    first = at.query_params["c"]
    at = answer(at, "VP of Product at a bank in Austin.")
    at.button(key="restart").click().run()
    at.button(key="restart_yes").click().run()
    at = begin(at, role="Senior Product Manager")
    second = at.query_params["c"]
    at = answer(at, "Head of Growth at a marketplace in Berlin.")
    at.switch_page("app_pages/plan.py").run()
    picker = [s for s in at.selectbox if s.label == "Conversation"][0]
    labels = [o for o in picker.options]
    assert len(set(labels)) == 2, "two rehearsals for one role have distinct titles"
    assert at.query_params["c"] == second
    picker.set_value(first).run()
    assert not at.exception
    assert at.query_params["c"] == first
    [b for b in at.button if b.key == "draft"][0].click().run()
    target = [t for t in at.text_input if t.label == "Title you are aiming for"][0]
    assert target.value.startswith("VP of Product")


def test_local_mode_sharing_says_it_makes_a_file():
    at = drafted()
    assert any("share file" in c.value and "local mode" in c.value for c in at.caption)


def test_a_draft_with_no_step_of_the_pms_says_so_above_the_plan():
    at = begin(fresh_app(), role="Product Manager")
    at = answer(at, "Group PM at a health-tech company, in Leeds.")
    at.button(key="draft_now").click().run()
    assert not at.exception
    notes = [i.value for i in at.info]
    assert any("suggestion" in n.lower() for n in notes), notes
    # The version list names the draft honestly: not "your own words" when no step is the PM's.
    assert not any("from your own words" in c.value for c in at.caption)


def test_a_draft_with_the_pms_own_step_has_no_such_notice():
    at = drafted()
    assert not any("suggestion" in i.value.lower() for i in at.info)
