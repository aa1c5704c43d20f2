"""Questions a PM asks back get a short answer offline: matched by meaning, never a question."""

from __future__ import annotations

import pytest

from assistant.interview import answer_bank

BANK = answer_bank._bank()


# Worded apart from the bank's own examples, to show matching by meaning rather than by echo.
@pytest.mark.parametrize("question,topic", [
    ("Hang on, does my line manager get a copy of all this?", "privacy"),
    ("Roughly how many questions are left?", "length"),
    ("Should I give you a job title or just describe the work?", "how_to_answer"),
    ("Why would I bother picturing five years out?", "horizon"),
    ("Can I pass on this one?", "skip"),
    ("When you say kind of company, is that how big it is, or what it sells?", "company_meaning"),
    ("Like a town, or more whether I'm in an office at all?", "location_meaning"),
    ("Title meaning the one in my email signature, or what I actually do?", "title_meaning"),
])
def test_an_unseen_wording_gets_its_topics_answer(question, topic, ladder):
    assert answer_bank.answer(question, ladder) == BANK["topics"][topic]["answer"]


def test_a_question_about_a_level_is_answered_from_the_ladder(ladder):
    assert answer_bank.answer("What does a Group PM actually do differently?", ladder).startswith(
        "On this ladder, the Group Product Manager level")


def test_answers_ask_nothing_and_an_unknown_question_gets_the_honest_fallback(ladder):
    assert all("?" not in t["answer"] for t in BANK["topics"].values()) and "?" not in BANK["fallback"]
    assert answer_bank.answer("What's the capital of Mongolia's second city?", ladder) == BANK["fallback"]
