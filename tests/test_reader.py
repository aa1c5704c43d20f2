"""The trained offline reader on each failure class the unseen personas exposed.

Sentences here are written for these tests, in wordings that appear in neither corpus split;
they check classes of behaviour, not the corpus's own examples.
"""

from __future__ import annotations

import pytest
import yaml

from assistant.interview.corpus import load_split
from assistant.interview.offline_reader import read_answer
from assistant.interview.reader_model import TUNING_PERSONAS, ReaderModel, corpus_digest, shared_model
from assistant.interview.training import persona_intent_rows, persona_thin_rows
from assistant.interview.slot_values import named_place
from assistant.interview.titles import find_title, level_of


def read(text: str, asked: str = "title"):
    from assistant.ladder import load_ladder

    return read_answer(text, asked, load_ladder())


def held_back(reading) -> bool:
    """Resistance, or a kind check question about it: either way, no push."""
    return reading.resistance or reading.doubt == "resistance"


@pytest.mark.parametrize("text,asked", [
    ("Truthfully my plate is so full I can't see past Friday, let alone years.", "title"),
    ("Since my mum's diagnosis I just take each week as it comes.", "title"),
    ("Long-range planning isn't how I operate, sorry.", "title"),
    ("Oh sure, let me just dust off my crystal ball.", "title"),
    ("I cannot to think about so many years, my head is full with the move.", "title"),
    ("With the layoffs rumoured, picturing five years feels pointless right now.", "company"),
    ("Honestly I can't think about what a director needs, I'm only trying to get through this quarter.",
     "experiences"),
])
def test_resistance_in_many_wordings_is_heard(text, asked):
    assert held_back(read(text, asked))


@pytest.mark.parametrize("text", [
    "I can't imagine managing people, that's not me. Principal PM feels right.",
    "I won't go back to agency work, that chapter is closed. A product company in health.",
    "Can't picture that far out yet, but I'd love to try: maybe Group PM?",
])
def test_role_preferences_and_willing_uncertainty_are_not_resistance(text):
    assert not read(text).resistance


def test_a_rhetorical_question_mark_is_not_a_question_back():
    assert read("Five years? Ha. Fine: Director of Product, somewhere calm.").question_back is None


def test_a_real_question_back_is_caught():
    reading = read("Before I answer, what does a group PM actually do that a senior PM doesn't?",
                   "experiences")
    assert reading.question_back and "group PM" in reading.question_back


def test_a_refusal_is_never_stored_as_the_title():
    reading = read("To be blunt, I'm burnt out and I don't want to plan my life right now.")
    assert "title" not in reading.slots.filled()


def test_a_goodbye_is_not_stored_as_an_answer():
    reading = read("Sorry, have to jump, my next call is starting. Thanks!", "intersections")
    assert reading.end_requested
    assert not reading.slots.filled()


def test_a_rich_first_answer_fills_the_whole_vision():
    slots = read("Head of Product at a Series B fintech in Berlin, with a small senior team that "
                 "argues well.").slots.filled()
    assert slots.get("title") == "Head of Product"
    assert "fintech" in slots.get("company", "").lower()
    assert "Berlin" in slots.get("location", "")
    assert "team" in slots.get("people", "").lower()


@pytest.mark.parametrize("text", ["Eventually? I think.", "Never thought about it, also.",
                                  "Hmm, I'd say, I guess."])
def test_a_filler_is_never_stored_as_the_company(text):
    assert read(text, "company").slots.company is None


def test_a_title_with_a_team_is_a_title_not_the_people():
    slots = read("Engineering Manager for a platform team.").slots
    assert slots.title == "Engineering Manager" and slots.people is None


def test_a_remark_about_oneself_in_passing_is_not_a_company_or_a_team():
    slots = read("Head of Design. I came from design and I miss it every day.").slots
    assert slots.title == "Head of Design" and slots.company is None and slots.people is None
    # Headcount said in passing describes the company, not the colleagues.
    assert read("VP of Product. A B2B SaaS company, maybe 300 people.").slots.people is None


def test_values_are_short_notes_not_the_whole_answer():
    slots = read("Well, honestly, I think I'd like to live in Lisbon, near the sea, probably.",
                 "location").slots.filled()
    assert "Lisbon" in slots["location"] and len(slots["location"].split()) <= 4


@pytest.mark.parametrize("text,title,level", [
    ("it's Head of Product, not Director", "Head of Product", "director"),
    ("I'd start my own company, a small bakery chain", "Founder of my own company", "off_ladder"),
    ("engineering manager, back where I started", "Engineering Manager", "off_ladder"),
    ("UX researcher, full time", "UX Researcher", "off_ladder"),
    ("Group PM on the platform side", "Group PM", "group_pm"),
    # Short forms, titles said the other way round, and a rung described instead of named.
    ("Head of Prod, one hundred percent", "Head of Prod", "director"),
    ("so dir. of PM I think, at a bigger place", "Dir. of PM", "director"),
    ("Vice-President, Product. Somewhere a little larger.", "Vice-President, Product", "vp"),
    ("GPM, lending, three squads", "GPM", "group_pm"),
    ("PM sênior, como se diz", "Senior Product Manager", "senior_pm"),
    ("I'd like to lead a small team of PMs, four or five", "Group Product Manager", "group_pm"),
    ("to be the person the product managers report to", "Group Product Manager", "group_pm"),
])
def test_titles_are_named_as_said_and_placed_on_the_ladder(text, title, level, ladder):
    assert find_title(text) == title
    assert level_of(find_title(text), ladder) == level


def test_no_title_in_a_time_of_day_or_a_negation():
    assert find_title("I want to log off at 5pm every day") is None
    assert find_title("I never want to be a director") is None


def test_a_correction_takes_the_corrected_title():
    reading = read("Sorry, earlier I said director but I meant Group PM.", "experiences")
    assert reading.correction
    assert reading.slots.filled().get("title") == "Group PM"


def test_evidence_needs_a_result_not_a_verb():
    assert read("Last year I took trial-to-paid from 9 to 14 percent.", "strengths").strength_evidence
    assert not read("I'm very product-led and I lead with empathy.", "strengths").strength_evidence


def test_a_health_word_in_a_company_name_is_flagged_for_privacy_but_not_met_with_sympathy():
    reading = read("A health-tech scale-up, maybe 300 people.", "company")
    assert "health" in reading.sensitive  # the floor keeps sharing conservative
    assert not reading.disclosed


def test_a_real_disclosure_is_recognised():
    assert read("My father is in hospital and I'm his only carer at the moment.").disclosed


def test_the_shipped_model_was_trained_on_the_current_tuning_corpus():
    assert shared_model().meta["corpus"] == corpus_digest(), \
        "the tuning corpus changed: run `python -m assistant train-reader`"


def test_the_test_split_is_never_in_the_training_data():
    tuning = {r.text for r in load_split("tuning")}
    test = load_split("test")
    assert len(test) >= 300
    assert not tuning & {r.text for r in test}


def test_the_vagueness_head_learns_from_tuning_personas_and_never_from_a_held_out_set(tmp_path):
    rows = persona_thin_rows()
    assert sum(vague for _, _, vague in rows) >= 30 and len(rows) >= 500
    assert TUNING_PERSONAS.joinpath("heldout7").is_dir()  # held-out sets sit one level down
    tuning = {"name": "tuning_one", "replies": {"people": "Folks, you know.", "strengths": "Untangling invoices."},
              "probes": {"people": "Accountants who laugh at their own spreadsheets."},
              "expect": {"probe": True, "back_off": False}}
    (tmp_path / "tuning_one.yaml").write_text(yaml.safe_dump(tuning), encoding="utf-8")
    (tmp_path / "heldout9").mkdir()
    held = {"name": "h9", "replies": {"people": "Nobody from the held-out set."}, "expect": {"probe": False, "back_off": False}}
    (tmp_path / "heldout9" / "h9.yaml").write_text(yaml.safe_dump(held), encoding="utf-8")
    assert sorted(persona_thin_rows(tmp_path)) == [
        ("people", "Accountants who laugh at their own spreadsheets.", False),
        ("people", "Folks, you know.", True), ("strengths", "Untangling invoices.", False)]


def test_the_resistance_head_learns_from_tuning_personas_where_their_ground_truth_settles_it(tmp_path):
    rows = persona_intent_rows()
    assert sum(no for _, _, no, _ in rows) >= 50 and len(rows) >= 2000
    declines = {"name": "declines", "replies": {"title": "Group PM.", "company": "Honestly I can't plan that far.",
                                                "location": "Leeds.", "strengths": "Untangling invoices."},
                "clarify": "Not now, please.", "expect": {"back_off": True, "resistance_at": "company"}}
    willing = {"name": "willing", "replies": {"title": "Five-year plans are astrology. Anyway: CPO."},
               "probes": {"title": "Chief product officer, really."}, "clarify": "Happy to try.",
               "expect": {"back_off": False, "resistance_at": None}}
    for persona in (declines, willing):
        (tmp_path / f"{persona['name']}.yaml").write_text(yaml.safe_dump(persona), encoding="utf-8")
    (tmp_path / "heldout9").mkdir()
    (tmp_path / "heldout9" / "h9.yaml").write_text(yaml.safe_dump({**willing, "name": "h9"}), encoding="utf-8")
    # What comes after the refusal is left out: it may go on declining or answer the shorter view.
    assert sorted(persona_intent_rows(tmp_path)) == sorted([
        ("title", "Group PM.", False, "declines"), ("company", "Honestly I can't plan that far.", True, "declines"),
        ("clarify", "Not now, please.", True, "declines"),
        ("title", "Five-year plans are astrology. Anyway: CPO.", False, "willing"),
        ("title", "Chief product officer, really.", False, "willing"), ("clarify", "Happy to try.", False, "willing")])


def test_the_model_file_loads_with_every_head(tmp_path):
    model = ReaderModel()
    assert set(model.heads) == {"intent", "sensitive", "answer_slot", "slot", "slot_any", "note", "evidence",
                                 "thin", "dimension"}
    assert model.doubt_band[0] < model.doubt_band[1]


def test_work_talk_in_its_own_words_covers_the_ladder_dimensions_it_names(ladder):
    reading = read("I own the query planner area, which spans two engineering teams. I hold the "
                   "twelve-month roadmap and tie it to the three-year plan. I mentor two interns.",
                   "experiences")
    assert not reading.resistance, "a plan mentioned in a plain answer is not a refusal"
    assert {"scope", "horizon", "people"} <= set(reading.covered_dimensions)


def test_a_closing_word_after_a_real_answer_is_a_doubt_not_a_goodbye():
    reading = read("They need better routing for e-bikes. I like routing. Done.", "intersections")
    assert not reading.end_requested and reading.doubt == "end_requested"
    assert reading.slots.intersections


@pytest.mark.parametrize("text", [
    "The rest I would skip, truly. Since my surgery I live in small pieces, one school term at a time, and "
    "picking which company or which country makes me anxious. Let us keep the title and end there.",
    "The rest I prefer not, sincerely. Since my illness I live in short pieces, one harvest at a time, and "
    "thinking of which company or which city makes me nervous. Let us keep the title and stop there.",
])
def test_a_closing_word_after_a_no_checks_the_long_view_not_the_talk(text):
    # Closing the topic after declining it: "keep going" to a goodbye check would wave the no away.
    reading = read(text, "company")
    assert not reading.end_requested and reading.doubt == "resistance"


@pytest.mark.parametrize("text", ["A fintech, about two hundred people, no more than that. Nothing else to add, "
                                  "let us stop there.",
                                  "Mid-size logistics firm. I don't want a giant bank again. Let us stop there."])
def test_a_closing_word_after_a_plain_answer_still_checks_the_goodbye(text):
    reading = read(text, "company")
    assert reading.doubt == "end_requested" and reading.slots.company


@pytest.mark.parametrize("text", [
    "It is not that I have no answer. I just cannot look that far right now. Keep it near, please.",
    "It's not about being unsure at all. These days I can only manage what's in front of me.",
])
def test_an_answer_to_the_check_that_denies_being_unsure_is_a_not_now(text):
    # The head hears "unsure" in a clause that denies it; without that clause the no is plain.
    assert read(text, "clarify").resistance


def test_an_answer_to_the_check_that_is_unsure_stays_willing():
    reading = read("Honestly I just haven't worked it out yet, but ask away.", "clarify")
    assert not reading.resistance


@pytest.mark.parametrize("text,asked", [
    ("Strengths, do you want what I would say or what the support crew would say about me? I'll give you "
     "theirs: I show up and I listen.", "strengths"),
    ("Title, you mean what's on the door, or what I actually do all week? Either way: staff PM.", "title"),
])
def test_a_question_after_a_lead_word_is_a_question_back(text, asked):
    assert read(text, asked).question_back


def test_something_hard_at_home_beside_not_saying_is_checked():
    text = "Where... I can't really tell you. My dad is not well and where I end up hangs on him. Let us keep to near things."
    reading = read(text, "location")
    assert held_back(reading) and not reading.resistance  # a kind check, not a verdict


@pytest.mark.parametrize("text,asked", [
    ("Lyon, close to my parents, who are getting older.", "location"),
    ("A small team of careful engineers; my sister works in one like it and loves it.", "people"),
])
def test_family_in_a_plain_answer_is_no_doubt(text, asked):
    reading = read(text, asked)
    assert not held_back(reading) and getattr(reading.slots, asked)


def test_a_plain_non_answer_is_not_stored():
    reading = read("I don't really have an answer for that one.", "goal")
    assert reading.slots.goal is None and (reading.unsure or reading.thin)


def test_a_milestone_keeps_its_action_when_the_date_is_a_sentence_of_its_own():
    value = read("By the end of the year. Ship the new onboarding flow to all new teams.",
                 "milestones").slots.milestones
    assert "end of the year" in value.lower() and "onboarding" in value.lower()


@pytest.mark.parametrize("text", ["Head of Product, tentatively. Lord willing.",
                                  "Senior PM. People do it, why not me."])
def test_a_stray_clause_is_not_taken_as_a_company_in_passing(text):
    assert read(text, "title").slots.company is None


@pytest.mark.parametrize("text", [
    "What do most people say when you ask them this? Senior PM at a climate company, I think.",
    "Would you say writing is a strength? I think I'm good at clear writing.",
    "What experience do you think matters most? Maybe owning a bigger area."])
def test_a_question_put_to_the_interviewer_is_caught_even_beside_an_answer(text):
    reading = read(text, "strengths")
    assert reading.question_back and reading.question_back.endswith("?")


def test_a_filler_you_know_is_not_a_question_back():
    assert read("Head of Product, you know? Somewhere calm.").question_back is None


def test_a_title_spelled_out_in_brackets_is_the_one_meant(ladder):
    from assistant.interview.titles import find_title

    assert find_title("grp PM (Group PM) w/ a few squads") == "Group PM"
    assert find_title("Senior PM (or Lead PM), fintech") == "Senior PM"


def test_someone_elses_title_and_city_are_not_the_pms():
    slots = read("My boss, she's a Director. And my buddy Dave just made VP at a bank in Cleveland. "
                 "For me it's Senior Product Manager, and we're staying in Columbus.").slots
    assert slots.title == "Senior Product Manager" and "Cleveland" not in (slots.location or "")


def test_negating_what_is_on_record_is_a_correction(ladder):
    from assistant.interview.offline_reader import read_answer

    reading = read_answer("Sorry, going back a step: not Berlin, Hamburg. Now, experiences: owning a "
                          "metric and leading discovery myself.", "experiences", ladder,
                          place_on_record="Berlin")
    assert reading.correction and reading.slots.location == "Hamburg"


def test_moving_a_number_counts_as_owning_a_metric():
    reading = read("I rebuilt the placement quiz and weekly active readers went from 18 thousand "
                   "to 27 thousand by the autumn.", "experiences")
    assert "metrics" in reading.covered_dimensions


def test_wondering_aloud_is_not_a_company():
    slots = read("Honestly, that's as far as I can see. Which company, which team, I'd rather not "
                 "invent it.", "company").slots
    assert slots.company is None


def test_a_tired_answer_that_names_a_title_is_checked_not_taken_as_a_refusal():
    reading = read("I'm exhausted this week, but yes: Director, ideally somewhere calmer than here.")
    assert not reading.resistance and reading.slots.title == "Director"


def test_a_short_form_with_a_full_stop_is_not_the_end_of_a_sentence(ladder):
    reading = read("sr. PM. Not more than that for now.", "title")
    assert reading.target_level == "senior_pm"


def test_not_wanting_to_manage_is_no_title():
    assert find_title("I can't imagine managing PMs, that's not me") is None


def test_a_plain_answer_about_what_absorbs_them_is_their_interest():
    reading = read("Ramadan behaviour. Orders at 3 am, it is a different world.", "interests")
    assert "Ramadan" in (reading.slots.filled().get("interests") or "")
    # ...but a non-answer is not stored, and neither is a question back.
    assert not read("not sure", "interests").slots.filled()
    assert not read("What do you mean by that?", "interests").slots.filled()


def test_what_they_do_not_want_is_not_picked_up_as_a_company_in_passing():
    slots = read("I'd like to be the person the PMs report to. Three or four of them, not a cast of "
                 "thousands.", "title").slots.filled()
    assert slots["title"] == "Group Product Manager" and "company" not in slots


def test_correcting_the_place_does_not_change_the_title(ladder):
    reading = read_answer("Sorry, going back a step: not Berlin, Hamburg. Now, experiences: owning a metric, "
                          "and leading a squad with a new engineer on it.", "experiences", ladder,
                          on_record="Senior Product Manager", place_on_record="Berlin")
    assert reading.correction and reading.slots.filled().get("location") == "Hamburg"
    assert "title" not in reading.slots.filled()


def test_each_item_of_a_run_on_list_counts_toward_coverage():
    reading = read("A bigger area, owning churn, and mentoring a junior PM.", "experiences")
    assert {"scope", "metrics", "people"} <= set(reading.covered_dimensions)


@pytest.mark.parametrize("text,level", [
    ("The person the product directors answer to, with a seat at the exec table", "vp"),
    ("The boss of all the PMs in the studio", "director"),
    ("the one the PM managers report to", "director"),
    ("Snr. PM, that is all.", "senior_pm"),
    ("Senior product owner. Probably.", "senior_pm"),
    ("Fondatrice de mon propre studio produit.", "off_ladder"),
    ("My own small product studio.", "off_ladder"),
])
def test_rungs_described_abbreviated_or_in_another_language_land_on_the_ladder(text, level, ladder):
    assert level_of(find_title(text), ladder) == level


@pytest.mark.parametrize("text,current,level", [
    ("Two rungs up from where I'm standing now, I'd say.", 1, "group_pm"),
    ("A level above where I am now. Whatever they call that here.", 2, "group_pm"),
    ("Honestly just the next step up.", 0, "pm"),
    ("Product, still. Same sort of job as now, I'd imagine.", 2, "senior_pm"),
    ("The role I have today, honestly. It suits me.", 1, "pm"),
])
def test_a_target_said_relative_to_today_names_the_rung_that_many_steps_up(text, current, level, ladder):
    reading = read_answer(text, "title", ladder, current_rank=current)
    assert reading.target_level == level and "company" not in reading.slots.filled()
    assert read_answer("Not a level above, I'm happy where I am.", "title", ladder, current_rank=1).target_level is None


def test_a_hedged_title_is_still_a_title():
    assert read("Senior product owner. Probably.", "title").slots.filled().get("title") == "Senior Product Owner"


def test_asking_whether_their_answer_will_do_is_a_question_back_but_a_short_rhetorical_one_is_not():
    assert read("Roadmap for next quarter and the design system. Is that enough, or am I missing something "
                "for CPO?", "experiences").question_back
    assert not read("Is that the dream? Not really, but fine.", "title").question_back


def test_a_place_in_the_same_breath_as_the_title_is_where_but_not_a_place_left_behind():
    assert read("Head of Product in a fintech of Madrid, not very big.", "title").slots.filled().get(
        "location") == "Madrid"
    assert "location" not in read("Director of Product. Not in London anymore.", "title").slots.filled()
    assert "location" not in read("My boss is Director of Product in Chicago; for me, Senior PM.",
                                  "title").slots.filled()


@pytest.mark.parametrize("text", ["eh. tech? 🤷", "¯\\_(ツ)_/¯", "meh, payments I suppose"])
def test_a_shrug_in_a_short_answer_is_not_sure_and_keeps_nothing(text):
    reading = read(text, "interests")
    assert reading.unsure and not reading.slots.filled()


def test_a_number_in_what_the_company_needs_is_not_the_pms_result():
    assert not read("They need retention after day 30; I design economies that keep players.",
                    "intersections").strength_evidence
    assert read("I took retention after day 30 from 8 to 14 percent.", "strengths").strength_evidence


def test_the_job_itself_is_not_a_kind_of_company_picked_up_in_passing():
    reading = read("PM still, I'd think. Same kind of job.", "title")
    assert "company" not in reading.slots.filled()


def test_wanting_a_project_next_year_is_checked_not_taken_as_a_refusal():
    reading = read("There is a portal project next year. I would like to be part of it.", "intersections")
    assert not reading.resistance
    # Naming the long view to refuse it is still a refusal, wish or not.
    assert read("I'd love to, but I can't look five years out right now, the twins are tiny.",
                "title").resistance


def test_the_question_they_put_to_us_is_never_stored_as_their_answer():
    reading = read("What do you mean by that?", "interests")
    assert reading.question_back and not reading.slots.filled()
    reading = read("Where do you think that fits? The company wants better forecasts, so I could pair with "
                   "the forecasting team.", "intersections")
    assert "Where do you think" not in (reading.slots.filled().get("intersections") or "")
    assert "forecast" in (reading.slots.filled().get("intersections") or "")


@pytest.mark.parametrize("text", ["good at stuff, I think", "Various things. It depends on the situation."])
def test_a_vague_answer_is_thin_and_a_short_specific_one_is_not(text):
    # Only a sure reading counts (SURE_THIN): "Nice people" is below it, see test_reader_heads.py.
    assert read(text, "strengths").thin
    assert not read("Engineers who push back.", "people").thin
    assert not read("Pricing. Calm under pressure.", "strengths").thin


def test_a_vague_description_of_people_is_thin_and_a_specific_one_is_not():
    assert read("Decent folks, you know how it is.", "people").thin
    assert not read("Engineers who ship on Fridays without fear.", "people").thin
    assert not read("Ex-nurses and a couple of stubborn data people.", "people").thin


def test_a_version_or_quarter_name_is_not_a_result():
    from assistant.interview.offline_reader import evidence_in
    assert evidence_in("Runs the CLI and SDK area; shipped the v3 SDK on time; mentors the newest PM.") == []
    assert evidence_in("Took trial-to-paid from 9 to 14 percent last year.")


def test_a_company_note_that_reads_as_no_company_is_not_kept():
    # The title's clause leaves only a tag word once the title is cut out of it.
    assert "company" not in read("Senior PM, ya. Running the whole checkout line.").slots.filled()
    assert read("Lead PM at a studio that makes farming games, in Tampere.").slots.company


def test_the_company_check_fails_for_a_note_head_that_hears_no_company():
    from assistant.ladder import load_ladder

    import numpy as np

    model = ReaderModel()
    model.heads["note"].bias = np.full_like(model.heads["note"].bias, -50.0)
    reading = read_answer("Lead PM at a studio that makes farming games, in Tampere.", "title", load_ladder(), model)
    assert not reading.slots.company


def test_people_brought_in_with_a_with_are_picked_up_in_passing():
    reading = read("VP of Product, somewhere that sells to vets, based in Denver, "
                   "with a crew of scrappy engineers who think like founders.")
    assert "engineers" in (reading.slots.people or "").lower()


def test_saying_outright_that_they_correct_themselves_is_a_correction():
    from assistant.ladder import load_ladder

    reading = read_answer("Hold on, let me correct myself. I said director; realistically Group PM is what I "
                          "mean. For that I'd need to hire and grow PMs.", "experiences", load_ladder(),
                          on_record="Director")
    assert reading.correction and reading.target_level == "group_pm"
    from assistant.interview.rules import CORRECTING

    assert not CORRECTING.search("I said it before, but I love pricing work.")


def test_an_unsure_answer_keeps_a_place_the_gazetteer_knows():
    reading = read("Porto. Maybe Lisbon sometimes.", "location")
    assert "Porto" in (reading.slots.location or "")


def test_a_vague_non_answer_with_no_hint_of_declining_is_asked_about_not_checked():
    reading = read("Bigger stuff overall?", "experiences")
    assert reading.thin and reading.doubt is None and not reading.resistance
    # Asked where, the vague words are not a place to keep: asked about, nothing stored.
    reading = read("Somewhere nice and warm, haha.", "location")
    assert reading.thin and reading.doubt is None and not reading.slots.location


def test_an_answer_then_a_refusal_of_the_long_view_itself_is_checked_but_emphasis_is_not():
    assert read("Porto, I suppose. Truthfully I don't want to think that far ahead.", "location").doubt \
        == "resistance"
    assert read("Dublin. We're not going anywhere.", "location").doubt is None
    assert read("Lead PM. I think in five years that is realistic.").doubt is None


def test_an_answer_to_the_check_that_leans_to_trying_is_not_a_refusal():
    reading = read("Five years? Sure, let's do it. Director.", "clarify")
    assert not reading.resistance


def test_a_place_they_would_stay_in_is_picked_up_in_passing():
    reading = read("Senior PM at a shop selling to care homes, and I'd stay in Sheffield because my family is here.")
    assert reading.slots.location == "Sheffield"


def test_a_company_described_after_a_colon_or_in_two_parts_keeps_the_description():
    assert "emissions" in read("Ideally this one: a firm that audits factory emissions.", "company").slots.company
    assert read("A bank, but a small regional one.", "company").slots.company.lower().startswith("bank")


def test_the_clause_a_date_leads_is_the_step_it_dates():
    steps = read("By the spring, the warehouse pilot wrapped, a short memo to the COO. Whether she reads it, "
                 "who knows.", "milestones").slots.milestones
    assert "warehouse pilot" in steps.lower()


def test_a_place_said_of_a_colleague_or_a_relative_is_not_where_the_pm_wants_to_be():
    assert not read("Group PM, probably. My mentor, a director now, moved over from the Lisbon office "
                    "last spring.").slots.location
    assert not read("Principal PM. My uncle is a VP at an airline in Doha, everyone compares us.").slots.location
    assert not read("Head of Product. Our CPO, he works out of Toronto, thinks I'm ready.").slots.location
    # Their own reason for a place, family included, leaves the place theirs.
    assert read("Director, in Leeds, because my wife's family is near.").slots.location == "Leeds"


def test_asked_about_today_a_refusal_says_so_in_words_and_an_answer_with_a_year_in_it_is_only_checked():
    # No "not", no "rather", no years ahead named: even a sure reading is checked. The model is
    # made sure on purpose, so the rule is tested whatever the trained head thinks of the words.
    from assistant.ladder import load_ladder

    sure = ReaderModel()
    resist = sure.heads["intent"].labels.index("resist")
    bias = sure.heads["intent"].bias.copy()
    bias[resist] = 50.0
    sure.heads["intent"].bias = bias
    for words in ("The billing migration next spring needs exactly that. I'd grab it if I get to own the "
                  "twelve-month plan.", "I'll take it on if they let me own the year plan for payroll."):
        reading = read_answer(words, "intersections", load_ladder(), sure)
        assert not reading.resistance and reading.doubt == "resistance", words
        assert not read(words, "intersections").resistance, words
    # Declined in words, it is honoured at once.
    assert read("Honestly I'd rather not go there, I'm done planning past this quarter.", "intersections").resistance


def test_places_named_beside_declining_the_question_for_now_are_checked_not_taken():
    reading = read("Lisbon or Porto, maybe Madrid, it depends on my husband's contract. I'd rather not pin "
                   "that down right now.", "location")
    assert reading.doubt == "resistance" and not reading.resistance
    # Declining to move is emphasis on the place, not a refusal of the question.
    assert not read("Utrecht. I'm not moving anywhere now, the kids are settled.", "location").doubt


def test_a_company_the_picture_brings_in_with_at_a_is_kept_though_it_names_people():
    reading = read("Product lead, at an outfit that pays nurses who pick up extra night shifts.")
    assert "nurses" in (reading.slots.company or "") and not reading.slots.people
    reading = read("Senior PM, at a group that supports parents who care for disabled children at home.")
    assert (reading.slots.company or "").startswith("Group that supports parents")


def test_no_idea_is_not_stripped_to_a_note_but_a_no_before_an_answer_is():
    from assistant.interview.slot_values import tidy
    assert tidy("No idea about the sector", 10) == "No idea about the sector"
    assert tidy("No, Staff PM in Lyon", 10) == "Staff PM in Lyon"
    assert read("No idea about the sector, but definitely Head of Product.").slots.company is None


def test_the_size_of_the_job_said_with_the_title_is_not_the_people_they_want():
    reading = read("Group PM. Three or four PMs reporting to me.")
    assert not reading.slots.people


def test_a_head_count_is_not_the_people_but_a_description_of_them_is():
    # How many, said in passing, is a size: the people question still gets asked.
    assert not read("I'd want to run a product group. Maybe six or seven of them.").slots.people
    assert not read("Director at a logistics firm, around 800 employees, in Porto.").slots.people
    # Described, the same count says who they are.
    reading = read("Director somewhere calm, with a couple of sharp PMs who push back on me.")
    assert "push back" in (reading.slots.people or "")
    # Asked whom they want around them, a count alone is kept as what was said.
    assert read("Ten or twelve people, tops.", "people").slots.people


def test_a_question_announced_or_about_the_ladder_is_a_question_back_and_not_an_answer():
    reading = read("Sorry, may I ask you something first? What does a principal PM do that a lead PM doesn't?")
    assert reading.question_back and reading.question_back.startswith("What does")
    assert not reading.slots.title
    assert read("Mentoring, mostly. How long does this take, by the way?", "experiences").question_back
    assert read("What would a director here even be accountable for day to day?").question_back
    assert read("Is this chat stored anywhere afterwards?", "people").question_back
    assert read("Who would a principal PM usually report to, in practice?", "title").question_back


def test_a_rhetorical_question_is_not_a_question_back():
    assert not read("Who knows where any of us will be in five years?").question_back
    assert not read("what more could I possibly want from a job like mine?", "interests").question_back


def test_people_named_in_the_plural_are_never_the_pms_own_title():
    assert find_title("I'd hire and grow PMs, and coach the product managers") is None
    assert find_title("the boss of all the PMs in the studio") is not None


def test_asked_where_the_place_they_want_wins_over_where_they_are_now_or_rule_out():
    assert read("Valencia. Close to my parents. I'm in Munich now and I miss the sea.", "location").slots.location \
        == "Valencia"
    assert read("Not Paris again. Lyon.", "location").slots.location == "Lyon"


def test_another_function_with_product_in_its_name_is_off_the_ladder(ladder):
    assert level_of("Product marketing lead", ladder) == "off_ladder"
    assert level_of("Product lead", ladder) == "group_pm"


def test_a_refusal_of_the_years_ahead_is_heard_with_a_hyphen_or_as_too_far():
    reading = read("Hm, please don't write director. We are being bought by a bigger group and nobody knows if "
                   "our product lives after summer. I cannot say a company. Five years is too far, in this moment "
                   "I don't see it.", "company")
    assert held_back(reading)
    reading = read("My husband got an offer in Lima and we haven't decided. So I'd rather not paint the five-year "
                   "picture any further. It's genuinely open.", "location")
    assert held_back(reading)


def test_a_tone_is_not_a_question_back_without_a_question_form():
    reading = read("No, I don't like this part. Every time I planned my career like a ladder it went sideways. "
                   "The work this year, happy to talk, but let's not build the path to director.", "intersections")
    assert reading.question_back is None
    # Typed without its mark, a real one still counts.
    assert read("what do you mean by people, the team or the customers", "people").question_back


def test_an_answer_after_a_question_back_is_read_as_an_answer():
    reading = read("What do you mean by people, the team or the customers? For the team I want designers and devs "
                   "who argue and then go for a beer together.", "people")
    assert reading.question_back and "designers" in (reading.slots.people or "")


def test_a_title_named_after_the_picture_is_someone_elses_unless_corrected():
    for words, asked in (("Indonesia pilot by September. One new PM in my team by year end.", "milestones"),
                         ("Ask for the builder by end of quarter. Find a mentee, the new APM.", "milestones"),
                         ("Hiring a Director of Engineering is their plan, not mine.", "intersections")):
        reading = read(words, asked)
        assert reading.slots.title is None and reading.target_title is None, words


def test_a_job_outside_product_is_a_title_the_grammar_knows():
    reading = read("Applications engineer. Not PM. I want my hands on the printers again.")
    assert reading.slots.title == "Applications Engineer" and reading.target_level == "off_ladder"
    assert not reading.doubt


def test_asked_where_a_name_the_city_list_lacks_is_still_a_place():
    for words, place in (("Out west. Whistler area ideally, or the Okanagan.", "Okanagan"),
                         ("Honestly the Cotswolds, near my mum.", "Cotswolds")):
        reading = read(words, "location")
        assert place in (reading.slots.location or "") and not reading.doubt, words
    # A capitalised first word is no name unless the town list knows it.
    assert "Good" not in (read("Good question. Somewhere warm?", "location").slots.location or "")
    assert named_place("Good question. Somewhere warm?") is None


def test_letter_courtesies_are_no_part_of_the_note():
    reading = read("Thanks for following up. Ideally a mid-sized B2B software company in e-procurement. "
                   "Best regards.", "company")
    assert (reading.slots.company or "").lower().startswith("mid-sized b2b")


def test_what_is_said_last_carries_a_refusal_or_an_answer():
    # An answer after the refusing words is taking part: checked, never backed off from.
    reading = read("Five year plans are corporate astrology. Anyway: CPO. Obviously.")
    assert not reading.resistance and reading.doubt == "resistance" and reading.slots.title == "CPO"
    # The refusal after the answer still stands.
    assert read("Director. But honestly I can't think five years out, not with the baby.").resistance


def test_content_where_they_are_is_not_a_refusal():
    reading = read("For staying, nothing special. Maybe learn the new imaging side, the X-ray integration, "
                   "so I'm not behind.", "experiences")
    assert not reading.resistance


def test_naming_the_years_without_a_no_declines_nothing():
    assert not read("Can, five years. Director.", "clarify").resistance


def test_passing_on_one_question_is_a_skip_not_a_doubt():
    reading = read("I'd rather pass on that one, if that's all right. Next question?", "people")
    assert reading.skip and reading.doubt is None and not reading.resistance


def test_the_picture_brings_in_its_people_and_its_one_place_wherever_they_sit():
    reading = read("Head of product, I'd like. At a family-feeling firm of fifty-odd people down in Cardiff Bay "
                   "that makes the software vets use. With engineers who've been out on a farm visit.")
    assert "Cardiff" in (reading.slots.location or "") and "engineers" in (reading.slots.people or "").lower()
    reading = read("Senior PM, at a small company that hosts independent podcasts, in Leeds, and the people "
                   "would be audio nerds who argue about compression settings over lunch.")
    assert "audio nerds" in (reading.slots.people or "") and reading.slots.location == "Leeds"


def test_a_quoted_result_is_the_pm_s_own_words_though_the_clause_dropped_a_joining_word():
    reading = read("Remote fitting. It went from 12% of new fittings to 37% in a year. We also cut the "
                   "in-clinic fitting from 50 minutes to about 30.", "strengths")
    assert "We also cut the in-clinic fitting from 50 minutes to about 30" in reading.strength_evidence


@pytest.mark.parametrize("text", [
    "Senior PM, I'd say. Probably at a bigger company than this one.",
    "Group product manager. Somewhere normal, a proper grown-up firm.",
])
def test_a_size_said_with_the_title_leaves_the_kind_of_company_to_ask(text):
    # How big is not what kind: stored, it would stop the company question from being asked.
    reading = read(text)
    assert reading.target_title and not reading.slots.company


def test_a_kind_said_with_the_title_is_still_the_company():
    reading = read("Director of product at a big logistics company, probably in Rotterdam.")
    assert "logistics" in (reading.slots.company or "").lower()


def test_the_company_keeps_the_relative_clause_a_size_aside_split_from_it():
    reading = read("Principal PM. At a small outfit, maybe sixty people, that builds software for "
                   "bell foundries, somewhere near Ghent.")
    assert "bell" in (reading.slots.company or "").lower()


def test_where_a_company_sells_is_not_where_the_pm_wants_to_be():
    reading = read("Ferry ticketing, like now. A bigger one, maybe across Scandinavia.", "company")
    assert reading.slots.company and not reading.slots.location


def test_a_correction_to_the_size_of_the_company_is_kept():
    reading = read("Hold on, about the company: forget the enormous one, I'd get lost. A mid-size place, "
                   "a few hundred people. As for where: Leeds, or remote.", "location")
    assert "mid-size" in (reading.slots.company or "").lower()


@pytest.mark.parametrize("text,asked", [
    ("Thank you so much, and sorry for going on.", "people"),
    ("Khob khun ka. Thanks!", "strengths"),
    ("Dziękuję! Really helpful.", "intersections"),
    ("Grazie mille", "people"),
])
def test_thanks_alone_in_any_language_is_no_answer_and_no_refusal(text, asked):
    reading = read(text, asked)
    assert not reading.slots.filled() and not held_back(reading)
    assert reading.end_requested or reading.doubt == "end_requested"


@pytest.mark.parametrize("text", ["Merci, à bientôt!", "Cheers, see you next week", "Asante sana, kwaheri"])
def test_a_goodbye_in_any_language_ends_the_talk(text):
    assert read(text, "interests").end_requested


def test_thanks_beside_an_answer_leaves_the_answer():
    reading = read("Thanks! Writing, and pricing work.", "strengths")
    assert reading.slots.strengths and not reading.end_requested


@pytest.mark.parametrize("text", ["I'm not refusing, I just never thought about it. Please continue.",
                                  "Not unwilling at all, only unprepared. Carry on, please."])
def test_asking_to_go_on_is_no_goodbye(text):
    assert not read(text, "clarify").end_requested


def test_a_city_typed_in_lower_case_is_a_place():
    reading = read("spokane probably, near my folks", "location")
    assert reading.slots.location == "Spokane" and not held_back(reading)


@pytest.mark.parametrize("text", ["Anywhere near the sea.", "close to my sister in the countryside"])
def test_a_phrase_of_place_answers_where(text):
    reading = read(text, "location")
    assert reading.slots.location and not held_back(reading)


def test_a_short_question_asking_what_we_meant_is_a_question_back():
    reading = read("Strengths meaning what, sorry?", "strengths")
    assert reading.question_back and not reading.slots.strengths


def test_a_clause_both_loose_slots_claim_goes_to_the_one_we_asked_about():
    # The slot heads heard "company" a shade louder in a description of people; asked about
    # people, the question settles it (the grammar still wins when it brings one in).
    from assistant.interview.offline_reader import _one_loose_slot

    row = {"company": 0.95, "people": 0.91}
    assert set(_one_loose_slot("Patient, curious people who know every customer", row, "people")) == {"people"}
    assert set(_one_loose_slot("Patient, curious people who know every customer", row, "title")) == {"company"}
    assert set(_one_loose_slot("at a firm that sells to vets", row, "people")) == {"company"}


def test_a_plain_account_of_work_already_done_answers_the_experiences_question():
    reading = read("Honestly I do most of it already. The dealers phone me late when the app breaks, and I "
                   "fix it. And I sit in the quarterly board prep, in the room.", "experiences")
    assert reading.slots.experiences and not held_back(reading)


@pytest.mark.parametrize("text,asked", [
    ("I've played along so far, but truly I live one season at a time. I'd rather keep to this year.",
     "strengths"),
    ("I've humoured the big picture, but I won't pin dates on years away. I'll say what I'm doing by "
     "summer, that's all.", "milestones"),
])
def test_keeping_to_the_near_term_by_choice_is_checked_beside_an_answer(text, asked):
    assert held_back(read(text, asked))


@pytest.mark.parametrize("text,title", [
    ("I want to be a cheesemaker.", "Cheesemaker"),
    ("I see myself as a ferry captain, honestly.", "Ferry captain"),
    ("Short version: museum curator. I'd leave software for it.", "Museum curator"),
])
def test_a_role_the_ladder_does_not_know_is_heard_inside_its_sentence(text, title):
    reading = read(text, "title")
    assert reading.slots.title == title and not held_back(reading)


@pytest.mark.parametrize("text,slot,value", [("Something big, not sure. Place: Lisbon.", "location", "Lisbon"),
                                              ("Bigger role somewhere. Company: a fintech.", "company", "Fintech")])
def test_an_answer_led_by_its_slot_s_name_is_no_title(text, slot, value):
    reading = read(text, "title")
    assert reading.slots.title != value and reading.slots.filled()[slot] == value


@pytest.mark.parametrize("text", ["I'd like to be happy, mostly.", "I'd like to be the one who calms the room down."])
def test_a_wish_that_names_no_role_is_no_title(text):
    assert not read(text, "title").slots.title


def test_a_goodbye_in_te_reo_is_a_goodbye():
    reading = read("Kia ora, ka kite anō!", "intersections")
    assert reading.end_requested and not reading.slots.filled()


def test_anywhere_but_names_what_they_do_not_want():
    reading = read("Anywhere but a consultancy. A product company with its own app.", "company")
    assert "consult" not in (reading.slots.company or "").lower()


def test_a_title_said_as_someone_else_s_is_never_the_one_a_correction_moves_to():
    reading = read("Pilot live by May, and, sorry, a chat with my VP about the director opening in June.",
                   "milestones")
    assert not reading.slots.title and not reading.target_title
    assert find_title("a chat with my VP about the director opening", last=True) is None


def test_to_lead_pms_is_what_the_job_does_not_a_title():
    assert find_title("I want to lead PMs already") is None
    assert find_title("Lead PM at a ferry operator") == "Lead PM"


def test_a_sentence_that_is_only_a_town_s_name_is_that_town_though_the_name_is_a_word():
    assert read("Bath. Near my sister and her kids.", "location").slots.location == "Bath"


def test_spoken_fillers_and_line_breaks_do_not_cut_what_was_said_as_one():
    reading = read("So, um, group PM, I think, at a, like, a parcel-lockers company, uh, with people "
                   "who are, you know, really into logistics.")
    assert "you know" not in (reading.slots.people or "")
    assert read("Group PM. / several teams, / one river.").slots.people is None


def test_a_few_words_describing_them_answer_who():
    # Stored; whether it is thin enough to ask once more is the vagueness head's call.
    assert read("Direct. Kind.", "people").slots.people == "Direct. Kind"


def test_the_company_named_after_a_frame_and_a_size_is_the_rest_of_the_sentence():
    from assistant.interview.offline_reader import _with_its_relative
    from assistant.interview.slot_values import company_value

    parts = ["The company I picture is a tiny", "scrappy studio that makes booking tools for dance schools"]
    assert "dance" in company_value(_with_its_relative(parts, parts[0])).lower()
    assert company_value("The company would be a fintech") == "Fintech"


@pytest.mark.parametrize("text,asked,slot,value", [
    ("Gracias! Valencia, probably. Gracias otra vez", "location", "location", "Valencia"),
    ("Thanks!! A climate-data startup, ideally. Cheers", "company", "company", "Climate-data startup"),
])
def test_thanks_around_an_answer_in_any_language_are_no_part_of_it(text, asked, slot, value):
    assert read(text, asked).slots.filled().get(slot) == value


def test_a_letter_that_is_all_courtesies_takes_its_leave():
    reading = read("Thank you for the chat.\n\nKind regards,\nPriya", "interests")
    assert reading.end_requested and not reading.slots.filled()


def test_the_title_others_expect_of_them_is_not_theirs():
    reading = read("Product manager, same squad. Is that allowed? Everyone expects me to say director!")
    assert reading.slots.title == "Product Manager" and reading.target_level == "pm"
    assert find_title("My dad wants me to become a VP; senior PM suits me", last=True) == "Senior PM"


def test_a_ladder_keyword_said_only_to_be_denied_covers_nothing():
    from assistant.ladder import load_ladder

    ladder = load_ladder()
    assert "people" not in ladder.covered(["Keep growing as an IC and never manage anyone"])
    assert "customers" not in ladder.covered(["a back-office role with no customers at all"])
    assert "people" in ladder.covered(["I manage two PMs and mentor an APM"])


@pytest.mark.parametrize("text,asked", [
    ("Colleagues, or the people we sell to? Colleagues, then: patient engineers who write things down.", "people"),
    ("Technical skills or more the soft side? The soft side: I calm rooms down.", "strengths"),
    ("Town or country? Ghent.", "location"),
])
def test_asking_which_of_two_things_we_meant_is_a_question_back_and_the_rest_answers(text, asked):
    reading = read(text, asked)
    assert reading.question_back and reading.slots.filled().get(asked)
    assert "?" not in reading.slots.filled()[asked]


@pytest.mark.parametrize("text", ["Director or VP? VP, I think.", "Porto or Lisbon? Porto."])
def test_weighing_two_answers_is_no_question_back(text):
    assert not read(text, "title" if "VP" in text else "location").question_back


@pytest.mark.parametrize("text", ["Next.", "Hard pass.", "No comment.", "That's private.", "Next question please"])
def test_the_words_of_a_skip_are_a_skip_and_never_a_stored_answer(text):
    reading = read(text, "people")
    assert reading.skip and not reading.slots.filled()
    # On the first question about the years ahead, a bare pass may be a quiet refusal of the
    # long view, so it is checked rather than skipped; either way nothing is stored.
    at_title = read(text, "title")
    assert at_title.doubt == "resistance" and not at_title.slots.filled()


def test_a_skip_keeps_what_else_was_said_and_next_quarter_is_no_skip():
    reading = read("Skip this one please, but for company I'd say fintech", "people")
    assert reading.skip and "fintech" in (reading.slots.company or "").lower() and not reading.slots.people
    assert not read("Next quarter: the pricing pilot, live in two regions.", "goal").skip


@pytest.mark.parametrize("text", ["No.", "Honestly? No."])
def test_a_bare_no_to_the_years_ahead_is_checked_not_pressed(text):
    assert read(text, "title").doubt == "resistance"


@pytest.mark.parametrize("text,asked", [
    ("Ask me about the invoicing bug instead, that one I can talk about all day.", "title"),
    ("Can we do something else? I'm not in the mood for this one.", "experiences"),
    ("I won't list strengths for a role I don't have.", "strengths"),
    ("Not gonna play that game. Let's look at this sprint.", "company"),
    ("I'm going to park that one, sorry. Right now it's all about the depot pilot.", "intersections"),
])
def test_setting_the_question_aside_in_so_many_words_is_checked(text, asked):
    reading = read(text, asked)
    assert held_back(reading) and not reading.resistance  # a check, never a back-off on grammar alone


@pytest.mark.parametrize("text,asked,slot", [
    ("I don't want to guess too wildly, but group PM feels right.", "title", "title"),
    ("Instead of a bank, a fintech.", "company", "company"),
    ("Honestly I'd rather talk about what I do now: pricing. That's what lights me up.", "interests", "interests"),
])
def test_a_no_that_hedges_an_answer_is_not_checked(text, asked, slot):
    reading = read(text, asked)
    assert not held_back(reading) and reading.slots.filled().get(slot)


@pytest.mark.parametrize("text,asked", [("Pass.", "title"), ("Let's drop that one, I'm worn out on guessing.", "location"),
                                        ("Nah, leave that be too.", "people")])
def test_passing_on_the_picture_or_dropping_the_question_is_checked(text, asked):
    assert read(text, asked).doubt == "resistance"


def test_a_weekday_with_a_possessive_is_no_place():
    reading = read("Honestly I can't see past Friday's release, never mind a map.", "location")
    assert not reading.slots.location


@pytest.mark.parametrize("text", [
    "Get the new squad's roadmap written by the offsite, fill the PM seat we're missing, then raise the title at review.",
    "Hire into the empty PM slot on my team by March, then make the case for the bigger title at my review.",
])
def test_a_later_answer_that_names_a_seat_to_fill_changes_no_title(text):
    # Past the picture, a change of title must be said where the title is named.
    from assistant.ladder import load_ladder

    reading = read_answer(text, "milestones", load_ladder(), on_record="Group PM")
    assert not reading.slots.filled().get("title") and reading.target_title is None
    assert reading.slots.filled().get("milestones")


def test_a_correction_past_the_picture_still_moves_the_title():
    reading = read("Scratch that earlier one, I meant Director of Product. I'd need a bigger budget.",
                   "experiences")
    assert reading.correction and reading.slots.filled().get("title") == "Director of Product"


@pytest.mark.parametrize("text", ["I need to run a team first.", "I have to lead more people, I think.",
                                  "I need to stop overthinking the roadmap."])
def test_needing_to_run_or_stop_something_is_no_goodbye(text):
    from assistant.interview import rules

    assert not rules.LEAVING.search(text)
    assert not read(text, "experiences").end_requested


@pytest.mark.parametrize("text", ["Sorry, I have to run.", "I need to go, bye", "I have to stop now"])
def test_having_to_go_is_still_a_goodbye(text):
    from assistant.interview import rules

    assert rules.LEAVING.search(text)


def test_an_idiom_about_a_company_is_not_the_people():
    reading = read("A grants platform for foundations, like this one but with its act together.", "company")
    assert reading.slots.filled().get("company") and not reading.slots.filled().get("people")
    # People named in passing are still kept.
    reading = read("A payroll company in Leeds, with engineers who argue well.", "company")
    assert "engineers" in (reading.slots.filled().get("people") or "").lower()


@pytest.mark.parametrize("text,level", [
    ("Group PM, I'd hope, somewhere it means something.", "group_pm"),
    ("Senior PM, hopefully, somewhere that takes it seriously.", "senior_pm"),
])
def test_a_hedged_title_on_the_ladder_is_an_answer_not_a_thin_one(text, level):
    reading = read(text, "title")
    assert reading.target_level == level and not reading.thin


@pytest.mark.parametrize("text,word", [
    ("Possibly the story around a launch more than the launch itself, if that makes sense.", "launch"),
    ("Maybe the pricing experiments more than the launches, if I'm honest.", "pricing"),
])
def test_a_hedge_in_front_of_something_specific_is_still_the_answer(text, word):
    reading = read(text, "interests")
    assert word in (reading.slots.filled().get("interests") or "").lower() and not reading.thin
    # A hedge in front of nothing stays a thin answer.
    assert read("Not sure really, maybe the usual stuff I guess.", "interests").thin


@pytest.mark.parametrize("text,asked", [
    ("Ah. I'd rather not pin dates on any of that, if it's all the same. Things at home are a bit... much, "
     "at the moment. Let's leave it.", "milestones"),
    ("pass, next one pls", "title"),
])
def test_a_closing_word_after_a_no_or_a_bare_pass_is_checked_not_taken(text, asked):
    # What "let's leave it" leaves, after a no, is most likely the years ahead; a bare pass on
    # the first picture question may be a pass on all of it.
    reading = read(text, asked)
    assert reading.doubt == "resistance" and not reading.end_requested and not reading.skip


def test_an_answer_to_the_check_that_leans_to_declining_below_the_cut_declines(monkeypatch):
    # The check offered two options; a lean to "not now" that outweighs any lean to trying is
    # the choice, though short of the cut a refusal out of the blue needs. The cut is raised
    # past the answer's score here so the rule, not the retrained head's cut, is what is tested.
    from assistant.ladder import load_ladder

    model = shared_model()
    head = model.heads["intent"]
    text = "No, I'm not lost about it. I just don't stretch my thinking that far. This quarter is enough."
    resist = head.labels.index("resist")
    cut = head.thresholds.copy()
    cut[resist] = 0.999
    monkeypatch.setattr(head, "thresholds", cut)
    monkeypatch.setattr(model, "doubt_band", (0.3, 0.999))
    assert read_answer(text, "clarify", load_ladder(), model).resistance
    # An answer that leans to trying stays willing under the same cut.
    for willing in ("Not sure yet, honestly. I just haven't thought about it much.",
                    "No, I'm up for it, really. I just grumble by reflex."):
        assert not read_answer(willing, "clarify", load_ladder(), model).resistance


@pytest.mark.parametrize("text,asked,word", [
    ("Larchfield, as I told you before. It is the place that feels like home.", "company", ""),
    ("A logistics software company. Maybe this one, hopefully a quieter one.", "company", "logistics"),
    ("Shillong still. I won't leave Meghalaya, my parents are here.", "location", "shillong"),
])
def test_a_specific_picture_answer_with_only_the_whole_answers_lean_is_not_checked(monkeypatch, text, asked, word):
    """Staying put and loyalty lean to declining as a whole, but no clause of these says no or
    speaks of the years; held-out 12 had three such answers checked, and each PM's 'not now' to
    the check (meant for a later question) locked the long view away. The doubt band is widened
    to take in any lean, so the rule is what is tested, not where the retrained head scores."""
    from assistant.ladder import load_ladder

    model = shared_model()
    head = model.heads["intent"]
    cut = head.thresholds.copy()
    cut[head.labels.index("resist")] = 0.999
    monkeypatch.setattr(head, "thresholds", cut)
    monkeypatch.setattr(model, "doubt_band", (0.0, 0.999))
    reading = read_answer(text, asked, load_ladder(), model)
    assert not reading.resistance and reading.doubt is None
    # A name no list knows may lose to the clause around it; the answer is kept either way.
    assert reading.slots.filled().get(asked) and word in reading.slots.filled()[asked].lower()
    # Under the same band, a clause that speaks of the years or says no is still checked.
    for declining in ("Five year plans are horoscopes for managers. Anyway: a bank.",
                      "A bank, I guess. Honestly I don't want to think that far."):
        assert read_answer(declining, "company", load_ladder(), model).doubt == "resistance"


@pytest.mark.parametrize("text,asked", [
    ("Berlin, I guess. Honestly I don't want to think that far.", "location"),
    ("Where, this one I can't say. My father is very ill and it depends on him.", "location"),
])
def test_a_picture_answer_beside_a_clause_that_says_no_is_still_checked(text, asked):
    assert held_back(read(text, asked))


def test_words_that_are_the_answer_are_no_disclosure_beside_it():
    """'Medical' names the kind of company; a parent's illness said beside an answer is something
    hard at home."""
    assert read("A medical devices company. Maybe this one, probably a calmer one.", "company").doubt is None


def test_not_only_this_quarter_asks_for_more_not_less():
    reading = read("I must run a roadmap for longer, not only this quarter, and hire PMs myself.", "experiences")
    assert not held_back(reading)
    assert reading.slots.filled().get("experiences")


@pytest.mark.parametrize("text,place", [
    ("Somerset, a short drive from my wife's family.", "Somerset"),
    ("Tasmania, near my brother's vineyard.", "Tasmania"),
    ("Aizawl still, near my mother.", "Aizawl"),
])
def test_a_region_or_known_town_said_before_someone_else_is_the_place(text, place):
    assert read(text, "location").slots.location == place


@pytest.mark.parametrize("text,place", [
    ("Glasgow. I'm not moving anywhere.", "Glasgow"),
    ("Not remote, the Leeds office.", "Leeds"),
])
def test_a_way_of_working_said_with_a_no_is_ruled_out(text, place):
    assert read(text, "location").slots.location == place


@pytest.mark.parametrize("text,place", [
    ("Seville, I'm staying put.", "Seville"),  # the gazetteer lists it as Sevilla
    ("Ghent, I'm staying put.", "Ghent"),  # and this one as Gent
    ("Reading, I think; it's where we met.", "Reading"),  # a city that is also a word
])
def test_a_city_by_its_english_name_or_a_word_name_is_the_place(text, place):
    assert read(text, "location").slots.location == place


@pytest.mark.parametrize("text", [
    "I'd open a little bookshop of my own, with a café in the back.",
    "Running my own bookshop by the sea.",
])
def test_a_business_of_their_own_is_an_off_ladder_title(text):
    reading = read(text)
    assert reading.slots.title and reading.slots.title.startswith("Owner of")
    assert reading.target_level == "off_ladder"


def test_run_my_own_team_is_no_business():
    assert find_title("I'd love to run my own team one day") is None


def test_being_content_said_in_one_clause_is_checked_not_declined():
    reading = read("Not a lot. Keep doing it well, same as now.", "experiences")
    assert reading.content and not reading.resistance


@pytest.mark.parametrize("text", ["I'd prefer to stop there.", "Rather stop there."])
def test_a_short_stop_inside_the_picture_is_asked_about_not_taken_as_goodbye(text):
    reading = read(text, "company")
    assert not reading.end_requested and reading.doubt == "resistance"


def test_a_stop_with_a_goodbye_still_ends():
    assert read("I have to go now, bye.", "location").end_requested


@pytest.mark.parametrize("text", [
    "Sorry, I'd rather not commit to any dates yet. My partner and I are still weighing a move abroad.",
    # A tuning persona's reply: the refusing clause falls just short of sure, and names no years.
    "Ah, about steps and dates, sorry, I prefer not to decide now. My parents hope I come back to the "
    "family shop some day, and I don't want to promise a plan to anyone before I talk with them. "
    "Maybe next time we talk.",
])
def test_declining_to_commit_to_dates_is_heard_when_asked_for_a_milestone(text):
    reading = read(text, "milestones")
    assert held_back(reading)
    assert not reading.slots.filled().get("milestones")


@pytest.mark.parametrize("text", [
    "Oh sure, and I'll fetch my horoscope too. No, I'm finished with the guessing-game bit of this.",
    # A tuning persona's reply, whose joke was once stored as the team.
    "Sure, and next I'll read you the tea leaves. No, I'm done with the fortune-telling part of this.",
])
def test_sarcasm_before_a_sure_no_is_not_stored_as_the_team(text):
    reading = read(text, "people")
    assert held_back(reading)
    assert not reading.slots.people


def test_one_word_of_substance_to_an_open_question_needs_only_the_thin_lean(monkeypatch):
    """The rule, not the head's score for one word: with the lean set to nothing, a lone word is
    thin and a specific phrase is not; with it out of reach, the lone word is kept."""
    import assistant.interview.offline_reader as reader

    monkeypatch.setattr(reader, "LONE_THIN", 0.0)
    assert read("Marketing.", "interests").thin
    assert not read("Pricing and packaging for the small-business plans.", "interests").thin
    monkeypatch.setattr(reader, "LONE_THIN", 1.01)
    assert not read("Marketing.", "interests").thin


def test_where_they_are_keeps_what_the_place_is():
    company = read("Here, honestly. A family-run ceramics maker.", "company").slots.company
    assert company and company.startswith("Current company") and "ceramics" in company


@pytest.mark.parametrize("text,record,slot,value", [
    ("Right, and forget the bakery from earlier: I mean a fintech that lends to farmers.",
     {"company": "Small bakery chain"}, "company", "fintech"),
    ("Oh, scratch the devs from before, it'd be designers and researchers.",
     {"people": "Developers who pair"}, "people", "designers"),
    ("Also scrap Leeds from before, Bristol, since we're moving.", {"location": "Leeds"}, "location", "Bristol"),
])
def test_striking_out_an_earlier_answer_by_what_it_held_corrects_that_part(text, record, slot, value):
    from assistant.ladder import load_ladder

    reading = read_answer(text, "experiences", load_ladder(), record=record,
                          place_on_record=record.get("location"))
    assert reading.correction
    assert value.lower() in (getattr(reading.slots, slot) or "").lower()


def test_a_sure_refusal_that_says_no_in_none_of_its_words_is_checked_not_honoured():
    """The encoder hears care and duty as declining; a back-off at once needs a clause that says
    no in its grammar, or the long view named."""
    reading = read("Probably still something in hospice software. It feels like it matters.", "company")
    assert not reading.resistance and reading.doubt == "resistance"
    assert read("I'd rather not look that far ahead, honestly.", "title").resistance


@pytest.mark.parametrize("text", ["Probably lead the PMs on the payments side.", "Run the PM team for retail."])
def test_leading_the_pms_described_is_the_rung_that_manages_them(text):
    assert read(text).target_level == "group_pm"


def test_a_refusal_of_the_years_spread_over_a_sentences_commas_is_heard():
    """The years named in one clause, the no in another, one sentence."""
    reading = read("Sorry, I have to pause here. To say what I'd need over five years, with my unit being "
                   "sold off this spring, is not something I can do now.", "experiences")
    assert held_back(reading)


def test_not_only_beside_the_years_is_no_refusal_of_them():
    reading = read("Own the pricing number. Also a long-term plan, two years out, not just the next sprint.",
                   "experiences")
    assert not held_back(reading)
