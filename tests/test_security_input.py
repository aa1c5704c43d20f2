"""What a PM types: stray control characters are dropped, never the answer around them."""

from __future__ import annotations

import pytest

from assistant.interview.answers import AnswerRejected, clean_answer


@pytest.mark.parametrize("raw,kept", [
    ("Director\x00 of Product", "Director of Product"),
    ("VP\x1b[31m of Product\x7f", "VP[31m of Product"),
    ("Group PM \ud800at a startup", "Group PM at a startup"),
    ("line one\r\nline two", "line one\nline two"),
    ("\u200bHead of Product", "\u200bHead of Product"),
    *[(family, family) for family in ["Family \U0001F468\u200d\U0001F469\u200d\U0001F467 first"]],
])
def test_stray_characters_are_removed_and_the_answer_kept(raw, kept):
    assert clean_answer(raw, 4000) == (kept, None)


@pytest.mark.parametrize("raw", ["\u200b", "\u200b\u200c\u200d \ufeff", "\u2060\u00a0\u3164",
                                 "\u200b\x00 \u200b\u200b\u200b"])
def test_an_answer_of_invisible_marks_only_is_refused_clearly(raw):
    with pytest.raises(AnswerRejected, match="no visible characters|empty"):
        clean_answer(raw, 4000)


def test_binary_data_is_still_refused():
    with pytest.raises(AnswerRejected, match="binary"):
        clean_answer("\x00\x01\x02\x03binary", 4000)
