"""Policy rules fed by what the reader understood, identical on every backend."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.engine import build_backend, start_interview
from assistant.interview import policy
from assistant.interview.reading import Reading, SlotValues
from assistant.interview.session import Context, MemoryJournal
from assistant.interview.stages import VISION_SLOTS
from assistant.interview.state import Ack, InterviewState, Memory, MoveKind

VISION = {"title": "Director of Product", "company": "B2B SaaS", "location": "Austin",
          "people": "people who argue and commit"}


def reading(**kw) -> Reading:
    slots = kw.pop("slots", {})
    kw.setdefault("answers_question", bool(slots))
    return Reading(slots=SlotValues(**slots), **kw)


def at(slot: str, **kw) -> InterviewState:
    state = InterviewState(**kw)
    state.asked, state.asked_count = slot, {slot: 1}
    return state


def test_resistance_at_a_later_stage_backs_off(ladder):
    state = at("experiences", slots=dict(VISION), target_title="Director of Product", target_rank=4,
               current_rank=1)
    move, new = policy.step(state, reading(resistance=True), ladder)
    assert move.kind is MoveKind.BACK_OFF and new.horizon_declined
    assert not policy.gaps_due(new, ladder) and not policy.potential_due(new)


def test_an_interest_heard_in_a_strengths_answer_waits_and_its_question_is_still_asked(ladder):
    state = at("strengths", slots=dict(VISION), target_title="Director of Product", target_rank=4,
               current_rank=3, covered=["people", "horizon", "customers"], experiences=["hiring PMs"])
    state.slots["experiences"] = "hiring PMs"
    move, new = policy.step(state, reading(slots={"strengths": "very good with payment flows",
                                                  "interests": "payment flows"}), ladder)
    assert new.slots["strengths"] == "very good with payment flows" and "interests" not in new.slots
    assert new.tentative["interests"] == "payment flows" and move.slot == "interests"
    # Asked, their answer wins; had nothing come, the waiting words would stand.
    move, new = policy.step(new, reading(slots={"interests": "fraud models"}), ladder)
    assert new.slots["interests"] == "fraud models" and "interests" not in new.tentative


def test_a_declined_horizon_can_be_reopened_by_the_pm(ladder):
    state = at("experiences", horizon_declined=True, horizon_years=1, closed=["title"])
    move, new = policy.step(state, reading(reopen=True), ladder)
    assert not new.horizon_declined and new.reopened and new.horizon_years == 5
    assert move.slot in VISION_SLOTS and move.ack is Ack.REOPEN
    assert new.memory().horizon_reopened


def test_doubt_about_resistance_asks_once_then_the_answer_settles_it(ladder):
    move, state = policy.step(at("title"), reading(doubt="resistance"), ladder)
    assert move.kind is MoveKind.CLARIFY and move.slot == "title"
    move, state = policy.step(state, reading(resistance=True), ladder)
    assert move.kind is MoveKind.BACK_OFF


def test_a_willing_answer_to_the_check_question_asks_the_same_slot_again(ladder):
    _, state = policy.step(at("title"), reading(doubt="resistance"), ladder)
    move, state = policy.step(state, reading(answers_question=False), ladder)
    assert move.slot == "title" and move.kind in (MoveKind.PROBE, MoveKind.ASK)
    move, state = policy.step(state, reading(doubt="resistance"), ladder)
    assert move.kind is not MoveKind.CLARIFY  # one check per question, never a loop


def test_a_doubted_stop_is_asked_about_and_a_plain_yes_ends_the_conversation(ladder):
    # One reader heard "stop" and the other did not: the PM is asked, never cut off.
    move, state = policy.step(at("people"), reading(doubt="end_requested"), ladder)
    assert move.kind is MoveKind.CLARIFY and move.check == "end_requested" and not state.done
    move, state = policy.step(state, reading(), ladder, answer="Yes please.")
    assert move.kind is MoveKind.WRAP_UP and state.done


def test_a_doubted_stop_answered_with_more_talk_carries_on(ladder):
    _, state = policy.step(at("people"), reading(doubt="end_requested"), ladder)
    move, state = policy.step(state, reading(slots={"people": "curious engineers"}), ladder,
                              answer="No, curious engineers, that's who.")
    assert move.kind is not MoveKind.WRAP_UP and state.slots["people"] == "curious engineers"
    move, state = policy.step(at("company"), reading(doubt="end_requested"), ladder)
    assert move.kind is MoveKind.CLARIFY  # a new question may be checked once in its turn


def test_a_doubted_skip_is_asked_once_and_yes_closes_the_question(ladder):
    move, state = policy.step(at("strengths"), reading(doubt="skip"), ladder)
    assert move.kind is MoveKind.CLARIFY and move.slot == "strengths"
    move, state = policy.step(state, reading(), ladder, answer="yeah")
    assert "strengths" in state.closed and move.slot != "strengths"


def test_a_check_about_stopping_is_phrased_as_one_question_about_stopping(ladder):
    from assistant.interview.phrasing import PhrasebookSpeaker

    move, state = policy.step(at("people"), reading(doubt="end_requested"), ladder)
    text = PhrasebookSpeaker(ladder).compose(move, state, "ok whatever", None)
    assert text.count("?") == 1 and ("stop" in text or "wrap up" in text)


def test_a_content_pm_gets_no_push(ladder):
    state = at("experiences", slots=dict(VISION, title="Product Manager"), target_rank=1,
               current_rank=1, evidence=["grew retention 12% in a year"])
    _, new = policy.step(state, reading(content=True, slots={"experiences": "more of the same"}), ladder)
    assert new.content and not policy.potential_due(new) and not policy.gaps_due(new, ladder)


def test_a_career_changer_is_not_measured_against_the_pm_ladder(ladder):
    state = at("title", current_rank=2, current_title="Senior PM")
    _, new = policy.step(state, reading(slots={"title": "Engineering Manager"},
                                        target_level="off_ladder"), ladder)
    assert new.target_level == "off_ladder" and new.target_rank is None
    new.slots["experiences"] = "lead a team"
    assert not policy.gaps_due(new, ladder)


def test_a_correction_replaces_the_title_and_the_target_level_follows(ladder):
    state = at("experiences", slots=dict(VISION), target_title="Director of Product", target_rank=4)
    _, new = policy.step(state, reading(correction=True, slots={"title": "Group PM"}), ladder)
    assert new.slots["title"] == "Group PM" and new.target_rank == 3


def test_a_question_back_is_answered_before_the_question_is_asked_again(ladder):
    move, _ = policy.step(at("experiences", slots=dict(VISION)),
                          reading(question_back="What does a director do?"), ladder)
    assert move.answer_to == "What does a director do?" and move.slot == "experiences"


def test_gaps_are_offered_only_when_the_level_focus_is_missed(ladder):
    base = dict(slots=dict(VISION, experiences="x"), target_rank=4, target_title="Director of Product",
                current_rank=1)
    assert policy.gaps_due(InterviewState(**base, covered=["scope"]), ladder)
    director = ladder.by_rank(4)
    assert not policy.gaps_due(InterviewState(**base, covered=list(director.focus)), ladder)


def test_the_acknowledgement_never_cheers_a_refusal_or_a_disclosure():
    assert policy.acknowledgement(reading(resistance=True, disclosed=True, sensitive=["family"])) is Ack.WARM
    assert policy.acknowledgement(reading(skip=True)) is Ack.SKIP
    assert policy.acknowledgement(reading(unsure=True)) is Ack.UNSURE


def test_a_family_mention_in_a_plain_answer_gets_no_sympathy_but_a_hard_one_does():
    plain = reading(slots={"location": "Leeds"}, disclosed=True, sensitive=["family"])
    assert policy.acknowledgement(plain) is Ack.PLAIN
    hard = reading(resistance=True, disclosed=True, sensitive=["health"])
    assert policy.acknowledgement(hard) is Ack.WARM


def test_reopen_is_acknowledged_only_when_there_was_something_to_reopen():
    assert policy.acknowledgement(reading(reopen=True), InterviewState()) is not Ack.REOPEN
    declined = InterviewState(horizon_declined=True)
    assert policy.acknowledgement(reading(reopen=True), declined) is Ack.REOPEN


def _interview(memory=None):
    backend = build_backend()
    return start_interview(backend, MemoryJournal(), Context(current_role="Product Manager"),
                           memory=memory)


def test_explicit_intents_are_facts_not_text_to_guess_at():
    interview = _interview()
    interview.open().run()
    turn = interview.signal("decline_horizon")
    turn.run()
    assert turn.move.kind is MoveKind.BACK_OFF
    assert interview.journal.messages()[-2].meta == {"intent": "decline_horizon"}
    interview.signal("reopen_horizon").run()
    assert not interview.state.horizon_declined
    assert interview.signal("stop").run() and interview.done


def test_a_pm_correction_wins_over_every_later_reading():
    interview = _interview()
    interview.open().run()
    interview.answer("Director of Product at a fintech in Madrid.").run()
    interview.correct("title", "Head of Product")
    assert interview.state.slots["title"] == "Head of Product"
    assert interview.state.target_level == "director" and "title" in interview.state.pm_set
    interview.answer("Maybe VP one day, who knows.").run()
    assert interview.state.slots["title"] == "Head of Product"
    heard = {slot: (value, source) for slot, _, value, source in interview.heard()}
    assert heard["title"] == ("Head of Product", "pm")
    interview.correct("location", None)
    assert "location" not in interview.state.slots


def test_words_set_aside_for_a_second_ask_are_shown_and_the_pms_own_value_replaces_them():
    interview = _interview()
    interview.open().run()
    interview.answer("Director of Product.").run()
    assert interview.state.asked == "company"
    turn = interview.answer("Just a nice company, honestly.")
    turn.run()
    assert turn.move.kind is MoveKind.PROBE and "company" not in interview.state.slots
    heard = {slot: (value, source) for slot, _, value, source in interview.heard()}
    assert heard["company"] == (interview.state.tentative["company"], "waiting")
    interview.correct("company", "Climate software, mid-size")
    heard = {slot: (value, source) for slot, _, value, source in interview.heard()}
    assert heard["company"] == ("Climate software, mid-size", "pm")
    assert "company" not in interview.state.tentative, "a waiting note must not come back over theirs"


def test_a_reopened_horizon_lifts_the_memory_for_later_sessions():
    interview = _interview(Memory(horizon_declined=True))
    assert interview.state.horizon_declined
    interview.open().run()
    interview.signal("reopen_horizon").run()
    assert interview.state.memory().horizon_reopened


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["resist", "unsure", "doubt", "skip", "answer", "reopen", "question"]),
                min_size=1, max_size=14))
def test_invariants_hold_over_random_conversations(ladder, events):
    state = InterviewState(current_rank=1)
    move, state = policy.opening(state, ladder)
    reflected, reopened_since_decline = 0, False
    for event in events:
        r = {"resist": reading(resistance=True), "unsure": reading(unsure=True, thin=True),
             "doubt": reading(doubt="resistance"), "skip": reading(skip=True),
             "reopen": reading(reopen=True), "question": reading(question_back="Who sees this?"),
             "answer": reading(slots={move.slot or "experiences": "something concrete"})}[event]
        declined_before = state.horizon_declined
        move, state = policy.step(state, r, ladder)
        reopened_since_decline = (reopened_since_decline or event == "reopen") and state.reopened
        reflected += move.kind is MoveKind.REFLECT_POTENTIAL
        if declined_before and state.horizon_declined and not reopened_since_decline:
            assert move.slot not in VISION_SLOTS
            assert move.kind not in (MoveKind.BACK_OFF, MoveKind.REFLECT_POTENTIAL, MoveKind.OFFER_GAPS)
        if state.done:
            break
    assert reflected <= 1


def test_an_early_reply_that_never_heard_their_question_is_not_kept(ladder):
    from assistant.interview.overlap import same_move

    guess, _ = policy.step(at("company"), reading(slots={"company": "fintech"}), ladder)
    real, _ = policy.step(at("company"), reading(slots={"company": "fintech"},
                                                 question_back="Who sees this?"), ladder)
    assert same_move(guess, guess) and not same_move(guess, real)


def test_no_to_a_stop_check_carries_on_even_if_a_reader_hears_a_refusal_in_it(ladder):
    _, state = policy.step(at("intersections"), reading(doubt="end_requested"), ladder)
    move, state = policy.step(state, reading(resistance=True, end_requested=True), ladder,
                              answer="No, let's keep going.")
    assert move.kind not in (MoveKind.BACK_OFF, MoveKind.WRAP_UP) and not state.horizon_declined


def test_numbers_in_a_milestone_are_aims_not_a_track_record(ladder):
    state = at("milestones", current_rank=2, target_rank=3, target_title="Group PM")
    _, new = policy.step(state, reading(slots={"milestones": "payouts within 24h for 80%"},
                                        strength_evidence=["payouts within 24h for 80%"]), ladder)
    assert new.evidence == []


def test_picking_the_willing_option_settles_a_check_whatever_a_reader_heard(ladder):
    _, state = policy.step(at("title"), reading(doubt="resistance"), ladder)
    move, state = policy.step(state, reading(resistance=True), ladder,
                              answer="No, I can do it. Three years is just easier to picture than five.")
    assert move.kind is not MoveKind.BACK_OFF and not state.horizon_declined


def test_i_dont_know_is_asked_about_once_then_accepted(ladder):
    state = at("strengths", slots=dict(VISION))
    move, state = policy.step(state, reading(unsure=True, thin=True), ladder)
    assert move.kind is MoveKind.PROBE and move.slot == "strengths"
    move, state = policy.step(state, reading(unsure=True, thin=True), ladder)
    assert move.kind is not MoveKind.PROBE and move.slot != "strengths"


def test_after_backing_off_a_thin_answer_is_never_pressed(ladder):
    for thin in (dict(unsure=True, thin=True), dict(thin=True), dict()):
        state = at("experiences", horizon_declined=True, horizon_years=1, closed=["title"],
                   slots={"goal": "ship the checkout revamp"})
        move, _ = policy.step(state, reading(**thin), ladder)
        assert move.kind is not MoveKind.PROBE and move.slot != "experiences", thin


def test_a_thin_answer_from_a_willing_pm_is_still_probed(ladder):
    move, _ = policy.step(at("people", slots={"title": "Senior PM"}), reading(thin=True), ladder)
    assert move.kind is MoveKind.PROBE and move.slot == "people"


def test_two_probes_on_one_question_are_not_word_for_word_the_same(ladder):
    from assistant.interview.phrasing import PhrasebookSpeaker

    book = PhrasebookSpeaker(ladder)
    state = at("interests", slots=dict(VISION))
    move, state = policy.step(state, reading(thin=True), ladder)
    first = book.compose(move, state, "", None, set())
    move, state = policy.step(state, reading(thin=True), ladder)
    assert move.kind is MoveKind.PROBE
    assert book.compose(move, state, "", None, {first}) != first


def test_a_question_in_the_last_answer_or_with_a_goodbye_is_answered_in_the_wrap_up(ladder):
    done = dict(VISION, goal="x", experiences="x", strengths="x", interests="x", intersections="x")
    state = at("milestones", slots=done)
    question = "What happens to what I say here, does it go to HR?"
    move, _ = policy.step(state, reading(slots={"milestones": "Ship payouts by Q3"}, question_back=question), ladder)
    assert move.kind is MoveKind.WRAP_UP and move.answer_to == question
    move, _ = policy.step(at("strengths", slots=dict(VISION)),
                          reading(end_requested=True, question_back=question), ladder)
    assert move.kind is MoveKind.WRAP_UP and move.answer_to == question


def test_fine_to_continue_answers_the_check_as_willing(ladder):
    _, state = policy.step(at("title"), reading(doubt="resistance"), ladder)
    move, state = policy.step(state, reading(resistance=True), ladder, answer="Yes, yes, I am fine to continue.")
    assert move.kind is not MoveKind.BACK_OFF and not state.horizon_declined


def test_a_vague_answer_is_set_aside_while_one_gentle_probe_asks_for_more(ladder):
    state = at("people", slots={"title": "Senior PM"})
    move, state = policy.step(state, reading(thin=True, slots={"people": "Nice people"}), ladder)
    assert move.kind is MoveKind.PROBE and move.slot == "people"
    assert "people" not in state.slots and state.tentative == {"people": "Nice people"}
    # The probe brings something specific: it replaces the vague note.
    move, state = policy.step(state, reading(slots={"people": "engineers who push back"}), ladder)
    assert state.slots["people"] == "engineers who push back" and not state.tentative
    assert move.kind is not MoveKind.PROBE


def test_a_vague_answer_stands_when_asking_again_brings_nothing_better(ladder):
    state = at("company", slots={"title": "Senior PM"})
    _, state = policy.step(state, reading(thin=True, slots={"company": "Something bigger"}), ladder)
    move, state = policy.step(state, reading(thin=True), ladder)
    assert move.kind is not MoveKind.PROBE and move.slot != "company"
    assert state.slots["company"] == "Something bigger" and not state.tentative
    # Still vague the second time: it is kept as said, never asked a third time.
    state = at("company", slots={"title": "Senior PM"})
    _, state = policy.step(state, reading(thin=True, slots={"company": "Something bigger"}), ladder)
    move, state = policy.step(state, reading(thin=True, slots={"company": "Bigger, I guess"}), ladder)
    assert move.slot != "company" and state.slots["company"] == "Bigger, I guess"


def test_a_vague_answer_is_never_pressed_after_the_long_view_was_declined(ladder):
    state = at("strengths", horizon_declined=True, horizon_years=1, closed=["title"],
               slots={"goal": "ship the checkout revamp"})
    move, state = policy.step(state, reading(thin=True, slots={"strengths": "Good at stuff"}), ladder)
    assert move.kind is not MoveKind.PROBE and state.slots["strengths"] == "Good at stuff"


def test_a_vague_answer_waiting_aside_is_kept_when_the_pm_stops(ladder):
    state = at("interests", slots=dict(VISION))
    _, state = policy.step(state, reading(thin=True, slots={"interests": "Tech stuff"}), ladder)
    move, state = policy.step(state, reading(end_requested=True), ladder)
    assert move.kind is MoveKind.WRAP_UP and state.slots["interests"] == "Tech stuff"


def test_an_answer_being_checked_for_refusal_waits_and_is_dropped_if_it_was_one(ladder):
    state = at("company", slots={"title": "Senior PM"})
    move, state = policy.step(state, reading(doubt="resistance", slots={"company": "Picturing another employer"}),
                              ladder)
    assert move.kind is MoveKind.CLARIFY and "company" not in state.slots
    move, state = policy.step(state, reading(), ladder, answer="Not now, please.")
    assert move.kind is MoveKind.BACK_OFF
    assert "company" not in state.slots and not state.tentative


def test_an_answer_being_checked_stands_when_the_pm_is_willing(ladder):
    state = at("company", slots={"title": "Senior PM"})
    _, state = policy.step(state, reading(doubt="resistance", slots={"company": "Series B fintech"}), ladder)
    move, state = policy.step(state, reading(), ladder, answer="Not sure yet, happy to try.")
    assert state.slots["company"] == "Series B fintech" and move.slot != "company"
    assert not state.horizon_declined
