"""The follow-up's learned new-step head: shipped fresh, read with NumPy, measured on whole answers, and
held to modest floors on a blind set nobody tuned on."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest

from assistant.reflect import NewStep, Reflection, vet
from assistant.reflect_eval import Case, load_cases, reflection_detector, score
from assistant.reflect_steps import DATA_FILE, data_digest, load_data, names_new_step, shared_head
from tests.test_plan_support import good_plan

TODAY = date(2027, 1, 15)
BLIND = Path(__file__).parent / "data" / "reflect_steps_heldout3.yaml"


def test_the_shipped_head_was_trained_on_the_data_as_it_is_now():
    head = shared_head()
    assert head.meta["data"] == data_digest(), "retrain: .venv/bin/python -m assistant.reflect_steps train"
    assert head.meta["examples"] >= 250
    assert 0.1 < head.threshold < 0.9


def test_the_data_has_every_kind_of_look_alike_in_numbers():
    texts, labels, kinds = load_data(DATA_FILE)
    assert len(texts) == len(set(texts)), "a clause labelled twice"
    assert labels.sum() >= 120 and (1 - labels).sum() >= 120
    for kind in ("progress", "someone_else", "musing", "asking_whether", "past", "drop_or_delay"):
        assert kinds.count(kind) >= 15, kind


def test_the_head_reads_clauses_with_numpy_only():
    probs = names_new_step(["I'd also like to run a churn review with finance by May.", "I presented it last week."],
                           TODAY)
    assert probs[0] > shared_head().threshold > probs[1]
    assert all(isinstance(p, float) for p in probs)
    assert names_new_step([], TODAY) == []


def _replies() -> list[Case]:
    import yaml

    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    return [Case(r["text"], r["new_step"], [r["words"]] if r.get("words") else [], r.get("due"))
            for r in data["replies"]]


def test_whole_answers_in_the_tuning_data_are_read_end_to_end():
    # Tuning figures (written with the data, thresholds set on it): 18/18 found, none false, 16/16 dates.
    s = score(_replies(), reflection_detector(good_plan(), TODAY), TODAY)
    print(f"\ntuning replies: {s.line()}")
    assert s.precision >= 0.9 and s.recall >= 0.9 and s.date_accuracy >= 0.9


@pytest.mark.parametrize("text", [
    # Look-alikes of each kind the issue names, written for this test after the head was trained. On the first
    # run the question ("Do you think I should add...?") was read as a new step; the data then got more
    # questions-whether and requests-to-add, and the step reading a mood rule (reflect.ASKING), so this list
    # is tuning now, not a held-out check.
    "Fine. The growth team is going to run a pricing experiment in April.",
    "It's going okay, and I might do a course on SQL someday, who knows.",
    "Going well. Do you think I should add a talk at the product guild?",
    "Done - I also ran the customer survey in December, 300 answers.",
    "Let's drop this one, the QBR was cancelled.",
    "Halfway. Can we push it back to the end of April?",
])
def test_a_look_alike_proposes_no_new_step(text):
    r = Reflection(plan=good_plan(), today=TODAY)
    r.opening()
    r.answer(text)
    assert not [p for p in r.proposals if p.field == "add"] and r.asking is None


def test_the_model_step_is_vetted_by_the_head_someone_elses_task_is_not_the_pms():
    answer = "Going well. My manager wants to run the pricing review with finance in March."
    assert vet(NewStep(text="Run the pricing review with finance", due=date(2027, 3, 31)), answer, TODAY,
               good_plan()) is None
    answer = "Going well. I'd also like to run the pricing review with finance in March."
    cand = vet(NewStep(text="Run the pricing review with finance", due=date(2027, 3, 31)), answer, TODAY, good_plan())
    assert cand is not None and cand.due == date(2027, 3, 31) and "31 March 2027" in cand.measure


# The metric itself must be able to fail: planted broken detectors score badly on the same cases.
CASES = _replies()


def test_the_metric_fails_a_detector_that_always_says_there_is_a_new_step():
    s = score(CASES, lambda text: [(text, None)], TODAY)
    assert s.precision < 0.8, s.line()


def test_the_metric_fails_a_detector_that_never_finds_one():
    s = score(CASES, lambda text: [], TODAY)
    assert s.recall == 0.0, s.line()


def test_the_metric_fails_a_detector_that_finds_the_step_but_the_wrong_day():
    detect = reflection_detector(good_plan(), TODAY)
    s = score(CASES, lambda text: [(t, date(2027, 12, 31)) for t, _ in detect(text)], TODAY)
    assert s.recall >= 0.9 and s.date_accuracy < 0.5, s.line()


# Blind set: 70 replies written by someone else while this head was built, never opened while building
# or tuning it. Measured once when the work was done (commit 361700e): precision 0.86 (30/35), recall 0.86
# (30/35), date accuracy 0.68 (19/28; most misses are the date grammar's "mid-April" read as month end).
# The rules this head replaced scored 0.76, 0.74 and 0.58 on it. The floors sit just below the first
# figures, with room for the shared date grammar to move, and nothing was changed in response to them.
BLIND_FLOORS = {"precision": 0.8, "recall": 0.8, "date_accuracy": 0.6}


@pytest.mark.skipif(not BLIND.exists(), reason="the blind set is not in this checkout")
def test_blind_set_floors():
    cases, today = load_cases(BLIND)
    s = score(cases, reflection_detector(good_plan(), today), today)
    print(f"\nblind set: {s.line()}")
    assert s.precision >= BLIND_FLOORS["precision"]
    assert s.recall >= BLIND_FLOORS["recall"]
    assert s.date_accuracy >= BLIND_FLOORS["date_accuracy"]


@pytest.mark.skipif(not BLIND.exists(), reason="the blind set is not in this checkout")
def test_blind_set_floors_fail_a_planted_detector_that_always_says_yes():
    cases, today = load_cases(BLIND)
    s = score(cases, lambda text: [(text, None)], today)
    assert s.precision < BLIND_FLOORS["precision"] or s.recall < BLIND_FLOORS["recall"] \
        or s.date_accuracy < BLIND_FLOORS["date_accuracy"], s.line()


def test_np_is_all_the_head_needs_at_run_time():
    head = shared_head()
    assert isinstance(head.w, np.ndarray) and head.w.ndim == 1
