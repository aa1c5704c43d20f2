"""Making text that a person or a model wrote safe to show as Markdown: nothing fetched, nothing run."""

from __future__ import annotations

import re

# Any image would make the browser fetch a URL the model chose. Inline images become their alt
# text; reference-style ones lose their link definitions, so nothing is left to fetch.
IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
REF_IMAGE = re.compile(r"!\[([^\]]*)\]\s?\[[^\]]*\]")
REF_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S+.*$", re.M)
TAG = re.compile(r"<[^>\n]{1,200}>")


def safe_markdown(text: str) -> str:
    """Model text made safe for a Markdown view: no images fetched, no HTML tags."""
    alt = lambda m: m.group(1) or "[image removed]"  # noqa: E731
    text = REF_IMAGE.sub(alt, REF_DEFINITION.sub("", text))
    return TAG.sub("", IMAGE.sub(alt, text))
