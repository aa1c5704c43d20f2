"""Speculative speaking: start phrasing the likely move while the LLM reader is still working.

A turn on the LLM path needs two model calls, a reading and then the reply. Waiting for the
first before starting the second doubles the time to the first word. The offline rules give a
good guess of the move in microseconds, so the reply starts on that guess at once; when the real
reading agrees on the move, the already-streaming reply is used, otherwise it is dropped.
"""

from __future__ import annotations

import queue
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Iterator

from assistant.interview.state import Move

_DONE = object()
# Reused workers: starting a thread per turn costs more than the rest of the engine's turn.
_POOL = ThreadPoolExecutor(max_workers=4, thread_name_prefix="speaker-prefetch")


class Prefetch:
    """Runs a chunk generator on a thread, buffering chunks until someone consumes them."""

    def __init__(self, chunks: Iterator[str]) -> None:
        self._queue: queue.Queue = queue.Queue()
        self._cancelled = threading.Event()
        self._chunks = chunks
        _POOL.submit(self._pump)

    def _pump(self) -> None:
        try:
            for chunk in self._chunks:
                if self._cancelled.is_set():
                    break
                self._queue.put(chunk)
        except BaseException as exc:  # noqa: BLE001 - handed to the consumer to raise
            self._queue.put(exc)
        finally:
            close = getattr(self._chunks, "close", None)
            if close:
                try:
                    close()
                except (RuntimeError, ValueError):
                    pass  # closing from the pump thread while still running; harmless
            self._queue.put(_DONE)

    def __iter__(self) -> Iterator[str]:
        while True:
            item = self._queue.get()
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield item

    def cancel(self) -> None:
        self._cancelled.set()


def same_move(a: Move, b: Move) -> bool:
    """Whether a guessed move can stand for the real one: same kind, question and content,
    the same question of theirs to answer, and the same acknowledgement and check."""
    return (a.kind, a.slot, [g.id for g in a.gaps], a.evidence, a.answer_to, a.ack, a.check) == (
        b.kind, b.slot, [g.id for g in b.gaps], b.evidence, b.answer_to, b.ack, b.check)
