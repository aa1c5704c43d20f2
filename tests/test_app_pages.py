"""Prepare, Reflect and History through AppTest, and the reflect logic they rely on."""

from __future__ import annotations

from datetime import date


from assistant.plan.prework import template_markdown
from assistant.plan.schema import Milestone, Plan, Status
from assistant.reflect import Reflection, apply
from tests.test_app_plan import drafted
from tests.test_app_support import begin, fresh_app, page_text, shown


def test_prepare_lists_what_is_covered_and_offers_the_template_and_invites():
    at = fresh_app()
    at.switch_page("app_pages/prepare.py").run()
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "Where you want to be" in text and "Your milestones" in text
    labels = {b.label for b in at.download_button}
    assert {"Template (Word)", "Template (Markdown)", "Download invitations (.ics)"} <= labels


def test_prepare_role_and_notes_carry_into_the_rehearsal():
    at = fresh_app()
    at.switch_page("app_pages/prepare.py").run()
    at.text_input(key="prep_role").input("Senior Product Manager")
    at.text_area(key="prep_notes").input("Led the checkout redesign that grew conversion 12%.")
    at.button(key="to_rehearse").click().run()
    assert not at.exception
    assert at.chat_message[0].name == "assistant", "the rehearsal begins at once, no second form"
    assert "Rehearsal · Senior Product Manager" in shown(" ".join(c.value for c in at.caption))
    again = fresh_app()  # a reload: a new session, the same store
    again.switch_page("app_pages/prepare.py").run()
    assert again.text_input(key="prep_role").value == "Senior Product Manager"
    assert again.text_area(key="prep_notes").value.startswith("Led the checkout redesign")


def test_reflect_without_a_plan_points_to_plan():
    at = fresh_app()
    at.switch_page("app_pages/reflect.py").run()
    assert not at.exception
    assert any("no saved plan" in i.value for i in at.info)


def test_reflect_walks_the_milestones_and_applies_only_accepted_changes():
    at = drafted()
    at.switch_page("app_pages/reflect.py").run()
    at.button(key="reflect_start").click().run()
    assert "milestone at a time" in page_text(at.chat_message[0])
    at.chat_input(key="reflect_answer").set_value("Done, I presented it last week.").run()
    assert not at.exception
    assert "Mark m1 as done" in shown(page_text(at.main))
    assert "as done" in page_text(at.chat_message[-1])
    at.button(key="accept_m1|status|done").click().run()
    at.switch_page("app_pages/plan.py").run()
    frame = at.data_editor(key="milestones").value
    assert frame["status"].iloc[0] == "Done"
    assert list(at.dataframe[-1].value["Version"])[0] == 2


def test_history_lists_conversations_and_resumes_one():
    at = begin(fresh_app(), role="Product Manager")
    cid = at.query_params["c"]
    at.switch_page("app_pages/history.py").run()
    assert not at.exception
    assert any("Rehearsal" in m.value for m in at.markdown)
    at.button(key=f"open_{cid}").click().run()
    assert at.query_params["c"] == cid
    assert at.chat_message, "resuming lands back in the conversation"


def test_history_when_empty_says_so():
    at = fresh_app()
    at.switch_page("app_pages/history.py").run()
    assert any("Nothing here yet" in i.value for i in at.info)


def plan_with(*statuses: Status) -> Plan:
    return Plan(created=date(2026, 11, 1), milestones=[
        Milestone(id=f"m{i + 1}", text=f"Step {i + 1}", due=date(2027, 3, 1), measure="shown to the team",
                  status=s) for i, s in enumerate(statuses)])


def test_reflection_reads_progress_dates_and_stop():
    r = Reflection(plan=plan_with(Status.NOT_STARTED, Status.NOT_STARTED, Status.DONE), today=date(2026, 11, 23))
    assert "m1" in r.opening() and "m3" not in r.opening()
    r.answer("I've started, but it slipped; more like by May")
    assert [(p.field, p.after) for p in r.proposals] == [("status", "in_progress"), ("due", "2027-05-31")]
    r.answer("not done yet, still waiting on data")
    assert len(r.proposals) == 2
    assert r.done


def test_reflection_stop_and_apply_leaves_the_original_alone():
    plan = plan_with(Status.NOT_STARTED, Status.NOT_STARTED)
    r = Reflection.replay(plan, date(2026, 11, 23), ["finished it", "stop"])
    assert r.done and len(r.proposals) == 1
    new = apply(plan, r.proposals)
    assert new.milestones[0].status == Status.DONE and plan.milestones[0].status == Status.NOT_STARTED


def test_a_plan_can_be_drafted_from_uploaded_prework_without_a_rehearsal():
    filled = template_markdown().replace(
        "(your answer)", "Director of Product at a health-tech scale-up, leading other PMs.", 1)
    at = fresh_app()
    at.switch_page("app_pages/prepare.py").run()
    at.file_uploader(key="prework_file_0").set_value(("prework.md", filled.encode(), "text/markdown")).run()
    assert any("Read 1 answer" in s.value for s in at.success)
    at.text_input(key="prep_role").input("Senior Product Manager").run()
    at.switch_page("app_pages/plan.py").run()
    at.button(key="draft_prework").click().run()
    assert not at.exception
    assert at.data_editor(key="milestones")
    assert at.text_input[1].value.startswith("Director of Product") or any(
        "Director of Product" in (t.value or "") for t in at.text_input)


def test_a_file_that_is_not_the_template_is_explained():
    at = fresh_app()
    at.switch_page("app_pages/prepare.py").run()
    at.file_uploader(key="prework_file_0").set_value(("notes.md", b"just some notes", "text/markdown")).run()
    assert not at.exception
    assert any("does not look like the pre-work template" in e.value for e in at.error)


def test_update_reader_uses_the_model_and_falls_back_to_the_rules():
    from assistant.reflect import UpdateReader
    from tests.fakes import ScriptedChat

    m = plan_with(Status.NOT_STARTED).milestones[0]
    chat = ScriptedChat(script=[{"status": "in_progress", "due": "2027-06-30"}, ConnectionError("down")])
    reader = UpdateReader(chat)
    update = reader.read("Going slowly; let's say end of June", m, date(2026, 11, 23))
    assert (update.status, update.due, update.source) == ("in_progress", date(2027, 6, 30), "model")
    assert "Going slowly" in chat.calls[0][-1].content
    fallback = reader.read("finished it last week", m, date(2026, 11, 23))
    assert (fallback.status, fallback.source) == ("done", "rules-fallback")


def test_reflect_with_a_model_reads_each_answer_once(monkeypatch):
    import app_pages.services as services
    from assistant.engine import Backend
    from assistant.interview.phrasing import PhrasebookSpeaker
    from assistant.interview.reader import RulesReader
    from assistant.ladder import load_ladder
    from assistant.models import BackendInfo
    from tests.fakes import ScriptedChat

    ladder = load_ladder()
    chat = ScriptedChat(script=[ConnectionError("no drafting model"), {"status": "dropped"}])
    monkeypatch.setattr(services, "make_backend", lambda model=None: Backend(
        BackendInfo("openai", "scripted", None), RulesReader(ladder), PhrasebookSpeaker(ladder), chat, ladder))
    at = drafted()
    at.switch_page("app_pages/reflect.py").run()
    at.button(key="reflect_start").click().run()
    at.chat_input(key="reflect_answer").set_value("We agreed another team owns that now.").run()
    assert "Mark m1 as dropped" in shown(page_text(at.main))
    at.run()
    at.run()
    assert len(chat.calls) == 2, "reruns replay the saved reading instead of asking the model again"
    assert "Mark m1 as dropped" in shown(page_text(at.main))


def test_invitations_use_the_browser_time_zone_and_chosen_time(files):
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    from icalendar import Calendar

    made = files
    at = fresh_app()
    at.context = {"timezone": "Europe/Berlin"}
    at.switch_page("app_pages/prepare.py").run()
    at.time_input(key="invite_time").set_value(time(14, 30)).run()
    events = [e for e in Calendar.from_ical(made["career-conversation.ics"]()).walk("VEVENT")]
    starts = [e.decoded("dtstart") for e in events]
    assert len(starts) == 2
    assert all(isinstance(s, datetime) and s.astimezone(ZoneInfo("Europe/Berlin")).time() == time(14, 30)
               for s in starts)


def test_a_dismissed_suggestion_is_gone_for_good_and_changes_nothing():
    at = drafted()
    at.switch_page("app_pages/reflect.py").run()
    at.button(key="reflect_start").click().run()
    at.chat_input(key="reflect_answer").set_value("Done, I presented it last week.").run()
    suggestion = "**Mark m1 as done**"
    assert suggestion in [shown(m.value) for m in at.main.markdown]
    at.button(key="dismiss_m1|status|done").click().run()
    assert not at.exception
    assert suggestion not in [shown(m.value) for m in at.main.markdown]
    again = fresh_app()  # a reload: the dismissal is kept with the follow-up, not in the session
    again.switch_page("app_pages/reflect.py").run()
    assert suggestion not in [shown(m.value) for m in again.main.markdown]
    assert any("dismissed" in c.value for c in again.caption)
    again.switch_page("app_pages/plan.py").run()
    assert list(again.dataframe[-1].value["Version"]) == [1], "nothing was applied"


def test_words_typed_after_a_follow_up_ends_are_kept_for_the_next():
    at = drafted()
    at.switch_page("app_pages/reflect.py").run()
    at.button(key="reflect_start").click().run()
    at.chat_input(key="reflect_answer").set_value("stop").run()
    at.chat_input(key="reflect_answer").set_value("Actually the launch slipped to May.").run()
    assert not at.exception
    assert any("launch slipped to May" in shown(i.value) for i in at.info)
    at.button(key="reflect_again").click().run()
    assert not at.exception
    assert any("launch slipped to May" in page_text(c) for c in at.chat_message if c.name == "user")


def test_a_share_file_that_is_not_text_is_explained_in_plain_words():
    at = fresh_app()
    at.switch_page("app_pages/history.py").run()
    at.file_uploader(key="share_import").set_value(("x.json", b"\xa5\x00\xff", "application/json")).run()
    at.button(key="share_import_go").click().run()
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert "not a text file" in errors and "codec" not in errors and "0xa5" not in errors


def test_a_broken_word_file_is_explained_in_plain_words():
    at = fresh_app()
    at.switch_page("app_pages/prepare.py").run()
    at.file_uploader(key="prework_file_0").set_value(("prework.docx", b"PK\x03\x04 not really", "application/octet-stream")).run()
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert "Word document" in errors and "BadZipFile" not in errors


def test_a_pre_work_file_over_the_limit_is_refused_in_plain_words():
    at = fresh_app()
    at.switch_page("app_pages/prepare.py").run()
    at.file_uploader(key="prework_file_0").set_value(("big.md", b"a" * 1_200_000, "text/markdown")).run()
    assert not at.exception
    assert any("the limit is 1,000 KB" in e.value.replace("\\", "") for e in at.error)


def test_a_conversation_can_be_renamed_but_not_to_a_title_already_taken():
    at = begin(fresh_app(), role="Product Manager")
    first = at.query_params["c"]
    at.button(key="restart").click().run()
    at.button(key="restart_yes").click().run()
    at = begin(at, role="Product Manager")
    assert "Rehearsal · Product Manager (2)" in shown(" ".join(c.value for c in at.caption))
    second = at.query_params["c"]
    at.text_input(key=f"title_{second}").input("Rehearsal · Product Manager")
    [b for b in at.button if b.label == "Save title"][0].click().run()
    assert any("already has that title" in w.value for w in at.warning)
    at.text_input(key=f"title_{second}").input("Before the March review")
    [b for b in at.button if b.label == "Save title"][0].click().run()
    assert "Before the March review" in shown(" ".join(c.value for c in at.caption))
    assert first != second


def test_history_shows_times_in_the_visitors_zone():
    at = begin(fresh_app())
    at.context = {"timezone": "Asia/Tokyo"}
    at.switch_page("app_pages/history.py").run()
    assert any("started" in c.value and "JST" in c.value for c in at.caption)
