"""The "What I heard" panel and the quick replies through AppTest: corrections win, intents are facts."""

from __future__ import annotations

from tests.test_app_support import answer, begin, fresh_app, page_text, shown


def panel(at) -> str:
    """The panel's slot lines (each opens with its status icon), as shown."""
    return shown(" ".join(m.value for m in at.main.markdown if m.value.startswith(":material/")))


def correct(at, slot: str, value: str | None):
    cid = at.query_params["c"]
    if value is None:
        at.button(key=f"clear_{slot}_{cid}").click().run()
    else:
        at.text_input(key=f"value_{slot}_{cid}").input(value)
        at.button(key=f"save_{slot}_{cid}").click().run()
    assert not at.exception
    return at


def test_a_corrected_title_is_shown_as_the_pms_and_reaches_the_plan():
    at = begin(fresh_app(), role="Senior Product Manager")
    at = answer(at, "Director of Product at a fintech in London, with people who argue and then commit.")
    assert "Director of Product" in panel(at)
    at = correct(at, "title", "Head of Product")
    assert "Head of Product" in panel(at) and "you set this" in panel(at)
    at = answer(at, "Honestly, Director of Product would also be fine.")
    assert at.text_input(key=f"value_title_{at.query_params['c']}").value == "Head of Product", \
        "the PM's own value wins over a later reading"
    at.button(key="draft_now").click().run()
    assert not at.exception
    target = [t for t in at.text_input if t.label == "Title you are aiming for"][0]
    assert target.value == "Head of Product"


def test_clearing_a_slot_asks_for_it_again():
    at = begin(fresh_app())
    at = answer(at, "Director of Product at a fintech in London.")
    where = lambda: [m.value for m in at.main.markdown if "**Where**" in m.value][0]  # noqa: E731
    assert "London" in shown(where())
    at = correct(at, "location", None)
    assert "London" not in shown(where())
    assert "cleared by you" in where(), "the PM's own clearing, which the reader will not undo"


def test_declining_the_long_view_is_a_fact_and_can_be_reopened():
    at = begin(fresh_app())
    at.button(key="quick_decline_horizon").click().run()
    assert not at.exception
    said = [page_text(c) for c in at.chat_message]
    assert said[1] == "I'd rather not look that far ahead."
    assert "5 years" not in said[2] and "five years" not in said[2].lower()
    assert not [b for b in at.button if b.key == "quick_decline_horizon"], "not offered twice"
    assert any("shorter horizon" in c.value for c in at.caption)
    at.button(key="reopen_horizon").click().run()
    assert not at.exception
    assert "Title in five years" in panel(at)
    assert [b for b in at.button if b.key == "quick_decline_horizon"]


def test_skip_counts_as_skipped_and_stop_ends_the_conversation():
    at = begin(fresh_app())
    at.button(key="quick_skip").click().run()
    assert "1 skipped" in at.get("progress")[0].proto.text
    assert "0 of" in at.get("progress")[0].proto.text, "a skipped question is not counted as answered"
    at.button(key="quick_stop").click().run()
    assert not at.exception
    assert any("rehearsal done" in s.value for s in at.success)
    assert "conversation is over" in at.chat_input(key="answer").proto.placeholder


def test_words_typed_after_the_end_are_kept_and_answered_on_continue():
    at = begin(fresh_app())
    at.button(key="quick_stop").click().run()
    at = answer(at, "One more thing: I'd like to mentor two junior PMs.")
    assert not at.exception
    assert any("mentor two junior PMs" in shown(i.value) for i in at.info), "kept, with a reason"
    at.button(key="resume").click().run()
    assert not at.exception
    assert any("mentor two junior PMs" in page_text(c) for c in at.chat_message if c.name == "user")
    assert not any("kept here" in i.value for i in at.info)


def test_start_a_new_one_after_the_end_carries_the_kept_words():
    at = begin(fresh_app())
    first = at.query_params["c"]
    at.button(key="quick_stop").click().run()
    at = answer(at, "VP of Product at a climate startup")
    at.button(key="start_new").click().run()
    assert not at.exception
    assert at.query_params["c"] != first
    assert "VP of Product at a climate startup" in page_text(at.chat_message[1])


def test_a_whitespace_only_message_is_refused_with_a_reason():
    at = begin(fresh_app())
    at = answer(at, " \u200b  ")
    assert any("empty" in w.value for w in at.warning)
    assert len(at.chat_message) == 1, "no empty bubble"


def test_the_share_preview_uses_the_corrected_value():
    at = begin(fresh_app(), role="Senior Product Manager")
    at = answer(at, "Director of Product at a fintech in London.")
    at.button(key="quick_stop").click().run()
    at = correct(at, "title", "Head of Product")
    cid = at.query_params["c"]
    at.text_input(key=f"share_manager_{cid}").input("lee@example.com")
    [b for b in at.button if b.label == "Save my manager"][0].click().run()
    preview = [m.value for m in at.main.markdown
               if "**Title in five years:**" in m.value and not m.value.startswith("- ")]
    assert preview, "the preview lists the title"
    line = [x for x in preview[0].split("\n") if x.startswith("**Title in five years:**")][0]
    assert shown(line) == "**Title in five years:** Head of Product"


def test_the_end_summary_shows_corrections_made_after_the_end():
    at = begin(fresh_app())
    at = answer(at, "Director of Product at a fintech in London.")
    at.button(key="quick_stop").click().run()
    at = correct(at, "title", "Head of Product")
    summary = [m.value for m in at.main.markdown if m.value.startswith("- **")]
    assert summary and "Head of Product" in shown(summary[0]) and "(yours)" in summary[0]


def test_a_vague_answer_waiting_for_a_second_ask_is_shown_as_waiting_and_can_be_fixed():
    at = begin(fresh_app())
    at = answer(at, "Director of Product.")
    at = answer(at, "Just a nice company, honestly.")
    assert "nice company" in panel(at) and "kept unless you say more" in panel(at)
    at = correct(at, "company", "A small climate software firm")
    assert "climate software" in panel(at) and "kept unless you say more" not in panel(at)
