"""A follow-up proposes a new milestone when the PM names one, asks once when it is vague, and adds it
only when a person accepts, as a new plan version."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from assistant.plan.checks import is_measurable
from assistant.plan.dates import business_day
from assistant.plan.schema import Origin
from assistant.plan.versions import PlanHistory, Role, diff_plans
from assistant.reflect import NewStep, Reflection, Update, UpdateReader, apply
from tests.test_plan_support import good_plan

TODAY = date(2027, 1, 15)  # m1 (present the roadmap, March) is under review first, m2 (a metric, June) next

# (what the PM says about m1, words the new step keeps, the day they named). Tuned on.
TUNING = [
    ("Going well. I'd also like to run the pricing review by March.", "pricing review", date(2027, 3, 31)),
    ("add: shadow the Director in two QBRs before June", "shadow the Director", date(2027, 6, 30)),
    ("It's on track. One more thing I want to take on: mentor two junior PMs through their first launch by the "
     "end of Q3.", "mentor two junior PMs", date(2027, 9, 30)),
    ("Honestly it's fine. Separately, I'm going to write a pricing strategy memo and get it signed off by the VP "
     "by end of April.", "pricing strategy memo", date(2027, 4, 30)),
    ("Not started. But can we add a new one? Present the churn analysis at the all-hands in six weeks.",
     "churn analysis", date(2027, 2, 26)),
    ("Halfway there. New goal for me: cut onboarding drop-off to under 20% by H1.", "onboarding drop-off",
     date(2027, 6, 30)),
    ("Done with it! Next I want to lead the discovery for the partner API, with five customer interviews, "
     "by 15 May.", "partner API", date(2027, 5, 15)),
    ("we're good on that one. i also plan to run a design sprint with the platform team before the summer",
     "design sprint", date(2027, 8, 31)),
    ("Could we add one: I own the Q2 roadmap review with sales leadership by June 2027.", "roadmap review",
     date(2027, 6, 30)),
    ("all good. want to also do 3 user interviews per week for the pricing page, by april end", "user interviews",
     date(2027, 4, 30)),
]
# Written with the tuning set, before any code, and never used to tune: only its hit rate is checked.
HELD_OUT = [
    ("Fine so far. Oh, and I'd love to organise a quarterly roadmap show-and-tell for the sales team, first one "
     "by the end of May.", "show-and-tell", date(2027, 5, 31)),
    ("Still in progress. Something new though: I will pair with our data scientist to build a retention "
     "dashboard by Q2.", "retention dashboard", date(2027, 6, 30)),
    ("No change there. Please add to my plan: interview three PMs at other companies about their path to "
     "Group PM by mid-March.", "interview three PMs", date(2027, 3, 15)),
    ("Almost done. I'd like to also speak at the internal product guild in the next two months.", "product guild",
     date(2027, 3, 15)),
]
# A second held-out set, written after the first one was run (2 of 4: "build a retention dashboard" was asked
# for a measure, "mid-March" read as the end of March) and before anything was changed in response; the
# first set has been looked at since, so it now counts as tuning.
HELD_OUT_2 = [
    ("It's moving. Also - I want to get the pricing page A/B test live by end of February.", "A/B test",
     date(2027, 2, 28)),
    ("Nothing new on that. I'm planning to co-present the H2 strategy with my manager at the offsite in June.",
     "H2 strategy", date(2027, 6, 30)),
    ("That's done. For the next one, I'd like to hire a second designer for the growth squad before the end of Q2.",
     "second designer", date(2027, 6, 30)),
    ("Slow, to be honest. Could you add that I'll set up monthly office hours with support, starting by April?",
     "office hours", date(2027, 4, 30)),
]
# A third set, written after the second was run (1 of 4: a dash after "Also", "co-present" not seen as a
# deliverable, "Could you add that I'll...") and before those were fixed; the only one still unseen.
HELD_OUT_3 = [
    ("Yes, on track. Oh, I also want to run a pricing workshop for the sales team in March.", "pricing workshop",
     date(2027, 3, 31)),
    ("Done last Friday. My next goal: launch the self-serve trial for SMB customers by the end of Q2, with at "
     "least 200 sign-ups.", "self-serve trial", date(2027, 6, 30)),
    ("Meh, not much movement. What I'd really like to add is shadowing our VP in three customer calls over the "
     "next six weeks.", "shadowing our VP", date(2027, 2, 26)),
    ("It's fine. One more for the plan - write up a competitive teardown of our top 3 rivals and share it with "
     "the team by 1 March.", "competitive teardown", date(2027, 3, 1)),
    ("Good progress. I'm also going to take the data analytics certificate and pass the exam before September.",
     "analytics certificate", date(2027, 9, 30)),
    ("All fine. We should add me leading the Q3 planning for the payments team, done by end of July.",
     "Q3 planning", date(2027, 7, 31)),
]
# A fourth set, written after the third was run (2 of 6: "What I'd like to add is shadowing...", "One more
# for the plan - write up...", "I'm also going to take...", "We should add me leading...") and before the
# clause reading was widened in response; the only one not yet looked at.
HELD_OUT_4 = [
    ("Pretty good actually. Something I'd like to take on this half: run the monthly product review for the whole "
     "org, at least four sessions by the end of June.", "monthly product review", date(2027, 6, 30)),
    ("Finished it. Going forward I want to coach our two new APMs on discovery, weekly, until the end of September.",
     "coach our two new APMs", date(2027, 9, 30)),
    ("Haven't touched it. Could we put in a milestone for me to publish three blog posts on our pricing approach "
     "by summer?", "three blog posts", date(2027, 8, 31)),
    ("Busy month. I'll also be interviewing five enterprise customers about renewals before the end of February.",
     "five enterprise customers", date(2027, 2, 28)),
    ("ok. plus: migrate the billing analytics to the new warehouse by 2027-05-20", "billing analytics",
     date(2027, 5, 20)),
    ("It's blocked on legal. Separately, my manager and I agreed I'd lead the partner onboarding redesign by Q3.",
     "partner onboarding redesign", date(2027, 9, 30)),
]
# A fifth set of steps and a second set of progress talk, written after the fourth set (5 of 6) and a first
# unseen set of progress talk (3 of 8 wrongly read as new steps: a sub-step of the milestone under review)
# were run, and before anything was changed in response.
HELD_OUT_5 = [
    ("Yeah it's fine. I'd also really like to set up a customer advisory board with five design partners by the "
     "end of Q2.", "customer advisory board", date(2027, 6, 30)),
    ("Slipping a bit. Can I add something? Run a lunch-and-learn on experimentation for the engineers in February.",
     "lunch-and-learn", date(2027, 2, 28)),
    ("Great. New one from me: get the mobile onboarding redesign approved by the design council before April.",
     "mobile onboarding redesign", date(2027, 4, 30)),
    ("On it. In addition, I intend to publish our product principles on the wiki by 31 March.", "product principles",
     date(2027, 3, 31)),
    ("It's ok. Let's also add that I facilitate the Q1 retro for the whole product org by end of January.",
     "Q1 retro", date(2027, 1, 31)),
    ("Done and dusted! For the next quarter I'd like to take over the pricing roadmap and present it to the CFO by "
     "the end of June.", "pricing roadmap", date(2027, 6, 30)),
]
PROGRESS_HELD_OUT = [
    "I'll send the draft to my manager on Monday and present it at the review in March as planned.",
    "It's behind; I'm going to block two afternoons next week to work on the slides.",
    "Nearly there, just need to polish the last three slides by Friday.",
    "I'll ask the exec assistant for a slot in the March review this week.",
    "Still on track, I'm going to do a dry run with my manager in two weeks.",
    "The metric target is set; I'll send the first monthly report at the end of January.",
    "Paused for now, we'll pick it back up in Q2.",
    "I want to keep going with it as planned, nothing to change.",
]
# First runs, each before any change made in response: 2/4, 1/4, 2/6, 5/6, 5/6; progress talk read as a
# new step 3/8, then 1/8. The fifth set's miss ("take over": "over" was counted as pointing back) was then
# fixed, so no set here is unseen any more: write a new one before trusting the figure again.
HELD_OUT_FLOOR = 0.66  # set before the third set was run, kept for the fourth and fifth
FALSE_ADD_CEILING = 0.25  # set before the second progress set was run
PROGRESS = [
    "Done, I presented it last week.",
    "Started, but I need until the end of Q2.",
    "It slipped; let's say by May.",
    "I'll finish it by May.",
    "Halfway there, the slides are drafted and I'm presenting them to my manager on Friday.",
    "Not started yet, the launch ate all my time. I'll get to it in February.",
    "We agreed another team owns that now.",
    "Going fine.",
    "On track: the metric is agreed and I've sent the first monthly report.",
    "I'll present the roadmap at the March business review as planned.",
    # First unseen progress set; 3 of these 8 were read as new steps on their first run.
    # Was xfail (a dated sub-step read as a new step) until the learned head (assistant/reflect_steps.py).
    "I'll share the slides with my manager next week, then present in March.",
    "The review got moved, so I'll present at the April one instead.",
    "I'm waiting on the finance numbers; should have them by February.",
    "Not yet. I need to book a slot with the exec assistant first.",
    "It's half done - I want to finish the deck by the end of February.",
    "Going well, the team is going to launch the new onboarding by June.",
    "I'd like to keep it as it is.",
    "Honestly I want to take a break from planning for a bit.",
]


def first_answer(text: str) -> Reflection:
    r = Reflection(plan=good_plan(), today=TODAY)
    r.opening()
    r.answer(text)
    return r


def added(r: Reflection) -> list:
    return [p for p in r.proposals if p.field == "add"]


def hit(text: str, words: str, said: date) -> bool:
    adds = added(first_answer(text))
    # The due date follows the plan's own rule for a day that falls on a weekend or holiday.
    return (len(adds) == 1 and words.lower() in adds[0].after.lower()
            and adds[0].milestone.due == business_day(said, TODAY))


@pytest.mark.parametrize("text, words, said", TUNING)
def test_a_new_milestone_is_proposed_with_the_day_the_pm_named(text, words, said):
    r = first_answer(text)
    adds = added(r)
    assert len(adds) == 1, [p.describe() for p in r.proposals]
    step = adds[0].milestone
    assert words.lower() in step.text.lower()
    assert step.due == business_day(said, TODAY)
    assert step.owner == "pm" and step.origin == Origin.PM
    assert is_measurable(step.measure)
    assert step.id == "m3" and adds[0].milestone_id == "m3"
    assert r.asking is None
    # The new step's words say nothing about m1: no drop ("drop-off") and no new date for it.
    assert not [p for p in r.proposals if p.field == "due" or p.after == "dropped"]


def test_tuning_hit_rate():
    hits = sum(hit(*case) for case in TUNING)
    print(f"\ntuning: {hits}/{len(TUNING)} new milestones proposed with the right date")
    assert hits == len(TUNING)


def test_held_out_hit_rate():
    results = [(case[0], hit(*case)) for case in HELD_OUT_5]
    hits = sum(ok for _, ok in results)
    print(f"\nheld-out: {hits}/{len(HELD_OUT_5)}; missed: {[t for t, ok in results if not ok]}")
    assert hits / len(HELD_OUT_5) >= HELD_OUT_FLOOR


def test_held_out_progress_talk_is_rarely_read_as_a_new_step():
    wrong = [t for t in PROGRESS_HELD_OUT if added(first_answer(t))]
    print(f"\nheld-out progress read as a new step: {len(wrong)}/{len(PROGRESS_HELD_OUT)}: {wrong}")
    assert len(wrong) / len(PROGRESS_HELD_OUT) <= FALSE_ADD_CEILING


# "mid-March" was read as the end of March until the date grammar learned "mid-" with a hyphen.
SEEN = HELD_OUT + HELD_OUT_2 + HELD_OUT_3 + HELD_OUT_4


@pytest.mark.parametrize("text, words, said", SEEN)
def test_the_held_out_sets_already_looked_at_now_hold_as_tuning(text, words, said):
    assert hit(text, words, said)


@pytest.mark.parametrize("text", PROGRESS)
def test_progress_on_an_existing_milestone_proposes_no_addition(text):
    r = first_answer(text)
    assert not added(r), [p.describe() for p in r.proposals]
    assert r.asking is None


def test_a_replacement_suggests_the_new_step_and_dropping_the_old_one_each_on_its_own():
    # The issue's own words: "I'd rather replace it with ..." gave no suggestion to add a milestone.
    r = first_answer("I'd rather replace it with mentoring two junior PMs by September.")
    assert [p.describe() for p in r.proposals] == [
        "Mark m1 as dropped", 'Add m3: "Mentoring two junior PMs by September", due 30 Sep 2027']


def test_a_replacement_without_a_measure_is_asked_about_in_its_own_words():
    r = first_answer("Let's swap this one for a pricing experiment by June.")
    assert [p.describe() for p in r.proposals] == ["Mark m1 as dropped"]
    assert r.asking.question() == 'In its place: "a pricing experiment by June". What would show it is done?'


def test_progress_on_the_second_milestone_is_no_addition_either():
    r = first_answer("Going fine.")
    r.answer("On track: the metric is agreed and I've sent the first monthly report.")
    assert not added(r) and r.done


@pytest.mark.parametrize("text, asks", [
    ("Going okay. I also want to get better at stakeholder management.", "What would show it is done, and by when?"),
    ("Fine. And I'd like to do more with pricing by summer.", "What would show it is done?"),
    ("Good. I'd also like to run the pricing review.", "By when would you like it done?"),
])
def test_a_vague_or_undated_step_gets_one_short_question_instead_of_a_milestone(text, asks):
    r = Reflection(plan=good_plan(), today=TODAY)
    r.opening()
    reply = r.answer(text)
    assert not added(r)
    assert reply.endswith(asks) and reply.count("?") == 1
    assert r.current() is None, "the next answer is read as the answer to that question"


def test_the_answer_to_the_question_completes_the_step_then_the_review_goes_on():
    r = Reflection(plan=good_plan(), today=TODAY)
    r.opening()
    r.answer("Good. I'd also like to run the pricing review.")
    reply = r.answer("End of March.")
    [p] = added(r)
    assert p.milestone.due == date(2027, 3, 31) and "pricing review" in p.after
    assert "m2" in reply and r.current().id == "m2" and not r.done


def test_a_vague_step_with_a_measure_and_date_given_when_asked_is_added():
    r = first_answer("Going okay. I also want to get better at stakeholder management.")
    r.answer("When sales and finance both sign off the Q3 plan I drafted, by the end of June.")
    [p] = added(r)
    assert p.milestone.due == date(2027, 6, 30)
    assert "sales and finance both sign off the q3 plan" in p.milestone.measure.lower()
    assert is_measurable(p.milestone.measure)


def test_a_vague_answer_to_the_question_adds_nothing():
    r = first_answer("Going okay. I also want to get better at stakeholder management.")
    reply = r.answer("Not sure, just generally better.")
    assert not added(r)
    assert "leave it out" in reply and r.current().id == "m2"


def test_a_question_on_the_last_milestone_is_answered_before_the_review_closes():
    r = first_answer("Going fine.")
    r.answer("Fine. And I'd like to do more with pricing by summer.")
    assert not r.done and r.asking is not None
    r.answer("The new price list is live for all EU customers.")
    assert r.done and added(r)[0].milestone.due == date(2027, 8, 31)


def test_stop_while_asked_ends_the_follow_up_without_the_vague_step():
    r = first_answer("Good. I'd also like to run the pricing review.")
    r.answer("stop")
    assert r.done and not added(r)


def test_replay_rebuilds_the_same_suggestions_and_question_state():
    answers = ["Good. I'd also like to run the pricing review.", "End of March.",
               "Halfway there. New goal for me: cut onboarding drop-off to under 20% by H1."]
    r = Reflection.replay(good_plan(), TODAY, answers)
    assert [p.describe() for p in added(r)] == [
        'Add m3: "Run the pricing review", due 31 Mar 2027',
        'Add m4: "Cut onboarding drop-off to under 20% by H1", due 30 Jun 2027']


def test_accepting_adds_the_step_once_as_a_new_version_with_the_edit_visible():
    plan = good_plan()
    [p] = added(first_answer(TUNING[0][0]))
    history = PlanHistory.start(plan)
    new = apply(plan, [p])
    assert plan.milestone("m3") is None, "nothing changes until accepted"
    assert apply(new, [p]) == new, "accepting twice adds it once"
    version = history.edit(new, "You (PM)", Role.PM, f"Follow-up: {p.describe()}")
    assert version.number == 2 and len(history.versions) == 2
    [change] = diff_plans(plan, version.plan)
    assert change.kind == "added" and change.where == "milestone m3" and change.mark == "PM-owned"
    assert "pricing review" in change.after and "2027-03-31" in change.after


def test_an_added_step_takes_a_free_id_when_its_own_was_taken_meanwhile():
    plan = good_plan()
    [p] = added(first_answer(TUNING[0][0]))
    busy = plan.model_copy(deep=True)
    busy.milestones.append(busy.milestones[0].model_copy(update={"id": "m3", "text": "Something else entirely"}))
    new = apply(busy, [p])
    assert [m.id for m in new.milestones] == ["m1", "m2", "m3", "m4"]
    assert new.milestone("m4").text == p.after


def scripted(*replies):
    from tests.fakes import ScriptedChat

    return UpdateReader(ScriptedChat(script=list(replies)))


def test_a_model_step_is_proposed_when_it_passes_the_same_checks():
    text = "It's going fine. I'd also like to run a pricing review with finance by the end of April."
    update = scripted({"status": "in_progress", "due": "2027-04-30", "new_milestone": {
        "text": "Run a pricing review with finance", "due": "2027-04-30", "measure": ""}}).read(
        text, good_plan().milestones[0], TODAY)
    assert update.source == "model" and update.new_milestone is not None
    r = first_answer_with(text, update)
    [p] = added(r)
    assert p.milestone.due == date(2027, 4, 30) and is_measurable(p.milestone.measure)
    assert not [q for q in r.proposals if q.field == "due"], "April is the new step's date, not m1's"


def first_answer_with(text: str, update: Update) -> Reflection:
    r = Reflection(plan=good_plan(), today=TODAY)
    r.opening()
    r.answer(text, update)
    return r


def test_a_model_date_the_pm_never_said_becomes_a_question():
    text = "Fine. I'd also like to run a pricing review with finance."
    update = Update(source="model", new_milestone=NewStep(text="Run a pricing review with finance",
                                                           due=date(2027, 4, 30)))
    r = first_answer_with(text, update)
    assert not added(r) and r.asking is not None and r.asking.due is None


def test_a_model_step_the_pm_did_not_name_is_dropped():
    update = Update(source="model", new_milestone=NewStep(
        text="Get promoted to Director of Product", due=date(2027, 6, 30), measure="Promotion letter signed."))
    r = first_answer_with("Going fine, about halfway, nothing else new.", update)
    assert not added(r) and r.asking is None


def test_a_model_step_that_is_an_existing_milestone_is_not_added_again():
    text = "I'll present my roadmap at the quarterly business review by March as planned."
    update = Update(source="model", new_milestone=NewStep(
        text="Present my roadmap at the quarterly business review", due=date(2027, 3, 31),
        measure="The review happened and the slides are shared."))
    assert not added(first_answer_with(text, update))


def test_the_reflect_prompt_asks_for_the_new_step_and_keeps_its_inputs():
    from assistant.prompts import PROMPTS_DIR, variables

    assert variables("reflect") == {"today", "milestone", "due", "measure", "status", "answer"}
    assert "new_milestone" in (PROMPTS_DIR / "reflect.md").read_text(encoding="utf-8")


def _june_end_after(today: date) -> date:
    year = today.year if today < date(today.year, 6, 30) else today.year + 1
    day = date(year, 6, 30)
    return day - timedelta(days=max(0, day.weekday() - 4))


def test_accepting_in_the_app_creates_a_new_version_with_the_added_milestone():
    from tests.test_app_plan import drafted
    from tests.test_app_support import page_text, shown

    at = drafted()
    at.switch_page("app_pages/reflect.py").run()
    at.button(key="reflect_start").click().run()
    at.chat_input(key="reflect_answer").set_value(
        "Going well. I'd also like to shadow the Director in two QBRs by June.").run()
    assert not at.exception
    text = shown(page_text(at.main))
    assert "Add m" in text and "Shadow the Director in two QBRs by June" in text
    key = next(b.key for b in at.button if b.key and b.key.startswith("accept_") and "|add|" in b.key)
    at.button(key=key).click().run()
    assert not at.exception
    at.switch_page("app_pages/plan.py").run()
    frame = at.data_editor(key="milestones").value
    row = frame[frame["text"].str.contains("Shadow the Director")]
    assert len(row) == 1
    assert row["due"].iloc[0] == _june_end_after(date.today())
    assert list(at.dataframe[-1].value["Version"])[0] == 2


def test_in_the_app_an_undated_step_is_asked_about_once_then_suggested_and_kept_after_a_reload():
    from tests.test_app_plan import drafted
    from tests.test_app_support import fresh_app, page_text, shown

    at = drafted()
    at.switch_page("app_pages/reflect.py").run()
    at.button(key="reflect_start").click().run()
    at.chat_input(key="reflect_answer").set_value("Going well. I'd also like to shadow the Director in two QBRs.").run()
    assert not at.exception
    assert page_text(at.chat_message[-1]).endswith("By when would you like it done?")
    assert "Add m" not in shown(page_text(at.main))
    at.chat_input(key="reflect_answer").set_value("By the end of June.").run()
    assert not at.exception
    assert "Shadow the Director in two QBRs" in shown(page_text(at.main))
    again = fresh_app()  # a reload replays the talk, the question and its answer included
    again.switch_page("app_pages/reflect.py").run()
    assert not again.exception
    assert any(b.key and "|add|Shadow the Director in two QBRs" in b.key for b in again.button)


def test_a_new_step_due_on_a_public_holiday_moves_to_a_working_day_like_the_drafted_plan():
    plan = good_plan().model_copy(update={"country": "US"})
    r = Reflection(plan=plan, today=TODAY)
    r.opening()
    r.answer("I'd also like to run two customer interviews a week and write up the top five "
             "findings by 31 May 2027.")
    [p] = added(r)
    due = p.milestone.due
    assert due is not None and due != date(2027, 5, 31), "Memorial Day is nobody's deadline"
    assert due.weekday() < 5 and abs((due - date(2027, 5, 31)).days) <= 3
