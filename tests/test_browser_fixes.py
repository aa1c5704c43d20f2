"""Chromium journeys, one per fix: what was heard can be corrected, quick replies, nothing typed is
lost, the Plan picker, Reflect's dismissals, text shown as typed, and no request leaves the machine."""

from __future__ import annotations

import re
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


def drafted_then_follow_up(page: Page, url: str) -> None:
    """A short rehearsal, its plan drafted, and a follow-up chat begun on Reflect."""
    begin(page, url)
    say(page, "VP of Product at a B2B SaaS company in Austin, with people who argue and then commit.")
    say(page, "By March I'll lead the pricing experiment end to end and present the results to the execs.")
    page.get_by_role("button", name="Draft my plan now").click()
    expect(page.get_by_text("Your draft is ready")).to_be_visible(timeout=WAIT)
    page.goto(f"{url}/reflect")
    page.get_by_role("button", name="Start the follow-up").click()
    expect(page.get_by_test_id("stChatMessage")).to_have_count(1, timeout=WAIT)
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
    page.get_by_role("button", name="Save", exact=True).click()
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


def seed_rehearsal(title: str, answers: list[str]) -> str:
    """A rehearsal written straight into the app's store, as an older version might have left it."""
    from assistant.engine import build_backend, start_interview
    from assistant.interview.session import Context
    from assistant.settings import get_settings
    from assistant.store import Store

    store = Store.connect(get_settings().database)
    try:
        access = store.access(store.local_person())
        context = Context(current_role="Senior Product Manager")
        conv = access.create_conversation("rehearse", title, context)
        interview = start_interview(build_backend(), access.journal(conv.id), context=context,
                                    memory=access.memory())
        interview.open().run()
        for text in answers:
            interview.answer(text).run()
        return conv.id
    finally:
        store.close()


def test_the_plan_picker_tells_same_titled_conversations_apart(page: Page, app_url: str):
    first = seed_rehearsal("Rehearsal · Senior PM", ["VP of Product at a bank in Austin."])
    second = seed_rehearsal("Rehearsal · Senior PM", ["Head of Design Operations at a studio in Lisbon."])
    page.goto(f"{app_url}/plan?c={first}")
    picker = page.get_by_test_id("stSelectbox").filter(has_text="Conversation")
    expect(picker).to_be_visible(timeout=WAIT)
    picker.click()
    options = page.get_by_role("option")
    expect(options).to_have_count(2, timeout=WAIT)
    labels = options.all_inner_texts()
    assert len(set(labels)) == 2 and all(label.startswith("Rehearsal · Senior PM") for label in labels)
    page.get_by_role("option", selected=False).click()  # the other one, same title
    settle(page)
    expect(page).to_have_url(f"{app_url}/plan?c={second}", timeout=WAIT)
    page.get_by_role("button", name="Draft the plan").click()
    expect(page.get_by_text("Your draft is ready")).to_be_visible(timeout=WAIT)
    settle(page)
    expect(page.get_by_role("textbox", name="Title you are aiming for")).to_have_value(
        re.compile("^Head of Design"), timeout=WAIT)


def test_a_dismissed_reflect_suggestion_stays_dismissed(page: Page, app_url: str):
    drafted_then_follow_up(page, app_url)
    say(page, "Done, I presented it last week.")
    suggestion = page.get_by_text("Mark m1 as done", exact=True)
    expect(suggestion).to_be_visible(timeout=WAIT)
    page.get_by_role("button", name="Dismiss").first.click()
    settle(page)
    expect(suggestion).to_have_count(0, timeout=WAIT)
    expect(page.get_by_text("1 suggestion(s) dismissed")).to_be_visible()
    page.reload()
    expect(page.get_by_role("heading", name="Suggested changes")).to_be_visible(timeout=WAIT)
    settle(page)
    expect(page.get_by_text("Mark m1 as done", exact=True)).to_have_count(0)
    page.goto(f"{app_url}/plan")
    expect(page.get_by_role("heading", name="Plan checks")).to_be_visible(timeout=WAIT)
    settle(page)
    expect(page.get_by_text("Version 1 ·").first).to_be_visible()
    expect(page.get_by_text("Version 2 ·")).to_have_count(0), "nothing was applied"


def test_prepare_survives_a_reload_and_its_start_uses_the_pre_work(page: Page, app_url: str, tmp_path):
    from assistant.plan.prework import template_markdown

    filled = tmp_path / "prework.md"
    filled.write_text(template_markdown().replace(
        "(your answer)", "Director of Product at a health-tech scale-up.", 1))
    page.goto(f"{app_url}/prepare")
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(filled)
    expect(page.get_by_text("Read 1 answer(s)")).to_be_visible(timeout=WAIT)
    role = page.get_by_role("textbox", name="Your current role")
    role.fill("Senior Product Manager")
    role.press("Enter")
    settle(page)
    page.reload()
    expect(page.get_by_role("textbox", name="Your current role")).to_have_value("Senior Product Manager",
                                                                                  timeout=WAIT)
    expect(page.get_by_text("Your pre-work answers (1)")).to_be_visible()
    page.get_by_role("button", name="I'm ready: start the rehearsal").click()
    expect(page.get_by_test_id("stChatMessage")).to_have_count(1, timeout=WAIT)
    settle(page)
    assert urlsplit(page.url).path.endswith("/rehearse")
    expect(heard_value(page, "title")).to_contain_text("Director of Product", timeout=WAIT)
    expect(page.get_by_test_id("stChatInputTextArea")).to_be_focused(timeout=WAIT)


def test_a_milestone_named_in_a_follow_up_is_suggested_and_accepted_as_a_new_version(page: Page,
                                                                                    app_url: str):
    drafted_then_follow_up(page, app_url)
    say(page, "Going fine. I'd also like to run two customer interviews a week and write up "
              "the top five findings by the end of May.")
    suggestion = page.get_by_text(re.compile(r"^Add m\d+: .*interviews"))
    expect(suggestion).to_be_visible(timeout=WAIT)
    page.get_by_role("button", name="Accept").first.click()
    settle(page)
    page.goto(f"{app_url}/plan")
    expect(page.get_by_role("heading", name="Plan checks")).to_be_visible(timeout=WAIT)
    settle(page)
    expect(page.get_by_text(re.compile(r"Version 2 ·.*customer interviews")).first).to_be_visible(
        timeout=WAIT)
