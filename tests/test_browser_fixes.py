"""Chromium journeys, one per fix: what was heard can be corrected, quick replies, nothing typed is
lost, the Plan picker, Reflect's dismissals, text shown as typed, and no request leaves the machine."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.test_browser_journey import (WAIT, app_url, browser_context_args,  # noqa: F401 - fixtures
                                        browser_type_launch_args, settle)

pytestmark = pytest.mark.browser


def begin(page: Page, url: str, role: str = "Senior Product Manager") -> None:
    page.goto(f"{url}/rehearse")
    page.get_by_role("textbox", name="Your current role").fill(role)
    page.get_by_role("button", name="Begin rehearsal").click()
    expect(page.get_by_test_id("stChatMessage")).to_have_count(1, timeout=WAIT)
    settle(page)


def say(page: Page, text: str) -> None:
    """Send one answer and wait for the reply to it."""
    before = page.get_by_test_id("stChatMessage").count()
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill(text)
    box.press("Enter")
    expect(page.get_by_test_id("stChatMessage")).to_have_count(before + 2, timeout=WAIT)
    settle(page)


def quick(page: Page, words: str) -> None:
    before = page.get_by_test_id("stChatMessage").count()
    page.get_by_role("button", name=words).click()
    expect(page.get_by_test_id("stChatMessage")).to_have_count(before + 2, timeout=WAIT)
    settle(page)


def heard_value(page: Page, slot: str):
    return page.locator(f".st-key-heard_{slot}")


def test_the_first_question_is_in_view_with_the_keyboard_in_the_answer_box(page: Page, app_url: str):
    begin(page, app_url)
    first = page.get_by_test_id("stChatMessage").first
    expect(first).to_be_in_viewport(timeout=WAIT)
    expect(page.get_by_test_id("stChatInputTextArea")).to_be_focused(timeout=WAIT)
    assert urlsplit(page.url).path.endswith("/rehearse") and "c=" in page.url
    page.goto(f"{app_url}/rehearse?c={page.url.split('c=')[1]}")
    expect(page.get_by_test_id("stChatMessage").first).to_be_visible(timeout=WAIT)
    expect(page.get_by_text("Page not found")).to_have_count(0)


def test_correcting_a_slot_in_the_panel_carries_into_the_plan(page: Page, app_url: str):
    begin(page, app_url)
    say(page, "Director of Product at a fintech in London, with people who argue and then commit.")
    title = heard_value(page, "title")
    expect(title).to_contain_text("Director of Product", timeout=WAIT)
    title.get_by_role("button", name="Edit").click()
    box = page.get_by_role("textbox", name="Title in five years")
    box.fill("Head of Product")
    page.get_by_role("button", name="Save").click()
    settle(page)
    expect(title).to_contain_text("Head of Product", timeout=WAIT)
    expect(title).to_contain_text("you set this")
    page.get_by_role("button", name="Draft my plan now").click()
    expect(page.get_by_text("Your draft is ready")).to_be_visible(timeout=WAIT)
    settle(page)
    expect(page.get_by_role("textbox", name="Title you are aiming for")).to_have_value("Head of Product",
                                                                                    timeout=WAIT)


def test_a_quick_reply_backs_off_and_the_long_view_can_be_reopened(page: Page, app_url: str):
    begin(page, app_url)
    quick(page, "I'd rather not look that far ahead")
    messages = page.get_by_test_id("stChatMessage")
    expect(messages.nth(1)).to_contain_text("I'd rather not look that far ahead")
    reply = messages.nth(2).inner_text().lower()
    assert "five years" not in reply and "5 years" not in reply
    expect(page.get_by_role("button", name="I'd rather not look that far ahead")).to_have_count(0)
    expect(heard_value(page, "goal")).to_be_visible(timeout=WAIT)
    quick(page, "Think about the long view after all")
    expect(heard_value(page, "title")).to_be_visible(timeout=WAIT)


def test_words_typed_after_the_end_are_kept_and_can_continue(page: Page, app_url: str):
    begin(page, app_url)
    quick(page, "That's all for today")
    expect(page.get_by_text("That's the rehearsal done")).to_be_visible(timeout=WAIT)
    box = page.get_by_test_id("stChatInputTextArea")
    expect(box).to_have_attribute("placeholder", "This conversation is over. Type here and choose to "
                                                 "continue it or start anew")
    box.fill("One more thing: I want to mentor two junior PMs.")
    box.press("Enter")
    settle(page)
    expect(page.get_by_text("these words are kept here, not sent")).to_be_visible(timeout=WAIT)
    expect(page.get_by_text("One more thing: I want to mentor two junior PMs.")).to_be_visible()
    page.get_by_role("button", name="Continue this conversation").click()
    settle(page)
    mine = page.get_by_test_id("stChatMessage").filter(has_text="I want to mentor two junior PMs")
    expect(mine).to_have_count(1, timeout=WAIT)
    expect(page.get_by_text("these words are kept here, not sent")).to_have_count(0)


def test_text_with_angle_brackets_and_ampersands_shows_as_typed(page: Page, app_url: str):
    typed = "Cut churn to <5% and get NPS >40 & keep it there"
    begin(page, app_url)
    say(page, typed)
    expect(page.get_by_test_id("stChatMessage").nth(1)).to_contain_text(typed, timeout=WAIT)


def test_an_empty_message_is_refused_with_a_reason(page: Page, app_url: str):
    begin(page, app_url)
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill("   ")
    box.press("Enter")
    settle(page)
    # Streamlit does not even send an all-space message; either way no empty bubble appears.
    expect(page.get_by_test_id("stChatMessage")).to_have_count(1)


def test_no_page_asks_any_host_but_the_app(page: Page, app_url: str):
    app_host = urlsplit(app_url).netloc
    elsewhere: list[str] = []
    page.on("request", lambda r: urlsplit(r.url).scheme in ("http", "https", "ws", "wss")
            and urlsplit(r.url).netloc != app_host and elsewhere.append(r.url))
    begin(page, app_url)
    say(page, "VP of Product at a B2B SaaS company in Austin.")
    page.get_by_role("button", name="Draft my plan now").click()
    expect(page.get_by_text("Your draft is ready")).to_be_visible(timeout=WAIT)
    for path, text in (("prepare", "What the conversation covers"), ("reflect", "Reflect"),
                       ("draft", "Draft for a report"), ("history", "History"), ("plan", "Plan checks"),
                       ("", "Rehearse")):
        page.goto(f"{app_url}/{path}")
        expect(page.get_by_role("heading", name=text).first).to_be_visible(timeout=WAIT)
        settle(page)
        page.wait_for_timeout(500)  # icons and the favicon load after the script finishes
    assert elsewhere == [], f"requests left the machine: {elsewhere}"
