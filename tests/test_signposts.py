"""Signposts: answers that name the part of the conversation each stretch is about."""

from __future__ import annotations

import pytest

from assistant.interview.corpus import clauses
from assistant.interview.offline_reader import read_answer
from assistant.interview.signposts import read_signposts
from assistant.ladder import load_ladder


def posts(text: str) -> list[tuple[str | None, str, bool]]:
    return [(s.slot, s.text, s.corrects) for s in read_signposts(clauses(text)) if not s.only_signpost]


@pytest.mark.parametrize("text,slot,said", [
    ("Team-wise, quiet engineers who write things down.", "people", "quiet engineers"),
    ("As for the company, a seed-stage climate startup.", "company", "climate startup"),
    ("On the location front: Porto.", "location", "Porto"),
    ("Strengths: I untangle messy backlogs.", "strengths", "untangle"),
    ("And where: somewhere near the coast.", "location", "near the coast"),
])
def test_a_lead_names_the_part_and_is_taken_off(text, slot, said):
    found = posts(text)
    assert found and found[0][0] == slot and said in found[0][1]
    assert not found[0][1].lower().startswith(("team", "as for", "on the", "strengths", "and where"))


def test_a_part_runs_until_the_next_signpost():
    found = posts("Company-wise, a ferry operator, one with a real app. People-wise, deckhands and "
                  "engineers. That is all from me.")
    assert [slot for slot, _, _ in found] == ["company", "company", "people", "people"]


@pytest.mark.parametrize("text,slot", [
    ("Quick fix on the team first, I was joking before: I want planners and drivers around me.", "people"),
    ("I'd like to correct my answer about the city. Ghent, not Brussels.", "location"),
    ("Going back to the company for a second: a small co-op bakery chain.", "company"),
])
def test_going_back_to_fix_a_part_is_a_correction_of_it(text, slot):
    found = posts(text)
    assert found and all(s == slot and fixing for s, _, fixing in found)


@pytest.mark.parametrize("text", [
    "Berlin. The people there are great.",
    "Who knows. Maybe Berlin.",
    "I'd like to change the company culture a bit.",
    "People who argue well, and a company that sells to farmers.",
])
def test_plain_answers_carry_no_signpost(text):
    assert not any(slot for slot, _, _ in posts(text))


def test_before_a_part_ends_the_one_before_it():
    found = posts("Company-wise, a bank. Before people, one more thing: Senior PM, not Group PM.")
    assert found[0][0] == "company" and found[-1][0] is None


def test_a_signposted_correction_of_an_earlier_part_is_read_as_one():
    """Asked about experiences, the PM first fixes what they said of people: the people note and
    the experiences note each hold their own part, and the reading is a correction."""
    reading = read_answer("Quick fix on people first, I was being glib: I'd want ward nurses and "
                          "pharmacists around me. Experiences: hiring PMs, and a roadmap past the next quarter.",
                          "experiences", load_ladder())
    assert reading.correction
    assert "nurses" in reading.slots.people.lower() and "glib" not in reading.slots.people.lower()
    assert "hiring" in reading.slots.experiences.lower() and "nurses" not in reading.slots.experiences.lower()


def test_a_part_named_elsewhere_is_not_picked_up_outside_its_signpost():
    reading = read_answer("Sorry, quick correction first: I said Lyon, but I meant Grenoble. We move there "
                          "in autumn. As for people, stubborn engineers who tell me when I'm wrong.",
                          "people", load_ladder(), place_on_record="Lyon")
    assert "engineers" in reading.slots.people.lower() and "autumn" not in reading.slots.people.lower()
    assert reading.slots.location == "Grenoble"


def test_labels_of_the_pms_own_are_not_our_questions():
    """An experiences answer sorted under the PM's own headings: "People:" there is people
    leadership, one bucket among others, not the people question."""
    assert not any(slot for slot, _, _ in posts(
        "Two buckets. People: I manage two PMs already. Horizon: I hold the yearly roadmap."))
    assert posts("Company: a ferry operator. People: deckhands and engineers.")[1][0] == "people"


def struck(text: str, record: dict[str, str]) -> list[tuple[str | None, str, bool]]:
    return [(s.slot, s.text, s.corrects) for s in read_signposts(clauses(text), record) if not s.only_signpost]


def test_a_strike_out_names_the_earlier_answer_by_what_it_held_and_ends_with_its_sentence():
    found = struck("Scrap the agency idea from before, make that an in-house team at a retailer. "
                   "For the role, budget ownership.", {"company": "Design agency"})
    assert found[0][0] == "company" and found[0][2]
    assert found[-1][0] is None  # the next sentence is back to the question asked


def test_a_strike_out_of_nothing_on_record_names_no_part():
    assert all(slot is None for slot, _, _ in struck("Forget it, honestly. Lisbon.", {"company": "Bank"}))


def test_a_strike_out_by_our_own_noun_names_that_part():
    found = struck("Ignore the company bit I gave, a hospital group.", {"company": "Startup", "people": "Nurses"})
    assert found and found[0][0] == "company"


def test_a_strike_out_verb_inside_an_answer_strikes_nothing():
    """'Scrap' as a noun, or a verb in the middle of a clause, is no going back."""
    record = {"experiences": "Run the plant managers' roadmap"}
    assert all(slot is None for slot, _, _ in struck("- Moving numbers: scrap rate 12% -> 4% at the pilot plant", record))
    assert all(slot is None for slot, _, _ in struck("We had to scrap the plant roadmap twice last year.", record))
