"""Simulated personas: an LLM plays the PM from a persona's description, against the interviewer."""

from __future__ import annotations

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, HumanMessage
from langchain_core.output_parsers import StrOutputParser

from assistant.engine import Backend, start_interview
from assistant.interview.session import MemoryJournal
from assistant.persona import Persona
from assistant.prompts import check_inputs, load_prompt
from assistant.settings import Settings, get_settings

# A simulated PM who never says goodbye must not run forever.
MAX_ANSWERS = 30


class SimulatedPM:
    """Replies in character; the interviewer is the human side of its conversation."""

    def __init__(self, model: BaseChatModel, persona: Persona) -> None:
        self.persona = persona
        self.chain = load_prompt("simulated_pm") | model | StrOutputParser()

    def reply(self, history: list[tuple[str, str]]) -> str:
        messages = [AIMessage(text) if role == "pm" else HumanMessage(text) for role, text in history]
        text = self.chain.invoke(check_inputs("simulated_pm", {
            "description": self.persona.description or f"A {self.persona.context.current_role or 'product manager'}.",
            "current_role": self.persona.context.current_role or "not given",
            "history": messages,
        }))
        return text.strip() or "That's all, thanks."


def simulate(persona: Persona, backend: Backend, pm_model: BaseChatModel,
             settings: Settings | None = None, max_answers: int = MAX_ANSWERS) -> dict:
    """Run one simulated conversation; the same shape as a replay result."""
    settings = settings or get_settings()
    journal = MemoryJournal()
    interview = start_interview(backend, journal, persona.interview_context(), settings=settings)
    interview.open().run()
    pm = SimulatedPM(pm_model, persona)
    for _ in range(max_answers):
        if interview.done:
            break
        interview.answer(pm.reply(interview.history())).run()
    transcript = [{"role": m.role, "text": m.text, "stage": m.stage, "move": m.move}
                  for m in journal.messages()]
    return {"transcript": transcript, "state": interview.state.model_dump(mode="json"), "plan": None,
            "backend": backend.info.label, "simulated": True}
