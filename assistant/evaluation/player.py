"""An adaptive simulated PM that needs no model: it answers whatever the interviewer asked.

A persona's replies are keyed by slot, so the order of questions can neither hide an error nor
cause one. Each PM message carries its ground truth (which reply it was) for the metrics.
"""

from __future__ import annotations

from assistant.interview.session import Interview, Turn
from assistant.interview.state import MoveKind
from assistant.persona import Persona

MAX_ANSWERS = 30
NOTHING_MORE = "I don't have more on that one."
NO_ANSWER = "I don't really have an answer for that one."
CLOSING = "That's all for today, thanks."
CLARIFY_DECLINE = "Yes, I'd rather not look that far ahead right now."
CLARIFY_WILLING = "No, I'm happy to give it a go."
KEEP_GOING = "No, let's keep going."


class Player:
    """Plays one persona against an interview; `truths` lines up with the PM's messages."""

    def __init__(self, persona: Persona) -> None:
        self.persona = persona
        self.used: set[str] = set()
        self.probed: set[str] = set()
        self.truths: list[dict] = []

    def reply(self, turn: Turn) -> str | None:
        """What this PM says to the interviewer's last message; None when there is nothing left."""
        move, persona = turn.move, self.persona
        if move.kind is MoveKind.WRAP_UP:
            return None
        if move.kind is MoveKind.CLARIFY and move.check in ("end_requested", "skip"):
            # A persona only ever stops through its closing line: "shall we stop?" gets a no.
            return self._say(KEEP_GOING, "clarify", move.slot)
        if move.kind is MoveKind.CLARIFY:
            resists = persona.expect.get("resistance_at") is not None
            text = persona.clarify or (CLARIFY_DECLINE if resists else CLARIFY_WILLING)
            return self._say(text, "clarify", move.slot)
        slot = move.slot
        if slot in persona.replies and slot not in self.used:
            self.used.add(slot)
            return self._say(persona.replies[slot], "reply", slot)
        if slot in self.used and slot in persona.probes and slot not in self.probed:
            # Asked again about the last slot they had a reply for, they still open up: the
            # probe comes before the goodbye.
            self.probed.add(slot)
            return self._say(persona.probes[slot], "probe", slot)
        if len(self.used) >= len(persona.replies):
            return self._say(persona.closing or CLOSING, "closing", slot)
        if slot in self.used:
            return self._say(NOTHING_MORE, "again", slot)
        return self._say(NO_ANSWER, "missing", slot)

    def _say(self, text: str, kind: str, slot: str | None) -> str:
        self.truths.append({"kind": kind, "slot": slot})
        return text


def play(persona: Persona, interview: Interview, max_answers: int = MAX_ANSWERS,
         player: Player | None = None) -> list[dict]:
    """Run the whole conversation; the ground truth of each PM message, in order. Pass a
    `player` to watch its truths grow as it speaks (the evaluation's scripted oracle reads them)."""
    player = player or Player(persona)
    turn = interview.open()
    turn.run()
    for _ in range(max_answers):
        if interview.done:
            break
        text = player.reply(turn)
        if text is None:
            break
        turn = interview.answer(text)
        turn.run()
    return player.truths
