"""Messages that only thank or say goodbye ("Thank you so much, sorry for rambling.",
"Khop khun krub. Thank you.", "Takk! Good talk, drive safe").

Such a message answers no question: stored, it became a strength or a kind of people; read by
the intent head, an apology sounded like a refusal. Courtesies are a closed class, so a
pattern (English) and a word list (other languages, `assistant/data/courtesies.txt`) read it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

# English courtesies, each a whole chunk of the message between punctuation marks.
THANKS = (r"(?:(?:many|big|huge)\s+)?(?:thanks?|thank\s*(?:you|u|ya)|thx|tnx|thnx|ty|tysm|cheers|ta|"
          r"much appreciated|appreciate(?:d| it| you)|i appreciate (?:it|this|that|you))"
          r"(?:\s+(?:so|very|ever so|really)\s+much|\s+(?:a lot|a ton|a bunch|heaps|again|loads|kindly|all))*"
          r"(?:\s+for\s+(?:\w+\s+){0,3}\w+)?")
SORRY = (r"(?:(?:so|very|really)\s+)?(?:sorry|apologies|my apologies|forgive me|excuse me)"
         r"(?:\s+(?:for|about)\s+(?:\w+\s+){0,3}\w+)?")
GOODBYE = (r"(?:good\s*)?bye(?:\s*bye)?|goodbye|see (?:you|ya|u)(?:\s+(?:soon|later|next time|next week|tomorrow|then|around))?|"
           r"talk (?:soon|later|next week)|take care|cya|ttyl|until next time|till next time|"
           r"have a (?:good|great|nice|lovely) (?:one|day|evening|night|weekend|week)|drive safe(?:ly)?|"
           r"good ?night|bye for now|bye now|ok bye|over and out|signing off|all the best|ta-?ra|"
           r"see (?:you|ya|u) (?:on )?(?:monday|tuesday|wednesday|thursday|friday|next \w+)|"
           r"got(?:ta| to) (?:go|run)|gtg|g2g|i'?m off|off to (?:my|a|the) next \w+|"
           r"that'?s (?:all|it|me|plenty)(?: done)?(?: from me)?(?: today| for (?:now|today))?|"
           r"(?:kind |best |warm |warmest )?regards|best wishes|sincerely|yours(?: truly| sincerely)?|warmly|"
           r"(?:i'?ll|i will|i shall|let me|i think i'?ll) (?:wrap up|sign off|stop)(?: here| there| now)?|"
           r"nice talking(?: to you)?|speak soon")
PRAISE = (r"(?:(?:this|that|it)\s+(?:was|is|has been)\s+|(?:is|was)\s+|(?:really|very|super|so)\s+)?"
          r"(?:(?:really|very|super|so)\s+)?(?:helpful|useful|great|good|lovely|nice|fun|kind|brilliant|"
          r"fantastic|perfect|wonderful|good talk|great chat|nice chat|good chat|lovely chat|great talk|"
          r"good session|great session|(?:that|this) helps|(?:that|this) means a lot|i needed that|"
          r"(?:that'?s|that is|you'?re|you are) (?:very |so |really )?(?:kind|sweet|nice|generous|lovely)(?: of you)?)")
FILLER = r"(?:ok(?:ay)?|oh|ah|aw+|wow|well|right|alright|great|lovely|perfect|anyway|so|and|ok then|okay then|haha|ha|lol)"
# Words of address or politeness that ride along: "love", "mate", "po", "krub", "ka".
ADDRESS = r"(?:\s+(?:love|mate|friend|all|everyone|team|dear|po|ka|krub|krap|kha|na|ji|sir|madam|lah|la|ah))*"
UNIT = rf"(?:{THANKS}|{SORRY}|{GOODBYE}|{PRAISE}|{FILLER}){ADDRESS}"
ENGLISH = re.compile(rf"^{UNIT}(?:\s+{UNIT})*$", re.I)
# What makes a message a courtesy rather than a one-word verdict ("Great", "Good"): a thanks, an
# apology or a goodbye in it.
GRATEFUL = re.compile(rf"\b(?:{THANKS}|{SORRY}|{GOODBYE})\b", re.I)
LEAVE_TAKING = re.compile(rf"\b(?:{GOODBYE})\b", re.I)
CHUNK = re.compile(r"[.,!;:…()–—~]+|\s-+\s|\s+(?:and|&)\s+")
INITIAL = re.compile(r"[a-z]{1,2}")
APOLOGY = re.compile(rf"\b(?:{SORRY})", re.I)
EMOJI = re.compile(r"[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F\u200d]+|[:;]-?[)D(]")


@lru_cache(maxsize=1)
def _forms() -> tuple[frozenset[str], frozenset[str]]:
    """Thanks and goodbyes from the word list: (all forms, goodbyes)."""
    path = Path(__file__).resolve().parent.parent / "data" / "courtesies.txt"
    forms, farewells, section = set(), set(), ""
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip().lower()
        if line.startswith("#"):
            section = line
            continue
        if line:
            forms.add(line)
            if "goodbye" in section:
                farewells.add(line)
    return frozenset(forms), frozenset(farewells)


def _chunks(text: str) -> list[str]:
    text = EMOJI.sub(" ", text.replace("’", "'")).lower()
    return [" ".join(c.split()) for c in CHUNK.split(text) if c and c.strip(" ?'\"")]


def _known(chunk: str) -> bool:
    forms, _ = _forms()
    if ENGLISH.match(chunk):
        return True
    words = chunk.strip(" ?'\"").split()
    if len(words) == 1 and INITIAL.fullmatch(words[0]):
        return True  # an initial signing the message ("—J")
    # "khop khun ka", "asante sana": a listed form, perhaps with a word of address after it, or
    # a filler before it ("ok chalo bye").
    while words:
        if any(" ".join(words[:n]) in forms and (n == len(words) or re.fullmatch(ADDRESS, " " + " ".join(words[n:])))
               for n in range(len(words), 0, -1)):
            return True
        if len(words) == 1 or not re.fullmatch(FILLER, words[0]):
            return False
        words = words[1:]
    return False


def _all_known(piece: str) -> bool:
    chunks = _chunks(piece)
    return bool(chunks) and all(_known(c) for c in chunks)


def only_courtesy(text: str) -> bool:
    """Nothing but thanks, apologies for the length, praise for the talk or goodbyes."""
    chunks = _chunks(text)
    forms, _ = _forms()
    return (bool(chunks) and len(text.split()) <= 16 and all(_known(c) for c in chunks)
            and any(GRATEFUL.search(c) or not (ENGLISH.match(c) or INITIAL.fullmatch(c)) for c in chunks))


def says_goodbye(text: str) -> bool:
    """A courtesy-only message that takes its leave, not one that only thanks."""
    _, farewells = _forms()
    return only_courtesy(text) and any(LEAVE_TAKING.search(c) or c.strip(" ?'\"") in farewells
                                       for c in _chunks(text))


def without_courtesies(text: str) -> str:
    """The answer inside its thanks: "Thanks! A Series B fintech. Cheers" -> "A Series B
    fintech." Courtesies at either end are cut; an answer with nothing else is left whole."""
    pieces = re.split(r"(?<=[.!?,;:])\s+", text.strip())
    start, end = 0, len(pieces)
    def cut(piece: str, after_thanks: bool) -> bool:
        # A goodbye is kept: "Thanks! Gotta run, ..." still takes its leave.
        # An apology is kept too: "Sorry, have to jump" is how the goodbye begins.
        return (only_courtesy(piece) or (after_thanks and _all_known(piece))) and not says_goodbye(piece) \
            and not LEAVE_TAKING.search(piece) and not APOLOGY.search(piece)

    while start < end and cut(pieces[start], start > 0):
        start += 1  # "Thanks, that helps." goes with its thanks
    while end > start and cut(pieces[end - 1], False):
        end -= 1
    kept = " ".join(pieces[start:end]).strip()
    return kept if len(kept.split()) >= 1 and start < end else text

