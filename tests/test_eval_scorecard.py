"""Scorecard roll-up and writers, side-by-side comparison, and summary ratings."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import create_engine, text

from assistant.evaluation import compare, scorecard
from assistant.evaluation.ratings import ratings_from_store, summarise_ratings


def cases():
    return [
        {"persona": "a", "slot_fill": 1.0, "one_question": 1.0, "pushes_after_resistance": 0,
         "back_off_ok": True, "potential_ok": None, "plan_ok": True, "turns_to_complete": 8,
         "judge": {"empathy": 4.0, "relevance": 3.0}},
        {"persona": "b", "slot_fill": 0.5, "one_question": 0.5, "pushes_after_resistance": 2,
         "back_off_ok": False, "potential_ok": True, "plan_ok": False, "turns_to_complete": None,
         "plan_failures": ["[undated] milestone m1"], "judge": {"empathy": 2.0, "relevance": 5.0}},
    ]


def test_summary_averages_rates_sums_pushes_and_skips_missing_values():
    summary = scorecard.summarise(cases())
    assert summary["slot_fill"] == {"value": 0.75, "n": 2}
    assert summary["pushes_after_resistance"]["value"] == 2
    assert summary["back_off_ok"]["value"] == 0.5
    assert summary["potential_ok"] == {"value": 1.0, "n": 1}
    assert summary["turns_to_complete"] == {"value": 8.0, "n": 1}
    assert summary["empathy"]["value"] == 3.0 and summary["relevance"]["value"] == 4.0
    assert "probe_ok" not in summary


def test_write_makes_json_markdown_and_a_png(tmp_path):
    card = scorecard.build(cases(), {"backend": "Offline rules"}, summarise_ratings([4, 3]))
    paths = scorecard.write(card, tmp_path / "out")
    assert json.loads(paths["json"].read_text())["summary"]["slot_fill"]["value"] == 0.75
    md = paths["md"].read_text()
    assert "| Pushes after resistance (must be 0) | 2 | 2 |" in md
    assert "| b | - | - | - | 2 | - | FAIL | pass |" in md
    assert md.count("| a |") == 1 and "| 4.00 | - | - | - | - | 3.00 | - |" in md  # judge columns
    assert "[undated] milestone m1" in md
    assert "2 ratings, mean 3.50" in md
    assert paths["png"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert scorecard.load(paths["json"])["meta"]["backend"] == "Offline rules"


def test_load_rejects_a_file_that_is_not_a_scorecard(tmp_path):
    path = tmp_path / "x.json"
    path.write_text('{"transcript": []}')
    with pytest.raises(ValueError, match="not a scorecard"):
        scorecard.load(path)


def test_compare_puts_two_runs_in_one_table_with_direction():
    a = scorecard.build(cases()[:1], {"backend": "Offline rules"})
    b = scorecard.build(cases(), {"backend": "OpenAI gpt-4.1-mini"})
    rows = {r["metric"]: r for r in compare.compare(a, b)}
    assert rows["slot_fill"]["delta"] == "-25 pts (worse)"
    assert rows["pushes_after_resistance"]["delta"] == "+2.00 (worse)"
    assert rows["one_question"]["a"] == 1.0 and rows["one_question"]["b"] == 0.75
    table = compare.to_markdown(a, b, "offline", "llm")
    assert table.splitlines()[0] == "| Metric | offline: Offline rules | llm: OpenAI gpt-4.1-mini | Change |"
    assert "| Slot-fill rate (all intended slots) | 100% | 75% | -25 pts (worse) |" in table


def test_compare_marks_metrics_only_one_run_has():
    a = scorecard.build([{"persona": "a", "potential_ok": True}], {})
    b = scorecard.build([{"persona": "a", "gaps_ok": False}], {})
    rows = {r["metric"]: r for r in compare.compare(a, b)}
    assert rows["potential_ok"]["b"] is None and rows["potential_ok"]["delta"] == ""
    assert "n/a" in compare.to_markdown(a, b)


def test_ratings_summary_ignores_values_off_the_scale():
    r = summarise_ratings([1, 4, 4, 3, 0, 7, 2.5])
    assert r["count"] == 4 and r["ignored"] == 3
    assert r["mean"] == 3.0
    assert r["distribution"] == {"1": 1, "2": 0, "3": 1, "4": 2}
    assert r["share_good"] == 0.75
    assert summarise_ratings([])["mean"] is None


def test_ratings_from_a_store_with_a_ratings_table(tmp_path):
    url = f"sqlite:///{tmp_path / 'store.db'}"
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE ratings (id INTEGER PRIMARY KEY, conversation_id TEXT, score INTEGER, "
                          "created TIMESTAMP)"))
        conn.execute(text("INSERT INTO ratings (conversation_id, score) VALUES ('c1', 1), ('c2', 2), ('c1', 4)"))
    # The PM re-rated c1: only the latest rating of a conversation counts.
    assert sorted(ratings_from_store(url)) == [2, 4]


def test_ratings_from_a_missing_store_is_none_and_creates_nothing(tmp_path):
    path = tmp_path / "none.db"
    assert ratings_from_store(f"sqlite:///{path}") is None
    assert not path.exists()


def test_ratings_given_through_the_store_are_reported(tmp_path):
    from assistant.store import Store

    url = f"sqlite:///{tmp_path / 'app.db'}"
    with Store.connect(url) as store:
        me = store.access(store.local_person())
        first = me.create_conversation("rehearse").id
        second = me.create_conversation("rehearse").id
        me.rate(first, 2)
        me.rate(first, 3)
        me.rate(second, 4)
    summary = summarise_ratings(ratings_from_store(url))
    assert summary["count"] == 2 and summary["mean"] == 3.5 and summary["distribution"]["3"] == 1
