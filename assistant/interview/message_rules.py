"""What one interviewer message must satisfy for its move: none of our prompt's lines, no markup,
within a length budget, one question last on the move's topic (none for a wrap-up), no long
horizon after a decline, no name nobody used. Checked a sentence at a time by the message guard.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.interview.grounding import flat, words

# Words one of which a question on each slot's topic contains ("_" joins a phrase). Generous on
# purpose: the check is for questions about something else entirely, not for style. Every question
# in the phrasebook must pass (tests/test_guard_faults.py), since it is what a failure falls back to.
TOPIC = {
    "title": "role title position job become aim see yourself level where doing direction",
    "company": "company organisation organization business startup place industry employer size "
               "kind sort team environment bigger smaller",
    "location": "where based location city remote live place country region office home",
    "people": "people who team colleagues work with around lead kind sort surround",
    "goal": "year coming months next goal aim want achieve focus good look like",
    "experiences": "experience need take require learn skill get there role missing gain done",
    "strengths": "strength good strong best well skill proud excel known come_to_you",
    "interests": "interest enjoy energ love like excit fun curious drawn care look_forward lose_track",
    "intersections": "company need meet overlap where value business match connect combine "
                     "interest level",
    "milestones": "step milestone when first next date plan commit action measure by",
    # A check question is about the conversation, not the slot it interrupts: whether to look
    # that far ahead, stop or leave the question.
    "clarify": "rather sure ahead stop leave skip wrap carry understood",
}
# Talk about our own machinery: the model describing its instructions instead of following them.
MACHINERY = re.compile(r"\bslots?\b|\bprompt\b|\binstructions?\b|language model|\bas an ai\b|"
                       r"\bmove(:| to (ask|make))|next move is to", re.I)
LONG_HORIZON = re.compile(r"\b(five|5|ten|10)[- ]years?\b|\blong[- ]term\b|\byears (from now|ahead|out)\b", re.I)
MARKUP = re.compile(r"<\s*/?\s*[a-z!|][^>]*>|<\||\|>|```|^\s*#|!\[|\]\(|[{}]|^\s*\|.*\|", re.I | re.M)
BULLET = re.compile(r"^\s*([-*•]|\d+[.)])\s", re.M)
# A word starts with a letter of any script and runs on through letters and digits, so "Q3",
# "B2B", "Inès" and "São" are one word each, in the message and in what it may draw on alike.
WORD = r"[^\W\d_][\w']*"
TOKEN = re.compile(WORD + r"|[.!?:;\n\-•*\"“(]")
COMMON_NAMES = frozenset("i i'm i'd i've i'll pm pms ok okay mr ms monday tuesday wednesday thursday "
                         "friday saturday sunday january february march april may june july august "
                         "september october november december".split())
# Words per message: a list or a recap runs longer, and reflecting potential quotes the PM's own
# record verbatim (often 20-30 words) before its observation and question.
BUDGETS = {"offer_gaps": 130, "wrap_up": 130, "reflect_potential": 110}
# A message is two to four sentences, the question last; a fifth is a small model rambling.
# Reflecting potential says four things before it asks (a lead-in, their words, what others would
# see, that the choice is theirs), and the question it ends with may take two sentences.
MAX_SENTENCES = 4
SENTENCES = {"reflect_potential": 6}
SENTENCE_END = re.compile(r"[.!?]+[\"')\]]*(?=\s)|\n")


@dataclass
class MessageRules:
    """What one message for one move must satisfy."""

    asks: bool
    slot: str | None
    budget: int
    lists_allowed: bool
    labels: tuple[str, ...]
    shingles: frozenset
    known: frozenset
    horizon_banned: bool
    declined: bool = False
    previous: frozenset = frozenset()
    # The topic a question must be on: the slot's, or the check's for a clarify move.
    topic: str | None = None
    max_sentences: int = MAX_SENTENCES
    # The conversation's own words (everything but our static prompt), " | "-joined: a word of our
    # machinery that the PM used ("prompt engineering") may come back in a recap.
    quoted: str = ""

    def sentence_faults(self, sentence: str, shown: str) -> list[str]:
        faults = []
        said = flat(sentence)
        if (any(label in said for label in self.labels) or _shingles(sentence) & self.shingles
                or any(not self.was_said(sentence, m) for m in MACHINERY.finditer(sentence))):
            faults.append("prompt_echo")
        if MARKUP.search(sentence) or (BULLET.search(sentence) and not self.lists_allowed):
            faults.append("markup")
        if len((shown + " " + sentence).split()) > self.budget:
            faults.append("too_long")
        elif not self.lists_allowed and len(SENTENCE_END.findall(shown)) >= self.max_sentences:
            faults.append("too_long")
        question = sentence.rstrip().endswith("?")
        if LONG_HORIZON.search(sentence) and (self.horizon_banned or (self.declined and question)):
            faults.append("long_horizon")
        if len(said.split()) >= 4 and said in self.previous:
            faults.append("repeat")
        if "?" in sentence and not self.asks:
            faults.append("question_in_wrap_up")
        if sentence.rstrip().endswith("?") and self.slot and not self.on_topic(sentence):
            faults.append("off_topic")
        if self.invented(sentence):
            faults.append("invented_name")
        return faults

    def final_faults(self, text: str) -> list[str]:
        if not text.strip():
            return ["empty"]
        if self.asks and not text.rstrip().endswith("?"):
            return ["no_question"]
        return []

    def was_said(self, sentence: str, match: re.Match) -> bool:
        """Whether a machinery word is quoted from the conversation: the word before it and the
        match, in that order, in someone's words. One word alone would excuse "the prompt says"
        whenever the PM said "prompt" anywhere."""
        phrase = words(sentence[:match.start()])[-1:] + words(match.group(0))
        return len(phrase) > 1 and f" {' '.join(phrase)} " in self.quoted

    def on_topic(self, question: str) -> bool:
        said = flat(question)
        return any(word.replace("_", " ") in said
                   for word in TOPIC.get(self.topic or self.slot or "", "").split())

    def invented(self, sentence: str) -> bool:
        """A capitalised word mid-sentence that nobody in the conversation used: a made-up name."""
        after_break = True
        for token in TOKEN.findall(sentence):
            if not token[0].isalpha():
                after_break = True
                continue
            word = token.lower()
            if token[0].isupper() and not after_break and word not in self.known and word not in COMMON_NAMES:
                return True
            after_break = False
        return False


def message_rules(kind: str, slot: str | None, horizon_declined: bool, prompt_text: str,
                  context: list[str], previous: list[str] = ()) -> MessageRules:
    """Rules for a move: `prompt_text` is our static prompt (never to be echoed), `context` every
    text the message may draw names from (the PM's words, the ladder, the move's content), and
    `previous` the interviewer's earlier messages (small models copy them from the history)."""
    labels = tuple(flat(line.split(":", 1)[0]) + ":" for line in prompt_text.splitlines()
                   if ":" in line and "{" in line and len(line.split(":", 1)[0]) > 3)
    static = re.sub(r"\{[a-z_]+\}", " ", prompt_text)
    lists = kind in ("offer_gaps", "wrap_up")
    return MessageRules(
        asks=slot is not None, slot=slot, budget=BUDGETS.get(kind, 70), lists_allowed=lists,
        labels=labels, shingles=frozenset(_shingles(static)),
        known=frozenset(w for text in context for w in re.findall(WORD, text.lower())),
        horizon_banned=horizon_declined and kind != "back_off", declined=horizon_declined,
        previous=frozenset(flat(m.group(0)) for text in previous
                           for m in re.finditer(r"[^.!?\n]+[.!?]*", text)),
        topic="clarify" if kind == "clarify" else slot, max_sentences=SENTENCES.get(kind, MAX_SENTENCES),
        quoted=" | ".join(" " + " ".join(words(text)) + " " for text in context if text != prompt_text))


def _shingles(text: str, size: int = 6) -> set[tuple[str, ...]]:
    said = words(text)
    return {tuple(said[i:i + size]) for i in range(len(said) - size + 1)}
