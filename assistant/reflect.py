"""The follow-up conversation over a saved plan: milestone by milestone, proposing changes a person accepts."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Literal

from pydantic import BaseModel, Field

from assistant.plan import speech
from assistant.plan.checks import is_measurable, is_specific, normalise
from assistant.plan.commitments import IMPERATIVE, QUANTITY, measure_for, own_measure
from assistant.plan.verbs import ACTION
from assistant.plan.dates import business_day, find_dates, parse_due
from assistant.plan.workdays import country_code, working_day
from assistant.plan.schema import Milestone, Origin, Plan, Status
from assistant.plan.semantic import is_filler

DONE = re.compile(r"\b(done|finished|complete[d]?|shipped|launched|delivered|presented|wrapped up|nailed)\b", re.I)
NOT = re.compile(r"\b(not|n't|never|yet to|haven't|hasn't|didn't)\b[^.,;]{0,20}$", re.I)
STARTED = re.compile(r"\b(started|in progress|halfway|half way|underway|working on|on track|begun|began|partly|some progress)\b", re.I)
DROPPED = re.compile(r"\b(drop(ped)?|no longer|not relevant|abandon(ed)?|cancel(l)?ed|give up|gave up|doesn't matter)\b", re.I)
LATER = re.compile(r"\b(push(ed)? (it )?back|delay(ed)?|more time|slipp?(ed|ing)?|behind|postpone[d]?|later than)\b", re.I)
# Only a short message is a command: "End of March." and "Next I want to lead..." are answers.
STOP = re.compile(r"^\s*(stop|that's enough|thats enough|enough for (now|today)|let's stop|end)\b(?!\s+of\b)[^.!?]{0,25}[.!]?\s*$",
                  re.I)
SKIP = re.compile(r"^\s*(skip|pass|next)\b(?!\s+(?:i|we|quarter|month|year|week)\b)[^.!?]{0,25}[.!]?\s*$", re.I)
ISO = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")
SLIP_DAYS = 28  # "I need more time" without a date: propose four weeks, the PM can change it


class NewStep(BaseModel):
    """A step the PM names that the plan does not have yet, as the model reads it."""

    text: str = Field(description="The step in the PM's own words, without 'I'd like to'")
    due: date | None = Field(None, description="The date they named for it, ISO 8601; null if they named none")
    measure: str = Field("", description="How they said anyone could tell it is done; empty if they did not say")


class Update(BaseModel):
    """What the PM said about one milestone, as data: the model fills it, or the rules do."""

    status: Literal["not_started", "in_progress", "done", "dropped"] | None = Field(
        None, description="The milestone's state as the PM describes it now; null if they did not say")
    due: date | None = Field(None, description="A new due date if they moved it, ISO 8601; else null")
    later: bool = Field(False, description="True when they need more time but named no date")
    skip: bool = Field(False, description="True when they want to skip this milestone")
    stop: bool = Field(False, description="True when they want to end the follow-up now")
    new_milestone: NewStep | None = Field(
        None, description="A further step the PM says they want to add to the plan, beyond this milestone; "
                          "null when they name none")
    source: str = "rules"


def read_update(text: str, today: date) -> Update:
    """The rules' reading of an update: transparent patterns, no model."""
    if STOP.match(text):
        return Update(stop=True)
    if SKIP.match(text):
        return Update(skip=True)
    status = None
    done = DONE.search(text)
    if DROPPED.search(text):
        status = "dropped"
    elif done and not NOT.search(text[: done.start()]):
        status = "done"
    elif started := STARTED.search(text):
        status = "not_started" if NOT.search(text[: started.start()]) else "in_progress"
    return Update(status=status, due=_named_date(text, today), later=bool(LATER.search(text)))


class UpdateReader:
    """Reads updates with a chat model when there is one; the rules otherwise, or when it fails."""

    def __init__(self, model=None, method: str = "function_calling") -> None:
        self.chain = None
        if model is not None:
            from assistant.prompts import load_prompt

            self.chain = load_prompt("reflect") | model.with_structured_output(Update, method=method)

    def read(self, text: str, milestone, today: date) -> Update:
        if self.chain is None:
            return read_update(text, today)
        from assistant.prompts import check_inputs

        try:
            update = self.chain.invoke(check_inputs("reflect", {
                "today": today.isoformat(), "milestone": milestone.text,
                "due": milestone.due.isoformat() if milestone.due else "no date",
                "measure": milestone.measure or "not set", "status": milestone.status.value,
                "answer": text}))
        except Exception:  # noqa: BLE001 - an outage or malformed output: the rules still work
            update = None
        if not isinstance(update, Update):
            return read_update(text, today).model_copy(update={"source": "rules-fallback"})
        return update.model_copy(update={"source": "model"})


# New steps the PM names in passing ("I'd also like to run the pricing review by March"). Whether a clause
# names one is learned, not listed: a logistic-regression head over the clause's sentence embedding and a few
# closed word classes (assistant/reflect_steps.py, trained on assistant/data/reflect_steps.yaml). Which words
# are the step, its date and its measure stay rules, where the grammar is regular: the step starts after the
# frame that says who wants it ("I'd also like to", "could you add that I'll", "New goal for me:"), the date
# is the plan's own date grammar, and sentence embeddings say it is not a milestone the plan already has.
DISCOURSE = re.compile(r"^[\s,\-\u2013\u2014:]*(?:(?:also|and|but|so|plus|oh|well|next|then|now|separately|"
                       r"additionally|honestly|finally|lastly|besides|too|really|actually|anyway|though|ok|okay)\b"
                       r"[\s,\-\u2013\u2014:]*)*", re.I)
# Adverbs a speaker slips between "I" and the verb, or after "want to"; the intent is the same without them.
INSERTED = re.compile(r"\b(i|we|i'd|we'd|i'm|we're|i'll|we'll|to)\s+(?:also|really|then|now|still|too|definitely|actually)\b(?=\s+\w)",
                      re.I)
LABEL = re.compile(r":\s*|\s+[-\u2013\u2014]+\s+")  # "New goal for me: cut...", "One more for the plan - write..."
# A new "I ..." after a comma, a conjunction or a "that" ("Could you add that I'll set up...") opens a new clause.
NEW_CLAUSE = re.compile(r",\s*(?:and\s+|but\s+|so\s+|plus\s+)?(?=(?:i|we)\b)"
                        r"|\s+(?:and|but|so|that)\s+(?=(?:i|we)(?:'d|'ll|'m)?\s)", re.I)
# Putting something in the reviewed milestone's place: the thing after "with" is the new step.
REPLACE = re.compile(r"\b(?:replace|replacing|swap|swapping|switch|exchange|trade)\s+(?:it|this|that)(?:\s+one)?\s+"
                     r"(?:with|for|to)\s+", re.I)
# Words that point back at the milestone under review or say nothing of their own ("finish it", "get to it").
BACK = frozenset("it that this them those these one ones rest thing things stuff something everything anything "
                 "bit lot there here you done finished sorted time yet now again first".split())
STOP_WORDS = frozenset("a an the i i'm i'd i'll me my we our us to of in at on for and or but so with be is am are was "
                       "were it its it's that this as by from than then just really also more most some very can "
                       "could would will should get got".split())
# Verbs of growth or of nothing in particular: "get better at", "do more with", "learn about" say no
# deliverable, so only the PM's own number or outcome can show such a step is done.
FUZZY = frozenset("get do make have learn grow improve develop work focus try explore study understand".split())
# ...unless the step names the state it ends in: "get the A/B test live" can be checked, "get better" cannot.
END_STATE = re.compile(r"\b(?:live|launched|shipped|approved|published|in production|rolled out|signed off|"
                       r"agreed|adopted|in place)\b", re.I)
# The frame around a step: who wants it, that they want it, that it should go in the plan. A step starts
# after one of these markers ("I'd like TO run...", "could you ADD that I'll set up...") once the frame's
# small words are skipped; a clause with none opens with the step itself ("Run a lunch-and-learn...").
MARKERS = frozenset("want wants wanting wanna like love plan planning going gonna aim aiming intend hope wish will "
                    "'ll shall should would to add adding imma propose proposing commit goal i'd we'd i'll we'll id "
                    "ill".split())
FRAME = MARKERS | frozenset("i we me i'm we're im you u also really then definitely def actually just please pls "
                            "plz that be is am are a an another new one more milestone milestones step steps goal "
                            "goals item items for myself still too next thing up".split())
NOT_A_START = frozenset("and or but so it i we you he she they is was this that".split())
# Verbs that change a step the plan has rather than name a new one: "push the design sprint back to June".
CHANGE = frozenset("push pushing move moving delay delaying postpone postponing drop dropping remove removing cancel "
                   "cancelling canceling scrap scrapping reschedule rescheduling pause pausing shift shifting "
                   "slip".split())
# A clause that asks whether ("should I add...?", "do you think we should...", "is it worth...") names no step
# yet, unlike a request ("can you add...", "could we add...", "would you add..."), which does.
ASKING = re.compile(r"^(?:hmm+\W*|so\W+)?(?:should|shall|do|does|did|is|are|was|would (?:it|that|adding|a|an)|"
                    r"i wonder|i'm wondering|wondering)\b|^(?:what|how)\b.*\?\s*$", re.I)
QUOTES = re.compile(r"[\"\u201c\u201d]|(?<!\w)'|'(?!\w)")
# What trails a step without being part of it: "... to my plan", "..., add it pls".
TRAILING = re.compile(r"[\s,]*(?:(?:to|on|in|into|onto)\s+(?:my|the|our)\s+plan|,?\s*add it(?:\s+(?:pls|please|plz))?|"
                      r"please|pls|plz|lol|too)\s*[.!?]*\s*$", re.I)
NOVEL = 0.72  # cosine to an existing milestone (dates left out) above which the clause is that milestone
TIE_FLOOR = 0.35  # cosine to a gap or intersection for a new step to be tied to it


class Candidate(BaseModel):
    """A new step as read from the PM's words: complete when it has a date and a way to tell it is done."""

    text: str
    due: date | None = None
    measure: str = ""
    reason: str = ""
    source: str = "rules"
    replaces: bool = False  # said in place of the milestone under review, which is then proposed as dropped

    def specific(self) -> bool:
        return is_specific(self.text) and not is_filler(self.text)

    def complete(self) -> bool:
        return self.due is not None and self.specific() and is_measurable(self.measure)

    def question(self) -> str:
        """One short question for what is missing, never both as two questions."""
        step = (f"In its place: \"{_lower_first(self.text)}\"." if self.replaces
                else f"You'd also like to \"{_lower_first(self.text)}\".")
        if self.due is None and not (self.specific() and is_measurable(self.measure)):
            return f"{step} What would show it is done, and by when?"
        if self.due is None:
            return f"{step} By when would you like it done?"
        return f"{step} What would show it is done?"

    def filled(self, answer: str, today: date, plan: Plan) -> "Candidate":
        """This step with the date or measure the PM gave when asked."""
        said = deadline(answer, today)
        due = self.due or (said if said and said <= plan.horizon_end() else None)
        rest = answer
        for f in find_dates(answer, today):
            if business_day(f.due, today) == said:
                rest = rest.replace(f.phrase, " ")  # the deadline leaves the measure; "the Q3 plan" stays
        rest = re.sub(r"^\W*(?:when|once|if|it's done when|done when)\b\W*", "", " ".join(rest.split()), flags=re.I)
        rest = rest.strip(" ,.;:-")
        measure = self.measure
        if not (self.specific() and is_measurable(measure)) and len(speech.words(rest)) >= 3 \
                and not speech.is_noise(rest):
            measure = rest[0].upper() + rest[1:] + ("" if rest.endswith((".", "!")) else ".")
        return self.model_copy(update={"due": due, "measure": measure,
                                       "text": self.text if self.specific() else f"{self.text}: {measure}"})

    def milestone(self, milestone_id: str, plan: Plan) -> Milestone:
        gaps, inters = _ties(self.text, plan)
        due = self.due
        if due is not None:
            # The same calendar as the drafted plan: no new step due on a public holiday.
            code = country_code(plan.country)
            due = working_day(due, code, plan.created, plan.horizon_end())
        return Milestone(id=milestone_id, text=self.text, due=due, measure=self.measure, owner="pm",
                         origin=Origin.PM, gap_ids=gaps, intersection_ids=inters)


def _lower_first(text: str) -> str:
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]  # "QBR" keeps its capitals


def _verb(token: str) -> str:
    """A verb as the action list has it: "running" and "shipped" double a consonant the list does not."""
    token = re.sub(r"^co-", "", token.lower())
    doubled = re.fullmatch(r"(\w*?(\w))\2(?:ing|ed)", token)
    return doubled.group(1) if doubled and not ACTION.fullmatch(token) else token


def _parts(text: str) -> list[str]:
    """Clauses that could each be a step: sentences, cut again where a new 'I ...' begins."""
    out = []
    for sentence in speech.sentences(text):
        out += [p.strip(" ,;") for p in NEW_CLAUSE.split(sentence) if p and p.strip(" ,;")]
    return out


def _plain(clause: str) -> str:
    t = DISCOURSE.sub("", clause.replace("’", "'").strip())
    return INSERTED.sub(r"\1", t).strip()


def _replacement(clause: str, today: date) -> str | None:
    """What the PM would put in the reviewed milestone's place: "I'd rather replace it with X" names X."""
    if m := REPLACE.search(_plain(clause)):
        step = _plain(clause)[m.end():]
        return step if _own_object(f"_ {step}", today) else None
    return None


DEADLINE = re.compile(r"^(?:by|before|until|till|in|within|over|inside|end|the end|at the end)\b", re.I)


def deadline(text: str, today: date) -> date | None:
    """The day a step is due by: the date said with "by", "before", "in"... ("the Q3 plan" names a thing,
    "by the end of June" the deadline), else the last date said; on a working day."""
    found = find_dates(text, today)
    if not found:
        return None
    chosen = next((f for f in reversed(found) if DEADLINE.match(f.phrase.strip())), found[-1])
    return business_day(chosen.due, today)


def _undated(text: str, today: date) -> str:
    for f in find_dates(text, today):
        text = text.replace(f.phrase, " ")
    return " ".join(text.split())


def _own_object(step: str, today: date) -> bool:
    """The step names something of its own, not 'it' or 'that one' (the milestone under review)."""
    words = [w.lower() for w in speech.words(_undated(step, today))]
    if len(words) >= 2 and words[1] in BACK:
        return False
    # Only the verb itself is left out: "partner onboarding redesign" is a thing though each word can be a verb.
    return any(w not in STOP_WORDS and w not in BACK for w in words[1:])


def _known(steps: list[str], plan: Plan, today: date) -> list[bool]:
    """Whether each step is, by meaning, a milestone the plan already has."""
    if not plan.milestones:
        return [False] * len(steps)
    from assistant.interview.reader_model import shared_model

    model = shared_model()
    have = model.embed([_undated(m.text, plan.created) or m.text for m in plan.milestones])
    said = model.embed([_undated(s, today) or s for s in steps])
    return [bool(row.max() >= NOVEL) for row in said @ have.T]


def _ties(text: str, plan: Plan) -> tuple[list[str], list[str]]:
    """The gap or intersection a new step serves, when one is close enough in meaning to say so."""
    options = [("gap", g.id, f"{g.area}. {g.expectation}") for g in plan.gaps]
    options += [("x", x.id, f"{x.opportunity}. {x.interest}") for x in plan.intersections]
    if not options:
        return [], []
    from assistant.interview.reader_model import shared_model

    model = shared_model()
    sims = model.embed([o[2] for o in options]) @ model.embed([text])[0]
    best = int(sims.argmax())
    if sims[best] < TIE_FLOOR:
        return [], []
    kind, ident, _ = options[best]
    return ([ident], []) if kind == "gap" else ([], [ident])


def _tidy_step(step: str) -> str:
    step = step.strip(" ,;:-").rstrip(".!?")
    return step[:1].upper() + step[1:]


def _measure(step: str, due: date | None, today: date) -> str:
    """The PM's own measure when they named a number or an outcome; else, when the step starts with a
    concrete action ("build a retention dashboard"), whether it was done by the day; else nothing."""
    phrase = next((f.phrase for f in find_dates(step, today)), None)
    if own := own_measure(step, phrase):
        return own
    verb = _verb((speech.words(step) or [""])[0])  # co-present, running: still the act
    if not ACTION.fullmatch(verb):
        return ""
    if re.sub(r"(?:ing|ed|es|s)$", "", verb) in FUZZY and not END_STATE.search(step):
        return ""
    return measure_for(step, due or today)


def _candidate(step: str, clause: str, today: date, plan: Plan, source: str = "rules") -> Candidate:
    text = _tidy_step(step)
    # The step's own date, else one said earlier in its clause ("By April, I want to set up...").
    due = deadline(text, today) or (deadline(clause, today) if source == "rules" else None)
    if due is not None and due > plan.horizon_end():
        due = None  # past the plan's end: ask for a date it can hold
    return Candidate(text=text, due=due, measure=_measure(text, due, today), reason=clause.strip()[:300],
                     source=source)


def _step_of(clause: str, today: date) -> str | None:
    """The words of the step a clause names: after a label ("New goal for me: ..."), else after the frame
    that says who wants it and that it should be added ("I'd also like to", "could you add that I'll"),
    else the clause itself when it opens with the step ("Run a lunch-and-learn...")."""
    t = _plain(QUOTES.sub("", clause))
    if ASKING.match(t):
        return None
    label = LABEL.split(t, maxsplit=1)
    pieces = [label[1]] if len(label) == 2 and label[1].strip() else []
    for piece in pieces + [t]:
        words = list(re.finditer(r"[\w'&%-]+", piece))
        starts = [i + 1 for i, w in enumerate(words) if w.group(0).lower().replace("\u2019", "'") in MARKERS]
        # A label's right side, or a clause that opens with one of the plan's action verbs, is the step.
        opens = piece is not t or bool(IMPERATIVE.match(piece) and not re.match(r"^\S+\s+to\b", piece))
        for s in ([0] if opens else []) + starts + [0]:
            j = s
            while j < len(words) and words[j].group(0).lower().replace("\u2019", "'") in FRAME:
                j += 1
            if j >= len(words) or words[j].group(0).lower() in NOT_A_START:
                continue
            if words[j].group(0).lower() in CHANGE:
                return None
            step = TRAILING.sub("", piece[words[j].start():])
            if _own_object(step, today):
                return step
    return None


def new_steps(text: str, today: date, plan: Plan) -> list[Candidate]:
    """Every new step the PM names in one answer, in order; dated and measurable or not.

    Whether a clause names one is the learned head's call (assistant/reflect_steps.py); which words are
    the step, and its date and measure, are read by the rules below."""
    from assistant.reflect_steps import names_new_step, shared_head

    clauses = _parts(text)
    found: list[tuple[str, str]] = []
    replaced: set[str] = set()
    threshold = shared_head().threshold
    for clause, p in zip(clauses, names_new_step(clauses, today)):
        if step := _replacement(clause, today):
            found.append((step, clause))
            replaced.add(clause)
        elif p >= threshold and (step := _step_of(clause, today)):
            found.append((step, clause))
    if not found:
        return []
    known = _known([step for step, _ in found], plan, today)
    return [_candidate(step, clause, today, plan).model_copy(update={"replaces": clause in replaced})
            for (step, clause), old in zip(found, known) if not old]


def _content(text: str) -> set[str]:
    return {w.lower() for w in speech.words(text) if w.lower() not in STOP_WORDS and len(w) > 2}


def _said_as_new_step(words: set[str], answer: str, today: date) -> bool:
    """Whether the clause of the answer that holds the model's step is one the learned head hears as naming
    a new step, at the rules' own threshold: "my manager wants to run the pricing review" or "should I add
    a pricing review?" hold the step's words but name no step of the PM's."""
    from assistant.reflect_steps import names_new_step, shared_head

    clauses = _parts(answer)
    if not clauses:
        return False
    overlap = [len(words & _content(c)) for c in clauses]
    best = max(overlap)
    probs = names_new_step([c for c, n in zip(clauses, overlap) if n == best], today)
    return max(probs) >= shared_head().threshold


def vet(step: NewStep, answer: str, today: date, plan: Plan) -> Candidate | None:
    """A model's new step, held to the same checks as the rules' own, or None when it fails them."""
    text = _tidy_step(DISCOURSE.sub("", step.text or ""))
    words = _content(_undated(text, today))
    if not words or len(words & _content(answer)) < 0.6 * len(words):
        return None  # not in the PM's words: a step they did not name
    if not _own_object(text, today) or not _said_as_new_step(words, answer, today) \
            or _known([text], plan, today)[0]:
        return None
    cand = _candidate(text, answer, today, plan, "model")
    # The date must be one the PM said: the grammar reads their words, whatever the model wrote.
    said = {business_day(f.due, today) for f in find_dates(answer, today)}
    cand.due = next((d for d in (cand.due, step.due) if d in said and d <= plan.horizon_end()), None)
    cand.measure = _measure(cand.text, cand.due, today)  # the default measure names the day just settled
    own = {q.group(0).lower() for q in QUANTITY.finditer(step.measure or "")}
    if is_measurable(step.measure or "") and own <= {q.group(0).lower() for q in QUANTITY.finditer(answer)}:
        cand.measure = step.measure.strip()
    return cand


def _same_step(a: Candidate, b: Candidate) -> bool:
    return bool(_content(a.text) & _content(b.text)) and len(_content(a.text) ^ _content(b.text)) <= 3


def _without(text: str, steps: list[Candidate]) -> str:
    """The answer without the clauses that named new steps: what is left is about the milestone under review."""
    for c in steps:
        text = text.replace(c.reason, " ")
    return " ".join(text.split())


def _free_id(taken: set[str]) -> str:
    return next(f"m{i}" for i in range(1, len(taken) + 2) if f"m{i}" not in taken)


class Proposal(BaseModel):
    """One change to a milestone that the follow-up suggests; nothing changes until accepted."""

    milestone_id: str
    field: Literal["status", "due", "add"]
    before: str | None
    after: str
    reason: str
    milestone: Milestone | None = None  # the whole new step, for "add"

    def describe(self) -> str:
        if self.field == "status":
            return f"Mark {self.milestone_id} as {self.after.replace('_', ' ')}"
        if self.field == "add" and self.milestone is not None:
            due = f"{self.milestone.due:%d %b %Y}" if self.milestone.due else "no date"
            return f"Add {self.milestone_id}: \"{self.after}\", due {due}"
        return f"Move {self.milestone_id} from {self.before or 'no date'} to {self.after}"


class Reflection(BaseModel):
    """Where the follow-up stands. Rebuilt from the PM's messages, so it needs no storage of its own."""

    plan: Plan
    today: date
    position: int = 0
    notes: dict[str, str] = {}
    proposals: list[Proposal] = []
    asking: Candidate | None = None  # a new step waiting for the date or measure it lacked
    done: bool = False

    @classmethod
    def replay(cls, plan: Plan, today: date, answers: list) -> "Reflection":
        """Rebuild from the PM's answers: plain texts, or (text, saved Update or None) pairs."""
        reflection = cls(plan=plan, today=today)
        for item in answers:
            text, update = item if isinstance(item, tuple) else (item, None)
            reflection.answer(text, update)
        return reflection

    def steps(self) -> list:
        """Milestones still open. Proposals are not applied during the talk, so this list holds still."""
        return [m for m in self.plan.milestones if m.status not in (Status.DONE, Status.DROPPED)]

    def opening(self) -> str:
        steps = self.steps()
        if not steps:
            self.done = True
            return ("Welcome back. Every milestone in this plan is already done or dropped, so there is "
                    "nothing to review today. A good moment to set the next ones together.")
        return ("Welcome back. Let's walk through your plan one milestone at a time. Say 'skip' to move "
                "on, or 'stop' whenever you like.\n\n" + self._ask(steps[0]))

    def _ask(self, m) -> str:
        due = f" (due {m.due:%d %b %Y})" if m.due else ""
        return f'**{m.id}**: "{m.text}"{due}. How is it going?'

    def answer(self, text: str, update: Update | None = None) -> str:
        """Note the PM's update on the current milestone and ask about the next one.

        `update` is the reading saved with the message; without one the rules read `text`."""
        if self.asking is not None:
            return self._follow_up(text)
        steps = self.steps()
        if self.done or self.position >= len(steps):
            self.done = True
            return "We've been through the whole plan. Review the proposed changes below when you're ready."
        m = steps[self.position]
        new = [] if (update and (update.stop or update.skip)) else new_steps(text, self.today, self.plan)
        if update is not None and update.source == "model" and new and update.due \
                and not find_dates(_without(text, new), self.today):
            # The only date in the answer belongs to the new step, not to the milestone under review.
            update = update.model_copy(update={"due": None})
        if update is None or update.source != "model":
            # The rules read only what is left once the new steps are taken out: "cut drop-off to 20% by
            # H1" says nothing about the milestone under review, neither a drop nor a date.
            update = read_update(_without(text, new), self.today).model_copy(
                update={"source": update.source if update else "rules"})
        if update.stop:
            self.done = True
            return self._close("Let's stop here.")
        reply = "Okay, let's leave that one as it is."
        question = None
        if not update.skip:
            self.notes[m.id] = text.strip()
            if any(c.replaces for c in new) and update.status is None:
                update = update.model_copy(update={"status": "dropped"})
            found = self._proposals(m, update, text)
            if update.new_milestone is not None:
                vetted = vet(update.new_milestone, text, self.today, self.plan)
                new = ([vetted] if vetted else []) + [c for c in new if not vetted or not _same_step(c, vetted)]
            for cand in new:
                if cand.complete():
                    found.append(self._add(cand))
                elif question is None:
                    self.asking, question = cand, cand.question()
            self.proposals.extend(found)
            reply = ("Thanks for the update. I've noted a suggestion: " + "; ".join(p.describe() for p in found) + "."
                     if found else "Thanks, that's noted.")
        self.position += 1
        if question:
            return f"{reply}\n\n{question}"
        return self._next(reply)

    def _next(self, reply: str) -> str:
        steps = self.steps()
        if self.position >= len(steps):
            self.done = True
            return self._close(reply)
        return f"{reply}\n\nNext, {self._ask(steps[self.position])}"

    def _follow_up(self, text: str) -> str:
        """The answer to the one question about a new step: it is added when complete, else left out."""
        cand, self.asking = self.asking, None
        said = read_update(text, self.today)
        if said.stop:
            self.done = True
            return self._close("Let's stop here.")
        filled = None if said.skip or speech.is_refusal(text) else cand.filled(text, self.today, self.plan)
        if filled is not None and filled.complete():
            added = self._add(filled)
            self.proposals.append(added)
            reply = f"Thanks. I've noted a suggestion: {added.describe()}."
        else:
            reply = ("Then I'll leave it out of the plan for now, rather than add a step nobody could "
                     "check. You can add it on the Plan page once it is clearer.")
        return self._next(reply)

    def _add(self, cand: "Candidate") -> Proposal:
        taken = {m.id for m in self.plan.milestones} | {p.milestone_id for p in self.proposals if p.field == "add"}
        step = cand.milestone(_free_id(taken), self.plan)
        return Proposal(milestone_id=step.id, field="add", before=None, after=step.text,
                        reason=cand.reason, milestone=step)

    def current(self):
        """The milestone the next answer is about, if any; none while a question about a new step is open."""
        steps = self.steps()
        ready = not self.done and self.asking is None and self.position < len(steps)
        return steps[self.position] if ready else None

    def _close(self, lead: str) -> str:
        if self.proposals:
            return (f"{lead} That's the review done. The changes I'd suggest are listed below; "
                    "nothing in the plan changes until you accept them.")
        return f"{lead} That's the review done, and the plan stays as it is."

    def _proposals(self, m, update: Update, text: str) -> list[Proposal]:
        out: list[Proposal] = []
        reason = text.strip()[:300]
        status = Status(update.status) if update.status else None
        if status is not None and status != m.status:
            out.append(Proposal(milestone_id=m.id, field="status", before=m.status.value,
                                after=status.value, reason=reason))
        due = update.due or ((m.due or self.today) + timedelta(days=SLIP_DAYS) if update.later else None)
        if due is not None and due != m.due and status not in (Status.DONE, Status.DROPPED):
            out.append(Proposal(milestone_id=m.id, field="due", before=m.due.isoformat() if m.due else None,
                                after=due.isoformat(), reason=reason))
        return out


def _named_date(text: str, today: date) -> date | None:
    """The first date the PM names ("by May", "end of Q2", "2027-03-01"), on a working day."""
    if found := ISO.search(text):
        try:
            return date.fromisoformat(found.group(1))
        except ValueError:
            return None
    return parse_due(text, today)


def apply(plan: Plan, proposals: list[Proposal]) -> Plan:
    """The plan with the accepted proposals applied; the original is left untouched."""
    new = plan.model_copy(deep=True)
    for p in proposals:
        if p.field == "add":
            _append(new, p)
            continue
        m = new.milestone(p.milestone_id)
        if m is None:
            continue
        if p.field == "status":
            m.status = Status(p.after)
        else:
            m.due = date.fromisoformat(p.after)
    return new


def _append(plan: Plan, p: Proposal) -> None:
    """Add a proposed step once: accepting it again, or after someone added it by hand, changes nothing."""
    if p.milestone is None or any(normalise(m.text).lower() == normalise(p.milestone.text).lower()
                                  for m in plan.milestones):
        return
    taken = {m.id for m in plan.milestones}
    step = p.milestone.model_copy(deep=True)
    if step.id in taken:
        step.id = _free_id(taken)
    plan.milestones.append(step)
