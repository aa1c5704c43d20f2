"""The policy's rules, table-driven, plus invariants over random conversations."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.interview import policy
from assistant.interview.phrasing import PhrasebookSpeaker
from assistant.interview.reading import Reading, SlotValues
from assistant.interview.stages import VISION_SLOTS
from assistant.interview.state import InterviewState, Memory, MoveKind
from assistant.ladder import load_ladder


def reading(**kw) -> Reading:
    slots = kw.pop("slots", {})
    kw.setdefault("answers_question", bool(slots))
    return Reading(slots=SlotValues(**slots), **kw)


def asked(slot: str, **state) -> InterviewState:
    s = InterviewState(**state)
    s.asked = slot
    s.asked_count = {slot: 1}
    return s


VISION_FULL = {"title": "VP of Product", "company": "B2B SaaS", "location": "Austin",
               "people": "people who argue and commit"}

CASES = [
    # (name, state kwargs, asked slot, reading kwargs, expected kind, expected slot)
    ("answer fills the slot, next vision slot", {}, "title",
     {"slots": {"title": "VP of Product"}, "target_title": "VP of Product"}, "ask", "company"),
    ("whole vision at once moves to experiences", {}, "title",
     {"slots": VISION_FULL, "target_title": "VP of Product"}, "advance", "experiences"),
    ("thin answer gets an inviting probe", {}, "title", {"thin": True, "answers_question": False},
     "probe", "title"),
    ("second thin answer still probes", {"probes": {"title": 1}}, "title", {"thin": True},
     "probe", "title"),
    ("third thin answer moves on", {"probes": {"title": 2}}, "title", {"thin": True},
     "ask", "company"),
    ("resistance to the horizon backs off", {}, "title", {"resistance": True},
     "back_off", "goal"),
    ("resistance again skips the vision", {"horizon_declined": True, "horizon_years": 1}, "goal",
     {"resistance": True}, "advance", "experiences"),
    ("skip drops the question", {}, "strengths", {"skip": True}, "advance", "interests"),
    ("stop request wraps up", {}, "strengths", {"end_requested": True}, "wrap_up", None),
    # Interests heard in an answer about strengths wait; their own question is still asked.
    ("off-question interest waits and its question is still asked", {}, "strengths",
     {"slots": {"interests": "I like the data side"}}, "advance", "interests"),
]


@pytest.mark.parametrize("name,state_kw,slot,reading_kw,kind,next_slot", CASES, ids=[c[0] for c in CASES])
def test_policy_table(ladder, name, state_kw, slot, reading_kw, kind, next_slot):
    state = asked(slot, **state_kw)
    if slot not in VISION_SLOTS and slot != "goal":
        state.slots.update(VISION_FULL)
        state.slots.update({k: "x" for k in ("experiences",) if slot != "experiences"})
        state.asked_count.update({"experiences": 1})
    move, new = policy.step(state, reading(**reading_kw), ladder)
    assert move.kind == MoveKind(kind)
    assert move.slot == next_slot


def test_back_off_records_the_decline_and_never_asks_the_horizon_again(ladder):
    move, state = policy.step(asked("title"), reading(resistance=True), ladder)
    assert move.kind is MoveKind.BACK_OFF and state.horizon_declined and state.horizon_years == 1
    assert state.memory().horizon_declined
    later = InterviewState.remembering(state.memory())
    first, _ = policy.opening(later, ladder)
    assert first.slot == "goal" and first.slot not in VISION_SLOTS


def test_reflect_potential_for_strong_pm_aiming_low(ladder):
    state = asked("title", current_rank=2, current_title="Senior PM",
                  evidence=["led the checkout redesign that grew conversion 12%"])
    move, new = policy.step(state, reading(slots={"title": "Senior Product Manager"},
                                           target_title="Senior Product Manager"), ladder)
    assert move.kind is MoveKind.REFLECT_POTENTIAL
    assert move.evidence == ["led the checkout redesign that grew conversion 12%"]
    assert move.slot == "company"  # the reflection carries the next question, not a second one
    assert new.potential_reflected


@pytest.mark.parametrize("why,state_kw,title", [
    ("no evidence", {"current_rank": 2}, "Senior Product Manager"),
    ("aims two levels up", {"current_rank": 1, "evidence": ["grew revenue 30%"]}, "Group PM"),
    ("already reflected", {"current_rank": 2, "evidence": ["grew revenue 30%"],
                           "potential_reflected": True}, "Senior PM"),
    ("declined the horizon", {"current_rank": 2, "evidence": ["grew revenue 30%"],
                              "horizon_declined": True}, "Senior PM"),
])
def test_no_reflection_when_not_due(ladder, why, state_kw, title):
    move, _ = policy.step(asked("title", **state_kw), reading(slots={"title": title}, target_title=title), ladder)
    assert move.kind is not MoveKind.REFLECT_POTENTIAL, why


def test_short_stated_horizon_is_not_aiming_low(ladder):
    state = asked("title", current_rank=1, evidence=["grew revenue 30%"])
    move, _ = policy.step(state, reading(slots={"title": "Senior PM"}, target_title="Senior PM",
                                         horizon_years=1), ladder)
    assert move.kind is not MoveKind.REFLECT_POTENTIAL


def test_offer_gaps_names_what_director_needs(ladder):
    state = asked("experiences", current_rank=1, target_title="Director of Product", target_rank=4)
    state.slots.update(VISION_FULL)
    move, new = policy.step(state, reading(slots={"experiences": "more visibility with the execs"}), ladder)
    assert move.kind is MoveKind.OFFER_GAPS
    assert [g.id for g in move.gaps] == ["director.customers", "director.metrics", "director.horizon"]
    assert move.slot == "strengths"
    again, _ = policy.step(new, reading(slots={"strengths": "execution"}), ladder)
    assert again.kind is not MoveKind.OFFER_GAPS


def test_no_gaps_when_experiences_cover_the_focus(ladder):
    state = asked("experiences", current_rank=3, target_title="Director", target_rank=4)
    listed = ("time with large customers, moving company KPIs, a 12 to 18 month roadmap, "
              "hiring managers of PMs, owning a portfolio across teams, writing strategy, exec influence")
    move, _ = policy.step(state, reading(slots={"experiences": listed}), ladder)
    assert move.kind is not MoveKind.OFFER_GAPS


def test_turn_budget_ends_politely(ladder):
    move, state = policy.step(asked("title", turns=5), reading(slots={"title": "VP"}), ladder,
                              policy.Limits(max_turns=6))
    assert move.kind is MoveKind.WRAP_UP and state.done and move.slot is None


def test_prework_filled_vision_opens_on_the_first_gap(ladder):
    state = InterviewState(slots=dict(VISION_FULL), target_title="VP of Product", target_rank=5)
    move, _ = policy.opening(state, ladder)
    assert move.slot == "experiences"


# --- invariants over random conversations -------------------------------------------------

slot_values = st.fixed_dictionaries({}, optional={
    s: st.sampled_from(["VP of Product", "a startup", "Berlin", "kind people", "more scope",
                        "discovery", "pricing", "launch by March", "Senior PM"])
    for s in ("title", "company", "location", "people", "goal", "experiences", "strengths",
              "interests", "intersections", "milestones")})
readings = st.builds(
    lambda slots, **kw: Reading(slots=SlotValues(**slots), **kw),
    slot_values,
    answers_question=st.booleans(), thin=st.booleans(), resistance=st.booleans(),
    skip=st.booleans(), end_requested=st.booleans(),
    target_title=st.sampled_from([None, "PM", "Senior PM", "Director of Product", "VP"]),
    strength_evidence=st.lists(st.sampled_from(["grew revenue 30%", "led the launch"]), max_size=2),
    covered_dimensions=st.lists(st.sampled_from(["metrics", "people", "customers"]), max_size=2),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(readings, min_size=1, max_size=30), st.sampled_from([None, 0, 1, 2, 3]),
       st.booleans())
def test_invariants(rs, current_rank, remembered_decline):
    ladder = load_ladder()
    state = InterviewState.remembering(Memory(horizon_declined=remembered_decline),
                                       current_rank=current_rank)
    speaker = PhrasebookSpeaker(ladder, seed="h")
    move, state = policy.opening(state, ladder)
    moves = [move]
    declined_at = 0 if remembered_decline else None
    for r in rs:
        if state.done:
            break
        assert speaker.compose(move, state, "answer").count("?") <= 1
        move, state = policy.step(state, r, ladder, policy.Limits(max_turns=40))
        moves.append(move)
        if move.kind is MoveKind.BACK_OFF:
            declined_at = declined_at if declined_at is not None else len(moves)
    assert speaker.compose(move, state, "answer").count("?") <= 1
    kinds = [m.kind for m in moves]
    assert kinds.count(MoveKind.REFLECT_POTENTIAL) <= 1
    assert kinds.count(MoveKind.OFFER_GAPS) <= 1
    assert kinds.count(MoveKind.BACK_OFF) <= (0 if remembered_decline else 1)
    if declined_at is not None:
        after = moves[declined_at:]
        assert not any(m.slot in VISION_SLOTS for m in after), "asked the long horizon after backing off"
        assert all(m.kind is not MoveKind.REFLECT_POTENTIAL for m in after)
    assert all(m.slot is None for m in moves if m.kind is MoveKind.WRAP_UP)


def test_after_a_check_on_a_slot_one_more_gentle_question_at_most(ladder):
    state = asked("people", slots={"title": "Group PM"}, clarified=["people"], probes={"people": 1})
    move, _ = policy.step(state, reading(thin=True), ladder)
    assert move.kind is not MoveKind.PROBE and move.slot != "people"
    # Unchecked, a second probe is still allowed.
    state = asked("people", slots={"title": "Group PM"}, probes={"people": 1})
    move, _ = policy.step(state, reading(thin=True), ladder)
    assert move.kind is MoveKind.PROBE and move.slot == "people"


def test_nothing_more_after_waiting_words_keeps_them_and_checks_nothing(ladder):
    state = asked("people", slots={"title": "Group PM"}, tentative={"people": "Sharp people, no wayang"},
                  probes={"people": 1})
    move, new = policy.step(state, reading(doubt="resistance"), ladder, answer="I don't have more on that one.")
    assert move.kind is not MoveKind.CLARIFY and new.slots.get("people") == "Sharp people, no wayang"
    # With nothing waiting, the same doubt is checked.
    move, _ = policy.step(asked("people", slots={"title": "Group PM"}), reading(doubt="resistance"), ladder)
    assert move.kind is MoveKind.CLARIFY


@pytest.mark.parametrize("answer", ["It's a not-now, one hundred percent.", "not now, sorry"])
def test_a_hyphenated_not_now_picks_the_first_option(answer):
    assert policy.picks_option(answer) == "decline"


def test_a_longer_answer_to_the_check_that_picks_an_option_settles_it(ladder):
    state = asked("title", checking="resistance", clarified=["title"], moves=[MoveKind.ASK, MoveKind.CLARIFY])
    answer = "Not a refusal at all; I'm happy to look five years out. I simply see myself in the same role."
    move, new = policy.step(state, reading(resistance=True), ladder, answer=answer)
    assert move.kind is not MoveKind.BACK_OFF and not new.horizon_declined


@pytest.mark.parametrize("answer", ["Not 'not now'. I just dislike the format; my answer stands.",
                                    "Goodness, no, it isn't a not-now. Go on."])
def test_naming_the_first_option_only_to_deny_it_picks_the_second(answer):
    assert policy.picks_option(answer) == "willing"


def test_the_words_that_decline_to_stop_are_no_answer_to_the_question_before(ladder):
    state = asked("strengths", checking="end_requested", clarified=["end_requested:strengths"],
                  moves=[MoveKind.ASK, MoveKind.CLARIFY])
    move, new = policy.step(state, reading(slots={"strengths": "Let's keep going"}), ladder,
                            answer="No, let's keep going.")
    assert move.kind is not MoveKind.WRAP_UP and "strengths" not in new.slots


def test_someone_content_where_they_are_is_not_pressed_on_what_the_role_needs(ladder):
    state = asked("experiences", content=True, slots={"title": "PM"}, moves=[MoveKind.ASK])
    move, _ = policy.step(state, reading(thin=True, slots={"experiences": "nothing new"}), ladder)
    assert move.kind is not MoveKind.PROBE
    move, _ = policy.step(asked("experiences", slots={"title": "Senior PM"}, moves=[MoveKind.ASK]),
                          reading(thin=True, slots={"experiences": "nothing new"}), ladder)
    assert move.kind is MoveKind.PROBE  # the premise: a thin answer is otherwise asked about once more


def test_thanks_for_an_observation_is_no_goodbye_and_the_question_stands(ladder):
    state = asked("company", slots={"title": "Senior PM"}, moves=[MoveKind.ASK, MoveKind.REFLECT_POTENTIAL])
    move, _ = policy.step(state, reading(doubt="end_requested"), ladder, answer="Oh, thank you, that's kind.")
    assert move.kind is MoveKind.ASK and move.slot == "company"
    move, _ = policy.step(asked("company", moves=[MoveKind.ASK, MoveKind.ASK]), reading(doubt="end_requested"),
                          ladder, answer="Thanks.")
    assert move.kind is MoveKind.CLARIFY  # the premise: elsewhere, thanks alone are checked


@pytest.mark.parametrize("answer,side", [
    ("Nah, it ain't that I'm unsure. I just don't care to look that far down the road.", "decline"),
    ("It is not that I don't know. I prefer not. This year is fine.", "decline"),
    ("NOT UNSURE STOP DECLINING THE LONG VIEW STOP", "decline"),
    ("Not now, but happy to try something shorter", None),
    ("No, I just don't know yet", "willing"),
])
def test_a_check_answer_that_denies_one_option_picks_the_other(answer, side):
    assert policy.picks_option(answer) == side


@pytest.mark.parametrize("answer,side", [
    ("Ain' dat I don't know, hon. I just ain' lookin' that way right now.", "decline"),
    ("It isn't about being unsure. Near things only, please.", "decline"),
    ("It's not like I'm unsure. Leave it for now.", "decline"),
    ("It's not that I don't want to. I'm not sure yet, that's all.", "willing"),  # denies the decline
])
def test_a_clause_that_opens_by_denying_an_option_picks_the_other(answer, side):
    # "Not that..." denies what follows it in any dialect that keeps the shape.
    assert policy.picks_option(answer) == side


def test_a_declined_check_answered_in_other_words_backs_off(ladder):
    state = asked("location", checking="resistance", clarified=["location"], moves=[MoveKind.ASK, MoveKind.CLARIFY],
                  slots={"title": "Group PM"})
    move, new = policy.step(state, reading(unsure=True), ladder,
                            answer="Nah, it ain't that I'm unsure. I just don't care to look that far down the road.")
    assert move.kind is MoveKind.BACK_OFF and new.horizon_declined


def test_a_second_pass_on_the_picture_is_asked_about_not_taken_as_another_skip(ladder):
    # "pass", then "same, pass": the second may be a pass on the whole long view.
    state = asked("company", closed=["title"], moves=[MoveKind.ASK, MoveKind.ASK])
    move, new = policy.step(state, reading(skip=True), ladder, answer="same, pass")
    assert move.kind is MoveKind.CLARIFY and move.check == "resistance" and not new.horizon_declined
    # One pass with a picture under way is only a pass: the next question comes.
    state = asked("location", closed=["title"], slots={"company": "A logistics start-up"},
                  moves=[MoveKind.ASK, MoveKind.ASK])
    move, _ = policy.step(state, reading(skip=True), ladder, answer="pass")
    assert move.kind is MoveKind.ASK and move.slot == "people"
    # And the first pass of all is a pass (the reader checks a bare one at the title itself).
    move, _ = policy.step(asked("company", moves=[MoveKind.ASK]), reading(skip=True), ladder, answer="pass")
    assert move.kind is MoveKind.ASK and move.slot in VISION_SLOTS and move.slot != "company"


def test_after_every_picture_question_passed_nothing_points_at_a_picture(ladder):
    # Checked already ("just not sure yet"), they pass on the rest.
    state = asked("people", closed=["title", "company", "location"], clarified=["picture"],
                  moves=[MoveKind.ASK] * 5)
    move, new = policy.step(state, reading(skip=True), ladder, answer="pass")
    assert move.kind is MoveKind.ADVANCE and move.slot == "experiences"
    text = PhrasebookSpeaker(ladder).compose(move, new, "pass")
    assert "aim at" not in text and "picture to work toward" not in text
    assert "get there" not in text and "by then" not in text and "for that" not in text
    # The later bridges have no blank variant and keep their own.
    for later in ("strengths", "interests"):
        bridge = PhrasebookSpeaker(ladder).compose(move.model_copy(update={"slot": later}), new, "pass")
        assert bridge.endswith("?") and bridge.count("?") == 1
    # With a picture, the bridge may point at it.
    state = asked("people", slots={"title": "Senior PM"}, closed=["company", "location"],
                  moves=[MoveKind.ASK] * 4)
    move, new = policy.step(state, reading(slots={"people": "engineers who ship"}), ladder)
    assert move.kind is MoveKind.ADVANCE
    text = PhrasebookSpeaker(ladder).compose(move, new, "engineers who ship")
    assert "picture blank" not in text and "No picture needed" not in text
