"""Pieces every page shares: the sidebar, the current conversation, safe text, local times."""

from __future__ import annotations

import hashlib
import re
import time
from collections import OrderedDict
from datetime import datetime, timezone
from typing import Callable, Iterable, Iterator, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import streamlit as st

from assistant import markup
from assistant.interview.guards import tally_of
from app_pages import services

CURRENT = "conversation"
AVATARS = {"assistant": ":material/psychology:", "pm": ":material/person:"}
# A static script, no text of anyone's in it: the answer box gets the keyboard, the question the view.
FOCUS_SCRIPT = """<script>
(function () {
  let tries = 0;
  const go = () => {
    const box = document.querySelector('textarea[data-testid="stChatInputTextArea"]');
    const first = document.querySelector('[data-testid="stChatMessage"]');
    if (!box || !first) { if (tries++ < 50) setTimeout(go, 100); return; }
    first.scrollIntoView({block: "nearest"});
    box.focus({preventScroll: true});
  };
  go();
})();
</script>"""
BLANK = re.compile(r"^[\s\u200b\u200c\u200d\u2060\ufeff]*$")
SAFE_CACHE = "safe_markdown_cache"  # per browser session: nobody else's words are ever in it
SAFE_CACHE_SIZE = 256
MEMO = "page_memo"  # per browser session, like SAFE_CACHE
MEMO_SIZE = 16
T = TypeVar("T")
FRAME_SECONDS = 0.05  # a streamed reply is redrawn at most this often
CHECKED_HELP = ("Everything the AI model reads into your answers and every message it writes is checked "
                "before it counts. Where the model missed something you said (a \"not now\", a wish to "
                "stop, a detail you gave) or wrote a message that did not fit (two questions at once, "
                "off the topic, too long), the offline interviewer's version was used instead. Your "
                "words are all kept; this only shows how often the checks stepped in.")


def adopt_conversation_from_url() -> None:
    """A bookmark or reload carries ?c=<id>; make it the current conversation if it is ours."""
    cid = st.query_params.get("c")
    if cid and cid != st.session_state.get(CURRENT) and services.workspace().get(cid):
        st.session_state[CURRENT] = cid


def current_id() -> str | None:
    cid = st.session_state.get(CURRENT)
    return cid if cid and services.workspace().get(cid) else None


def current(ws):
    """The current conversation itself, read once through the page's own workspace (or None)."""
    cid = st.session_state.get(CURRENT)
    return ws.get(cid) if cid else None


def set_current(cid: str | None) -> None:
    """Make `cid` current here and in the address bar, so a reload comes back to it."""
    if cid:
        st.session_state[CURRENT] = cid
        st.query_params["c"] = cid
    else:
        st.session_state.pop(CURRENT, None)
        st.query_params.pop("c", None)


def mirror_to_url(cid: str | None = None) -> None:
    """Put the current conversation (`cid`, when the page has already read it) in the address bar."""
    cid = cid or current_id()
    if cid and st.query_params.get("c") != cid:
        st.query_params["c"] = cid


def safe(body: object) -> str:
    """Any text a person, a file or a model wrote, made safe for a Markdown sink (labels included)."""
    return markup.safe_markdown(str(body if body is not None else ""))


def label(body: object, limit: int = 300) -> str:
    """One line shown exactly as typed where Streamlit reads Markdown (labels, captions, names)."""
    return markup.safe_label(str(body if body is not None else ""), limit)


def plain(body: object) -> str:
    """The words alone, for sinks that show characters as they are (select options, file names)."""
    return markup.plain_text(str(body if body is not None else ""))


def memo(kind: str, owner: str, inputs: object, compute: Callable[[], T]) -> T:
    """`compute()`, kept in this browser session while `inputs` stay the same, for a pure and costly
    step that every rerun would repeat (a plan's checks). `owner` is the conversation it belongs
    to; `inputs` is everything the result depends on (its repr is hashed, so it must show all of
    it). Nothing is shared between sessions or people."""
    key = (kind, owner, hashlib.sha256(repr(inputs).encode()).hexdigest())
    held = st.session_state.get(MEMO)
    if held is None:
        held = st.session_state[MEMO] = OrderedDict()
    if key in held:
        held.move_to_end(key)
        return held[key]
    value = held[key] = compute()
    while len(held) > MEMO_SIZE:
        held.popitem(last=False)
    return value


def text(body: str) -> None:
    """Model or PM text: Markdown only, no HTML, no images fetched from elsewhere."""
    st.markdown(safe_cached(body))


def safe_cached(body: object) -> str:
    """`safe`, remembered for this browser session: the transcript is drawn on every rerun and its
    messages do not change, so each is sanitised once. Keyed by the text itself (the sanitiser is a
    pure function of it) in this session's own state, never shared between sessions or people."""
    raw = str(body if body is not None else "")
    cache = st.session_state.get(SAFE_CACHE)
    if cache is None:
        cache = st.session_state[SAFE_CACHE] = OrderedDict()
    shown = cache.get(raw)
    if shown is None:
        shown = cache[raw] = markup.safe_markdown(raw)
        while len(cache) > SAFE_CACHE_SIZE:
            cache.popitem(last=False)
    else:
        cache.move_to_end(raw)
    return shown


def blank(body: str | None) -> bool:
    """True for a message with nothing in it but spaces or invisible characters."""
    return body is not None and bool(BLANK.match(body))


def zone() -> ZoneInfo:
    """The visitor's time zone as the browser reports it; UTC when it does not say."""
    try:
        return ZoneInfo(st.context.timezone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def when(moment: datetime | None, fmt: str = "%d %b %Y %H:%M") -> str:
    """A stored (UTC) time in the person's own zone, with the zone named."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    local = moment.astimezone(zone())
    return f"{local:{fmt}} {local.tzname() or zone().key}"


def distinct_labels(ids: Iterable[str], label: Callable[[str], str]) -> dict[str, str]:
    """One label per id, numbered where two would read the same: a select box matches by label."""
    out: dict[str, str] = {}
    seen: dict[str, int] = {}
    for i in ids:
        base = plain(label(i))
        seen[base] = seen.get(base, 0) + 1
        out[i] = base if seen[base] == 1 else f"{base} ({seen[base]})"
    return out


def sidebar() -> None:
    who = services.person()
    st.markdown("### Next Step")
    st.caption("Prepare for your career conversation, then keep the plan moving.")
    if who.mode == "local":
        st.caption(":material/lock: Single-person local mode: everything stays on this machine, "
                   "and there is no sign-in.")
    else:
        st.caption(f":material/account_circle: Signed in as **{label(who.name)}**")
        st.button("Sign out", on_click=st.logout, key="sign_out")
    backend_badge()
    if problem := st.session_state.get("store_problem"):
        st.warning("The database could not be opened, so this session is kept in memory only and "
                   f"will be lost on restart. ({safe(problem)})", icon=":material/database:")


# Share of readings and messages replaced by the checks above which the sidebar says so.
OVERRULED_OFTEN = 0.3


def backend_badge() -> None:
    backend, problem = services.backend()
    info = backend.info
    if info.kind == "offline":
        st.badge("Offline: rules, no AI model", icon=":material/cloud_off:", color="gray")
    elif info.kind == "local":
        st.badge(f"Local model: {plain(info.model)}", icon=":material/dns:", color="blue")
    else:
        st.badge(f"OpenAI: {plain(info.model)}", icon=":material/cloud:", color="green")
    tally = tally_of(backend) if info.kind != "offline" else None
    share = tally.overruled() if tally is not None else None
    if share is not None and share >= OVERRULED_OFTEN:
        # Said next to the model's name, so nobody takes the phrasebook's words for the model's.
        st.badge(f"Overruled often: {share:.0%} of its output replaced by checks",
                 icon=":material/rule:", color="orange")
    if problem:
        st.warning("The configured model could not start, so the offline rules are in use. "
                   f"{safe(problem)}", icon=":material/warning:")
    elif services.offline_chosen() and info.kind == "offline":
        st.caption("You switched to the offline interviewer for this session after the model failed.")
        st.button("Use the AI model again", key="model_again", icon=":material/cloud:",
                  on_click=services.use_offline, args=(False,))
    with st.expander("How to switch", icon=":material/tune:"):
        if info.kind == "offline":
            st.caption("The offline backend follows transparent rules and a bank of phrasings. "
                       "It works without a network, but an AI model words things more naturally.")
        st.caption(safe(info.how_to_switch))


def checked_note(backend, readings: tuple[int, int] | None = None, where: str = "this session") -> None:
    """A calm line on how often the checks replaced what the model produced this session, with
    why in its tooltip; nothing on the offline backend or while the model's output stood.

    `readings` (replaced, total) is for pages whose model readings are not in the tally."""
    if backend.info.kind == "offline":
        return
    if readings is not None:
        read_fixed, read_total = readings
        said_fixed = said_total = 0
    else:
        tally = tally_of(backend)
        if tally is None:
            return
        counts = tally.snapshot()
        read = counts["readings"]
        read_fixed = read.get("llm+rules", 0) + read.get("rules-fallback", 0)
        read_total = sum(v for k, v in read.items() if k != "error")
        said = counts["messages"]
        said_fixed = said.get("repaired", 0) + said.get("replaced", 0)
        said_total = sum(v for k, v in said.items() if k in ("shown", "repaired", "replaced"))
    parts = []
    if read_fixed:
        parts.append(f"{read_fixed} of the model's {_count(read_total, 'reading')} of your answers "
                     f"{'was' if read_fixed == 1 else 'were'} completed or replaced by the offline reader")
    if said_fixed:
        parts.append(f"{said_fixed} of its {_count(said_total, 'message')} "
                     f"{'was' if said_fixed == 1 else 'were'} reworded from the offline phrasebook")
    if parts:
        st.caption(f":material/verified: Checked: {'; '.join(parts)} {where}.", help=CHECKED_HELP)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def draft_label(backend) -> str:
    """What made a draft, in the words the versions list shows."""
    info = backend.info
    return ("Draft from your own words (offline rules)" if info.kind == "offline"
            else f"AI draft by {plain(info.model)}")


def stream(chunks: Iterator[str]) -> str:
    """Show a streamed reply in place, each frame sanitised whole; anything that might still
    become an image, a link or a tag waits until the text after it settles it."""
    box, shown = st.empty(), ""
    for shown in markup.stream_markdown(frames(chunks)):
        box.markdown(shown)
    return shown


def frames(chunks: Iterator[str], every: float = FRAME_SECONDS) -> Iterator[str]:
    """The chunks joined into one piece per `every` seconds. A reply that is ready at once (the
    offline phrasebook) is drawn once instead of word by word; a model's tokens still show as
    they come, at most `every` late. Each piece is the chunks in order, so the text is the same."""
    held, last = [], time.monotonic()
    for chunk in chunks:
        held.append(chunk)
        now = time.monotonic()
        if now - last >= every:
            yield "".join(held)
            held, last = [], now
    if held:
        yield "".join(held)


def focus_answer_box() -> None:
    """Put the keyboard in the chat box and the first question in view (once, after a start)."""
    st.html(FOCUS_SCRIPT, unsafe_allow_javascript=True)


def rename(ws, conv) -> None:
    """A small form to rename a conversation; titles stay distinct, so pickers can tell them apart."""
    with st.popover("Rename", icon=":material/edit:", key="rename"):
        with st.form("rename_form", border=False):
            title = st.text_input("Title", value=conv.title, max_chars=120, key=f"title_{conv.id}")
            if st.form_submit_button("Save title", icon=":material/check:"):
                taken = {c.title for c in ws.conversations() if c.id != conv.id}
                if blank(title):
                    st.warning("A title needs a few words.")
                elif title.strip() in taken:
                    st.warning("Another conversation already has that title; please pick another.")
                else:
                    ws.rename(conv.id, title.strip())
                    st.rerun()
