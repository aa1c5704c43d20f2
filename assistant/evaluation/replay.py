"""Replay a persona through the interviewer: the transcript, the final state and a drafted plan.

Shared by `python -m assistant replay` and the evaluation, so both see the same conversation.
"""

from __future__ import annotations

from datetime import date

from assistant.engine import build_backend, start_interview
from assistant.evaluation.player import Player, play
from assistant.evaluation.scripted import LABEL, SCRIPTED
from assistant.interview.session import Message, MemoryJournal
from assistant.persona import Persona
from assistant.settings import get_settings


def transcript_of(messages: list[Message], truths: list[dict] | None = None) -> list[dict]:
    """Messages in the public replay shape; PM turns carry their ground truth when known."""
    out, pm_index = [], 0
    for m in messages:
        entry = {"role": m.role, "text": m.text, "stage": m.stage, "move": m.move}
        if m.role == "assistant":
            entry["slot"] = (m.meta or {}).get("slot")
            if (m.meta or {}).get("answered"):
                entry["answered"] = m.meta["answered"]
        else:
            if (m.meta or {}).get("intent"):
                entry["intent"] = m.meta["intent"]
            if truths is not None and pm_index < len(truths):
                entry["truth"] = truths[pm_index]
            pm_index += 1
        out.append(entry)
    return out


class Watched:
    """The interview as the persona player sees it, noting for every answer whether the reply
    that started on the offline reader's guess was kept: the engine hands a turn its early reply
    only when the guessed move is the move the reading led to (`Interview._reply`)."""

    def __init__(self, interview) -> None:
        self._interview = interview
        self.kept: list[bool] = []

    def __getattr__(self, name: str):
        return getattr(self._interview, name)

    def answer(self, raw):
        turn = self._interview.answer(raw)
        if self._interview.speculate:
            self.kept.append(turn.prefetched is not None)
        return turn


def replay(persona: Persona, model: str | None = None, base_url: str | None = None,
           chat_model=None, plan: bool = True, today: date | None = None) -> dict:
    """Run a persona (scripted or adaptive) through an interview, then draft its plan.

    `model="scripted"` runs the LLM path with the evaluation's oracle model (scripted.py); a chat
    model that can `follow` ground truth is handed the truth of each PM message as it is said."""
    settings = get_settings()
    if model == SCRIPTED:
        from assistant.evaluation.scripted import scripted_model

        chat_model, model = chat_model or scripted_model(persona), None
    follow = getattr(chat_model, "follow", None)
    if follow is not None:
        # The oracle is measured as a hosted model is run: reply started on the guess.
        settings = settings.model_copy(update={"speculative_reply": True})
    backend = build_backend(settings, model, base_url, chat_model=chat_model, seed=persona.name)
    journal = MemoryJournal()
    interview = start_interview(backend, journal, persona.interview_context(), settings=settings)
    watched = Watched(interview)
    truths = None
    if persona.adaptive:
        player = Player(persona)
        if follow is not None:
            follow(player.truths)
        truths = play(persona, watched, player=player)
    else:
        said: list[dict] = []
        if follow is not None:
            follow(said)
        watched.open().run()
        for index, answer in enumerate(persona.answers):
            if interview.done:
                break
            truth = {"kind": "answer", "index": index}
            if interview.state.moves and interview.state.moves[-1].value == "clarify":
                truth["after_clarify"] = True  # read as the answer to a check question
            said.append(truth)
            watched.answer(answer).run()
    drafted = source = None
    if plan:
        from assistant.plan.drafter import draft_plan

        draft = draft_plan(journal.messages(), interview.state, backend.ladder, backend.model,
                           today or date.today(), persona.context.manager_notes,
                           method=settings.structured_method)
        drafted, source = draft.plan.model_dump(mode="json"), draft.source
    from assistant.interview.guards import tally_of

    tally = tally_of(backend)
    fallbacks = tally.snapshot() if tally is not None else None
    if fallbacks is not None and source is not None:
        fallbacks["plan_source"] = source
    return {"transcript": transcript_of(journal.messages(), truths),
            "state": interview.state.model_dump(mode="json"), "plan": drafted,
            "readings": [r.model_dump(mode="json", include={"source", "confidence", "doubt"})
                         for r in journal.readings],
            "backend": LABEL if follow is not None else backend.info.label,
            # How often the model was overruled (readings replaced, messages rephrased, plan source).
            "fallbacks": fallbacks,
            # Per PM answer, whether the reply started on the offline guess was kept; None when
            # the reply never starts early (offline backend, local servers).
            "speculation": {"kept": watched.kept} if interview.speculate else None}
