"""The offline reader: transparent rules that turn an answer into a `Reading`.

Each rule is a phrase list a person can read and extend. They favour recall on what matters
most for the PM's wellbeing (resistance, stopping, private topics) over precision elsewhere.
"""

from __future__ import annotations

import re

from assistant.interview.reading import Reading, SlotValues
from assistant.interview.stages import VISION_SLOTS
from assistant.ladder import Ladder

END = re.compile(
    r"^\W*(that'?s (enough|all|it|everything)|that covers it|i'?m done|done|stop|"
    r"let'?s (stop|end|wrap( up)?|finish)|we can (stop|end|wrap( up)?)|no more( questions)?|"
    r"nothing (else|more)|end|bye|goodbye|i have to go|gotta go|i need to go|enough)"
    r"(\W+(for (now|today)|here|thanks?|thank you|please|now|it|for me|(for )?today))*\W*$",
    re.I,
)
RESIST = re.compile(
    r"(can'?t|cannot|don'?t want to|do not want to|not able to|unable to|won'?t|rather not|"
    r"not ready to|struggle to|hard to)\s+(really\s+)?(think|plan|look|picture|imagine|go)\b.{0,30}"
    r"(years?|far|ahead|long[- ]term|future|that|now)|"
    r"(five|5|ten|10) years (is|feels|seems) (too|way too|so) (far|long)|"
    r"too far (out|ahead)|one day at a time|not thinking (that far|about the future|long[- ]term)|"
    r"can'?t think (past|beyond)|not the time to (think|plan)|survival mode|just getting through",
    re.I,
)
# Unambiguous wherever they appear in a short message ("Sorry, I have to go, my call is starting").
LEAVING = re.compile(
    r"\b(i (have|need|'ve got) to (go|run|leave|stop)|gotta (go|run)|let'?s (stop|wrap up|end) "
    r"(here|there|now|for (now|today))|that'?s enough for (now|today)|can we (stop|end|wrap up)|"
    r"i'?d like to stop|i want to stop)\b", re.I)
SKIP = re.compile(r"^\W*(skip|pass|next( question)?|rather not say|prefer not to say|no comment)\b", re.I)
UNSURE = re.compile(
    r"\b(not sure|no idea|don'?t know|dunno|haven'?t (really )?thought|never thought|no clue|"
    r"hard to say|not certain|good question|i guess|hmm+|um+|unsure|depends)\b",
    re.I,
)
SENSITIVE = {
    "health": re.compile(
        r"\b(sick|illness|ill\b|cancer|diagnos\w*|hospital\w*|surgery|health|therapy|therapist|"
        r"depress\w*|anxiety|burn(ed|t)? ?out|mental|chronic|disabilit\w*|medical|recovering)", re.I),
    "family": re.compile(
        r"\b(baby|babies|pregnan\w*|newborn|parental leave|maternity|paternity|my kids?|children|"
        r"child\b|divorc\w*|my (parents?|mother|father|mom|dad|wife|husband|partner)|caregiv\w*|"
        r"caring for|elder ?care|funeral|grief|passed away|custody)", re.I),
}
STRENGTH_CUE = re.compile(
    r"\b(i'?m (really )?(good|great|strong|skilled) (at|with)|i am (really )?(good|great|strong)|"
    r"strong \w+er\b|my strengths?|i excel|people (say|tell me) i|i'?m known for|best at|"
    r"i'?m a strong|i do well)", re.I)
INTEREST_CUE = re.compile(
    r"\b(i (really )?(like|love|enjoy)|energi[sz]es? me|excites? me|excited (by|about)|"
    r"passionate|fascinat\w*|i'?m drawn to|curious about|fun for me|interests? me)", re.I)
MILESTONE_CUE = re.compile(
    r"\b(by (the )?(end of )?(jan\w*|feb\w*|mar\w*|apr\w*|may|jun\w*|jul\w*|aug\w*|sep\w*|oct\w*|"
    r"nov\w*|dec\w*|q[1-4]|summer|spring|autumn|fall|winter|next \w+|year[- ]end)|next quarter|"
    r"this quarter|within \w+ (weeks?|months?)|in the next \w+ (weeks?|months?)|"
    r"before (the )?end of)", re.I)
EVIDENCE_VERB = re.compile(
    r"\b(led|launched|shipped|grew|built|hired|scaled|increased|reduced|cut|drove|delivered|won|"
    r"turned around|doubled|tripled|owned|founded|created|mentored|promoted)\b[^.;!?]*", re.I)
EVIDENCE_RESULT = re.compile(r"\b\d+(\.\d+)?\s?%|\balways on time\b", re.I)
COMPANY = re.compile(
    r"\b(compan(y|ies)|startup|start-up|scale-?up|b2b|b2c|saas|enterprise|big tech|faang|agency|"
    r"non-?profit|consultanc\w*|corporat\w*|public company|growth[- ]stage|series [a-e]|fintech|"
    r"healthtech|marketplace|my own (company|business|startup)|org(anisation|anization)?\b)", re.I)
LOCATION = re.compile(
    r"\b(?:in|stay in|move to|based in|live in|living in|near|out of|relocate to)\s+"
    r"((?:the )?[A-Z][a-zA-Z]+(?:[ -][A-Z][a-zA-Z]+)?)|\b(remote(ly)?|anywhere|hybrid|abroad|"
    r"from home|overseas|same city|where i am now)\b")
PEOPLE = re.compile(
    r"\b(work(ing)? with|people who|people that|colleagues|teammates|surrounded by|"
    r"lead(ing)? (other )?(pms|people|teams?)|manag(e|ing) (a team|people|pms)|smart people|"
    r"kind people|team (that|who)|mentors?)\b", re.I)
NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10, "a couple of": 2, "a few": 3, "a": 1}
HORIZON = re.compile(
    r"\b(?:within|in|inside|over the next|next)\s+(\d+|one|two|three|four|five|six|seven|eight|"
    r"nine|ten|a couple of|a few|a)\s+years?\b", re.I)
MIN_WORDS = 4


def read_answer(answer: str, asked: str | None, ladder: Ladder) -> Reading:
    """Read one answer to the question about slot `asked`."""
    text = " ".join(answer.split())
    words = len(text.split())
    sensitive = [name for name, rx in SENSITIVE.items() if rx.search(text)]
    question_back = _question_back(text)
    if (words <= 12 and END.search(text)) or (words <= 20 and LEAVING.search(text)):
        return Reading(answers_question=False, end_requested=True, sensitive=sensitive)
    if SKIP.search(text) and words <= 6:
        return Reading(answers_question=False, skip=True)
    asking_vision = asked in (*VISION_SLOTS, "goal", None)
    resistance = bool(RESIST.search(text)) and asking_vision
    if resistance:
        return Reading(answers_question=False, resistance=True, sensitive=sensitive)

    unsure = bool(UNSURE.search(text))
    # "Remote" or "VP" fully answers a vision detail; open questions deserve more than a word.
    thin = (unsure and words < 14) or (words < MIN_WORDS and asked not in VISION_SLOTS)
    slots = _slots(text, asked, ladder, thin)
    level = ladder.lookup(text) if asked in (*VISION_SLOTS, None) else None
    filled = slots.filled()
    return Reading(
        answers_question=bool(asked in filled) if asked else bool(filled),
        thin=thin and not filled,
        slots=slots,
        target_title=(level.title if level else None) if "title" in filled or asked == "title" else None,
        horizon_years=_horizon(text),
        strength_evidence=evidence_in(text),
        experiences_listed=_items(text) if "experiences" in filled else [],
        covered_dimensions=sorted(ladder.covered([filled["experiences"]])) if "experiences" in filled else [],
        sensitive=sensitive,
        question_back=question_back,
        source="rules",
    )


def evidence_in(text: str) -> list[str]:
    """Verbatim phrases that show a record of results: from the verb on, else the sentence."""
    found: list[str] = []
    for sentence in _sentences(text):
        verb = EVIDENCE_VERB.search(sentence)
        if verb:
            phrase = verb.group(0)
        elif EVIDENCE_RESULT.search(sentence):
            phrase = sentence
        else:
            continue
        phrase = phrase.strip(" ,.;!?")
        if len(phrase.split()) >= 3 and phrase not in found:
            found.append(phrase)
    return found


def _slots(text: str, asked: str | None, ladder: Ladder, thin: bool) -> SlotValues:
    values: dict[str, list[str]] = {}
    sentences = _sentences(text)
    if asked in (*VISION_SLOTS, None):
        _vision(sentences, ladder, values)
    for sentence in sentences:
        cued = False
        if STRENGTH_CUE.search(sentence) and asked not in VISION_SLOTS:
            values.setdefault("strengths", []).append(sentence)
            cued = True
        if INTEREST_CUE.search(sentence) and asked not in VISION_SLOTS:
            values.setdefault("interests", []).append(sentence)
            cued = True
        if MILESTONE_CUE.search(sentence) and asked not in VISION_SLOTS and asked != "goal":
            values.setdefault("milestones", []).append(sentence)
            cued = True
        if not cued and asked and asked not in VISION_SLOTS and not thin:
            values.setdefault(asked, []).append(sentence)
    if asked in VISION_SLOTS and asked not in values and not thin and not values:
        values[asked] = [text]
    if asked == "goal" and not thin:
        values = {"goal": [text]}
    return SlotValues(**{k: " ".join(dict.fromkeys(v)) for k, v in values.items()})


def _vision(sentences: list[str], ladder: Ladder, values: dict[str, list[str]]) -> None:
    for sentence in sentences:
        for clause in re.split(r",\s*(?=(?:at|in|and|with|leading|working|somewhere|maybe|ideally)\b)", sentence):
            level = ladder.lookup(clause)
            if level and "title" not in values:
                values["title"] = [_title_phrase(clause)]
            loc = LOCATION.search(clause)
            if COMPANY.search(clause):
                company = clause[: loc.start()] if loc and loc.start() > 0 else clause
                if level:  # "VP of Product at a B2B company": the company is what follows the title
                    company = company[len(_title_phrase(company)):] or company
                values.setdefault("company", []).append(_bare(company))
            if loc:
                values.setdefault("location", []).append((loc.group(1) or loc.group(2)).strip())
            if PEOPLE.search(clause):
                values.setdefault("people", []).append(_bare(clause))


def _bare(phrase: str) -> str:
    """A phrase without the connective words a sentence wrapped it in."""
    return re.sub(r"^(at|in|with|and|for)\s+", "", phrase.strip(" ,.;"), flags=re.I)


def _title_phrase(clause: str) -> str:
    cut = re.split(r"\b(within|in|at|by|,)\b", clause, maxsplit=1)[0].strip(" .,")
    return cut or clause


def _sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[.!?;])\s+", text)
    return [p.strip() for p in parts if p.strip()]


def _items(text: str) -> list[str]:
    items = []
    for sentence in _sentences(text):
        for part in re.split(r",\s*(?:and\s+)?|;\s*|\s+and\s+(?=\w+ing\b)", sentence):
            part = part.strip(" .")
            if len(part.split()) >= 2:
                items.append(part)
    return items


def _horizon(text: str) -> float | None:
    match = HORIZON.search(text)
    if not match:
        return None
    raw = match.group(1).lower()
    return float(raw) if raw.isdigit() else float(NUMBERS.get(raw, 0)) or None


def _question_back(text: str) -> str | None:
    questions = [s for s in _sentences(text) if s.endswith("?")]
    return questions[-1] if questions else None


def read_notes(notes: str | None) -> list[str]:
    """Evidence of strength in a manager's notes, verbatim."""
    return evidence_in(" ".join(notes.split())) if notes else []
