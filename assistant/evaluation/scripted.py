"""A scripted chat model for the evaluation: an oracle reader that knows each persona's truth.

The LLM path (model reading, guards, speculative reply, speaker checks) can only be measured
with a model, and a real one mixes two questions: how well the model reads, and what the path
around it does with a reading. This model answers the second. For the reader prompt it returns
the reading the persona's ground truth calls for: resistance exactly where `expect.resistance_at`
puts it (and on a declined check question after it), a question back where
`expect.question_back_at` says, a wish to stop on the closing message. It has no truth about
slots and the other intents, so there it says what the offline reader hears. Whatever the path
then changes (a guard overruling it, a clarify it asks, a guess that disagrees) is the path's
doing, not a model's misreading.

For the speaker prompt it phrases the move from the phrasebook's bank, so the speaker guard sees
the kind of message it is meant to pass. It does not draft plans: the drafter falls back to the
offline plan, which the scorecard counts as such.

No network, no randomness. The model reads the truth of each PM message from a list the persona
player appends to before the message is sent (`follow`); the engine knows nothing of it.
"""

from __future__ import annotations

import json
import re
import threading
from functools import lru_cache
from typing import Any, Iterator

import yaml
from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage, HumanMessage, SystemMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import ConfigDict, PrivateAttr

from assistant.evaluation.cases import Expect
from assistant.interview.guards import ModelReading
from assistant.interview.phrasing import PHRASES
from assistant.interview.stages import SLOT_LABELS, VISION_SLOTS
from assistant.interview.titles import find_title
from assistant.ladder import Ladder, load_ladder
from assistant.persona import Persona
from assistant.prompts import PROMPTS_DIR

SCRIPTED = "scripted"
LABEL = "Scripted oracle model (LLM path, speculative reply on, no network)"
ANSWER = re.compile(r"<<<ANSWER\n(.*)\nANSWER>>>", re.S)
ASKED = re.compile(r"^The question was about: (.*)$", re.M)
FIELD = re.compile(r"^([A-Z][^:\n]{2,60}): (.*)$", re.M)
QUESTION = re.compile(r"[^.!?]*\?")
ASKING = ("ask", "probe", "advance", "reflect_potential", "offer_gaps")
# A recap line per slot; the speaker guard holds a recap to 130 words.
RECAP_WORDS = 8


class OracleError(RuntimeError):
    """The oracle was asked to read a message whose ground truth it was not given."""


def scripted_model(persona: Persona, expect: Expect | None = None, **faults: Any) -> "OracleChat":
    """The oracle for one persona; `expect` replaces its ground truth (to plant a wrong oracle)."""
    if expect is None:
        expect = Expect.model_validate(persona.expect or {})
    return OracleChat(expect=expect, persona_name=persona.name, **faults)


class OracleChat(BaseChatModel):
    """The oracle reader and phrasebook speaker described in the module docstring.

    `malformed_at` plants faults for tests: PM message indices (from 0) whose reading comes back
    as a record that does not validate."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    model_name: str = "scripted-oracle"
    expect: Expect
    persona_name: str = ""
    malformed_at: frozenset[int] = frozenset()
    _truths: list[dict] = PrivateAttr(default_factory=list)
    _reads: int = PrivateAttr(default=0)
    _lock: Any = PrivateAttr(default_factory=threading.Lock)
    _ladder: Ladder | None = PrivateAttr(default=None)

    def follow(self, truths: list[dict]) -> None:
        """Take each PM message's ground truth from `truths`, which grows by one entry before
        each message is sent: {"kind": "reply"|"probe"|"clarify"|"closing"|..., "slot": ...}
        from the adaptive player, {"kind": "answer", "index": i} for a scripted persona
        ("after_clarify" when it answers a check question)."""
        with self._lock:
            self._truths, self._reads = truths, 0

    @property
    def ladder(self) -> Ladder:
        if self._ladder is None:
            from assistant.settings import get_settings

            self._ladder = load_ladder(get_settings().ladder_file)
        return self._ladder

    def bind_tools(self, tools, *, tool_choice=None, **kwargs):
        # Structured output arrives as a tool call; which tool says which record is wanted.
        tool = tools[0]
        if isinstance(tool, dict):
            name = tool.get("function", tool).get("name", "")
        else:
            name = getattr(tool, "__name__", "")
        return self.bind(oracle_tool=name)

    def _generate(self, messages: list[BaseMessage], stop=None,
                  run_manager: CallbackManagerForLLMRun | None = None, **kwargs: Any) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=self._reply(messages, kwargs.get("oracle_tool")))])

    def _stream(self, messages: list[BaseMessage], stop=None,
                run_manager: CallbackManagerForLLMRun | None = None, **kwargs: Any
                ) -> Iterator[ChatGenerationChunk]:
        yield from stream_message(self._reply(messages, kwargs.get("oracle_tool")))

    @property
    def _llm_type(self) -> str:
        return "scripted-oracle"

    def _reply(self, messages: list[BaseMessage], tool: str | None) -> AIMessage:
        system = next((str(m.content) for m in messages if isinstance(m, SystemMessage)), "")
        if system.startswith(_opening("reader")):
            record = self._reading(messages)
            if tool:
                return AIMessage(content="", tool_calls=[{"name": tool, "args": record, "id": "call_oracle"}])
            return AIMessage(content=json.dumps(record))
        if system.startswith(_opening("speaker")):
            return AIMessage(content=speech(messages, self.ladder))
        # Drafting, repairing or anything else: no record at all, so the drafter's offline floor
        # stands and is counted as such.
        return AIMessage(content="")

    def _reading(self, messages: list[BaseMessage]) -> dict:
        prompt = next((str(m.content) for m in reversed(messages) if ANSWER.search(str(m.content))), "")
        answer = ANSWER.search(prompt).group(1) if prompt else ""
        asked = ASKED.search(prompt)
        with self._lock:
            index, self._reads = self._reads, self._reads + 1
            truths = list(self._truths)
        if len(truths) != index + 1:
            raise OracleError(f"{self.persona_name}: reading PM message {index + 1}, but the ground "
                              f"truth lists {len(truths)}; was follow() given the player's truths?")
        if index in self.malformed_at:
            return {"answers_question": "perhaps"}
        return oracle_reading(answer, asked.group(1) if asked else "", truths, self.expect, self.ladder)


def oracle_reading(answer: str, asked_label: str, truths: list[dict], expect: Expect,
                   ladder: Ladder) -> dict:
    """The record for the last message in `truths`, in the shape the model is asked for
    (`ModelReading`): the offline reader's slots and other intents, the truth's intents."""
    from assistant.interview.offline_reader import read_answer

    truth = truths[-1]
    # The offline reader reads an answer to a check question as such; so does the oracle.
    checked = truth.get("kind") == "clarify" or truth.get("after_clarify")
    context = "clarify" if checked else _slot_of(asked_label)
    heard = read_answer(answer, context, ladder)
    record = {k: v for k, v in heard.model_dump().items() if k in ModelReading.model_fields}
    record["slots"] = {k: v for k, v in heard.slots.model_dump().items()}
    intents = truth_intents(truths, expect)
    record["resistance"] = intents["resistance"]
    if intents["question_back"] is not None:
        record["question_back"] = _asked_sentence(answer) if intents["question_back"] else None
    if intents["end_requested"] is not None:
        record["end_requested"] = intents["end_requested"]
    return record


def truth_intents(truths: list[dict], expect: Expect) -> dict:
    """What the ground truth says about the last message in `truths`: resistance (bool), a
    question back and a wish to stop (bool, or None where the truth says nothing)."""
    index, truth = len(truths) - 1, truths[-1]
    first = next((k for k in range(len(truths)) if _at(expect.resistance_at, k, truths[k])), None)
    # The player turns down a check question only for a persona who resists; after the
    # resistance it is the same "not now" again.
    resisting = first == index or (first is not None and first < index and truth.get("kind") == "clarify")
    scripted = truth.get("kind") == "answer"
    question = _at(expect.question_back_at, index, truth)
    return {"resistance": resisting,
            "question_back": question if (question or not scripted) else None,
            "end_requested": None if scripted else truth.get("kind") == "closing"}


def _at(where: str | int | None, index: int, truth: dict) -> bool:
    """Whether ground truth `where` (a PM message index, or the slot whose reply it is) names
    this message; the same reading of it as the metrics' (understanding.py)."""
    if where is None:
        return False
    if isinstance(where, int):
        return index == where
    return truth.get("kind") == "reply" and truth.get("slot") == where


def _slot_of(label: str) -> str:
    by_label = {v: k for k, v in SLOT_LABELS.items()}
    return by_label.get(label.strip(), "title")


def _asked_sentence(answer: str) -> str:
    found = [q.strip() for q in QUESTION.findall(answer) if q.strip()]
    return found[-1] if found else answer.strip()


# Speaking --------------------------------------------------------------------------------------

@lru_cache(maxsize=None)
def _opening(name: str) -> str:
    """The first line of a prompt's system section: enough to tell the prompts apart."""
    text = (PROMPTS_DIR / f"{name}.md").read_text(encoding="utf-8")
    return text.split("# system", 1)[1].strip().splitlines()[0]


@lru_cache(maxsize=1)
def _bank() -> dict:
    return yaml.safe_load(PHRASES.read_text(encoding="utf-8"))


def speech(messages: list[BaseMessage], ladder: Ladder) -> str:
    """A phrasebook message for the move the speaker prompt asks for, without repeating any
    sentence the interviewer already said in the history it was sent."""
    prompt = str(messages[-1].content)
    fields = dict(FIELD.findall(prompt))
    move = fields.get("Move", "ask").strip()
    kind = move.split(" ")[0]
    # A clarify move may say what it checks; the bank has a question for each, where it has.
    check = "clarify_stop" if "stop here" in move else "clarify_skip" if "leave this question" in move else "clarify"
    slot = fields.get("Slot to ask about", "none").split(" ")[0]
    slot = None if slot == "none" else slot
    said = " ".join(str(m.content) for m in messages[1:-1] if isinstance(m, AIMessage))
    fill = _fill(fields, ladder)
    bank = _bank()

    def choose(options: list[str]) -> str | None:
        usable = []
        for option in options:
            try:
                text = option.format(**fill)
            except (KeyError, IndexError):
                continue
            usable.append(text)
            if not any(s.strip() and len(s.split()) >= 4 and s.strip() in said
                       for s in re.split(r"(?<=[.!?])\s+", text)):
                return text
        return usable[0] if usable else None

    parts: list[str] = []
    question_back = fields.get("Question they asked you, to answer briefly first", "none").strip()
    if kind in ASKING and question_back != "none":
        from assistant.interview.answer_bank import answer

        parts.append(answer(question_back, ladder))
    answered = any(isinstance(m, HumanMessage) for m in messages[1:-1])
    if kind == "ask" and answered:
        parts.append("Thanks.")
    elif kind == "advance" and slot:
        parts.append(choose(bank["advance"].get(slot) or []) or "")
    elif kind in ("back_off", "reflect_potential", "offer_gaps"):
        parts.append(choose(bank[kind]) or "")
    elif kind == "wrap_up":
        parts.append(choose(bank["wrap_up" if fill["summary"] else "wrap_up_empty"]) or "")
    if kind == "clarify":
        parts.append(choose(bank.get(check) or bank["clarify"]) or "")
    elif slot:
        parts.append(choose(_questions(kind, slot, fill, bank)) or f"What would you say about {SLOT_LABELS[slot].lower()}?")
    return " ".join(p.strip() for p in parts if p and p.strip())


def _questions(kind: str, slot: str, fill: dict, bank: dict) -> list[str]:
    questions = bank["questions"]
    if kind == "probe":
        return bank["probes"].get(slot) or questions[slot]
    if kind == "back_off":
        return questions["goal"]
    if fill["declined"]:
        return questions.get(f"{slot}_short", questions[slot])
    if slot == "experiences" and fill["target"] == "that role":
        return questions["experiences_open"]
    return questions[slot]


def _fill(fields: dict, ladder: Ladder) -> dict:
    """The phrasebook's placeholders, from what the speaker prompt tells the model."""
    target_text = fields.get("Their target", "")
    target = find_title(target_text) if target_text and target_text != "not given" else None
    level = ladder.lookup(target) if target else None
    above = ladder.by_rank(level.rank + 1) if level is not None else None
    need = fields.get("What the company wants at the next level", "unknown")
    need = need.split(": ", 1)[1].rstrip(".") if ": " in need else ""
    lower = need[:1].lower() + need[1:]
    evidence = re.findall(r'"([^"]+)"', fields.get("Evidence to quote", ""))
    gaps = [g.strip() for g in re.split(r";\s+(?=[A-Z])", fields.get("Ladder gaps to name", "none"))
            if g.strip() and g.strip() != "none"]
    horizon = fields.get("Horizon in years", "5").strip()
    return {
        "target": target or "that role",
        "next_title": above.title if above else "a broader role",
        "evidence": evidence[0] if evidence else "",
        "gaps": "\n".join("- " + g for g in gaps),
        "years": horizon,
        "next_need": need, "next_need_lower": lower, "here_need_lower": lower,
        "summary": _summary(fields.get("What we know so far", ""), _years(horizon) < 5),
        "declined": _years(horizon) < 5,
    }


def _years(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return 5.0


def _summary(known: str, declined: bool) -> str:
    """The recap's lines; after a decline, as in the phrasebook, without the long-view slots."""
    if not known or known == "nothing yet":
        return ""
    labels = "|".join(re.escape(v) for v in SLOT_LABELS.values())
    dropped = {SLOT_LABELS[s] for s in VISION_SLOTS} if declined else set()
    lines = []
    for item in re.split(rf";\s+(?=(?:{labels}):)", known):
        label, _, value = item.partition(": ")
        words = value.replace("?", "").split()
        if words and label not in dropped:
            lines.append(f"- **{label}**: " + " ".join(words[:RECAP_WORDS]))
    return "\n".join(lines)


def stream_message(message: AIMessage) -> Iterator[ChatGenerationChunk]:
    """A finished reply as a server would stream it: tool calls in one chunk, text word by word.
    The last chunk says the reply finished; the speaker treats a stream without it as cut off."""
    done = {"finish_reason": "stop"}
    if message.tool_calls:
        yield ChatGenerationChunk(message=AIMessageChunk(content="", tool_call_chunks=[
            {"name": c["name"], "args": json.dumps(c["args"]), "id": c["id"], "index": 0}
            for c in message.tool_calls]), generation_info=done)
        return
    words = str(message.content).split(" ")
    for i, word in enumerate(words):
        yield ChatGenerationChunk(message=AIMessageChunk(content=word if i == 0 else " " + word),
                                  generation_info=done if i == len(words) - 1 else None)
