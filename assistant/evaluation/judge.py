"""Judge metrics: a model scores each follow-up question and each answer with structured output."""

from __future__ import annotations

from statistics import mean

from langchain_core.exceptions import OutputParserException
from langchain_core.language_models import BaseChatModel
from pydantic import BaseModel, Field, ValidationError

from assistant.prompts import check_inputs, load_prompt

QUESTION_KEYS = ("empathy", "necessity", "context", "openness")
ANSWER_KEYS = ("relevance", "richness")


class QuestionVerdict(BaseModel):
    """Scores for one interviewer message."""

    empathy: int = Field(ge=1, le=5, description="Warmth and respect, 1-5")
    necessity: int = Field(ge=1, le=5, description="How much the question is needed, 1-5")
    context: int = Field(ge=1, le=5, description="How well it uses the conversation so far, 1-5")
    openness: int = Field(ge=1, le=5, description="Open and non-leading, 1-5")
    justified_skip: bool | None = Field(None, description="Null if nothing skipped; else was moving on justified")
    reason: str = Field("", description="One sentence")


class AnswerVerdict(BaseModel):
    """Scores for one PM answer."""

    relevance: int = Field(ge=1, le=5, description="Relevance to the career question, 1-5")
    richness: int = Field(ge=1, le=5, description="Specific motives and examples, 1-5")
    reason: str = Field("", description="One sentence")


def conversation_text(transcript: list[dict]) -> str:
    who = {"assistant": "Interviewer", "pm": "PM"}
    return "\n".join(f"{who.get(m['role'], m['role'])}: {m['text']}" for m in transcript) or "(nothing yet)"


class Judge:
    """Two structured-output chains over the judge prompts; one call per item judged."""

    def __init__(self, model: BaseChatModel, method: str = "function_calling") -> None:
        self.model, self.method = model, method

    def _chain(self, prompt: str, schema: type[BaseModel]):
        # Bound per call: binding is cheap, and one model then serves both schemas in turn.
        return load_prompt(prompt) | self.model.with_structured_output(schema, method=self.method)

    def question(self, before: list[dict], message: dict) -> QuestionVerdict:
        return self._chain("judge_question", QuestionVerdict).invoke(check_inputs("judge_question", {
            "conversation": conversation_text(before), "message": message["text"],
            "move": message.get("move") or "unknown"}))

    def answer(self, question: str, answer: str) -> AnswerVerdict:
        return self._chain("judge_answer", AnswerVerdict).invoke(check_inputs("judge_answer", {"question": question, "answer": answer}))

    def transcript(self, transcript: list[dict]) -> dict:
        """Verdicts for every follow-up question and every answer, and their means."""
        questions, answers, unreadable = [], [], 0
        for i, m in enumerate(transcript):
            try:
                if m["role"] == "assistant" and i > 0 and m.get("move") != "wrap_up":
                    v = self.question(transcript[:i], m)
                    questions.append({"index": i, **v.model_dump()})
                elif m["role"] == "pm":
                    asked = next((p["text"] for p in reversed(transcript[:i]) if p["role"] == "assistant"), "")
                    v = self.answer(asked, m["text"])
                    answers.append({"index": i, **v.model_dump()})
            except (OutputParserException, ValidationError):
                unreadable += 1  # a malformed verdict is left out and counted, never guessed
        return {**judge_means(questions, answers), "questions": questions, "answers": answers,
                "unreadable": unreadable}


def judge_means(questions: list[dict], answers: list[dict]) -> dict:
    """Mean of each judge score; `justified_skip` is the share of skips judged justified."""
    out: dict = {}
    for key in QUESTION_KEYS:
        values = [q[key] for q in questions if q.get(key) is not None]
        out[key] = round(mean(values), 3) if values else None
    skips = [q["justified_skip"] for q in questions if q.get("justified_skip") is not None]
    out["justified_skip"] = round(sum(skips) / len(skips), 3) if skips else None
    for key in ANSWER_KEYS:
        values = [a[key] for a in answers if a.get(key) is not None]
        out[key] = round(mean(values), 3) if values else None
    return out
