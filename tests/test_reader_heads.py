"""The reader's trained judgments measured on test data written apart from their training data,
and shown to fail when the judgment is broken."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.interview.corpus import load_split
from assistant.interview.dimensions import load_dimensions
from assistant.interview.reader_model import ReaderModel
from assistant.interview.reader_report import dimension_report, evaluate

# Measured at the sure cut the reader uses (offline_reader.SURE_THIN): .94 / .45 on the first 215
# judged test answers, .81 / .51 on the 305 judged since the look-alike split (t07) came in; the
# floors keep it there. Recall is low by choice: a needless probe of a complete answer costs more.
THIN_PRECISION, THIN_RECALL = 0.75, 0.40
# Refusals and their look-alikes written apart (t07_lookalikes.jsonl): share of look-alikes taken
# as a refusal outright (a false back-off), and of refusals heard (backed off, or checked);
# measured 0.01 and 0.85 when the split came in.
LOOKALIKE_BACK_OFFS, REFUSALS_HEARD = 0.05, 0.80
DIMENSION_PRECISION, DIMENSION_RECALL = 0.60, 0.85


@pytest.fixture(scope="module")
def thin_test():
    records = [r for r in load_split("test") if r.thin is not None]
    assert len(records) >= 200
    return records


def _broken(head: str, *, always: bool, label: str | None = None) -> ReaderModel:
    """A reader whose head (or one label of it) says yes to everything, or no to everything."""
    model = ReaderModel()
    bias = model.heads[head].bias.copy()
    columns = [model.heads[head].labels.index(label)] if label else slice(None)
    bias[columns] = 50.0 if always else -50.0
    model.heads[head].bias = bias
    return model


def test_vague_answers_written_apart_are_asked_about_and_specific_ones_are_not(thin_test, ladder):
    rates = evaluate(thin_test, ladder)["thin"]
    assert rates["precision"] >= THIN_PRECISION and rates["recall"] >= THIN_RECALL, rates


def test_the_thin_figure_fails_for_a_reader_that_calls_every_answer_vague(thin_test, ladder):
    rates = evaluate(thin_test, ladder, _broken("thin", always=True))["thin"]
    assert rates["precision"] < THIN_PRECISION, rates


def refusal_rates(records, ladder, model=None) -> dict:
    from assistant.interview.offline_reader import read_answer

    readings = [(r, read_answer(r.text, r.asked, ladder, model)) for r in records]
    refusals = [reading for r, reading in readings if "resist" in r.intents]
    others = [reading for r, reading in readings if "resist" not in r.intents]
    return {"false_back_offs": sum(x.resistance for x in others) / len(others),
            "heard": sum(x.resistance or x.doubt == "resistance" for x in refusals) / len(refusals),
            "refusals": len(refusals), "look_alikes": len(others)}


@pytest.fixture(scope="module")
def lookalikes():
    from pathlib import Path

    from assistant.interview.corpus import CORPUS_DIR, Record, read_jsonl

    records = read_jsonl(Path(CORPUS_DIR) / "test" / "t07_lookalikes.jsonl", Record)
    assert len(records) >= 150
    return records


def test_refusals_written_apart_are_heard_and_their_look_alikes_are_not_backed_off_from(lookalikes, ladder):
    rates = refusal_rates(lookalikes, ladder)
    assert rates["false_back_offs"] <= LOOKALIKE_BACK_OFFS and rates["heard"] >= REFUSALS_HEARD, rates


def test_the_refusal_figures_fail_for_a_reader_that_hears_refusal_everywhere_or_nowhere(lookalikes, ladder):
    # Refusal alone, everywhere: a reader hearing every intent at once also hears "content",
    # and content where they are is checked, never backed off from.
    everywhere = refusal_rates(lookalikes, ladder, _broken("intent", always=True, label="resist"))
    nowhere = refusal_rates(lookalikes, ladder, _broken("intent", always=False, label="resist"))
    assert everywhere["false_back_offs"] > LOOKALIKE_BACK_OFFS, everywhere
    assert nowhere["heard"] < REFUSALS_HEARD, nowhere


def test_ladder_dimensions_said_in_other_words_are_heard_on_clauses_written_apart(ladder):
    assert len(load_dimensions("test")) >= 200
    rates = dimension_report("test", ladder)["all"]
    assert rates["precision"] >= DIMENSION_PRECISION and rates["recall"] >= DIMENSION_RECALL, rates


def test_the_dimension_figure_fails_with_keywords_alone(ladder):
    rates = dimension_report("test", ladder, _broken("dimension", always=False))["all"]
    assert rates["recall"] < DIMENSION_RECALL, rates


def test_dimension_training_and_test_clauses_never_overlap():
    train = {r.text.lower() for r in load_dimensions("tuning")}
    assert len(train) >= 600
    assert not train & {r.text.lower() for r in load_dimensions("test")}
