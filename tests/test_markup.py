"""The sanitiser's output, parsed again by a CommonMark parser, holds no image, no HTML and no
link other than http(s) shown with its real target, over known bypasses and generated input."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from assistant.markup import (CONTROL, plain_text, safe_filename, safe_label, safe_markdown,
                             safe_prefix, settled, stream_markdown)
from tests.payloads import families, payloads

# An independent reading: entities decoded, HTML and tables recognised, as a browser-side
# Markdown renderer would.
READER = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
DANGEROUS_HTML = re.compile(r"<(img|iframe|script|style|svg|object|embed|link|video|audio|math|"
                            r"source|details|form|input|meta|base)", re.I)
FRAGMENTS = ["![", "[", "]", "(", ")", "<", ">", "!", "\\", "\n", "\n\n", "> ", "- ", "1. ",
             "[x]: ", "[x]", "http://e.example/p.png", "https://ok.example/a_b", "javascript:",
             "data:text/html,", "<img src=", "<!--", "-->", "&#33;", "&#x5b;", "`", "``", "*",
             "_", " ", "x", ":", '"', "'", "    ", "#", "<b>", "</b>", "|", "~~", "$", "&amp;",
             "\x00", "\u200b", "*[", "](", "]:", "\n   ", "\t"]


def tokens(markdown: str):
    for tok in READER.parse(markdown):
        yield tok
        yield from tok.children or []
        for child in tok.children or []:
            yield from child.children or []


def assert_inert(markdown: str) -> None:
    """No image, no raw HTML, and only http(s) links that show their own target."""
    toks = list(tokens(markdown))
    kinds = {t.type for t in toks}
    assert "image" not in kinds, markdown
    assert not kinds & {"html_inline", "html_block"}, markdown
    flat = READER.parse(markdown)
    for block in flat:
        children = block.children or []
        for i, tok in enumerate(children):
            if tok.type != "link_open":
                continue
            href = tok.attrs["href"]
            parts = urlsplit(href)
            assert parts.scheme in ("http", "https") and parts.netloc, (href, markdown)
            shown = "".join(c.content for c in children[i + 1:] if c.type == "text")
            assert shown.startswith(href) or shown.startswith(READER.normalizeLinkText(href)), (
                href, shown)
    assert not DANGEROUS_HTML.search(READER.render(markdown)), markdown


def test_the_payload_list_covers_every_family_with_at_least_sixty():
    assert len(payloads()) >= 60
    assert all(len(group) >= 5 for group in families().values())


@pytest.mark.parametrize("payload", payloads(), ids=range(len(payloads())))
def test_every_known_bypass_comes_out_inert(payload):
    out = safe_markdown(payload)
    assert_inert(out)
    assert safe_markdown(out) == out


@pytest.mark.parametrize("payload", payloads(), ids=range(len(payloads())))
def test_every_known_bypass_is_inert_in_a_label_and_a_stream(payload):
    assert_inert(safe_label(payload))
    for end in range(0, len(payload) + 1, 3):
        assert_inert(safe_prefix(payload[:end]))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=4), max_size=40).map("".join))
def test_generated_markdown_comes_out_inert_even_when_sanitised_twice(text):
    out = safe_markdown(text)
    assert_inert(out)
    assert_inert(safe_markdown(out))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_a_label_shows_exactly_what_was_typed(text):
    label = safe_label(text)
    assert_inert(label)
    shown = READER.renderInline(label)
    expected = " ".join(CONTROL.sub("", text).split())
    visible = re.sub(r"<[^>]+>", "", shown).replace("&lt;", "<").replace("&gt;", ">") \
        .replace("&quot;", '"').replace("&amp;", "&")
    assert visible == expected


def test_comparisons_and_ampersands_show_as_typed():
    text = "Cut churn to <5% and get NPS >40 & keep R&D &amp; ops <b>happy</b>"
    html = READER.render(safe_markdown(text))
    assert "Cut churn to &lt;5% and get NPS &gt;40 &amp; keep R&amp;D &amp;amp; ops" in html
    assert "&lt;b&gt;happy&lt;/b&gt;" in html


def test_ordinary_markdown_keeps_its_shape():
    text = ("# Plan\n\nShip **two** launches by *March*, then `measure`.\n\n- lead the Q3 "
            "review\n- present to customers\n\n1. first\n2. second\n\n> quoted\n\n```\ncode\n```")
    assert READER.render(safe_markdown(text)) == READER.render(text)


def test_links_show_where_they_go_and_others_lose_their_target():
    out = safe_markdown("See [the ladder](https://wiki.example/ladder) or [this](javascript:x)")
    assert out == "See the ladder (<https://wiki.example/ladder>) or \\[this\\](javascript:x)"


def test_images_keep_their_words_only():
    assert safe_markdown("A ![chart of churn](http://e.example/c.png) here") == "A chart of churn here"
    assert safe_markdown("![](http://e.example/c.png)") == "(image)"


def test_reference_definitions_leave_nothing_behind():
    assert safe_markdown("[x]: http://e.example/p.png\n\nText") == "Text"


def test_control_characters_and_zero_width_marks_are_dropped():
    assert safe_markdown("a\x00b\u200bc\x1b[31m") == "abc\\[31m"


def test_a_stream_holds_back_an_image_until_it_is_whole():
    raw = "Good. ![x](http://e.example/p"
    assert settled(raw) == len("Good. ")
    assert safe_prefix(raw) == "Good."
    assert settled(raw + ".png) next") == len(raw + ".png) next")
    assert settled("R&D is") == len("R&D is")
    assert settled("Tom &amp") == len("Tom ")


def test_plain_text_is_the_words_alone():
    assert plain_text("**Ship** ![pic](http://e.example/p.png) [doc](https://d.example)\n\n- a") \
        == "Ship pic doc (https://d.example) a"


def test_file_names_lose_paths_and_markup():
    assert safe_filename("../../etc/passwd") == "etc passwd"
    assert safe_filename("Plan **Q3**.md") == "Plan Q3.md"
    assert safe_filename("\x00") == "download"


def test_a_stream_shows_only_safe_settled_text_and_ends_whole():
    chunks = ["Good. ", "![pic](http://e.exa", "mple/p.png) and ", "**bold**", " <b>x</b>"]
    shown = list(stream_markdown(chunks))
    assert shown[0] == "Good." and all("](" not in s for s in shown)
    assert shown[-1] == safe_markdown("".join(chunks)) == "Good. pic and **bold** \\<b>x\\</b>"
    for s in shown:
        assert_inert(s)
