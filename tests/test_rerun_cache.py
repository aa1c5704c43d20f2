"""What a rerun no longer repeats: streamed frames, sanitised messages, plan checks, the GC walk."""

from __future__ import annotations

import gc
import time

from streamlit.testing.v1 import AppTest

from app_pages import ui
from assistant import markup
from tests.test_app_support import APP, answer, begin


def test_frames_keep_every_chunk_in_order():
    words = ["Where ", "would ", "you ", "like ", "to ", "be ", "[in](http://x.test) ", "five ", "years?"]
    pieces = list(ui.frames(iter(words)))
    assert "".join(pieces) == "".join(words)
    assert len(pieces) == 1  # ready at once: drawn once


def test_frames_still_stream_a_slow_model():
    def slow():
        for word in ["One ", "two ", "three"]:
            time.sleep(0.03)
            yield word

    pieces = list(ui.frames(slow(), every=0.02))
    assert pieces == ["One ", "two ", "three"]
    # Every frame still goes through the streaming sanitiser, as before.
    assert list(markup.stream_markdown(pieces))[-1] == markup.safe_markdown("One two three")


def _page():
    import streamlit as st

    from app_pages import ui

    texts = ["**bold** <b>raw</b> ![img](http://x.test/a.png)", "plain"]
    for t in texts:
        st.markdown(ui.safe_cached(t))
    calls = st.session_state.setdefault("calls", [])
    st.write(ui.memo("k", "conv-1", (texts, len(calls) // 2), lambda: calls.append(1) or len(calls)))


def test_sanitised_messages_and_memo_live_in_the_session():
    at = AppTest.from_function(_page).run()
    first = [m.value for m in at.markdown]
    assert first[:2] == [markup.safe_markdown("**bold** <b>raw</b> ![img](http://x.test/a.png)"),
                         markup.safe_markdown("plain")]
    at.run()
    assert [m.value for m in at.markdown] == first
    assert at.session_state["calls"] == [1]  # same inputs: not computed again
    other = AppTest.from_function(_page).run()  # another browser session keeps its own
    assert other.session_state["calls"] == [1]
    assert ui.SAFE_CACHE in other.session_state


def test_the_long_lived_heap_is_frozen_after_the_first_run():
    at = begin(AppTest.from_file(APP, default_timeout=60))
    answer(at, "VP of Product at a B2B SaaS company in Austin.")
    assert not at.exception
    assert gc.get_freeze_count() > 0
