"""What a sentence the PM said does: commits, asks, refuses, says goodbye, hedges or fills time."""

# A plan is built only from sentences that commit to something; these tests keep everything else
# (questions back, refusals, goodbyes, filler, venting) out of milestones and out of the vision.

from __future__ import annotations

import re

# A question back opens like one; a trailing "?" alone is often just uncertainty ("Maybe a senior PM?").
QUESTION = re.compile(
    r"^\W*(?:what|why|how|who|where|when|which|should i|could you|can you|would you|will you|do you|did you|"
    r"does it|does that|is it|is that|is there|are there|are you|am i|any (?:idea|tips)|what's|whats|"
    r"could we|can we|can i|may i|shall we|(?:is|are|am|was|were|do|does|did|can|could|should|would|will|"
    r"have|has)\s+(?:this|that|it|there|i|you|we|they|he|she|my|the|your|anyone)\b)\b|\byou\b[^.!]*\?\s*$|^\W*\w+\W*\?\s*$|^\W*\w+ \w+\W*\?\s*$", re.I)
REFUSAL = re.compile(
    r"^\W*(?:no idea|not sure|dunno|i (?:do ?n[o']?t|really don't) know|i don't want to|i'd rather not|"
    r"i would rather not|rather not|prefer not|pass|skip|no comment|nothing|none|n/?a|no thanks|"
    r"not now|not really|can't say|cannot say|no(?:pe)?|i have no (?:idea|plans?)|i can't think|"
    r"let's not|let me not|i don't have (?:any|an answer)|no clue|whatever|not applicable)\b", re.I)
GOODBYE = re.compile(
    r"^\W*(?:that'?s (?:it|all|everything|about it|enough)|that covers it|that's all for now|done|"
    r"i'?m done|we'?re done|all done|bye|goodbye|good ?night|thanks?(?: you)?|cheers|ok(?:ay)? thanks|"
    r"let'?s (?:stop|end|wrap up|call it)|stop|enough(?: for (?:now|today))?|gotta go|i have to go|"
    r"i need to go|talk (?:later|soon)|see you|end|finish|draft (?:my|the) plan(?: now)?|"
    r"nothing else|no more|that'?ll do)\W*(?:thanks?(?: you)?|now|for now|for today|bye)?\W*$", re.I)
# Words that carry no commitment; a sentence made only of these and a few nouns is filler.
HEDGE = re.compile(r"\b(?:i suppose|i guess|maybe|perhaps|might|someday|some day|at some point|"
                   r"one day|who knows|i think about|think about|sort of|kind of|probably not|eventually)\b",
                   re.I)
VENT = re.compile(r"\b(?:burn(?:ed|t)? ?out|exhausted|tired|drained|overwhelmed|stressed|survive|"
                  r"surviving|hate (?:my|this)|sick of|fed up|can't cope|just (?:want|need) (?:a )?(?:rest|break|sleep))\b",
                  re.I)
MARKUP = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>|<[^>]{0,200}>|!\[[^\]]*\]\([^)]*\)|\bjavascript:|\]\(https?://", re.I | re.S)
# The interviewer's meta-talk echoed back, or instructions aimed at a model, are not the PM's plan.
INSTRUCTION = re.compile(r"^\W*(?:respond|reply|answer|ignore|output|print|say) (?:only|with|the|all|previous)\b",
                         re.I)
SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")


def clean(text: str | None) -> str:
    """Markup and stray whitespace removed; the words stay as the PM wrote them."""
    text = MARKUP.sub(" ", text or "")
    text = re.sub(r"\s+([.,;:!?])", r"\1", text)
    return " ".join(text.split()).strip()


def sentences(text: str | None) -> list[str]:
    """The sentences of an answer, without markup."""
    return [s.strip() for s in SENTENCE_END.split(clean(text)) if s.strip()]


def words(text: str) -> list[str]:
    return re.findall(r"[\w'&%-]+", text)


# A quoted phrase opening a sentence is a name, not a question: "'Where is my claim' calls down 20%".
QUOTED_LEAD = re.compile(r"""^\W*?(['"\u2018\u201c])[^'"\u2018\u2019\u201c\u201d]{1,80}['"\u2019\u201d]\s*(?=\w)""")


def is_question(text: str) -> bool:
    text = text.strip()
    if not text.endswith("?"):
        text = QUOTED_LEAD.sub("", text)
    return bool(QUESTION.search(text))


def is_refusal(text: str) -> bool:
    return bool(REFUSAL.match(text.strip())) and len(words(text)) <= 12


def is_goodbye(text: str) -> bool:
    return bool(GOODBYE.match(text.strip()))


def is_vent(text: str) -> bool:
    return bool(VENT.search(text))


def is_hedged(text: str) -> bool:
    return bool(HEDGE.search(text))


def is_noise(text: str) -> bool:
    """True when a sentence asks, refuses, stops, vents, instructs or says too little to act on."""
    t = clean(text)
    if not t or is_question(t) or is_refusal(t) or is_goodbye(t) or INSTRUCTION.match(t):
        return True
    if MARKUP.search(text or "") and len(words(t)) < 3:
        return True
    return len(words(t)) < 3


def declares(text: str) -> bool:
    """A sentence that states something (an aim, a need, a fact) rather than asking or refusing."""
    return not is_noise(text) and not is_vent(text)


def keep_statements(text: str | None) -> str | None:
    """Only the sentences of a value that state something; None when nothing is left."""
    kept = [s for s in sentences(text) if not (is_question(s) or is_refusal(s) or is_goodbye(s)
                                               or INSTRUCTION.match(s) or is_vent(s))]
    out = " ".join(kept).strip()
    return out or None
