"""Replay a persona through the interviewer: the transcript, the final state and a drafted plan.

Shared by `python -m assistant replay` and the evaluation, so both see the same conversation.
"""

from __future__ import annotations

from datetime import date

from assistant.engine import build_backend, start_interview
from assistant.evaluation.player import play
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


def replay(persona: Persona, model: str | None = None, base_url: str | None = None,
           chat_model=None, plan: bool = True, today: date | None = None) -> dict:
    """Run a persona (scripted or adaptive) through an interview, then draft its plan."""
    settings = get_settings()
    backend = build_backend(settings, model, base_url, chat_model=chat_model, seed=persona.name)
    journal = MemoryJournal()
    interview = start_interview(backend, journal, persona.interview_context(), settings=settings)
    truths = None
    if persona.adaptive:
        truths = play(persona, interview)
    else:
        interview.open().run()
        for answer in persona.answers:
            if interview.done:
                break
            interview.answer(answer).run()
    drafted = None
    if plan:
        from assistant.plan.drafter import draft_plan

        draft = draft_plan(journal.messages(), interview.state, backend.ladder, backend.model,
                           today or date.today(), persona.context.manager_notes,
                           method=settings.structured_method)
        drafted = draft.plan.model_dump(mode="json")
    from assistant.interview.guards import tally_of

    tally = tally_of(backend)
    return {"transcript": transcript_of(journal.messages(), truths),
            "state": interview.state.model_dump(mode="json"), "plan": drafted,
            "readings": [r.model_dump(mode="json", include={"source", "confidence", "doubt"})
                         for r in journal.readings],
            "backend": backend.info.label,
            # How often the model was overruled (readings replaced, messages rephrased, plan source).
            "fallbacks": tally.snapshot() if tally is not None else None}
