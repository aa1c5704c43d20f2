"""The offline speaker: a curated bank of phrasings, chosen deterministically per turn."""

from __future__ import annotations

import zlib
from functools import lru_cache
from pathlib import Path
from typing import Iterator

import yaml

from assistant.interview.stages import SLOT_LABELS, VISION_SLOTS, slot_order
from assistant.interview import answer_bank
from assistant.interview.state import Ack, InterviewState, Move, MoveKind
from assistant.interview.titles import find_title
from assistant.ladder import Ladder

PHRASES = Path(__file__).resolve().parent.parent / "data" / "phrasings.yaml"
ASKING = (MoveKind.ASK, MoveKind.PROBE, MoveKind.ADVANCE, MoveKind.CLARIFY)


@lru_cache(maxsize=1)
def _bank() -> dict:
    return yaml.safe_load(PHRASES.read_text(encoding="utf-8"))


def _blank_picture(state: InterviewState) -> bool:
    """Willing to look ahead, yet passed on every picture question: there is no 'that' to aim at."""
    return not state.horizon_declined and not any(state.slots.get(s) for s in VISION_SLOTS)


class PhrasebookSpeaker:
    """Phrases a move from the bank. Varied by turn and conversation, never more than one question."""

    def __init__(self, ladder: Ladder, seed: str = "") -> None:
        self.ladder = ladder
        self.seed = seed

    def stream(self, move: Move, state: InterviewState, history: list[tuple[str, str]],
               last_answer: str | None, question_back: str | None = None) -> Iterator[str]:
        said = {text for role, text in history if role == "assistant"}
        text = self.compose(move, state, last_answer, question_back, said)
        # Word-sized chunks so the offline backend streams like the LLM path does.
        for i, word in enumerate(text.split(" ")):
            yield word if i == 0 else " " + word

    def compose(self, move: Move, state: InterviewState, last_answer: str | None,
                question_back: str | None = None, said: set[str] | None = None) -> str:
        """Acknowledgement that fits, an answer to their question, the move's body, one question."""
        fill = self._fill(move, state)
        heard = " ".join(said or ())

        def choose(options: list[str]) -> str:
            return self._choose(options, state, fill, heard)

        parts: list[str] = []
        kind = move.kind
        asked_back = move.answer_to or (question_back if kind in ASKING else None)
        if kind not in (MoveKind.BACK_OFF, MoveKind.WRAP_UP) and last_answer is not None:
            options = _bank()["acknowledge"].get(move.ack.value) or []
            # An advance line already receives the answer; a plain thanks on top would stutter.
            quiet = (move.ack in (Ack.PLAIN, Ack.RICH) and (asked_back or kind is MoveKind.ADVANCE)) \
                or (move.ack is Ack.UNSURE and kind is MoveKind.PROBE)  # probes reassure already
            if options and not quiet:
                parts.append(choose(options))
        if asked_back:
            parts.append(answer_bank.answer(asked_back, self.ladder))
        if kind is MoveKind.ADVANCE and move.slot:
            leads = _bank()["advance"]
            blank = leads.get(f"{move.slot}_blank") if _blank_picture(state) else None
            parts.append(choose(blank or leads[move.slot]))
        elif kind in (MoveKind.BACK_OFF, MoveKind.REFLECT_POTENTIAL, MoveKind.OFFER_GAPS):
            parts.append(choose(_bank()[kind.value]).format(**fill))
        elif kind is MoveKind.WRAP_UP:
            key = "wrap_up" if fill["summary"] else "wrap_up_empty"
            parts.append(choose(_bank()[key]).format(**fill))
        if kind is MoveKind.CLARIFY:
            key = {"end_requested": "clarify_stop", "skip": "clarify_skip"}.get(move.check or "")
            parts.append(choose(_bank()[key or "clarify"]))
        elif move.slot and kind is not MoveKind.BACK_OFF:
            parts.append(choose(self._questions(move, state, fill)).format(**fill))
        elif move.slot and kind is MoveKind.BACK_OFF:
            # The back-off body already offers the choice; it ends with the shorter question.
            parts.append(choose(_bank()["questions"]["goal"]).format(**fill))
        return " ".join(p.strip() for p in parts if p.strip())

    def _questions(self, move: Move, state: InterviewState, fill: dict[str, str]) -> list[str]:
        bank = _bank()
        slot = move.slot or ""
        if move.kind is MoveKind.PROBE:
            probes = bank["probes"]
            if state.horizon_declined and f"{slot}_short" in probes:
                return probes[f"{slot}_short"]  # no "that role" once the long view is put down
            return probes.get(slot) or bank["questions"][slot]
        options = bank["questions"][slot]
        if state.horizon_declined or (state.content and slot == "intersections"):
            options = bank["questions"].get(f"{slot}_short", options)
        elif slot == "experiences" and _blank_picture(state):
            # Every picture question passed: "to get there" would point at nothing.
            options = bank["questions"]["experiences_blank"]
        elif slot == "experiences" and fill["target"] == "that role":
            options = bank["questions"]["experiences_open"]
        return options

    def _fill(self, move: Move, state: InterviewState) -> dict[str, str]:
        target_level = self.ladder.by_rank(state.target_rank)
        # Only a clean title goes into a sentence: never a fragment of what the PM typed.
        spoken = find_title(state.target_title) if state.target_title else None
        target = spoken or (target_level.title if target_level else "that role")
        above = self.ladder.by_rank((state.target_rank or 0) + 1) if state.target_rank is not None else None
        here = self.ladder.by_rank(state.current_rank)
        nxt = self.ladder.by_rank(state.current_rank + 1) if state.current_rank is not None else None
        level = nxt or here or self.ladder.levels[1]
        need = level.expectation(level.focus[0] if level.focus else "strategy")
        gaps = "\n".join(f"- **{g.label}**: {g.text}" for g in move.gaps)
        here_level = here or self.ladder.levels[1]
        here_need = here_level.expectation(here_level.focus[0] if here_level.focus else "scope")
        return {
            "here_need_lower": _lower_first(here_need.rstrip(".")),
            "target": target,
            "next_title": above.title if above else "a broader role",
            "evidence": move.evidence[0] if move.evidence else "",
            "gaps": gaps,
            "years": _years(move.horizon_years),
            "next_need": need.rstrip("."),
            "next_need_lower": _lower_first(need.rstrip(".")),
            "summary": self._summary(state),
        }

    def _summary(self, state: InterviewState) -> str:
        lines = []
        for slot in slot_order(state.horizon_declined, state.vision_skipped):
            if slot in state.slots:
                lines.append(f"- **{SLOT_LABELS[slot]}**: {_clip(state.slots[slot])}")
        return "\n".join(lines)

    def _pick(self, key: str, state: InterviewState) -> str:
        return self._choose(_bank()[key], state)

    def _choose(self, options: list[str], state: InterviewState, fill: dict[str, str] | None = None,
                said: str = "") -> str:
        """A varied pick, skipping anything already said in this conversation when possible."""
        start = zlib.crc32(f"{self.seed}:{state.turns}:{len(options)}".encode()) % len(options)
        ordered = options[start:] + options[:start]
        return next((o for o in ordered if o.format(**(fill or {})) not in said), ordered[0])


def _years(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _clip(text: str, limit: int = 140) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
