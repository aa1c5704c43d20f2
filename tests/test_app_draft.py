"""A manager drafts a report's plan on the "Draft for a report" page, via AppTest."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from assistant.plan.prework import QUESTIONS, template_markdown
from assistant.settings import get_settings
from assistant.store import Store
from tests.test_app_people import as_user
from tests.test_app_plan import ANSWERS
from tests.test_app_support import answer, begin, fresh_app, page_text, shown

PAGE = "app_pages/draft.py"
OWN_STEP = "By June I will run the onboarding pricing experiment and share the results with the growth team."
PREWORK = {
    "title": "Director of Product at a fintech scale-up",
    "experiences": "Owning a P&L, leading managers, and working with large customers",
    "strengths": "I'm good at discovery interviews and turning them into roadmaps.",
    "milestones": OWN_STEP,
}
NOTES = "Sam runs sharp discovery. Sam needs to build more visibility with senior leaders."
SECRET = "my father is in hospital"


def prework_file(answers: dict[str, str]) -> bytes:
    """The Markdown template with answers written under the chosen questions."""
    text = template_markdown()
    for slot, reply in answers.items():
        text = text.replace(f"> {QUESTIONS[slot]}\n\n(your answer)", f"> {QUESTIONS[slot]}\n\n{reply}")
    return text.encode()


def store() -> Store:
    return Store.connect(get_settings().database)


def everything_on(at) -> str:
    """All text a page shows, including the editors' cells and the inputs' values."""
    parts = [page_text(at), *(c.value for c in at.caption), *(s.label for s in at.status)]
    parts += [str(x.value) for x in [*at.text_input, *at.text_area]]
    for table in [*at.dataframe, *at.data_editor]:
        parts.append(table.value.to_string())
    return " ".join(parts)


def milestones(at):
    return at.data_editor(key="report_milestones").value


def save(at):
    [b for b in at.button if b.label == "Save as a new version"][0].click().run()
    assert not at.exception


def test_a_local_manager_drafts_from_notes_and_prework_then_edits_and_saves_a_version():
    at = fresh_app()
    at.switch_page(PAGE).run()
    at.text_input(key="report_name").input("Sam")
    at.file_uploader(key="report_prework_file").set_value(
        ("sam-prework.md", prework_file(PREWORK), "text/markdown")).run()
    assert any(e.label == "4 answer(s) read" for e in at.expander)
    at.text_area(key="report_notes").input(NOTES)
    at.button(key="report_draft_go").click().run()
    assert not at.exception
    assert [s.label for s in at.status] == ["The draft for Sam is ready"]

    frame = milestones(at)
    own = frame[frame["text"] == OWN_STEP]
    assert len(own) == 1, "the PM's own milestone is kept word for word"
    assert own["ownership"].iloc[0] == "PM-owned"
    assert own["due"].iloc[0].month == 6
    added = frame[frame["text"].str.contains("what my manager raised")]
    assert list(added["ownership"]) == ["manager-added"], "a step from the manager's notes is theirs"
    assert any(shown(c.value).startswith("Version 1 · You (manager) · Draft from their own words")
               for c in at.caption)
    assert any("Drafted from their pre-work and your notes" in shown(c.value) for c in at.caption)

    at.session_state["report_milestones"] = {
        "edited_rows": {int(own.index[0]): {"support": "Book a slot at the June growth review"}},
        "added_rows": [{"text": "I will pair with the data team on a weekly metrics review for my area.",
                        "due": date(date.today().year + 1, 4, 30).isoformat(),
                        "measure": "Six weekly reviews held, notes shared with my manager."}],
        "deleted_rows": []}
    at.text_input(key="report_change_note").input("support for the June step, one step added")
    save(at)
    table = at.dataframe[-1].value
    assert list(table["Version"]) == [2, 1]
    assert list(table["By"]) == ["You (manager)", "You (manager)"]
    frame = milestones(at)
    assert frame[frame["text"] == OWN_STEP]["support"].iloc[0] == "Book a slot at the June growth review"
    new = frame[frame["text"].str.startswith("I will pair with the data team")]
    assert list(new["ownership"]) == ["manager-added"]
    diff = page_text(at)
    assert "Book a slot at the June growth review" in diff and "pair with the data team" in diff

    # The draft is the manager's work for someone else: it stays off their own Plan page.
    at.switch_page("app_pages/plan.py").run()
    assert any("grows out of a rehearsal" in i.value for i in at.info)
    at.switch_page("app_pages/history.py").run()
    assert any("Draft for Sam" in c.value and "plan version 2" in c.value for c in at.caption)


def test_on_the_model_path_the_draft_is_marked_as_ai_and_keeps_the_pms_words(monkeypatch):
    import app_pages.services as services
    from assistant.engine import Backend
    from assistant.interview.phrasing import PhrasebookSpeaker
    from assistant.interview.reader import RulesReader
    from assistant.ladder import load_ladder
    from assistant.models import BackendInfo
    from tests.fakes import ScriptedChat

    ladder = load_ladder()
    due = (date.today().replace(day=1) + timedelta(days=150)).isoformat()
    chat = ScriptedChat(script=[{
        "vision": {"title": "Director of Product", "company": "a fintech scale-up"},
        "strengths": ["discovery interviews"], "interests": [],
        "gaps": [{"id": "mgr1", "area": "Visibility with senior leaders", "source": "manager",
                  "evidence": ["Sam needs to build more visibility with senior leaders."]}],
        "intersections": [],
        "milestones": [
            {"id": "m1", "text": OWN_STEP, "due": due, "origin": "pm", "gap_ids": ["mgr1"],
             "measure": "Results shared with the growth team in writing.", "evidence": [OWN_STEP]},
            {"id": "m2", "text": "I will present my area's results at two leadership reviews.", "due": due,
             "origin": "ai", "gap_ids": ["mgr1"], "measure": "Two reviews given, feedback noted."}]}])
    monkeypatch.setattr(services, "make_backend", lambda model=None: Backend(
        BackendInfo("local", "llama", "http://127.0.0.1:9/v1"), RulesReader(ladder), PhrasebookSpeaker(ladder),
        chat, ladder))
    at = fresh_app()
    at.switch_page(PAGE).run()
    at.text_input(key="report_name").input("Sam")
    at.file_uploader(key="report_prework_file").set_value(
        ("sam-prework.md", prework_file(PREWORK), "text/markdown")).run()
    at.text_area(key="report_notes").input(NOTES)
    at.button(key="report_draft_go").click().run()
    assert not at.exception
    assert len(chat.calls) == 1, "the draft passed its checks without a repair call"
    prompt = " ".join(str(m.content) for m in chat.calls[0])
    assert OWN_STEP in prompt and "more visibility with senior leaders" in prompt
    assert any(shown(c.value).startswith("Version 1 · You (manager) · AI draft by llama")
               for c in at.caption)
    frame = milestones(at)
    assert list(frame["text"]) == [OWN_STEP, "I will present my area's results at two leadership reviews."]
    assert list(frame["ownership"]) == ["PM-owned", "manager-added"]


def test_nothing_drafts_without_a_name_or_a_source():
    at = fresh_app()
    at.switch_page(PAGE).run()
    at.button(key="report_draft_go").click().run()
    assert any("PM's name" in w.value for w in at.warning)
    at.text_input(key="report_name").input("Sam")
    at.button(key="report_draft_go").click().run()
    assert any("at least one source" in w.value for w in at.warning)
    assert not at.data_editor, "no plan was drafted"


def rehearsed(email: str, name: str, answers: list[str]):
    """A signed-in PM's rehearsal; returns the app and the conversation id."""
    at = begin(as_user(email, name), role="Senior Product Manager")
    for text in answers:
        at = answer(at, text)
    assert not at.exception
    return at, at.query_params["c"]


def names_manager(email: str, manager: str, name: str = "Pat"):
    s = store()
    pm = s.person(email, name, email)
    s.access(pm).choose_manager(manager)
    return s, pm


def test_a_signed_in_manager_sees_a_shared_summary_used_and_the_plan_is_the_reports():
    _, cid = rehearsed("pat@example.com", "Pat", ANSWERS)
    s, pat = names_manager("pat@example.com", "lee@example.com")
    s.access(pat).share("summary", conversation_id=cid)

    lee = as_user("lee@example.com", "Lee")
    lee.switch_page(PAGE).run()
    assert lee.selectbox(key="report_pick").options == ["Pat (pat@example.com)"]
    shared = [c for c in lee.checkbox if c.key.startswith("use_share_")]
    assert len(shared) == 1 and shared[0].value, "Pat's shared summary is offered, ticked"
    lee.button(key="report_draft_go").click().run()
    assert not lee.exception
    assert any("Drafted from their shared rehearsal summary" in shown(c.value) for c in lee.caption)
    texts = list(milestones(lee)["text"])
    assert any("pricing experiment end to end" in t for t in texts), "Pat's own step, from the summary"
    title = [t for t in lee.text_input if t.label == "Title they are aiming for"][0]
    assert title.value.startswith("VP of Product"), "the vision comes from what Pat shared"
    assert any(shown(c.value).startswith("Version 1 · Lee (manager)") for c in lee.caption)

    plans = s.access(pat).plans()
    assert len(plans) == 1
    assert plans[0].owner_id == pat.id and plans[0].created_by != pat.id, "Pat owns it; Lee drafted it"
    assert plans[0].latest.author_name == "Lee"

    pat_view = as_user("pat@example.com", "Pat")
    pat_view.switch_page("app_pages/history.py").run()
    assert not pat_view.exception
    drafted = [e for e in pat_view.main.expander if shown(e.label).startswith("Plan drafted by Lee (manager)")]
    assert len(drafted) == 1 and "pricing experiment end to end" in page_text(drafted[0])


def test_with_no_reports_the_page_says_how_a_pm_names_their_manager():
    lee = as_user("lee@example.com", "Lee")
    lee.switch_page(PAGE).run()
    assert not lee.exception
    assert any("Nobody has named you as their manager" in i.value for i in lee.info)
    assert "report_draft_go" not in [b.key for b in lee.button]


def test_a_person_who_no_longer_reports_to_the_manager_is_refused_in_plain_words():
    s, pat = names_manager("pat@example.com", "lee@example.com")
    lee = as_user("lee@example.com", "Lee")
    lee.switch_page(PAGE).run()
    assert lee.selectbox(key="report_pick").options == ["Pat (pat@example.com)"]
    lee.text_area(key="report_notes").input("Pat needs to own a metric end to end.")
    s.set_manager(pat, None)  # Pat names someone else while Lee has the page open
    lee.button(key="report_draft_go").click().run()
    assert not lee.exception
    assert any("cannot draft a plan for Pat" in e.value and "report to you" in e.value for e in lee.error)
    assert not lee.data_editor
    lee_access = s.access(s.find_person("lee@example.com"))
    assert lee_access.conversations() == [] and lee_access.plans() == []
    lee.run()
    assert any("Nobody has named you as their manager" in i.value for i in lee.info)


@pytest.mark.parametrize("shares", [True, False])
def test_nothing_the_pm_did_not_share_reaches_the_manager(shares):
    # The strengths answer is flagged as sensitive: shared with it, the plan would show it verbatim.
    private = [*ANSWERS[:2], f"I'm good at discovery work, even with {SECRET}. Pricing work energizes me.",
               *ANSWERS[3:]]
    _, cid = rehearsed("pat@example.com", "Pat", private)
    _, other = rehearsed("pat@example.com", "Pat", ["Chief Product Officer at a climate startup in Oslo"])
    s, pat = names_manager("pat@example.com", "lee@example.com")
    if shares:
        s.access(pat).share("summary", conversation_id=cid)

    lee = as_user("lee@example.com", "Lee")
    lee.switch_page(PAGE).run()
    assert len([c for c in lee.checkbox if c.key.startswith("use_share_")]) == (1 if shares else 0)
    lee.text_area(key="report_notes").input("Pat needs to get in front of large customers.")
    lee.button(key="report_draft_go").click().run()
    assert not lee.exception
    shown = everything_on(lee)
    assert milestones(lee) is not None
    stored = json.dumps([v.data for p in s.access(pat).plans() for v in s.access(pat).plan_versions(p.id)])
    for words in (SECRET, "hospital", "climate startup", "Oslo"):
        assert words not in shown and words not in stored
    assert ("pricing experiment" in shown) is shares, "shared words are used, unshared ones never"


def test_a_name_cannot_pull_in_an_image_or_html():
    at = fresh_app()
    at.switch_page(PAGE).run()
    at.text_input(key="report_name").input("Sam ![x](http://example.com/t.png) <b>bold</b>")
    at.text_area(key="report_notes").input(NOTES)
    at.button(key="report_draft_go").click().run()
    assert not at.exception
    shown = " ".join([page_text(at), *(c.value for c in at.caption), *(s.label for s in at.status),
                      *(h.value for h in at.subheader)])
    assert "Plan for Sam" in shown
    assert "example.com" not in shown and "<b>" not in shown


def test_a_local_manager_drafts_from_a_plan_share_file_the_pm_handed_over(monkeypatch, tmp_path):
    _, cid = rehearsed("pat@example.com", "Pat", ANSWERS)
    s, pat = names_manager("pat@example.com", "lee@example.com")
    access = s.access(pat)
    drafted = access.save_plan_version(
        {"created": date.today().isoformat(), "current_role": "Senior Product Manager",
         "vision": {"title": "VP of Product"}, "strengths": ["Discovery work"],
         "milestones": [{"id": "m1", "text": "I will write the pricing strategy memo for the exec team.",
                         "origin": "pm"},
                        {"id": "m2", "text": "A step a tool suggested, not in my words.", "origin": "ai"}]},
        conversation_id=cid, note="mine")
    share = access.share("plan", plan_id=drafted.plan_id)
    handed = json.dumps(access.export_share(share.id)).encode()

    monkeypatch.setenv("NEXTSTEP_DATA_DIR", str(tmp_path / "managers-laptop"))  # another machine
    get_settings.cache_clear()
    at = fresh_app()
    at.switch_page(PAGE).run()
    at.text_input(key="report_name").input("Pat")
    at.file_uploader(key="report_share_file").set_value(("next-step-share.json", handed, "application/json")).run()
    assert not at.exception
    boxes = [c for c in at.checkbox if c.key.startswith("use_share_")]
    assert len(boxes) == 1 and boxes[0].value
    at.button(key="report_draft_go").click().run()
    assert not at.exception
    assert any("Drafted from their shared plan" in shown(c.value) for c in at.caption)
    frame = milestones(at)
    own = frame[frame["text"] == "I will write the pricing strategy memo for the exec team."]
    assert list(own["ownership"]) == ["PM-owned"], "the PM's own step, word for word"
    assert not frame["text"].str.contains("a tool suggested").any(), "only the PM's own words are carried over"


def test_a_shared_summary_that_declined_the_long_horizon_gives_a_short_plan_without_a_vision(ladder):
    from assistant.plan.brief import Brief
    from assistant.plan.checks import check_plan
    from assistant.plan.drafter import draft_plan

    summary = {"kind": "summary", "conversation": "Rehearsal", "target_title": None,
               "horizon_declined": True, "horizon_years": 1, "evidence": [], "experiences": [], "gaps": [],
               "answers": {"goal": {"label": "Near-term aim", "text": "Lead the checkout redesign this year."},
                           "milestones": {"label": "Milestones", "text": "By May I will ship the new "
                                          "checkout flow and write up what changed for customers."}}}
    brief = Brief("Pat", "Product Manager", None, {"title": "Head of Product at a bank"}, [summary])
    state = brief.state(ladder)
    assert state.horizon_declined
    result = draft_plan(brief.transcript(), state, ladder, None, date.today(), None)
    plan = brief.finish(result.plan)
    assert plan.vision.is_empty() and plan.horizon_years <= 1
    assert plan.pm_name == "Pat"
    assert "By May I will ship the new checkout flow and write up what changed for customers." in [
        m.text for m in plan.milestones]
    assert not check_plan(plan, brief.transcript(), [], None, True)
