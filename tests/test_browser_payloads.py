"""Hostile text through every input path in a real browser: a listener on loopback counts every
request that a rendered image, frame or link would make. The count must stay at zero."""

from __future__ import annotations

import re

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.test_browser_fixes import begin, say
from tests.test_browser_journey import (WAIT, app_url, browser_context_args,  # noqa: F401 - fixtures
                                        browser_type_launch_args, settle)

pytestmark = pytest.mark.browser


def local_payloads(base: str) -> list[str]:
    """A small list in every family the sanitiser must hold: inline, escaped and nested images,
    reference definitions (also inside quotes), images formed after tag removal, raw HTML, and
    links with scripts; plus text that must survive as typed."""
    return [
        f"![a]({base}/inline.png)", f"![a\\]b]({base}/escaped.png)", f"![a [b] c]({base}/nested.png)",
        f"![x][r]\n\n[r]: {base}/ref.png", f"> ![x][r]\n>\n> [r]: {base}/quoted-ref.png",
        f"[r]:\n{base}/next-line.png\n\n![r]", f"!<b>[x]({base}/after-tag.png)",
        f"!<!-- -->[x]({base}/after-comment.png)", f'<img src="{base}/img-tag.png">',
        f'<iframe src="{base}/frame"></iframe>', f'<svg><image href="{base}/svg.png"/></svg>',
        f"[![i]({base}/linked.png)]({base}/link)", f"[go](javascript:fetch('{base}/js'))",
        f"[data](data:text/html,<img src={base}/data.png>)", "Cut churn to <5% & NPS >40",
    ]


def payloads(base: str) -> list[str]:
    """The shared list (tests/payloads.py), or the local one until it is there."""
    try:
        from tests.payloads import payloads as shared
    except ImportError:
        return local_payloads(base)
    return shared(base)


class Listener:
    """An HTTP server on loopback that only counts who came."""

    def __init__(self) -> None:
        hits = self.hits = []

        class Count(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - the http.server name
                hits.append(self.path)
                self.send_response(204)
                self.end_headers()

            do_POST = do_HEAD = do_GET

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Count)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def listener():
    counting = Listener()
    yield counting
    counting.close()


WRAP_UP_WORDS = re.compile(r"stop here|good conversation|draft a development plan", re.I)


def wrapped_up(page) -> bool:
    """Whether the interviewer's last message closed the rehearsal; then wait for the page's own
    closing note, which can land a rerun after the message itself."""
    last = page.get_by_test_id("stChatMessage").last.inner_text()
    if not WRAP_UP_WORDS.search(last):
        return False
    expect(page.get_by_text("That's the rehearsal done")).to_be_visible(timeout=WAIT)
    return True


def test_no_payload_on_any_input_path_makes_the_browser_fetch_anything(
        page: Page, app_url: str, listener: Listener, tmp_path: Path):
    sent = payloads(listener.base)
    asked: list[str] = []
    port = listener.base.rsplit(":", 1)[1]
    page.on("request", lambda r: f":{port}" in r.url and asked.append(r.url))
    joined = "\n\n".join(sent)

    # Prepare: role, manager's notes and a pre-work file all carry the payloads.
    from assistant.plan.prework import template_markdown

    filled = tmp_path / "prework.md"
    filled.write_text(template_markdown().replace("(your answer)", joined.replace("\n", " "), 2))
    page.goto(f"{app_url}/prepare")
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(filled)
    page.get_by_role("textbox", name="Manager's notes (optional)").fill(joined)
    page.get_by_role("textbox", name="Your current role").fill(sent[0])
    page.get_by_role("textbox", name="Your current role").press("Enter")
    settle(page)

    # Rehearse: the role in the title, every payload as an answer, one as a correction and a title.
    begin(page, app_url, role=sent[1])
    for n, text in enumerate(sent):
        if n and wrapped_up(page):
            # What is typed after the end is kept and shown: one more path, with the rest.
            box = page.get_by_test_id("stChatInputTextArea")
            box.fill("\n\n".join(sent[n:]))
            box.press("Enter")
            expect(page.get_by_text("these words are kept here, not sent")).to_be_visible(timeout=WAIT)
            break
        say(page, text)
    page.locator(".st-key-heard_title").get_by_role("button", name="Edit").click()
    page.get_by_role("textbox", name="Title in five years").fill(sent[2].replace("\n", " "))
    page.get_by_role("button", name="Save", exact=True).click()
    settle(page)
    page.get_by_role("button", name="Rename").click()
    page.get_by_role("textbox", name="Title").fill(sent[3].replace("\n", " ")[:120])
    page.get_by_role("button", name="Save title").click()
    settle(page)

    # Plan: drafted from all of that, then a change note made of a payload.
    page.get_by_role("button", name="Draft my plan now").click()
    expect(page.get_by_text("Your draft is ready")).to_be_visible(timeout=WAIT)
    settle(page)
    page.get_by_role("textbox", name="Strengths (one per line)").fill(joined)
    page.get_by_role("textbox", name="What changed (optional)").fill(sent[4].replace("\n", " "))
    page.get_by_role("button", name="Save as a new version").click()
    expect(page.get_by_text("Version 2 ·")).to_be_visible(timeout=WAIT)
    page.get_by_role("tab", name="Versions").last.click()
    settle(page)

    # Reflect: payloads as updates; Draft for a report: as the PM's name and notes.
    page.goto(f"{app_url}/reflect")
    page.get_by_role("button", name="Start the follow-up").click()
    expect(page.get_by_test_id("stChatMessage")).to_have_count(1, timeout=WAIT)
    settle(page)
    say(page, f"Done. {joined}")
    page.goto(f"{app_url}/draft")
    page.get_by_role("textbox", name="The PM's name").fill(sent[6])
    page.get_by_role("textbox", name="Your notes (optional)").fill(joined)
    page.get_by_role("button", name="Draft the plan").click()
    expect(page.get_by_text("is ready")).to_be_visible(timeout=WAIT)
    settle(page)

    # Every page that lists or shows what was typed, once more.
    for path in ("history", "plan", "prepare", "rehearse", "reflect"):
        page.goto(f"{app_url}/{path}")
        settle(page)
        page.wait_for_timeout(700)  # images would be fetched right after rendering
    assert asked == [], f"the browser asked the listener for {asked}"
    assert listener.hits == [], f"the listener was reached: {listener.hits}"
