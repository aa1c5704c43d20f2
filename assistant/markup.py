"""Text a person or a model wrote, made safe to show as Markdown: nothing fetched, nothing run.

The text is parsed as CommonMark and written back out construct by construct. Only paragraphs,
headings, quotes, lists, code, emphasis, strike-through and http(s) links are written as markup;
every other character is escaped, so what the browser parses again holds nothing else."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Iterator
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

# Still exported for callers that look for an image or a tag forming at the end of a stream.
IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
TAG = re.compile(r"<[^>\n]{1,200}>")

# Control characters, lone surrogates, zero-width spaces and the bidi overrides that could make
# a link's shown target read backwards; joiners stay, emoji and some scripts need them.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff"
                     "\u200b\u202a-\u202e\u2066-\u2069\ufeff]")
# Characters that open inline markup, here or in Streamlit's own extensions ($ math, ~ strike).
INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<~|$])")
ENTITY_LIKE = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# What a line may not begin with, or a block (heading, quote, list, rule, setext) would start.
LINE_START = re.compile(r"^(#{1,6}(?=\s|$)|>|[-+*](?=\s|$)|\d{1,9}(?=[.)](?:\s|$))|=+\s*$|-+\s*$)")
EVERY_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
REMOVED_IMAGE = "(image)"
HTTP = ("http", "https")


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # HTML is recognised only to be escaped; entities stay as typed ("&amp;" shows "&amp;").
    return MarkdownIt("commonmark", {"html": True}).enable("strikethrough").disable("entity")


def safe_markdown(text: str) -> str:
    """Markdown that shows the same words, with no image, no raw HTML and only http(s) links."""
    text = CONTROL.sub("", str(text or "")).replace("\r\n", "\n").replace("\r", "\n")
    tree = SyntaxTreeNode(_parser().parse(text))
    return "\n\n".join(b for b in (_block(c) for c in tree.children) if b.strip())


def safe_label(text: str, limit: int = 300) -> str:
    """One line that shows exactly as typed where Streamlit reads Markdown (labels, captions)."""
    line = " ".join(CONTROL.sub("", str(text or "")).split())
    if len(line) > limit:
        line = line[: limit - 1].rstrip() + "…"
    return EVERY_PUNCTUATION.sub(r"\\\1", line)


def plain_text(text: str) -> str:
    """The words a Markdown text shows, without any markup, on one line (file names, titles)."""
    tree = SyntaxTreeNode(_parser().parse(CONTROL.sub("", str(text or ""))))
    words = [_plain(n) for n in tree.walk() if n.type in ("inline", "code_block", "fence", "html_block")]
    return " ".join(" ".join(words).split())


def safe_filename(name: str, fallback: str = "download") -> str:
    """A file name with no path, no control characters and nothing a shell or browser reads."""
    base = re.sub(r"[^\w.\- ]+", "_", plain_text(name).replace("/", " ").replace("\\", " "))
    base = base.strip(" ._")[:120]
    return base or fallback


# blocks ---------------------------------------------------------------------------------------
def _block(node: SyntaxTreeNode) -> str:
    kind = node.type
    if kind == "paragraph":
        return _lines(_inline(node.children[0]) if node.children else "")
    if kind == "heading":
        body = _inline(node.children[0]).replace("\\\n", " ").replace("\n", " ")
        # A run of "#" at the end would be read as the heading's closing sequence.
        return "#" * int(node.tag[1]) + " " + re.sub(r"(#+)\s*$", r"\\\1", body)
    if kind == "blockquote":
        inner = "\n\n".join(b for b in (_block(c) for c in node.children) if b.strip())
        return "\n".join("> " + line if line else ">" for line in inner.split("\n"))
    if kind in ("bullet_list", "ordered_list"):
        return _list(node)
    if kind in ("fence", "code_block"):
        return _fenced(node.content)
    if kind == "hr":
        return "***"
    # Raw HTML blocks and anything unforeseen are shown as the text they are.
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", node.content) if p.strip()]
    return "\n\n".join(_lines("\\\n".join(_escape(ln.strip()) for ln in p.split("\n")))
                       for p in paragraphs)


def _list(node: SyntaxTreeNode) -> str:
    tight = any(p.type == "paragraph" and p.nester_tokens.opening.hidden
                for item in node.children for p in item.children)
    number = int(node.attrs.get("start", 1))
    items = []
    for item in node.children:
        marker = f"{number}. " if node.type == "ordered_list" else "- "
        number += 1
        body = "\n\n".join(b for b in (_block(c) for c in item.children) if b.strip())
        pad = " " * len(marker)
        lines = body.split("\n") if body else [""]
        items.append("\n".join([marker + lines[0]] + [pad + ln if ln else "" for ln in lines[1:]]))
    return ("\n" if tight else "\n\n").join(items)


def _fenced(code: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}\n{code.rstrip(chr(10))}\n{fence}"


def _lines(body: str) -> str:
    """Escape whatever would turn a line of a paragraph into a block of its own."""
    out = []
    # Empty lines would split the paragraph; a hard break cannot end one.
    for line in [ln for ln in (ln.strip(" \t") for ln in body.split("\n")) if ln]:
        out.append(LINE_START.sub(lambda m: "\\" + m.group(0) if not m.group(0)[0].isdigit()
                                  else m.group(0) + "\\", line, count=1))
    if out and (len(out[-1]) - len(out[-1].rstrip("\\"))) % 2:
        out[-1] = out[-1][:-1]
    return "\n".join(out)


# inline ---------------------------------------------------------------------------------------
def _escape(text: str) -> str:
    # "!" needs no escape: the "[" that would follow it is always escaped, and links are
    # written as autolinks, so no image can form.
    return ENTITY_LIKE.sub(r"\\&", INLINE_SPECIAL.sub(r"\\\1", text))


def _inline(node: SyntaxTreeNode) -> str:
    return "".join(_span(c) for c in node.children)


def _span(node: SyntaxTreeNode) -> str:
    kind = node.type
    if kind == "text":
        return _escape(node.content)
    if kind == "softbreak":
        return "\n"
    if kind == "hardbreak":
        return "\\\n"
    if kind == "code_inline":
        return _code(node.content)
    if kind in ("em", "strong", "s"):
        return _delimit(_inline(node), {"em": "*", "strong": "**", "s": "~~"}[kind])
    if kind == "link":
        return _link(node)
    if kind == "image":
        alt = _inline(node).strip()
        return alt or REMOVED_IMAGE
    return _escape(node.content)  # html_inline and anything new: shown, never run


def _delimit(inner: str, mark: str) -> str:
    """Emphasis around `inner`; spaces stay outside, where a closing mark can still be read."""
    core = inner.strip(" \n")
    if not core:
        return inner
    start = inner.index(core[0])
    if mark[0] == "*" and (core[0] == "*" or (core[-1] == "*" and not core.endswith("\\*"))):
        mark = mark.replace("*", "_")  # next to an inner "*" run, the two would merge
    return f"{inner[:start]}{mark}{core}{mark}{inner[start + len(core):]}"


def _code(content: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", content)), default=0)
    ticks = "`" * (longest + 1)
    # One space each side is stripped on reading when both ends have one (unless all spaces).
    spaced = content[:1] == " " and content[-1:] == " " and content.strip(" ")
    pad = " " if spaced or content[:1] == "`" or content[-1:] == "`" else ""
    return f"{ticks}{pad}{content}{pad}{ticks}"


def _link(node: SyntaxTreeNode) -> str:
    """An http(s) link shows where it goes; any other link is reduced to its words."""
    label = _inline(node)
    href = http_url(str(node.attrs.get("href", "")))
    if href is None:
        return label
    if node.info == "auto" or _plain(node).strip() in (href, _parser().normalizeLinkText(href)):
        return f"<{href}>"
    return f"{label} (<{href}>)" if label.strip() else f"<{href}>"


def http_url(href: str) -> str | None:
    """`href` when it is an absolute http(s) URL fit to write as an autolink, else None."""
    if not href or re.search(r"[\s<>\\\x00-\x1f\x7f]", href):
        return None
    try:
        parts = urlsplit(href)
    except ValueError:
        return None
    return href if parts.scheme.lower() in HTTP and parts.netloc else None


def _plain(node: SyntaxTreeNode) -> str:
    if node.type in ("text", "code_inline", "html_inline", "code_block", "fence", "html_block"):
        return node.content
    if node.type in ("softbreak", "hardbreak"):
        return " "
    words = "".join(_plain(c) for c in node.children)
    if node.type == "link":
        href = http_url(str(node.attrs.get("href", "")))
        return f"{words} ({href})" if href and words.strip() != href else words
    return words


def settled(raw: str, horizon: int = 400) -> int:
    """How much of a streaming text can no longer become an image, link, tag or entity."""
    cut = max(raw.rfind(c) for c in "[<&`")
    if cut > 0 and raw[cut] == "[" and raw[cut - 1] == "!":
        cut -= 1
    if cut < 0 or len(raw) - cut > horizon:
        return len(raw)
    tail = raw[cut:]
    if tail.startswith(("[", "![")):
        # Whole once its target is closed, or once the bracket is clearly not followed by one.
        close = tail.find("]")
        if close < 0 or close + 1 == len(tail):
            return cut
        return len(raw) if tail[close + 1] not in "([" or tail.find(")", close) > 0 \
            or tail.find("]", close + 2) > 0 else cut
    ending = {"<": ">", "&": ";", "`": "`"}[tail[0]]
    if ending in tail[1:] or (tail[0] in "&`" and re.search(r"\s", tail)):
        return len(raw)
    return cut


def safe_prefix(raw: str) -> str:
    """The safe Markdown of what a stream has settled so far."""
    return safe_markdown(raw[: settled(raw)])


def stream_markdown(chunks: Iterable[str]) -> Iterator[str]:
    """The whole safe Markdown so far each time more of a stream settles, then all of it."""
    raw, shown = "", None
    for chunk in chunks:
        raw += chunk
        now = safe_prefix(raw)
        if now != shown:
            shown = now
            yield now
    final = safe_markdown(raw)
    if final != shown:
        yield final
