"""The offline reader: a trained model reads intents and slots; rules keep what is regular.

Judgment calls (is this resistance or just uncertainty? which clause names the company? is that
a real question back?) come from linear heads over MiniLM sentence embeddings, trained on the
team's labelled corpus. Rules stay for explicit stop words, numbers, dates, place names and the
closed grammar of job titles.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

import numpy as np

from assistant.interview import rules
from assistant.interview.corpus import CLOSES_SENTENCE, clauses, content_words, sentences
from assistant.interview.courtesy import only_courtesy, says_goodbye, without_courtesies
from assistant.interview.dimensions import ASKED_AS as DIMENSION_ASKED
from assistant.interview.reader_model import CLAUSE_CONTEXT, ReaderModel, features, shared_model, thin_features
from assistant.interview.reading import Reading, SlotValues
from assistant.interview.signposts import LED_BY_COLON, Signpost, read_signposts
from assistant.interview.stages import ALL_SLOTS, VISION_SLOTS
from assistant.interview.slot_values import (
    COMPANY_WORDS, HEADCOUNT, HEDGES, LATER_WORDS, NEGATIVE, VISION_WORDS, company_value, fits_in_passing, free_value,
    has_content, is_value, location_value, lowercase_place, named_place, says_only_size, starts_with_title,
    tidy)
from assistant.interview.state import InterviewState, MoveKind
from assistant.interview.titles import (
    SOMEONE_ELSE, find_title, level_of, rungs_up, speaks_of_a_colleague, speaks_of_someone_else)
from assistant.ladder import Ladder
from assistant.plan.dates import find_dates

MAX_CLAUSES = 12
CLAUSE_ALONE = 0.8
# A clause under a signpost ("People-wise, ...") is as sure of its slot as a clause read alone can be.
POSTED = 0.9
SURE_RESIST = 0.9
# An answer this short is mostly its answer: a lean to declining from the whole of it is the
# answer's own tone, not a refusal said beside it (see the check on picture answers).
SHORT_ANSWER = 15
SURE_IN_PASSING = 0.95
# Later parts that cannot be mistaken for each other out of context: a dated step. Experiences,
# strengths and interests sound too alike to pick up from an answer to something else.
PLAIN_IN_PASSING = ("milestones",)
LOOSE_SLOTS = ("company", "people")
SURE_LOOSE = 0.9
SURE_THIN = 0.9
# The thin head's lean that is enough for a reply of one word of substance (see _read).
LONE_THIN = 0.5
# Questions with no closed form to their answer: a word alone rarely says enough for them.
OPEN_SLOTS = ("people", "experiences", "strengths", "interests", "intersections")
# The note head is a gate on what the clause heads already chose, not a second search: it only
# turns away notes that read as no such thing ("Lah", "To be precise" as a kind of company).
NOTE_ALONE = 0.5
# Questions about the long view: the picture, the near-term aim after a decline, and what the
# target role needs. A non-answer to one of them may be a quiet "not now".
LONG_VIEW_ASKS = (*VISION_SLOTS, "goal", "experiences")
# Where a title named is the PM's own target: the picture, the near-term aim, the check question.
TITLE_ASKS = (*VISION_SLOTS, "goal", "clarify")
# A step and its date often sit in separate sentences; asked for one, the whole answer is it.
WHOLE_ANSWER_SLOTS = ("milestones", "goal")
AGREE, AGREE_CLAUSE = 0.75, 0.6
LIST_ITEM = re.compile(r"\s*[,;]\s*(?:and\s+|plus\s+)?|\s+(?:and|plus)\s+", re.I)
# A number that stands on its own ("from 9 to 14 percent", "3x"); "v3" or "Q2" is a name, not a result.
RESULT = re.compile(r"\b\d|\b(doubled|tripled|halved|quadrupled|twice|half|a third|\d+x)\b", re.I)
# A number in what someone else needs or does ("They need retention after day 30") is no result
# of the PM's: evidence is what they did.
THEIR_NEED = re.compile(r"^\W*(?:and\s+|but\s+|so\s+)?(?:they|the company|the business|leadership|"
                        r"management|the team|customers|users|players|he|she)\b", re.I)
# "Senior something": a title-shaped guess with the role left blank is not a title yet.
VAGUE = re.compile(r"\b(?:something|somewhere|whatever|stuff|thing|idk|dunno|not sure)\b", re.I)
# A refusal whose object is the long view itself ("I can't think five years out", "I won't plan
# further than that") is sure, whatever title is named beside it.
NAMES_THE_LONG_VIEW = re.compile(r"\b(?:five|5|ten|10|three|3|few|several|many)[\s-]+years?\b|\bthat far\b|"
                                 r"\blong[- ]term\b|\blong view\b|\bplan\w*\s+(?:ahead|further|that far)\b|"
                                 r"\bthe future\b|\bso long\b|\bso far ahead\b|\byears\s+(?:away|out|ahead|from now|down the "
                                 r"(?:line|road))\b|\bbig picture\b|\bthat far out\b|\bfurther (?:out|ahead)\b", re.I)
# Asked for a milestone, committing to steps is what they may decline.
NAMES_THE_PLAN = re.compile(r"\b(?:plan|planning|dates?|deadlines?|commit\w*|decid\w*|promis\w*|steps?)\b", re.I)
PLAN_ASKS = ("milestones", "goal")
# Keeping to the near term by choice ("I'd rather keep to this summer", "one season at a time"):
# the other way of saying no to the years ahead. "Not only this quarter" asks for more.
KEEPS_TO_NOW = re.compile(r"(?<!\bnot )\b(?:rather|only|just|stick to|keep to|stay with)\b[^.;]{0,30}\b(?:this|the coming)\s+"
                          r"(?:summer|winter|spring|autumn|fall|season|quarter|half|year|month)\b|"
                          r"\bone (?:season|day|week|month|quarter|step) at a time\b", re.I)
# "A long-term roadmap, not only the next season": "not only" adds, it negates nothing.
ADDS_TO = re.compile(r"\bnot\s+(?:only|just|merely|simply)\b", re.I)
# Having quit something is said in a closed set of ways: "done with", "finished planning".
QUITS = re.compile(r"\b(?:done|finished|through)\s+(?:with\b|planning|plotting|thinking|imagining)", re.I)
# Negation is a closed class: "I think in five years that is realistic" names the long view
# and declines nothing.
# "Too far" declines as plainly as "not": "Five years is too far" refuses the view it names.
NEGATION = re.compile(r"\b(?:not|no|never|nothing|nobody|none|cannot|rather|without)\b|n't\b|\bcant\b|\bdont\b|"
                      r"\btoo\s+(?:far|long|much|soon|early|big)\b", re.I)
# Where they are today, said beside where they want to be.
NOW = re.compile(r"\b(?:now|currently|at the moment|these days|right now|today)\b|\bi(?:'m| am) (?:based|living) in\b",
                 re.I)
# A number moved ("from 18 thousand to 27 thousand", "by 12 percent"): owning a metric, shown.
MOVED_NUMBER = re.compile(r"\bfrom\b[^.;]{0,30}\d[^.;]{0,30}\bto\b[^.;]{0,20}\d|\d+(?:\.\d+)?\s*(?:%|percent|"
                          r"per cent|points|pp)\b", re.I)
WISH = re.compile(r"\bi(?:'d| would)\s+(?:really\s+)?(?:like|love)\s+to\b|"
                  r"\bi\s+(?:really\s+)?(?:want|hope|plan)\s+to\b|\bi'?m\s+(?:keen|eager|excited)\s+to\b", re.I)
# How many people report to them, described: part of the job named, not who they want around them.
# A word said of the PMs ("a team of curious PMs") says who they are: not a count alone.
SPAN_OF_CONTROL = re.compile(r"\b(?:a few|few|(?:a )?couple of|two|three|four|five|six|several|some|many|multiple|\d+|a team of|"
                             r"a group of)\s+(?:(?:or|to)\s+\w+\s+|of\s+|senior\s+|junior\s+|other\s+|product\s+)*"
                             r"(?:PMs|product managers|teams|squads|pods)\b|"
                             r"\breport(?:ing|s)? (?:in )?to me\b|\bunder me\b|\blooks? after\b", re.I)
FIRST_PERSON = re.compile(r"\b(?:I|I'm|I'd|I'll|I've|me|myself)\b", re.I)
# A short clause opening on a time preposition ("by the end of Q2", "before Diwali") is a date.
WHEN = re.compile(r"^\W*(?:by|before|until|till|within|in|after|around|during|over|next|this|end of|at the end)\b", re.I)
# How a picture of the future brings in its company and its people: "at a company that...",
# "with people who...". The heads still have to hear the slot; the grammar only vouches.
INTRODUCES = {
    "company": re.compile(r"^\W*(?:and\s+|ideally\s+)?(?:at|for|in|inside|joining)\s+(?:a|an|one of the|some)\s", re.I),
    "people": re.compile(r"^\W*(?:and\s+|ideally\s+)?(?:(?:with|alongside|among|surrounded by)\s|"
                         r"(?:the\s+)?(?:people|colleagues|teammates|team)\s+(?:would|will|should|who|that|i'?d)\b|"
                         r"(?:a|the)\s+(?:bench|crew|bunch|mix|handful)\s+of\s)", re.I),
}
# A clause the picture's grammar introduces needs only an even lean of a head ("with more
# autonomy" or "with equity" get none; "with a crew of engineers" does).
CUED = 0.5
GREETING = re.compile(r"^(?:(?:dear|hi|hello|hey|good (?:morning|afternoon|evening))\b[^,.!:;]{0,30}[,.!:;]\s*)?"
                      r"(?:(?:many\s+)?thanks?(?:\s+you)?(?:\s+(?:so|very)\s+much)?\s+for\s+(?:the|your|this|that|"
                      r"asking|following|checking)\b[^.!]{0,30}[.!]\s*)?", re.I)
SIGN_OFF = re.compile(r"(?:[.!]|^)\s*(?:(?:kind|best|warm|warmest|many|with)\s+(?:regards|thanks|wishes)|regards|"
                      r"best|cheers|sincerely|yours(?:\s+\w+)?|many thanks|thanks again)\b[\s,.!]*(?:[A-Z]\w*[.!]?)?\s*$",
                      re.I)
ASKS_WHAT_WE_MEAN = re.compile(r"\b(?:what do (?:you|u) mean|what does (?:that|this|it) mean|(?:can|could) (?:you|u) "
                               r"(?:explain|clarify|rephrase)|do (?:you|u) mean)\b|"
                               r"(?:^|[,:]\s*)(?:so\s+)?(?:you|u) mean\b[^.!?]*\?", re.I)
FILLER = re.compile(r",\s*(?:um+|uh+|erm+|er|hm+|you know|like|i mean|sort of|kind of)\s*,(?=\s)", re.I)
SPACED_SLASH = re.compile(r"\.?\s+/\s+")
# A short question asking what we meant ("Intersections of what, sorry?", "Meaning which people?"):
# a question word and the mark, in a message too short to be an answer with a tag on it.
WHAT_OF = re.compile(r"^[^.!?]*\b(?:what|which|whom?|how|meaning)\b[^.!?]*\?\W*$", re.I)
ALTERNATIVE = re.compile(r"^[^.!?]*\w[^.!?]*,?\s+or\s+[^.!?]*\w[^.!?]*\?\W*$", re.I)
# A question typed without its mark: "what do you mean by people", "can u explain".
UNMARKED_QUESTION = re.compile(r"(?:^|[.!;]\s+)(?:what|how|which|who|why|can|could|would|do|does|should)\b"
                               r"[^.!?]{0,60}\b(?:you|u)\b", re.I)
QUESTION_WORD = re.compile(r"^(what|how|who|why|when|where|which|is|are|do|does|can|could|would|"
                           r"should|will|did|have|has)\b", re.I)


# Slots whose plain answer needs no grammar to recognise: whatever it says is about them. A title
# needs a title, a place a place, a step a step; the long view's parts get a check instead (on
# the corpus test split, defaulting goal and milestones cost more precision than it won).
DEFAULT_TO_ASKED = ("experiences", "strengths", "interests", "intersections")
# Slots whose value needs a grammar or a gazetteer to vouch for it: loose words never fill them.
GRAMMAR_SLOTS = ("title", "location")

class OfflineReader:
    """Reads an answer with the trained model; no network, no API key."""

    def __init__(self, ladder: Ladder, model: ReaderModel | None = None) -> None:
        self.ladder = ladder
        self.model = model or shared_model()

    def read(self, answer: str, state: InterviewState, history: list[tuple[str, str]]) -> Reading:
        return read_answer(answer, asked_context(state), self.ladder, self.model,
                           on_record=state.slots.get("title"),
                           place_on_record=state.slots.get("location"), current_rank=state.current_rank,
                           record=state.slots)


def asked_context(state: InterviewState) -> str:
    """What the last question was about, as the corpus names it."""
    if state.moves and state.moves[-1] is MoveKind.CLARIFY and state.checking in (None, "resistance"):
        return "clarify"
    return state.asked or "title"


def read_answer(answer: str, asked: str, ladder: Ladder, model: ReaderModel | None = None,
                on_record: str | None = None, place_on_record: str | None = None,
                current_rank: int | None = None, record: Mapping[str, str] | None = None) -> Reading:
    """One answer, read against the question it answers; `on_record` is the title stored so
    far, which a correction is likely to replace; `record` is every part stored so far, which
    a strike-out ("scrap Bath from before") names by what it holds."""
    model = model or shared_model()
    text = " ".join(answer.split())
    # Spoken fillers set off by commas ("people who are, you know, actually disabled") and a
    # slash for a line break ("Group PM. / many teams") only split what was said as one.
    text = SPACED_SLASH.sub(". ", FILLER.sub(" ", text)).strip()
    # Letter courtesies ("Dear interviewer, thank you for the question. ... Kind regards.") frame
    # an answer and are no part of it: a closed set of forms, cut before reading.
    framed = SIGN_OFF.sub("", GREETING.sub("", text)).strip()
    # "Many thanks for your time. Best regards, Marta": the letter's courtesies were all of it.
    letter_only = bool(text) and not framed.strip(" .,;:!-—")
    if len(framed.split()) >= 2:
        text = framed
    if not only_courtesy(text):
        # "Thanks! A Series B fintech. Cheers", "Shukran. Dubai or Riyadh.": in any language
        # the thanks around an answer are no part of it.
        text = without_courtesies(text)
    if asked != "clarify" and (letter_only or only_courtesy(text)):
        # "Thank you so much, sorry for rambling.", "Khop khun krub": no answer to store, and no
        # refusal either. A goodbye ends the talk; thanks alone earn a check that they are done.
        leaving = says_goodbye(text) or (letter_only and bool(SIGN_OFF.search(text)))
        return Reading(answers_question=False, end_requested=leaving,
                       doubt=None if leaving else "end_requested", source="offline")
    whole = _read(text, asked, ladder, model, on_record, place_on_record, current_rank, record)
    asking = whole.question_back
    rest = " ".join(text.replace(asking, " ").split()) if asking else ""
    if asking and len(content_words(rest)) >= 4:
        # "What do you mean by people, the team or the customers? For the team I want designers
        # who argue...": the question is answered, and what follows it answers ours. Read
        # without the question, the rest is heard as plainly as if it came alone.
        # Whether they decline is still judged on all they said, the question included.
        return _read(rest, asked, ladder, model, on_record, place_on_record, current_rank, record).model_copy(
            update={"question_back": asking, "resistance": whole.resistance, "doubt": whole.doubt})
    return whole


def _read(text: str, asked: str, ladder: Ladder, model: ReaderModel, on_record: str | None,
          place_on_record: str | None, current_rank: int | None,
          record: Mapping[str, str] | None = None) -> Reading:
    parts = clauses(text)[:MAX_CLAUSES] or [text]
    # "As for people, ...", "Quick fix on people first, ...": the parts they named, read as
    # named, with the bare signposts left out of what is read for slots.
    signs = read_signposts(parts, {k: v for k, v in (record or {}).items() if v and k != asked})
    if any(s.slot or s.only_signpost for s in signs) and not all(s.only_signpost for s in signs):
        signs = [s for s in signs if not s.only_signpost]
        parts = [s.text for s in signs]
    else:
        signs = [Signpost(None, p, False, False) for p in parts]
    vectors = model.embed([text, *parts])
    x = features(vectors[:1], [asked])
    cx = features(vectors[1:], [asked] * len(parts))
    ax = features(vectors[1:], [CLAUSE_CONTEXT] * len(parts))
    head = model.heads["intent"]
    probs = dict(zip(head.labels, head.probabilities(x)[0]))
    clause_probs = dict.fromkeys(head.labels, 0.0)
    per_clause = head.probabilities(cx)
    # "Please continue", "carry on", "next question": asking for more is never a goodbye, though
    # the stop head hears the two alike (they are near in meaning to it).
    going_on = [bool(rules.CARRY_ON.search(part)) for part in parts]
    per_clause[np.array(going_on, dtype=bool), head.labels.index("stop")] = 0.0
    thresholds_by_index = dict(zip(head.labels, head.thresholds))
    # A clause that refuses or says goodbye is never the answer to a slot, whatever else it names.
    refusing = [any(per_clause[i, head.labels.index(k)] >= thresholds_by_index[k] for k in ("resist", "stop"))
                for i in range(len(parts))]
    if len(parts) > 1:
        # A long answer can bury one "I can't think that far" among friendly context: the
        # strongest clause is heard too, but alone it earns a check question, not a verdict.
        clause_probs = dict(zip(head.labels, per_clause.max(axis=0)))
    thresholds = dict(zip(head.labels, head.thresholds))
    intents = {label: p for label, p in probs.items() if p >= thresholds[label]}
    if rules.CARRY_ON.search(text) and not rules.LEAVING.search(text):
        intents.pop("stop", None)
    stop_at = int(per_clause[:, head.labels.index("stop")].argmax()) if len(parts) > 1 else 0
    # "ok fine." before an answer is a lead-in; a goodbye closes the message. A closing clause
    # alone ("...I like routing. Done.") is settled below: after a real answer it is only a doubt.
    stop_clause = clause_probs["stop"] >= thresholds["stop"] and stop_at == len(parts) - 1 \
        and "stop" not in intents
    asked_back = _question(text)
    if "question" in intents and not ((asked_back and not RHETORICAL.search(asked_back)) or _asks_us(text)
                                       or UNMARKED_QUESTION.search(text)):
        # A question back is grammar before it is meaning: with no question mark and no
        # "what do you mean" shape, the head heard a tone ("let's not build the path to
        # director"), not a question to answer.
        intents.pop("question")
    if clause_probs["question"] >= thresholds["question"] and _question(text):
        intents.setdefault("question", float(clause_probs["question"]))
    if _asks_us(text) or ASKS_WHAT_WE_MEAN.search(text) or _asks_which(text):
        intents.setdefault("question", 1.0)
    if "content" not in intents and len(parts) > 1:
        # "Nothing much. Keep doing it well, so I will.": being content can be said in one
        # clause while the whole leans to declining; the clause must be sure of it and hear it
        # above any refusal in the same words.
        content_by_clause = per_clause[:, head.labels.index("content")]
        resist_in_it = per_clause[:, head.labels.index("resist")]
        if any(c >= thresholds["content"] and c > r for c, r in zip(content_by_clause, resist_in_it)):
            intents["content"] = float(content_by_clause.max())
    words = len(text.split())

    stop_said = "stop" in intents or bool((words <= 12 and rules.END.search(text))
                                          or (words <= 20 and rules.LEAVING.search(text)))
    stop = stop_said or stop_clause
    skip = "skip" in intents or bool(words <= 12 and rules.SKIP.search(text))
    # "Pass." to the first question about the years ahead: the question, or the whole long view?
    # A bare skip there is asked about, not taken as leave to go on picturing.
    passes_on_picture = skip and asked == "title" and words <= 6 and not find_title(text)
    skip = skip and not passes_on_picture
    lo, hi = model.doubt_band
    # A clause that says no to the years ahead in so many words ("Truthfully I don't want to
    # think that far ahead") needs only the doubt band's lean: the grammar carries the rest.
    resist_by_clause = per_clause[:, head.labels.index("resist")]
    # Asked for the plan's steps, the plan is the view: "I prefer not to decide now" says no to it.
    names_view = (lambda part: NAMES_THE_LONG_VIEW.search(part) or NAMES_THE_PLAN.search(part)) \
        if asked in PLAN_ASKS else NAMES_THE_LONG_VIEW.search
    # A sentence runs over its commas: "To plan what I need over five years, when I don't know
    # to whom I report next month, is not possible for me now" names the years in one clause and
    # says no in another. Each clause is heard with the rest of its sentence.
    whole_sentence = _sentence_of_each(parts)
    declines_view = [bool(resist_by_clause[i] >= lo and (
        (names_view(whole_sentence[i]) and NEGATION.search(ADDS_TO.sub("", whole_sentence[i])))
        or KEEPS_TO_NOW.search(part)))
        for i, part in enumerate(parts)]
    clause_resist = clause_probs["resist"] >= hi or (len(parts) > 1 and any(declines_view))
    # "I have to go, let's pick this up another time" is a goodbye, not a view on the future.
    resist = "resist" in intents and not (stop_said and rules.LEAVING.search(text))
    doubt = None
    if not resist and asked != "clarify" and not stop and not skip and lo <= probs["resist"] < hi:
        # "I'd rather pass on that one. Next question?" passes on the question; it keeps the
        # long view open, so there is nothing to check.
        doubt = "resistance"
    elif not resist and asked != "clarify" and not stop and clause_resist:
        doubt = "clause"  # settled below: a clause alone counts only if the question went unanswered
    # Only the whole answer's lean, with no clause that refuses on its own: settled below.
    leans_only = doubt == "resistance"
    if passes_on_picture and not resist and not stop:
        doubt = "resistance"
    if doubt in (None, "clause") and not resist and not stop and asked != "clarify" and not WISH.search(text) \
            and _sets_the_question_aside(text, asked):
        doubt = "declined"  # settled below: a check, unless the rest of the answer answers
    evasive = not ({"unsure", "question", "skip", "correction", "reopen", "content"} & set(intents))
    if doubt is None and not resist and not stop and asked in LONG_VIEW_ASKS and evasive:
        doubt = "nothing"  # a non-answer to the long view: ask, don't push; settled after slots
    disclosed = set(model.heads["sensitive"].decide(x)[0])
    # The word list is a privacy floor for sharing, not a judgment: "health-tech" trips it too.
    sensitive = sorted(disclosed | {name for name, rx in rules.SENSITIVE.items() if rx.search(text)})

    answer_head = model.heads["answer_slot"]
    spoken = answer_head.decide(x)[0]
    for label, p, t in zip(answer_head.labels, answer_head.probabilities(x)[0], answer_head.thresholds):
        if label in VISION_SLOTS and label not in spoken and p >= AGREE * t:
            spoken[label] = -float(p)  # a weaker vote: kept only if a clause agrees (see _assign)
    assigned = _assign(model, cx, ax, spoken, asked, bool(resist or stop_said or skip), parts)
    # Vagueness is judged by a head trained on answers written to be vague or specific and on
    # the tuning personas' replies; a needless probe of a complete answer costs more than a
    # vague one kept, so only a sure reading counts. The cut (SURE_THIN) was set on
    # persona-grouped cross-validation over the tuning personas: at 0.9, 64 of 84 vague
    # replies probed and 6 of 1,864 complete ones; at 0.95, 54 and 1. With word specificity
    # beside the encoder (cross-validated by persona, tuning personas and held-out 10 together),
    # 0.9 probes 82 of 104 vague replies and 14 of 2,503 complete ones.
    thin_head = model.heads["thin"]
    p_thin = float(thin_head.probabilities(thin_features(x, [text]))[0, 0])
    # One word of substance ("Data.", "Visibility.", "Humans, ideally."), asked something open:
    # of such replies in the tuning personas 17 of 22 were thin, so the head's lean is enough
    # there; a word it reads as specific ("Pricing.", "logistics") is kept.
    lone_word = asked in OPEN_SLOTS and len(content_words(text) - HEDGES) == 1
    says_little = p_thin >= max(SURE_THIN, thin_head.thresholds[0]) or (lone_word and p_thin >= LONE_THIN)
    # Where nothing was answered and nothing declined, the choice is between asking a little
    # more and a "not now, or not sure?" check: the head's own cut is enough to ask more.
    leans_little = p_thin >= thin_head.thresholds[0]
    # "Possibly the story around a launch more than the launch itself": a hedge in front of
    # something specific is still the answer; "not sure, the usual" is not.
    hedged = "unsure" in intents and not leans_little and len(content_words(text)) >= 4
    if asked in DEFAULT_TO_ASKED and not (
            resist or stop_said or skip or doubt not in (None, "nothing")
            or ({"question", "correction"} | (set() if hedged else {"unsure"})) & set(intents)):
        # A plain answer the slot heads could not place, wholly or in part ("Ramadan behaviour.
        # Orders at 3 am.", asked what absorbs them), answers what was asked: nothing in it
        # refuses, doubts or asks.
        loose = [i for i, row in enumerate(assigned) if not row and has_content(parts[i])]
        if sum(len(content_words(parts[i])) for i in loose) >= 2:
            for i in loose:
                assigned[i][asked] = 0.5
    if "question" in intents:
        # The question they put to us ("What do you mean by that?") is not their answer to ours.
        asking = _asks_us(text) or _question(text) or ""
        assigned = [{} if part.strip() and part.strip() in asking and part.rstrip().endswith("?") else row
                    for row, part in zip(assigned, parts)]
    if resist or stop_said:
        # Only inside a refusal: a clause that merely mentions "the three-year plan" in a plain
        # answer is not one. A title the grammar finds in it is kept: the policy decides.
        assigned = [({k: v for k, v in row.items() if k == "title" and find_title(part)}
                     if no and len(parts) > 1 else row)
                    for row, no, part in zip(assigned, refusing, parts)]
    else:
        refusing = [False] * len(parts)
    posted = {s.slot for s in signs if s.slot}
    if posted:
        # A clause under a signpost is about the part it names, whatever the heads heard; a
        # part named somewhere is not picked up from the clauses outside its signpost.
        assigned = [({s.slot: max(row.get(s.slot, 0.0), POSTED)} if s.slot and not no and has_content(part)
                     else {k: v for k, v in row.items() if k not in posted})
                    for row, s, no, part in zip(assigned, signs, refusing, parts)]
        if any(s.corrects for s in signs if s.slot):
            intents.setdefault("correction", 1.0)
    evidence_rows = model.heads["evidence"].decide(cx)
    # "Not Berlin, Hamburg" said later: negating what is on record is a correction by grammar.
    negated = [v for v in (on_record, place_on_record) if v and re.search(
        rf"\b(?:not|no longer|rather than|instead of)\s+(?:the\s+|a\s+|an\s+)?{re.escape(v)}\b",
        text, re.I)]
    if (negated or rules.CORRECTING.search(text)) and not resist:
        intents.setdefault("correction", 1.0)
    # "My boss, she's a Director, came over from our Chicago office": a clause in a sentence
    # about a colleague, with no "I" of its own, tells where they are, not where the PM wants.
    theirs = {c for sentence in sentences(text) if speaks_of_a_colleague(sentence)
              for c in clauses(sentence) if not FIRST_PERSON.search(c)}
    slots = _slot_values(parts, assigned, "correction" in intents, asked, on_record, refusing,
                         judge=lambda slot, notes: _reads_as(model, slot, notes), theirs=theirs,
                         posted={p for p, s in zip(parts, signs) if s.slot})
    if asked == "people" and not slots.get("people") and len(text.split()) <= 6 and not (
            resist or stop_said or skip or doubt not in (None, "nothing")
            or {"unsure", "question", "correction"} & set(intents)) and len(text.split()) >= 2 \
            and has_content(text) and not VAGUE.search(text):
        # "Direct. Kind.": asked who, a few words of description describe them, though no
        # clause names a person for the slot heads to see.
        slots["people"] = tidy(text, 6)
    if asked == "title" and not slots.get("title") and not (resist or stop_said):
        # Asked for a title, one the grammar finds in a clause of their own is the answer, though
        # the clause heads missed it ("Applications engineer. Not PM."): a title is a closed form.
        named = [find_title(p) for p in parts if p not in theirs and not speaks_of_someone_else(p)
                 and not NEGATIVE.search(tidy(p, 10))]
        if any(named):
            slots["title"] = next(t for t in named if t)
    corrects_title = "correction" in intents
    if asked not in TITLE_ASKS and corrects_title and not (negated or rules.CORRECTING.search(text)):
        # Past the picture a change of title must be said where the title is: "fill the PM seat
        # we're missing, then raise the title at review time" corrects nothing it names.
        leaning = per_clause[:, head.labels.index("correction")] >= AGREE_CLAUSE * thresholds["correction"]
        corrects_title = any(lean and find_title(part) for lean, part in zip(leaning, parts))
    if asked not in TITLE_ASKS and not corrects_title:
        # Past the picture, a title named is someone else's or a rung in passing ("one new PM
        # in my team by year end", "find a mentee, the new APM"): only a correction moves the
        # target there.
        slots.pop("title", None)
    same = on_record and slots.get("title") and (
        slots["title"].lower() in on_record.lower() or on_record.lower() in slots["title"].lower())
    about_place = bool(negated) and negated == [place_on_record]
    if corrects_title and ("title" not in slots or same) and not about_place:
        # "I said director but I meant Group PM": a correction that names a title is about it.
        corrected = find_title(text, last=True, instead_of=on_record)
        if corrected and "title" not in slots or (corrected and same and corrected != slots["title"]):
            slots["title"] = corrected
    if "correction" in intents and place_on_record:
        # "Not Berlin, Hamburg": a correction that names places changes the one on record.
        named = [p for p in (location_value(text) or "").split(", ") if p]
        fresh = [p for p in named if p.lower() not in place_on_record.lower()]
        if fresh:
            slots["location"] = fresh[-1]
    if asked == "location" and not (resist or stop_said) and "correction" not in intents:
        # Asked where, the place they name is the answer and the place they are now is context
        # ("Piraeus. Near my family. I'm in Hamburg now."): the gazetteer vouches for both names,
        # the tense tells them apart.
        named = [(location_value(p), bool(NOW.search(p))) for p in parts
                 if not NEGATIVE.search(tidy(p, 10)) and not speaks_of_someone_else(p)]
        wanted = list(dict.fromkeys(v for v, now in named if v and not now))
        if wanted and [v for v, now in named if v and now]:
            slots["location"] = ", ".join(wanted[:2])
    if asked == "location" and not location_value(slots.get("location") or "") and not (resist or stop_said):
        # A place the gazetteer's city list lacks ("Whistler area, or the Okanagan", "KL. Or
        # Penang") is still a name: asked where, a proper name in their own clause answers,
        # and beats a note no name vouches for ("near my mum").
        # Of a clause that goes on to someone else, what comes before them is still the PM's
        # own ("Somerset, down the lane from my partner's family farm"); "my sister's in Leeds"
        # leaves nothing.
        mine = [p for p in (_before_someone_else(p) for p in parts if p not in theirs) if p]
        own = " ".join(mine)
        # A name the gazetteer knows comes first ("Aizawl still. I will not leave Mizoram"):
        # only where it knows none does any capitalised clause stand for a place.
        known = location_value(" ".join(p for p in mine if not NEGATIVE.search(tidy(p, 10))))
        place = known or named_place(own) or lowercase_place(own)
        if place:
            slots["location"] = place
    if asked == "title" and "location" not in slots and not (resist or stop_said):
        # Asked for the picture, a place named in the same answer as their title ("Head of
        # Product in a fintech of Madrid") is where: the gazetteer vouches for the name, and a
        # place said of someone else is left out above.
        places = [location_value(p) for p in parts if not speaks_of_someone_else(p)
                  and not NEGATIVE.search(p) and p not in theirs]
        places = list(dict.fromkeys(p for p in places if p))
        if len(places) == 1:
            # Only when the whole picture names one place ("...a firm of fifty down in Cardiff
            # Bay that makes vet software"), whichever clause carries it.
            slots["location"] = places[0]
    steps = rungs_up(text) if asked == "title" and "title" not in slots and not resist else None
    above = ladder.by_rank(current_rank + steps) if steps is not None and current_rank is not None else None
    if above is not None:
        slots["title"] = above.title  # "two rungs up from where I am" names a rung of the ladder
    title = slots.get("title")
    target_level = None
    if title:
        target_level = level_of(title, ladder) or model.nearest_level(title)
    evidence = [_verbatim(p.strip(" ,.;"), text) for p, row in zip(parts, evidence_rows)
                if row and RESULT.search(p) and len(p.split()) >= 3 and not THEIR_NEED.search(p)]
    experiences = [p.strip(" ,.;") for p, row in zip(parts, assigned) if "experiences" in row]
    # Asked what the role needs, every clause they give is part of the answer ("I'm owning the
    # revenue number" counts, even where the slot head hears a strength).
    spoken_of = experiences
    if asked == "experiences":
        spoken_of = [p.strip(" ,.;") for p, no in zip(parts, refusing) if not no or len(parts) == 1]
    unsure = "unsure" in intents or (words <= 5 and bool(rules.SHRUG.search(text)))
    if unsure and (words <= 5 or says_little):
        # "not sure, maybe" or "I don't really have an answer for that one" is not an answer to
        # keep, however a slot head reads it; a title the grammar finds is ("Senior product
        # owner. Probably."), and so is a place the gazetteer knows ("Vilnius. Sometimes Riga
        # maybe.").
        slots = {k: v for k, v in slots.items()
                 if (k == "title" and find_title(text)) or (k == "location" and location_value(v))}
    filled = {k: v for k, v in slots.items() if v}
    said_no = len(parts) > 1 and any(refusing)
    # A title in the grammar is an answer however tired the words around it ("exhausted this
    # week, but yes: Director"): short of a sure refusal, check rather than back off.
    # Naming the years is not declining them ("Can, five years. Director."): the clause must
    # also say no in words.
    names_the_view = any(no and NAMES_THE_LONG_VIEW.search(part) and NEGATION.search(part)
                         for no, part in zip(refusing, parts))
    # The same clause heard on its own, whatever the whole answer scored.
    names_the_view = names_the_view or any(
        resist_by_clause[i] >= thresholds["resist"] and NAMES_THE_LONG_VIEW.search(part) and NEGATION.search(part)
        for i, part in enumerate(parts))
    titled = asked == "title" and bool(filled.get("title")) and not names_the_view
    # A refusal in words: a clause sure to decline that negates, quits, keeps to the near term,
    # passes or stops ("I'd rather not", "I'm done planning past this quarter", "one season at a
    # time", "Pass."). "Honestly I am not far" leans to declining and negates, but is not sure.
    refuses_in_words = any(
        (resist_by_clause[i] >= hi or len(parts) == 1)
        and (NEGATION.search(part) or QUITS.search(part) or KEEPS_TO_NOW.search(part)
             or rules.SKIP.search(part) or rules.END.search(part) or rules.LEAVING.search(part))
        for i, part in enumerate(parts))
    # Wanting something ahead ("a portal project next year, I would like to be part of it") is
    # looking ahead, whatever horizon it names: short of a sure refusal, check.
    wishes = bool(WISH.search(text)) and not names_the_view
    # "Five-year plans are corporate astrology. Anyway: CPO.": what is said last carries the
    # decision. An answer to the question after the last refusing clause is taking part, unless
    # the refusal said no to the years themselves ("I can't think five years out right now, my
    # dad is in hospital. Maybe VP one day.").
    last_no = max((i for i, no in enumerate(refusing) if no), default=None)
    goes_on = last_no is not None and asked != "clarify" and not names_the_view and any(
        asked in row or (asked == "title" and find_title(part))
        for row, part in zip(assigned[last_no + 1:], parts[last_no + 1:]))
    # "For staying, nothing special": content where they are is an answer about the long view,
    # not a refusal of it (resistance and content both read high on it).
    content_not_no = "content" in intents and not names_the_view
    if not resist and names_the_view and asked != "clarify" and not stop and probs["resist"] >= lo:
        # A clause that surely refuses and says no to the years themselves ("But honestly I
        # can't think five years out, not with the baby") needs only the doubt band's lean from
        # the whole: the grammar and the clause carry the rest, whatever cut the whole has.
        resist, doubt = True, None
    if asked == "clarify" and not resist and not stop and not content_not_no and probs["resist"] >= lo \
            and max(probs["unsure"], probs["reopen"]) < probs["resist"] / 2:
        # The check already asked "not now, or not sure yet?": its answer chooses between the
        # two, so a lean to declining at least twice any lean to trying is the choice, though
        # it falls short of the cut a refusal out of the blue needs ("No no, I am not confused.
        # I just don't go far like that. This season is fine."). Willing without doubt has no
        # label of its own ("I'm game", "No, I'm up for it!" lean .7 to declining and .6 to
        # unsure), hence twice, not merely more.
        resist = True
    if resist and (goes_on or content_not_no):
        resist, doubt = False, "resistance"
    elif resist and skip and asked != "clarify" and not names_the_view and probs["resist"] < SURE_RESIST:
        # "I'd rather pass on that one. Next question?": the words of a skip, short of a sure
        # refusal and naming no years, pass on the question and keep the long view open.
        resist, doubt = False, None
    elif resist and asked == "clarify" and (_leans_willing(parts, per_clause, head, probs, model) or (
            filled and probs["resist"] < SURE_RESIST and not names_the_view)):
        # The answer to "not now, or not sure yet?" chooses between the two: one that leans
        # more to trying than to declining ("Five years? Absolutely, let's go. VP."), or that
        # goes on to answer something, short of a sure "not now", is willing.
        resist = False
    elif resist and asked != "clarify" and not names_the_view and (
            probs["resist"] < SURE_RESIST or not refuses_in_words):
        # Short of sure, a refusal that does not name the long view ("maternal health
        # follow-up", asked what absorbs them, read as a tired "not now") is checked: one kind
        # question costs a turn, a false back-off locks the long view away. A refusal of the
        # years ahead said in so many words is honoured at once; so is a sure one that says no
        # in its grammar. "Probably still something in elder care. It feels like it matters."
        # says no nowhere, whatever the encoder hears in care and duty: at any question, as
        # about today, it is checked.
        resist, doubt = False, "resistance"
    elif resist and asked in filled and asked != "clarify" and probs["resist"] < SURE_RESIST \
            and not names_the_view and (not said_no or titled or wishes):
        # A direct answer to the question that only sounds like a refusal ("clinicians who
        # tell me when a screen costs them time at a bedside"): check, never assume. A false
        # back-off locks the long view away; one check question costs a turn.
        resist, doubt = False, "resistance"
    elif doubt == "resistance" and asked in filled and not names_the_view and ("question" in intents or wishes):
        # Only a faint hint of refusal, in an answer that answers and asks us back or wants
        # something ahead ("Where do you think that fits? ...maybe I could pair with the
        # forecasting team"): that is taking part, not declining. No check.
        doubt = None
    elif doubt == "resistance" and leans_only and asked in VISION_SLOTS and filled.get(asked) and not says_little \
            and words <= SHORT_ANSWER \
            and not any(declines_view[i] or resist_by_clause[i] >= hi
                        or (resist_by_clause[i] >= lo and NAMES_THE_LONG_VIEW.search(part))
                        for i, part in enumerate(parts)):
        # A specific answer to the picture question ("Penfold, like I said. It's the place that
        # feels like mine", "Aizawl still. I will not leave Mizoram") whose only hint of
        # declining is the whole answer's lean: staying put and loyalty sound like a no to the
        # encoder. Only a short answer, where what answers is most of what was said: in a long
        # one the lean may come from the rest ("Wherever's still open, I spose. No, honest, I'm
        # not doing the crystal-ball bit..."). Still checked: a clause sure to decline ("So I've
        # retired from drawing maps of my future"), or one that leans to declining and speaks of
        # the years ahead ("Five year plans are corporate astrology. Anyway: CPO."); "I won't
        # leave Meghalaya" is emphasis, as "We're not going anywhere" is below.
        doubt = None
    # Words that are the answer are no disclosure beside it: "a medical imaging software
    # company" is a kind of company, not something hard at home.
    answer_words = set(re.findall(r"\w+", (filled.get(asked) or "").lower()))
    beside = " ".join(w for w in re.findall(r"[\w']+", text) if w.lower() not in answer_words)
    hard_at_home = bool(disclosed) or any(rx.search(beside) for rx in rules.SENSITIVE.values())
    if doubt in (None, "nothing") and not resist and not stop and asked in VISION_SLOTS and hard_at_home and (
            "unsure" in intents or "skip" in intents or clause_probs["unsure"] >= thresholds["unsure"]
            or clause_probs["skip"] >= thresholds["skip"]):
        # "Where... this one I cannot tell you. My mother is not well": something hard at home,
        # beside not saying, is more often a quiet "not now" than a gap in the picture. Check.
        doubt = "resistance"
    asks_more = False
    if doubt == "nothing" and not filled and leans_little and probs["resist"] < lo and asked in ALL_SLOTS \
            and asked != "title":
        # "Sorry, more of everything?": vague, with no hint of declining in it. Not a quiet
        # "not now" to check, an answer to ask a little more about; its words wait meanwhile.
        # A place is a name: "somewhere nice and warm, haha" is asked about, and nothing waits.
        note = free_value([text], LATER_WORDS)
        if asked in GRAMMAR_SLOTS:
            doubt, asks_more = None, True
        elif note and has_content(note):
            filled[asked] = note
    if rules.SKIP.search(text):
        # "No comment.", "Next.", "Skip this one, but for company...": the words of a skip are
        # no answer to the question skipped.
        filled = {} if words <= 6 else {k: v for k, v in filled.items() if k != asked}
    if doubt == "nothing":
        doubt = None if filled or (words < 3 and not rules.BARE_NO.search(text)) else "resistance"
    if doubt == "declined":
        # "I don't want to guess too wildly, but group PM feels right": what follows the no
        # answers, and the no was a hedge. Only an answer from the other clauses counts.
        aside = [_sets_the_question_aside(p, asked) for p in parts]
        rest = content_words(" ".join(p for p, no in zip(parts, aside) if not no))
        said_no = content_words(" ".join(p for p, no in zip(parts, aside) if no))
        answered = asked in filled and len((content_words(filled[asked]) & rest) - said_no) >= 2
        doubt = None if answered else "resistance"
    if doubt == "clause":
        # A clause that declines beside an answer ("Cape Town. We're not going anywhere.") is
        # emphasis, unless what it declines is the long view itself ("Berlin, I guess. Honestly
        # I don't want to think that far.") or the question for now ("...or somewhere I have
        # never heard of. I prefer not to draw that map now."): then check.
        view_declined = not WISH.search(text) and any(
            (declines_view[i] or (resist_by_clause[i] >= thresholds["resist"]
                                  and NOW.search(part) and NEGATION.search(part)))
            for i, part in enumerate(parts))
        # What is said last carries the decision, as above: sarcasm before it is no answer.
        _keep_what_reads_as_asked(model, asked, filled, resist_by_clause[-1] >= hi)
        doubt = None if asked in filled and not view_declined else "resistance"
    if stop_said and not resist and asked in VISION_SLOTS and asked != "title" and words <= 6 and not filled \
            and not rules.LEAVING.search(text) and not says_goodbye(text):
        # "Rather stop there.", asked about the picture once it has begun: stop the picture, or
        # the talk? A short stop with no goodbye in it says either; the check offers a shorter
        # view and stopping alike, where ending at once would lose the rest of the talk.
        stop, doubt = False, "resistance"
    if doubt == "resistance":
        # The same when the whole answer leans to declining and the sure no comes last.
        _keep_what_reads_as_asked(model, asked, filled, len(parts) > 1 and resist_by_clause[-1] >= hi)
    if stop_clause and not stop_said and asked in filled:
        # They answered; ask before ending. But where a clause before the closing one said no
        # ("The rest I prefer not... Let us keep the title and stop there."), what they close
        # is more likely the picture than the talk: the check that offers a shorter view, or
        # skipping it, asks both at once, and "keep going" can no longer wave the no away.
        # The lean the closing clause kept from being a check comes back here.
        # A no said as a sentence of its own; "a fintech, about two hundred people, no more than
        # that" limits the answer it is part of.
        opens = [i == 0 or bool(CLOSES_SENTENCE.search(parts[i - 1])) for i in range(len(parts) - 1)]
        declined_before = probs["resist"] >= lo or any(
            p >= hi and own for p, own in zip(resist_by_clause[:-1], opens))
        stop, doubt = False, doubt or ("resistance" if declined_before and asked != "clarify" else "end_requested")
    elif stop_clause and not stop_said and asked != "clarify" and (
            probs["resist"] >= lo or bool((resist_by_clause[:-1] >= hi).any())):
        # "I'd rather not pin dates on any of that... Let's leave it": with nothing answered,
        # what a closing clause after a no leaves is what the no was about, most likely the
        # years ahead. The check offers a shorter view and stopping alike.
        stop, doubt = False, doubt or "resistance"
    # "Nice people", "something bigger": it answers, but leaves nothing specific to note. The
    # policy asks once more and keeps these words if nothing better comes.
    # A rung of the ladder is as specific as a title gets, whatever hedging surrounds it
    # ("Group PM, I'd hope, somewhere it means something").
    on_ladder = asked == "title" and bool(filled.get("title")) and level_of(filled["title"], ladder) is not None
    vague = asked in filled and asked in ALL_SLOTS and says_little and not on_ladder and not (
        resist or stop or skip or doubt or {"question", "correction"} & set(intents))
    return Reading(
        answers_question=asked in filled if asked in ALL_SLOTS else bool(filled),
        thin=((unsure or words < 3 or asks_more) and not filled) or vague,
        slots=SlotValues(**filled),
        resistance=resist,
        unsure=unsure,
        content="content" in intents,
        skip=skip and asked not in filled,
        end_requested=stop,
        reopen="reopen" in intents,
        correction="correction" in intents,
        target_title=title,
        target_level=target_level,
        horizon_years=rules.horizon(text),
        strength_evidence=evidence,
        experiences_listed=experiences if "experiences" in filled else [],
        covered_dimensions=sorted(set(covered(spoken_of, ladder, model))
                                  | ({"metrics"} if asked == "experiences" and any(
                                      MOVED_NUMBER.search(e) for e in evidence) else set()))
        if "experiences" in filled else [],
        sensitive=sensitive,
        disclosed=bool(disclosed),
        question_back=(_asks_us(text) or _question(text)) if "question" in intents else None,
        confidence=float(max(probs["resist"], 1 - probs["resist"])),
        doubt=doubt,
        source="offline",
    )


def _assign(model: ReaderModel, cx, ax, spoken: dict[str, float], asked: str,
            declining: bool, parts: list[str]) -> list[dict[str, float]]:
    """Clauses per slot. The answer-level head says which slots are spoken to and the clause
    head (read with the question asked) says where; a clause read on its own, whatever was
    asked, can add a slot the PM volunteered, when it is sure."""
    head, alone = model.heads["slot"], model.heads["slot_any"]

    def fits(slot: str, i: int) -> bool:
        return slot == asked or fits_in_passing(slot, tidy(parts[i], 40))

    probs, probs_alone = head.probabilities(cx), alone.probabilities(ax)
    rows: list[dict[str, float]] = [{} for _ in range(len(probs))]
    for j, slot in enumerate(head.labels):
        column = probs[:, j]
        if slot in spoken and spoken[slot] < 0:
            # Two weaker votes that agree: the whole answer leans this way and one clause does.
            best = [max(column[i], probs_alone[i, j]) if fits(slot, i) else 0.0
                    for i in range(len(column))]
            chosen = [int(np.argmax(best))] if len(best) and max(best) >= AGREE_CLAUSE else []
        elif slot in spoken:
            chosen = [i for i, p in enumerate(column) if p >= head.thresholds[j]]
            cued = [i for i in range(len(parts)) if slot in LOOSE_SLOTS and _introduced(parts[i]) == slot]
            if not chosen and cued:
                # The whole answer speaks of it and the picture's grammar brings one clause in
                # as it ("..., and with people who have stood on a quay at five"): that clause.
                chosen = [max(cued, key=lambda i: max(column[i], probs_alone[i, j]))]
            if not chosen and len(column) and (slot == asked or slot != "people"
                                               or _introduced(parts[int(column.argmax())]) == "people"):
                # The whole answer speaks of it and no clause stands out: the likeliest one, but
                # not for a team in passing, which nothing checks after (a company's note is
                # read again alone, a title or place must fit the grammar or the gazetteer).
                chosen = [int(column.argmax())]
        else:
            chosen = [i for i, p in enumerate(column) if p >= max(head.thresholds[j], CLAUSE_ALONE)]
        if slot != asked and slot in VISION_SLOTS:
            # Only the picture's concrete parts (a title, a city...) are safe to pick up in
            # passing; strengths, interests and experiences sound too alike out of context.
            chosen += [i for i, p in enumerate(probs_alone[:, j])
                       if p >= max(alone.thresholds[j], CLAUSE_ALONE) and i not in chosen]
        if slot != asked and slot in LOOSE_SLOTS and slot not in spoken:
            # A company or a team has no gazetteer to vouch for it ("Tentatively", "Lord
            # willing" read as companies): in passing, unvoted by the whole answer, a clause
            # both heads are sure of counts, or one the heads lean to that the grammar of the
            # picture introduces ("..., with a crew of closers who think like owners").
            cued = [i for i in range(len(parts))
                    if INTRODUCES[slot].search(parts[i]) and max(column[i], probs_alone[i, j]) >= CUED]
            chosen = [i for i in chosen if min(column[i], probs_alone[i, j]) >= SURE_LOOSE and i not in cued] + cued
        if declining and slot == asked and slot not in spoken:
            chosen = []  # the words of a refusal are not an answer to the question
        for i in chosen:
            rows[i][slot] = float(max(column[i], probs_alone[i, j]))
    if not declining:
        # A later part said early and unmistakably ("By March I'll run the pricing test", in
        # answer to what energises them): kept, but only for a clause nothing else claimed.
        for j, slot in enumerate(alone.labels):
            if slot not in PLAIN_IN_PASSING or slot == asked:
                continue
            for i in range(len(rows)):
                # A milestone said early carries its date: "If you'll follow me" is no step.
                if not rows[i] and probs_alone[i, j] >= SURE_IN_PASSING and find_dates(parts[i], date.today()):
                    rows[i][slot] = float(probs_alone[i, j])
    return rows


def _verbatim(clause: str, text: str) -> str:
    """The stretch of what they typed that a clause came from: a clause joins a short fragment
    to its neighbour with a comma ("We, cut the fitting time..."), and a quote must be theirs."""
    words = re.findall(r"[^\s,;]+", clause)
    # Between two words, what the clause splitter took out: a comma, or "and", "but", "also"...
    gap = r"(?:[\s,;]+(?:(?:and|but|so|though|plus|also)\s+)?)"
    found = re.search(gap.join(map(re.escape, words)), text) if words else None
    return found.group(0) if found else clause


def _sentence_of_each(parts: list[str]) -> list[str]:
    """For each clause, the whole sentence it belongs to: clauses run on until one ends in . ! ?"""
    out: list[str] = []
    start = 0
    for i, part in enumerate(parts):
        if CLOSES_SENTENCE.search(part) or i == len(parts) - 1:
            sentence = ", ".join(parts[start:i + 1])
            out += [sentence] * (i + 1 - start)
            start = i + 1
    return out


def _keep_what_reads_as_asked(model: ReaderModel, asked: str, filled: dict[str, str], no_said_last: bool) -> None:
    """Before a sure refusal said last, the notes of a company or team answer must read as one
    when heard alone: "Sure, and next I'll read you the tea leaves. No, I'm done with the
    fortune-telling part" is sarcasm before the no, not a team."""
    if not no_said_last or asked not in filled or asked not in LOOSE_SLOTS:
        return
    notes = [n for n in filled[asked].split("; ") if n]
    kept = [n for n, ok in zip(notes, _reads_as(model, asked, notes)) if ok]
    if kept:
        filled[asked] = "; ".join(kept)
    else:
        filled.pop(asked)


def _reads_as(model: ReaderModel, slot: str, notes: list[str]) -> list[bool]:
    """Whether each note, read alone, is that slot's kind of note: the clause heads judged a
    clause with its neighbours, but what is stored is the note."""
    head = model.heads["note"]
    j = head.labels.index(slot)
    probs = head.probabilities(features(model.embed(notes), [CLAUSE_CONTEXT] * len(notes)))[:, j]
    return [bool(p >= min(NOTE_ALONE, head.thresholds[j])) for p in probs]


THING_PRONOUN = re.compile(r"^\W*(?:its|it|it's|this|that|these|those|which)\b", re.I)


def _before_someone_else(clause: str) -> str:
    """The clause up to where it starts to speak of someone else."""
    found = SOMEONE_ELSE.search(clause)
    return clause[:found.start()].strip(" ,;:-") if found else clause


def _named_role(clause: str) -> str | None:
    """A role the ladder does not know, named in a few words ("Puzzle editor.", "I want to be a
    park ranger", "Plainly: puzzle editor"): the frame around it goes, and what is left must be
    short and say something. The length is counted after the frame, so a sentence that only
    wraps a role in "I'd like to be" is kept, and a clause that describes ("leaving product to
    set crosswords") is not."""
    clause = LED_BY_COLON.sub("", clause)
    value = re.sub(r"^(?:an?|the)\s+(?=\w)", "", tidy(clause, 6), flags=re.I)
    named = bool(value) and re.search(r"\b(?:an?|the)\s+" + re.escape(value.split()[0]), clause, re.I)
    # "I'd like to be happy" wraps no role: past the frame, a role comes with its article.
    if not value or value.endswith("…") or len(value.split()) > 4 or VAGUE.search(value) \
            or NEGATIVE.search(value) or (len(clause.split()) > 4 and not (
                named and not re.search(r"\b(?:who|that|which|where|whose)\b", value, re.I))):
        return None
    return value[:1].upper() + value[1:]


def _one_loose_slot(part: str, row: dict[str, float], asked: str | None = None) -> dict[str, float]:
    """A clause says one thing: "at a company that sells to the people who bill by the hour" is
    the company, though it names people. Claimed by both loose slots, it goes to the one its
    opening grammar brings in ("..., with a crew of sellers who..."), else to the one we asked
    about, else to the likelier."""
    if not all(slot in row for slot in LOOSE_SLOTS):
        return row
    keep = _introduced(part) or (asked if asked in LOOSE_SLOTS else None) or max(
        LOOSE_SLOTS, key=lambda slot: row[slot])
    return {k: v for k, v in row.items() if k not in LOOSE_SLOTS or k == keep}


# Turning the talk to today's work instead of answering: "Ask me about the warehouse project",
# "Let's look at today's work instead", "let's do something else".
TURNS_AWAY = re.compile(
    r"\b(?:ask me about|let'?s (?:talk about|look at|do|stick to|stay with|focus on|get back to|chat about)|"
    r"can we (?:talk about|look at|do|stick to|focus on|chat about)|i'?d (?:rather|sooner) (?:talk about|focus on|"
    r"stick to)|(?:just )?let me talk about|i'?ll (?:gladly |happily )?tell you about)\b[^.?!]{0,60}"
    r"\b(?:instead|something else|today|now|current|this (?:sprint|release|quarter|week|project)|"
    r"right now|actually got|real)\b", re.I)
def _sets_the_question_aside(text: str, asked: str) -> bool:
    """ "Ask me about the checkout bug instead", "I don't want to guess": the question itself set
    aside, in so many words. Grammar says they decline; whether the long view or only this
    question is theirs to say, so it earns a check, never a back-off. Talking about today's work
    answers the questions about today (strengths, interests) unless it is "instead"."""
    about_now = asked in (*LONG_VIEW_ASKS, "intersections")
    return bool(DECLINES_QUESTION.search(text) or INSTEAD.search(text) or (about_now and TURNS_AWAY.search(text)))


INSTEAD = re.compile(r"\b(?:instead\b(?!\s+of)|something else\b|anything else\b|move on to\b)", re.I)
# Saying no to the question in so many words: "I don't want to guess", "I won't list strengths
# for a job I don't have", "not gonna play that game", "I'd like to decline this".
DECLINES_QUESTION = re.compile(
    r"\b(?:i\s+)?(?:don'?t|do not|won'?t|will not|am not going to|'m not going to|not gonna|no)\s+"
    r"(?:really\s+)?(?:want(?:ing)? to\s+|wanna\s+|like to\s+)?(?:think (?:about (?:it|this|that)|(?:that|this) way|"
    r"like (?:that|this)|in (?:that|those) terms)|imagine|guess|go there|play (?:that|this)|"
    r"answer|list|speculate|get into)\b|\bdecline (?:this|that|the question|to answer)\b|"
    r"\bnot (?:really )?(?:up for|interested in) (?:that|this)\b|\bhard no\b|\bpark (?:that|this)(?: one)?\b|"
    r"\blet'?s (?:quit|drop|skip|leave|stop) (?:that|this|it)\b|\bleave (?:that|this|it)(?:'?n)? be\b|"
    r"\b(?:can'?t|cannot) (?:think about|go into|answer|deal with) (?:this|that|it|what)\b", re.I)
# "Anywhere near the sea", "close to my parents": a phrase of place, by its first word.
LOCATIVE = re.compile(r"^(?:near|nearer|by|close to|closer to|anywhere|around|outside|within|"
                      r"on the|in the|at the|wherever|back home|home)\b", re.I)
# "At a young company, around eighty people, that keeps vaccines cold...": the comma split the
# company from the relative clause that says what kind it is. Relative pronouns are a closed set.
RELATIVE = re.compile(r"^\W*(?:that|which|whose|where)\s", re.I)


def _with_its_relative(parts: list[str], clause: str) -> str:
    """A short company clause with the relative clause after it (past a size aside), if any;
    a clause that stops at a size ("The company I picture is, um, a small,") with the rest of
    its noun phrase ("earnest outfit ... that builds routing software")."""
    i = parts.index(clause) if clause in parts else -1
    if 0 <= i < len(parts) - 1 and says_only_size(company_value(clause) or "") \
            and not re.search(r"[.!?]\W*$", clause) and not _aside(parts[i + 1]):
        return f"{clause}, {parts[i + 1]}"
    if i < 0 or len(clause.split()) > 5:
        return clause
    j = i + 1
    if j < len(parts) and (HEADCOUNT.match(parts[j]) or says_only_size(parts[j])):
        j += 1
    return f"{clause} {parts[j]}" if j < len(parts) and RELATIVE.match(parts[j]) else clause


def _aside(part: str) -> bool:
    """What cannot carry on a company's noun phrase: a head count, a person, a no, a new speaker."""
    return bool(HEADCOUNT.match(part) or INTRODUCES["people"].search(part) or NEGATIVE.search(tidy(part, 10))
                or FIRST_PERSON.search(part) or RELATIVE.match(part))


def _introduced(part: str) -> str | None:
    """The loose slot the clause's opening grammar brings in, if only one does."""
    found = [slot for slot, rx in INTRODUCES.items() if rx.search(part)]
    return found[0] if len(found) == 1 else None


def covered(experiences: list[str], ladder: Ladder, model: ReaderModel) -> list[str]:
    """Ladder dimensions the PM's listed experiences touch: by the ladder's own keywords, or by
    meaning ("three or four PMs whose growth is on me" is people leadership), which a head
    trained on labelled experience clauses hears (assistant/interview/dimensions.py)."""
    if not experiences:
        return []
    found = set(ladder.covered(experiences))
    # A list said as one run-on ("a bigger area, owning churn, and mentoring a junior PM") names
    # one thing per item: each item is read on its own as well as the whole.
    items = [i for e in experiences for i in LIST_ITEM.split(e) if len(i.split()) >= 2]
    said = [*experiences, *(i for i in dict.fromkeys(items) if i not in experiences)]
    for row in model.heads["dimension"].decide(features(model.embed(said), [DIMENSION_ASKED] * len(said))):
        found |= set(row)
    return sorted(found)


def _slot_values(parts: list[str], assigned: list[dict[str, float]], correction: bool,
                 asked: str, on_record: str | None = None,
                 refusing: list[bool] | None = None, judge=None, theirs: set[str] = frozenset(),
                 posted: set[str] = frozenset()) -> dict[str, str]:
    refusing = refusing or [False] * len(parts)
    assigned = [_one_loose_slot(part, row, asked) for part, row in zip(parts, assigned)]
    by_slot: dict[str, list[str]] = {}
    for part, row in zip(parts, assigned):
        for slot in row:
            if slot in LOOSE_SLOTS and _introduced(part) not in (None, slot):
                continue  # "with a bunch of sellers who...": brought in as people, not as a company
            by_slot.setdefault(slot, []).append(part)
    surest = {slot: sorted(found, key=lambda c: -assigned[parts.index(c)][slot])
              for slot, found in by_slot.items()}
    values: dict[str, str] = {}
    for slot, found in by_slot.items():
        if slot == "people":
            found = [c for c in found if not starts_with_title(c)]
        if slot != asked:
            # In passing, a clause about someone else ("Dave just made VP at a bank in
            # Cleveland") says nothing about where or what kind of place the PM wants.
            # A clause under the slot's own signpost was said as its answer.
            found = [c for c in found if c in posted or fits_in_passing(slot, tidy(c, 40))
                     and not (slot != "title" and (speaks_of_someone_else(c) or c in theirs))
                     # "Maybe at a bigger company", said with the title: how big, not what kind,
                     # which is still to ask.
                     and not (slot == "company" and not correction
                              and says_only_size(_with_its_relative(parts, c)))]
            surest[slot] = [c for c in surest[slot] if c in found]
        if judge and slot == "company" and found and (slot != asked or any(map(find_title, found))):
            # A company kept from a clause that also said something else (a title beside it, or
            # an answer to another question) must read as one on its own: "Group product
            # manager, lah" leaves "lah", and "lah" is no kind of company. (Notes on people
            # read too much alike, junk or not, for the same check to tell them apart.)
            # A clause the picture's grammar brings in as the company ("..., at an organisation
            # that lends to women who run market stalls") is vouched for already.
            notes = [company_value(c) or "" for c in found]
            kept = {c for c, note, ok in zip(found, notes, judge(slot, [n.rstrip("…") or "-" for n in notes]))
                    if ok or note == "Current company" or _introduced(c) == "company"}
            found = [c for c in found if c in kept]
            surest[slot] = [c for c in surest[slot] if c in kept]
        if slot == "people" and slot != asked:
            # Heard in passing, "with its act together", said of a company, is no one to work
            # with: a note that opens on a thing's pronoun is about a thing. (The note head was
            # tried here: it turned away real people in rich first answers on 4 tuning personas.)
            found = [c for c in found if not THING_PRONOUN.match(free_value([c], VISION_WORDS) or "")]
        if not found:
            continue
        joined = ", ".join(found)
        if slot == "title":
            # A short title the grammar does not know is kept only when a title was asked for:
            # in passing ("Hm, bigger? Sorry.", asked about people) it is no title at all.
            value = find_title(joined, last=correction,
                               instead_of=on_record if correction else None) or (
                # Beside other clauses, one another slot claims more surely ("Company: a
                # fintech") names no role; alone, it answers what was asked.
                next(filter(None, map(_named_role, [
                    c for c in surest[slot] if len(parts) == 1 or max(
                        assigned[parts.index(c)].values()) <= assigned[parts.index(c)][slot]] + [
                    p for p, row in zip(parts, assigned) if LED_BY_COLON.match(p) and not row])), None)
                if slot == asked else None)
        elif slot == "location":
            # "Not Berlin again. Madrid.": the place they want, not the one they rule out.
            wanted = [c for c in found if not NEGATIVE.search(tidy(c, 10))]
            value = (location_value(", ".join(wanted)) if wanted else None) or location_value(joined)
            if not (value and is_value(value)):
                # A place the gazetteer does not know is a short name ("the Algarve", "somewhere
                # warm") or a phrase of place ("anywhere near the sea"), never a sentence
                # ("onboarding touches three teams here").
                short = tidy(joined, 8)
                value = short if asked == "location" and (
                    len(short.split()) <= 3 or (len(short.split()) <= 8 and LOCATIVE.match(short)
                                                and not VAGUE.search(short))) else None
        elif slot == "company":
            # "Not a bank again. Something in edtech.": the kind they want, not the one they don't.
            wanted = [c for c in surest[slot] if not NEGATIVE.search(tidy(c, 10))] or surest[slot]
            value = next((v for v in (company_value(_with_its_relative(parts, c)) for c in wanted)
                          if v and is_value(v)), None)
            # "An insurer, but a digital one": two parts of one kind of company, kept in the
            # order said when they fit in a short note. (Keeping the part said first when they
            # do not was tried: company notes on the tuning corpus fell from .68 to .64.)
            said = [v for v in map(company_value, [c for c in found if c in wanted])
                    if v and is_value(v) and v != "Current company"]
            if slot == asked and len(said) > 1:
                both = f"{said[0]}, {said[1][:1].lower()}{said[1][1:]}"
                value = both if len(both.split()) <= COMPANY_WORDS else value
            elif value == "Current company" and said:
                # "This place. Linen and homeware, family-run.": where they are, and what it is.
                value = f"Current company: {said[0][:1].lower()}{said[0][1:]}"
        elif slot in ("people",):
            if slot != asked and asked == "title":
                # "A few PMs reporting to me" said with the title is the size of the job, not
                # the people they want around them.
                found = [c for c in found if not SPAN_OF_CONTROL.search(c)]
            who = [c for c in found if not HEADCOUNT.match(c)]
            found = who if who or slot != asked else found
            value = free_value(found, VISION_WORDS) if found else None
        elif slot == asked and slot in WHOLE_ANSWER_SLOTS:
            # "By the end of the year. Ship the new onboarding." is one step: when the clauses
            # found are only its date, the action beside it belongs to it too. So does the
            # clause right after a short one ("By the end of Q2, two shadowing sessions done,
            # written up"), which the step's date leads.
            found = [p for i, (p, no) in enumerate(zip(parts, refusing)) if p in found or (
                i and not no and parts[i - 1] in found and len(parts[i - 1].split()) <= 6
                and WHEN.match(parts[i - 1]))]
            value = free_value(found, LATER_WORDS)
            if value and len(value.split()) <= 6:
                value = free_value([p for p, no in zip(parts, refusing) if not no], LATER_WORDS)
        else:
            value = free_value(found, LATER_WORDS)
        if value and not (is_value(value) if slot in VISION_SLOTS else has_content(value)):
            value = None
        if value:
            values[slot] = value
    return values


ASKS_US = re.compile(r"\b(?:you|your|yours)\b", re.I)
# Asking us to judge their own answer ("Is that enough, or am I missing something?", "Should I
# say a title or the kind of work?"): an aux verb, then that, this, it or I.
ASKS_ABOUT_THEIR_ANSWER = re.compile(r"^(?:is|was|would|will|does|do|should|can|could|am)\s+"
                                     r"(?:that|this|it|i)\b|^(?:may|can|could|should)\s+i\s+ask\b", re.I)


# Saying a question is coming ("can I ask you something?", "by the way") marks the question
# sentence as put to us; a long question about the ladder or the session is put to us too,
# unless it is one of the rhetorical shrugs.
ASKING = re.compile(r"\b(?:can|could|may) i ask\b|\bquick question\b|\blet me ask\b|\bby the way\b", re.I)
RHETORICAL = re.compile(r"\bwho knows\b|\bwhat'?s the point\b|\bwhy bother\b|\bwho can say\b|"
                        r"\bwhat (?:more|else) could (?:i|anyone|one)\b|\bcould i possibly\b|"
                        r"\bhow (?:would|should|could) (?:i|anyone) know\b|\bwhat do i know\b", re.I)
ABOUT_THE_TALK = re.compile(r"\b(?:levels?|ladder|rungs?|promotions?|session|conversation|plan|who (?:sees|reads)|"
                            r"saved|stored|recorded|private|confidential|shared|my manager)\b", re.I)
LEAD = re.compile(r"^(?:[\w']+\s+){0,4}[\w']+,\s+")


def _asks_us(text: str) -> str | None:
    """A sentence shaped as a question and put to us ("What do you think matters most?",
    "Would you say writing is a strength?"): grammar, not a judgment. "You know?" is too short."""
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", text)]
    announced = bool(ASKING.search(text))
    for sentence in sentences:
        bare = LEAD.sub("", sentence)
        if ASKING.search(sentence) and re.search(r"\b(?:something|a question|first)\W*$", sentence):
            continue  # "can I ask you something?" announces the question; it is not it
        worded = QUESTION_WORD.search(sentence) or QUESTION_WORD.search(bare)
        if sentence.endswith("?") and not RHETORICAL.search(sentence) and worded and (
                (announced and len(sentence.split()) >= 5)
                or (re.match(r"(?i)(?:what|how|which|who|where|when)\b", bare) and len(bare.split()) >= 7
                    and (find_title(sentence) or ABOUT_THE_TALK.search(sentence)))
                or (re.match(r"(?i)(?:is|are|does|do|will|would|can|could|should)\b", bare)
                    and len(bare.split()) >= 4 and ABOUT_THE_TALK.search(sentence))):
            return sentence
    for sentence in sentences:
        # A short one ("Is that the dream?") is more often rhetorical than asked.
        put_to_us = ASKS_US.search(sentence) or (ASKS_ABOUT_THEIR_ANSWER.search(sentence)
                                                 and len(sentence.split()) >= 6)
        # "Strengths, do you want mine or theirs?": a word set off before the question leads it.
        worded = QUESTION_WORD.search(sentence) or QUESTION_WORD.search(LEAD.sub("", sentence))
        if sentence.endswith("?") and worded and put_to_us \
                and len(sentence.split()) >= 4 and not re.match(r"(?i)(?:do|did) you know\b", sentence):
            return sentence
    return None


def _asks_which(text: str) -> str | None:
    """A short sentence asking what we meant: "Intersections of what, sorry?", or which of two
    things ("City or country?", "My team, or the customers?"). Two titles or places offered
    ("Director or VP?", "Berlin or Munich?") are them weighing an answer, not asking us."""
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        sentence = sentence.strip()
        if not sentence.endswith("?") or len(sentence.split()) > 10 or RHETORICAL.search(sentence):
            continue
        if (len(sentence.split()) <= 8 and WHAT_OF.search(sentence)) or (
                ALTERNATIVE.search(sentence) and not find_title(sentence) and not location_value(sentence)):
            return sentence
    return None


def _leans_willing(parts: list[str], per_clause: np.ndarray, head, probs: dict,
                   model: ReaderModel) -> bool:
    """Whether an answer to "not now, or not sure yet?" leans to trying. A clause that denies
    being unsure ("It is not that I lack an answer") sounds unsure to the head, which hears the
    topic and not the negation: it is weighed without those clauses."""
    unsure, reopen, resist = (head.labels.index(k) for k in ("unsure", "reopen", "resist"))
    denied = [i for i, part in enumerate(parts) if rules.NOT_THAT.search(part)
              and per_clause[i, unsure] >= per_clause[i, resist]]
    if denied and len(denied) < len(parts):
        rest = " ".join(part for i, part in enumerate(parts) if i not in denied)
        row = head.probabilities(features(model.embed([rest]), ["clarify"]))[0]
        return max(row[unsure], row[reopen]) >= row[resist]
    return max(probs["unsure"], probs["reopen"]) >= probs["resist"]


def _question(text: str) -> str | None:
    """The sentence that asks; a bare framing word with a question mark does not count. Asking
    what we meant is a question with or without its mark ("what do you mean by people")."""
    for sentence in reversed(re.split(r"(?<=[.!?])\s+", text)):
        if "?" in sentence and (len(sentence.split()) >= 4 or QUESTION_WORD.search(sentence)
                                or _asks_which(sentence)):
            return sentence.strip()
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        if ASKS_WHAT_WE_MEAN.search(sentence):
            return sentence.strip()
    return None


def evidence_in(text: str, model: ReaderModel | None = None) -> list[str]:
    """Verbatim stretches of `text` that show a result (a manager's notes, a pre-work answer)."""
    return read_answer(text, "strengths", _ladder(), model).strength_evidence


def _ladder() -> Ladder:
    from assistant.ladder import load_ladder

    return load_ladder()
