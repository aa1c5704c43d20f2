"""A real browser (Debian's chromium via Playwright) through the whole journey, by mouse and by keyboard."""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import date, timedelta
from pathlib import Path

import pytest
from docx import Document
from playwright.sync_api import Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
ANSWERS = [
    "VP of Product at a B2B SaaS company in Austin, working with people who argue hard and then commit.",
    "Managing managers, owning a P&L, and hiring a team from scratch.",
    "I'm good at discovery work and at getting engineers excited. Pricing work energizes me.",
    "By March I'll lead the pricing experiment end to end and present the results to the exec team.",
    "That covers it for me.",
    "Done.",
]
DONE_TEXT = "That's the rehearsal done"
WAIT = 30_000  # generous: CI machines are small and sometimes busy


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Playwright's own browser download does not work here; Debian's chromium does.
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium", "headless": True,
            "args": ["--no-sandbox", "--disable-background-networking", "--disable-gpu",
                     "--disable-component-update", "--no-first-run"]}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1400, "height": 1000},
            "accept_downloads": True, "locale": "en-US", "timezone_id": "UTC"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_app(tmp_path: Path, **env_extra: str):
    """`streamlit run app.py`, headless on loopback, with its own data folder; yields the URL."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("OPENAI_API_KEY", "DATABASE_URL")}
    env.update({"NEXTSTEP_MODEL": "offline", "NEXTSTEP_DATA_DIR": str(tmp_path / "data"), **env_extra})
    log = open(tmp_path / "server.log", "wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless=true",
         "--server.address=127.0.0.1", f"--server.port={port}", "--browser.gatherUsageStats=false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError((tmp_path / "server.log").read_text()) from None
            time.sleep(0.3)
    try:
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=15)
        log.close()


@pytest.fixture
def app_url(tmp_path):
    """The app on the offline backend."""
    yield from serve_app(tmp_path)


@pytest.fixture
def shots(tmp_path) -> Path:
    """Where screenshots go: NEXTSTEP_SCREENSHOTS (docs/screenshots for the README), else a temp folder."""
    folder = Path(os.environ.get("NEXTSTEP_SCREENSHOTS") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def settle(page: Page) -> None:
    """Wait until Streamlit has finished rerunning the script."""
    page.wait_for_timeout(200)
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning",
                                                           timeout=WAIT)


def snap(page: Page, path: Path) -> None:
    """A screenshot of the whole page: the window grows to the content, since Streamlit scrolls inside."""
    settle(page)
    height = page.evaluate("() => Math.max(1000, ...Array.from(document.querySelectorAll("
                           "'[data-testid=stMain], [data-testid=stMainBlockContainer]')).map(e => e.scrollHeight))")
    page.set_viewport_size({"width": 1400, "height": min(int(height) + 40, 3200)})
    page.wait_for_timeout(900)  # let charts, grids and icons redraw at the new size
    page.screenshot(path=path)
    page.set_viewport_size({"width": 1400, "height": 1000})


def tab_to(page: Page, target: Locator, limit: int = 150) -> None:
    """Press Tab until `target` (or something inside it) has the keyboard focus."""
    target.wait_for(timeout=WAIT)
    handle = target.element_handle()
    for _ in range(limit):
        if page.evaluate("el => el === document.activeElement || el.contains(document.activeElement)", handle):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {target}")


def arrow_to_cell(page: Page, col: int, row: int) -> None:
    """Move the grid's selected cell with the arrow keys; the page only tells where it is."""
    for _ in range(40):
        current = page.evaluate(
            "() => { const c = document.querySelector('td[aria-selected=true][id^=glide-cell]');"
            " return c ? c.id : null }")
        if current is None:
            page.keyboard.press("ArrowDown")
            page.wait_for_timeout(200)
            continue
        c, r = (int(x) for x in current.split("-")[2:4])
        if (c, r) == (col, row):
            return
        page.keyboard.press("ArrowLeft" if c > col else "ArrowRight" if c < col
                            else "ArrowUp" if r > row else "ArrowDown")
        page.wait_for_timeout(200)  # the grid updates its accessible table a moment later
    raise AssertionError(f"the arrows never reached cell {col},{row}")


def new_due_date() -> date:
    # Inside the plan's horizon, and different from any date the offline drafter picks.
    return date.today() + timedelta(days=47)


def rehearse(page: Page, keyboard: bool, begun: bool = False) -> None:
    """Answer every question; `begun` when Prepare's start has already opened the rehearsal."""
    if not begun:
        role = page.get_by_role("textbox", name="Your current role")
        if keyboard:
            tab_to(page, role)
            page.keyboard.type("Senior Product Manager")
            tab_to(page, page.get_by_role("button", name="Begin rehearsal"))
            page.keyboard.press("Enter")
        else:
            role.fill("Senior Product Manager")
            page.get_by_role("button", name="Begin rehearsal").click()
    messages = page.get_by_test_id("stChatMessage")
    expect(messages).to_have_count(1, timeout=WAIT)
    settle(page)
    for n, answer in enumerate(ANSWERS):
        if n and ended(page):
            break
        box = page.get_by_test_id("stChatInputTextArea")
        if keyboard:
            tab_to(page, box)
            page.keyboard.type(answer)
        else:
            box.fill(answer)
        page.keyboard.press("Enter")
        settle(page)
        expect(messages).to_have_count(3 + 2 * n, timeout=WAIT)
    expect(page.get_by_text(DONE_TEXT)).to_be_visible(timeout=WAIT)
    assert "c=" in page.url, "the conversation id is in the address, so a reload resumes it"


def ended(page: Page) -> bool:
    """Whether the interviewer wrapped up; its closing note can land a moment after the reply."""
    try:
        page.get_by_text(DONE_TEXT).wait_for(state="visible", timeout=3_000)
    except PlaywrightTimeout:
        return False
    return True


def draft(page: Page, keyboard: bool) -> None:
    button = page.get_by_role("button", name="Draft my plan now")
    if keyboard:
        tab_to(page, button)
        page.keyboard.press("Enter")
    else:
        button.click()
    expect(page.get_by_text("Your draft is ready")).to_be_visible(timeout=WAIT)
    settle(page)


def edit_first_due_date(page: Page, keyboard: bool, new_due: date) -> None:
    grid = page.get_by_test_id("stDataFrame").first
    if keyboard:
        tab_to(page, grid.get_by_test_id("data-grid-canvas"))
        arrow_to_cell(page, 2, 0)  # column 2 is Due, row 0 the first milestone
    else:
        grid.scroll_into_view_if_needed()
        box = grid.bounding_box()
        page.mouse.click(box["x"] + 100, box["y"] + 52)  # the first milestone's text cell
        expect(grid.locator("#glide-cell-1-0")).to_have_attribute("aria-selected", "true", timeout=WAIT)
        page.keyboard.press("ArrowRight")  # the Due column
    page.keyboard.press("Enter")
    editor = page.get_by_test_id("date-picker-cell")
    expect(editor).to_be_focused(timeout=WAIT)
    page.keyboard.type(new_due.strftime("%m%d%Y"))
    expect(editor).to_have_value(new_due.isoformat())
    page.wait_for_timeout(300)  # the grid takes the editor's value on its next change event
    page.keyboard.press("Enter")
    expect(grid.locator("#glide-cell-2-0")).to_have_text(new_due.isoformat(), timeout=WAIT)
    save = page.get_by_role("button", name="Save as a new version")
    if keyboard:
        tab_to(page, save)
        page.keyboard.press("Enter")
    else:
        save.click()
    expect(page.get_by_text("Version 2 ·")).to_be_visible(timeout=WAIT)
    settle(page)


def open_tab(page: Page, name: str, keyboard: bool) -> None:
    tab = page.get_by_role("tab", name=name)
    if keyboard:
        tab_to(page, page.get_by_role("tab", name="Edit"))
        for _ in range(4):
            if tab.get_attribute("aria-selected") == "true":
                break
            page.keyboard.press("ArrowRight")
            page.keyboard.press("Enter")
    else:
        tab.click()
    expect(tab).to_have_attribute("aria-selected", "true")


def download_docx(page: Page, keyboard: bool, tmp: Path) -> Document:
    button = page.get_by_role("button", name="Word")
    with page.expect_download(timeout=WAIT) as info:
        if keyboard:
            tab_to(page, button)
            page.keyboard.press("Enter")
        else:
            button.click()
    assert info.value.suggested_filename == "development-plan.docx"
    target = tmp / "plan.docx"
    info.value.save_as(target)
    return Document(io.BytesIO(target.read_bytes()))


def journey(page: Page, url: str, keyboard: bool, tmp: Path, shots: Path | None) -> None:
    page.goto(f"{url}/prepare")
    expect(page.get_by_text("What the conversation covers")).to_be_visible(timeout=WAIT)
    if shots:
        snap(page, shots / "prepare.png")
    role = page.get_by_role("textbox", name="Your current role")
    start = page.get_by_role("button", name="I'm ready: start the rehearsal")
    if keyboard:
        tab_to(page, role)
        page.keyboard.type("Senior Product Manager")
        page.keyboard.press("Enter")
        settle(page)
        tab_to(page, start)
        page.keyboard.press("Enter")
    else:
        role.fill("Senior Product Manager")
        role.press("Enter")
        settle(page)
        start.click()
    # Prepare's start begins the rehearsal itself, with the role (and any pre-work) already in it.
    expect(page.get_by_test_id("stChatMessage")).to_have_count(1, timeout=WAIT)
    expect(page.get_by_test_id("stChatInputTextArea")).to_be_focused(timeout=WAIT)

    rehearse(page, keyboard, begun=True)
    if shots:
        snap(page, shots / "rehearse.png")
    draft(page, keyboard)
    new_due = new_due_date()
    edit_first_due_date(page, keyboard, new_due)
    if shots:
        snap(page, shots / "plan.png")
    milestone = page.get_by_test_id("stDataFrame").first.locator("#glide-cell-1-0").inner_text()

    if shots:
        open_tab(page, "Timeline", keyboard)
        page.wait_for_timeout(800)
        snap(page, shots / "plan-timeline.png")
        open_tab(page, "Versions", keyboard)
        snap(page, shots / "plan-versions.png")
    open_tab(page, "Download & share", keyboard)
    doc = download_docx(page, keyboard, tmp)
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    body = "\n".join([p.text for p in doc.paragraphs] + cells)
    assert milestone[:40] in body
    assert new_due.isoformat() in body or f"{new_due:%d %b %Y}".lstrip("0") in body, \
        "the edited date is in the downloaded document"

    if shots:
        page.goto(f"{url}/reflect")
        page.get_by_role("button", name="Start the follow-up").click()
        expect(page.get_by_test_id("stChatMessage")).to_have_count(1, timeout=WAIT)
        box = page.get_by_test_id("stChatInputTextArea")
        box.fill("I've started, but it needs more time; by May is realistic.")
        box.press("Enter")
        expect(page.get_by_test_id("stChatMessage")).to_have_count(3, timeout=WAIT)
        settle(page)
        snap(page, shots / "reflect.png")
        page.goto(f"{url}/history")
        expect(page.get_by_text("Rehearsal · Senior Product Manager").first).to_be_visible(timeout=WAIT)
        snap(page, shots / "history.png")
        page.goto(f"{url}/draft")
        page.get_by_role("textbox", name="The PM's name").fill("Sam Rivera")
        page.get_by_role("textbox", name="Your notes (optional)").fill(
            "Sam led the checkout redesign that lifted conversion 12%. Next: more time with large customers.")
        page.get_by_role("button", name="Draft the plan").click()
        expect(page.get_by_text("is ready")).to_be_visible(timeout=WAIT)
        snap(page, shots / "draft.png")


def test_journey_with_the_mouse(page: Page, app_url: str, tmp_path: Path, shots: Path):
    journey(page, app_url, keyboard=False, tmp=tmp_path, shots=shots)


def test_journey_with_the_keyboard_alone(page: Page, app_url: str, tmp_path: Path):
    journey(page, app_url, keyboard=True, tmp=tmp_path, shots=None)


def test_journey_on_a_local_model_server(page: Page, tmp_path: Path):
    """The LLM path end to end: readings, streamed replies and the draft come from a loopback
    OpenAI-compatible server, as they would from Ollama or vLLM."""
    from tests.model_server import ModelServer, interview_responder

    with ModelServer(responder=interview_responder(), token_delay=0.01) as server:
        for url in serve_app(tmp_path, NEXTSTEP_MODEL="openai:test-model", NEXTSTEP_BASE_URL=server.base_url):
            page.goto(url)  # Rehearse is the default page, served at the root
            expect(page.get_by_text("Local model: test-model")).to_be_visible(timeout=WAIT)
            rehearse(page, keyboard=False)
            draft(page, keyboard=False)
            first = page.get_by_test_id("stDataFrame").first.locator("#glide-cell-1-0")
            expect(first).to_have_text("Run five customer interviews on retention and share a summary")
        names = {(r.get("tools") or [{}])[0].get("function", {}).get("name") for r in server.requests}
        assert {"Reading", "DraftContent"} <= names, "the reader and the drafter both went to the model"
        assert any(r.get("stream") for r in server.requests), "replies were streamed"
