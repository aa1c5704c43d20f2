"""Job titles in a PM's words: find the title phrase, name it cleanly, place it on the ladder.

Titles are a small closed grammar (seniority + function + role noun, "head of X", "VP of X",
C-level acronyms), so rules fit here; the open question of what an answer *means* is left to
the trained reader.
"""

from __future__ import annotations

import re

from assistant.ladder import Ladder

OFF_LADDER = "off_ladder"

_FUNCTION = (r"(?:prod(?:uct)?(?:\s+management|\s+mgmt)?(?:\s+(?:and|&)\s+design)?|pm|engineering|design|ux|"
             r"research|data|growth|platform|technology|marketing|operations|strategy)")
_SENIOR = r"(?:associate|junior|jr\.?|senior|sr\.?|snr\.?|lead|principal|staff|group|chief|founding)"
_OBJECT = r"[\w&-]+(?:\s+(?!at\b|in\b|for\b|with\b|and\b|or\b|who\b|where\b|someday\b|one\b)[\w&-]+){0,2}"
# Described rather than named: leading PMs is the first rung that manages them.
_MANAGES_PMS = (r"(?:(?:lead|leading|manage|managing|run|running|head|heading|look\s+after|looking\s+after)\s+"
                r"(?:a\s+|the\s+|my\s+own\s+|my\s+)?(?:small\s+)?(?:group|team|bunch|handful|couple|few)\s+of\s+"
                r"(?:\w+\s+)?|(?:manage|managing|manager\s+of)\s+(?:other\s+|a\s+few\s+|some\s+)?)"
                r"(?:pms|product\s+managers)|"
                # "lead the PMs on the broadband side", "run the PM team": the verb and the PMs.
                r"(?:lead|manage|run|head|look\s+after)(?:ing)?\s+(?:the\s+|my\s+|our\s+)"
                r"(?:pms|product\s+managers|pm\s+team)(?![\w-])|"
                r"(?:person|one|manager|lead)\s+(?:that\s+|who\s+)?(?:the\s+)?"
                r"(?:pms|product\s+managers)\s+report\s+to|(?:pms|product\s+managers)\s+report(?:ing)?\s+to\s+me")
MANAGES_PMS = re.compile(_MANAGES_PMS, re.I)
# The rung above that: the one every PM, or the PMs' managers, answer to.
_HEADS_PRODUCT = (r"(?:boss|head|manager|lead|leader)\s+of\s+(?:all\s+(?:of\s+)?(?:the\s+)?|the\s+whole\s+|the\s+entire\s+)"
                  r"(?:pms|product\s+managers|pm\s+team|product\s+team|product\s+org(?:anisation|anization)?)|"
                  r"(?:person|one)\s+(?:that\s+|who\s+)?(?:the\s+|all\s+the\s+)?(?:group\s+pms|pm\s+leads|"
                  r"pm\s+managers|managers\s+of\s+pms|leads\s+of\s+pms)\s+(?:report|answer)\s+to")
HEADS_PRODUCT = re.compile(_HEADS_PRODUCT, re.I)
_HEADS_DIRECTORS = (r"(?:person|one)\s+(?:that\s+|who\s+)?(?:the\s+|all\s+the\s+)?(?:product\s+)?(?:directors|heads\s+of\s+product)"
                    r"\s+(?:report|answer)\s+to")
HEADS_DIRECTORS = re.compile(_HEADS_DIRECTORS, re.I)
# Title order of Portuguese, Spanish or French: "PM sênior", "product manager senior".
SENIOR_AFTER = re.compile(r"^(?:product\s+manager|pm)\s+s[eê]nior$", re.I)
# What "run my own ..." may be besides a business: a team, a roadmap, a day.
_NOT_A_BUSINESS = (r"(?:team|squad|group|area|product|roadmap|projects?|show|time|schedule|life|hours|day|"
                   r"in|at|with|and|or|for|of|the|a|one|someday|thing)\b")
_PATTERNS = [
    _HEADS_DIRECTORS,
    _HEADS_PRODUCT,
    _MANAGES_PMS,
    r"(?:product\s+manager|pm)\s+s[eê]nior",
    rf"head\s+of\s+{_OBJECT}",
    rf"(?:design|engineering|ux|research|data|creative|art|game|executive|managing)\s+director",
    rf"(?:senior\s+|s)?(?:vice[\s-]+president|vp|svp|evp)(?:,|\s+of)?(?:\s+{_FUNCTION})?",
    rf"(?:senior\s+)?(?:director|dir\.?)(?:\s+of)?(?:\s+{_FUNCTION})?",
    rf"{_FUNCTION}\s+director",
    r"chief\s+\w+\s+officer",
    r"c[pte]o",
    rf"(?:{_SENIOR}\s+)?(?:technical\s+)?(?:product\s+(?:manager|owner|lead|leader)|pm)s?",
    r"g?pm|apm|spm|tpm",
    r"(?:engineering|design|(?:ux\s+|user\s+)?research|ux|data|analytics|content)\s+"
    r"(?:manager|lead|director|head|ops)",
    r"(?:senior\s+|staff\s+|lead\s+|principal\s+)?(?:ux\s+|user\s+)?researcher",
    r"(?:senior\s+|lead\s+)?(?:product\s+|ux\s+|ui\s+|service\s+|visual\s+)?designer",
    r"data\s+scientist",
    r"(?:(?:software|staff|senior|applications?|solutions?|sales|support|field|ml|platform|backend|front-?end|"
    r"hardware|firmware|mechanical|process|quality|reliability|security|devops)\s+)?engineer",
    r"(?:co-?\s?)?(?:founder|fondat(?:eur|rice)|fundador[a]?|gr[üu]nder(?:in)?)",
    r"consultant",
    r"(?:my\s+own|own)\s+(?:[\w-]+\s+){0,2}?(?:company|startup|start-up|business|thing|shop|agency|venture|studio)",
    r"(?:start|found|launch)(?:ing)?\s+(?:my\s+own|a)\s+(?:company|startup|start-up|business|thing|"
    r"shop|agency|venture|studio)",
    r"(?:run|running|lead|leading)\s+(?:the\s+)?product(?!\s+(?:manager|owner|team))",
    # A business of their own, named by what it is ("run a small improv theatre of my own",
    # "open my own bakery"): the closed part is the grammar of owning, not the kind of business.
    r"(?:run|running|open|opening|have|having|start|starting|set\s+up)\s+(?:a|an)\s+(?:[\w-]+\s+){0,3}?"
    r"[\w-]+\s+of\s+my\s+own",
    r"(?:run|running|open|opening)\s+my\s+own\s+(?!" + _NOT_A_BUSINESS + r")(?:[\w-]+\s+)?(?!"
    + _NOT_A_BUSINESS + r")[\w-]+",
]
TITLE = re.compile(r"(?<![\w-])(?:" + "|".join(f"(?:{p})" for p in _PATTERNS) + r")(?![\w-])", re.I)
NEGATED = re.compile(r"\b(?:not|never|no longer|don'?t|do not|won'?t|wouldn'?t|can'?t|"
                     r"rather than|instead of|not really|no)\b[^.,;]{0,24}$", re.I)
RUN_PRODUCT = re.compile(r"^(?:run|running|lead|leading)\s+(?:the\s+)?product$", re.I)
OWN_COMPANY = re.compile(r"own\s+(?:[\w-]+\s+){0,2}?(?:company|startup|start-up|business|thing|shop|agency|venture|studio)|"
                         r"(?:start|found|launch)(?:ing)?\s+(?:my own|a)\s", re.I)
OWN_PLACE = re.compile(r"(?:run|running|open|opening|have|having|start|starting|set\s+up)\s+"
                       r"(?:(?P<what>(?:a|an)\s+.+?)\s+of\s+my\s+own|my\s+own\s+(?P<mine>.+))$", re.I)
OFF_LADDER_ROLE = re.compile(
    r"\bowner\s+of\b|founder|fondat(?:eur|rice)|fundador|gr[üu]nder|own\s+(?:[\w-]+\s+){0,2}?(?:company|startup|start-up|business|thing|shop|agency|studio)|"
    r"(?:start|found|launch)(?:ing)?\s|\bengineer\b|engineering\s+(?:manager|lead|director)|"
    r"director\s+of\s+(?:engineering|design|ux|research|data)|head\s+of\s+(?:engineering|design|"
    r"ux|research|data|marketing|sales|people|hr|learning)|(?:design|engineering|ux|research|data|"
    r"analytics|content)\s+(?:lead|head|ops|manager)|(?:design|engineering|ux|research|data|"
    r"creative|art|game|executive|managing)\s+director|researcher|designer|data\s+scien|consultant|"
    r"teach|professor|lecturer|\bc[te]o\b|"
    r"chief\s+(?:technology|executive|operating|marketing)", re.I)
# Other functions that carry "product" in their name: a move out of product management.
PRODUCT_ELSEWHERE = re.compile(r"\bproduct\s+(?:marketing|designer|design lead)\b|\bpmm\b", re.I)
ACRONYMS = {"pm", "vp", "svp", "evp", "cpo", "cto", "ceo", "ux", "ui", "apm", "gpm", "spm", "tpm"}
SMALL = {"of", "and", "&"}


CORRECTED = re.compile(r"\b(?:meant|make it|actually|rather|change (?:it |that )?to|instead|"
                       r"correct(?:ion|ed)?|it'?s|it is|aim for|should (?:say|be)|put)\b", re.I)


# Someone else's job in the same breath ("my boss, she's a Director", "Dave just made VP"): a
# title that follows one of these in its sentence is theirs, not the PM's aim.
SOMEONE_ELSE = re.compile(
    r"\b(?:she|he)\b|\bthey(?:'re| are| were| just| became| made)\b|"
    r"\bmy (?:\w+ )?(?:boss|manager|buddy|friend|colleague|mentor|husband|wife|partner|dad|mum|mom|father|"
    r"mother|sister|brother|cousin|uncle|aunt|skip|director|vp|cto|ceo|cpo|founder)\b|"
    r"\b[A-Z][a-z]+ (?:just )?(?:made|became|got promoted to)\b|"
    # "everyone expects me to say VP": the title someone else has in mind for them.
    r"\b(?:expects?|expected|wants?|wanted|assumes?|assumed|thinks?|thought|tells?|told)\s+me\s+to\s+"
    r"(?:say|be|become|want|aim for|go for)\b", re.I)


# Someone from work the sentence is about ("my boss, she's a Director, came over from our Chicago
# office"). Family is left out: "Amsterdam, because my partner's family is there" is the PM's
# own reason.
COLLEAGUE = re.compile(r"\bmy (?:\w+ )?(?:boss|manager|colleague|mentor|skip|director|vp|cto|ceo|cpo|founder|"
                       r"lead)\b", re.I)


def speaks_of_someone_else(clause: str) -> bool:
    return bool(SOMEONE_ELSE.search(clause))


def speaks_of_a_colleague(sentence: str) -> bool:
    return bool(COLLEAGUE.search(sentence))


def about_someone_else(before: str) -> bool:
    """Whether the words before a title, within its sentence, make it another person's."""
    sentence = re.split(r"[.!?;,]", before)[-1]
    # "asking my VP about the director role", "our new head of product": a possessive right
    # before a title makes it a person they work with.
    return bool(SOMEONE_ELSE.search(sentence) or POSSESSED.search(sentence))


POSSESSED = re.compile(r"\b(?:my|our|your|his|her|their)\s+(?:(?:new|old|current|former|own|acting|interim)\s+)?$",
                       re.I)


# "Hire and grow PMs", "a team of product managers": people they work with, never their own title.
PLURAL = re.compile(r"\W*(?:(?:senior|junior|other|the|lead|leading|manage|managing|hire|hiring|grow|growing|"
                    r"coach|coaching|mentor|mentoring)\s+)?(?:PMs|product managers|managers|directors|leads|VPs|"
                    r"product owners|owners|heads)\W*", re.I)


def find_title(text: str, last: bool = False, instead_of: str | None = None) -> str | None:
    """The first job title stated and not negated in `text`; for a correction, the one the
    correction names (after "I meant", "make it"...), else the last. A correction changes
    something: a title other than `instead_of` (the one on record) is the likelier new one."""
    found = [(m.start(), tidy(m.group(0))) for m in TITLE.finditer(text)
             if not NEGATED.search(text[max(0, m.start() - 40): m.start()]) and not PLURAL.fullmatch(m.group(0))]
    own = [(start, t) for start, t in found if not about_someone_else(text[:start])]
    if last and not own:
        return None  # a correction changes their own title, never to their boss's
    found = own or found
    if not found:
        return None
    if not last:
        # "grp PM (Group PM)": a title spelled out in brackets right after another names it.
        first = TITLE.search(text, found[0][0])
        between = text[first.end():found[1][0]] if first and len(found) > 1 else ""
        if re.fullmatch(r"\s*\(\s*", between):
            return found[1][1]
        return found[0][1]
    if instead_of:
        old = instead_of.lower()
        fresh = [(start, t) for start, t in found if t.lower() not in old and old not in t.lower()]
        found = fresh or found
    cues = [c.end() for c in CORRECTED.finditer(text)]
    after = [title for start, title in found if cues and start >= cues[-1]]
    return after[0] if after else found[-1][1]


def tidy(title: str) -> str:
    """'head of product' -> 'Head of Product'; acronyms upper-case; own-company phrasing named."""
    words = " ".join(title.split()).strip(" .,")
    if OWN_COMPANY.search(words):
        return "Founder of my own company"
    owned = OWN_PLACE.search(words)
    if owned:
        return "Owner of " + " ".join((owned.group("what") or "my own " + owned.group("mine")).split())
    if RUN_PRODUCT.search(words):
        return "Head of Product"
    if HEADS_DIRECTORS.fullmatch(words):
        return "VP of Product"
    if HEADS_PRODUCT.fullmatch(words):
        return "Head of Product"
    if MANAGES_PMS.fullmatch(words):
        return "Group Product Manager"
    if re.fullmatch(r"(?:co-?\s?)?(?:fondat(?:eur|rice)|fundador[a]?|gr[üu]nder(?:in)?)", words, re.I):
        return "Founder"
    if SENIOR_AFTER.match(words):
        return "Senior Product Manager"
    out = []
    for i, word in enumerate(words.split(" ")):
        low = word.lower()
        if low.rstrip("s") in ACRONYMS:
            out.append(low.rstrip("s").upper() + ("s" if low.endswith("s") and low != "ux" else ""))
        elif low in SMALL and i:
            out.append(low)
        else:
            out.append(word[:1].upper() + word[1:])
    return " ".join(out)


def level_of(title: str | None, ladder: Ladder) -> str | None:
    """Ladder level id for a title, `off_ladder` for a role outside product, else None."""
    if not title:
        return None
    if OFF_LADDER_ROLE.search(title) and not re.search(r"\bproduct\b|\bpm\b|\bcpo\b", title, re.I):
        return OFF_LADDER
    if PRODUCT_ELSEWHERE.search(title):
        return OFF_LADDER
    level = ladder.lookup(title)
    return level.id if level else None


# "Two rungs up from where I am", "a level above me", "the next step up": a target said relative
# to today's role. A closed grammar of counts and ladder words.
RELATIVE = re.compile(r"\b(?:(?P<n>one|two|three|a|1|2|3)\s+)?(?:rung|level|step|notch|grade)s?\s+"
                      r"(?:up|above|higher)\b|\b(?P<next>next)\s+(?:rung|level|step)(?:\s+up)?\b|"
                      r"\bone\s+up\b", re.I)
_COUNTS = {"one": 1, "a": 1, "1": 1, "two": 2, "2": 2, "three": 3, "3": 3}


# "Same sort of job as now", "the role I have today": the rung they are on.
SAME_RUNG = re.compile(r"\bsame\s+(?:sort\s+of\s+|kind\s+of\s+|type\s+of\s+)?(?:job|role|title|level|"
                       r"position|rung|thing)\s+(?:as\s+(?:now|today|i\s+have|i\s+do)|i\s+(?:have|do)\s+now)\b|"
                       r"\b(?:the\s+)?(?:job|role|title)\s+i\s+have\s+(?:now|today)\b", re.I)


def rungs_up(text: str) -> int | None:
    """How many rungs above today's role a relative target names (0: the one they are on), if
    it names one."""
    same = SAME_RUNG.search(text)
    if same and not NEGATED.search(text[max(0, same.start() - 40): same.start()]):
        return 0
    m = RELATIVE.search(text)
    if m is None or NEGATED.search(text[max(0, m.start() - 40): m.start()]):
        return None
    return _COUNTS.get((m.group("n") or "one").lower(), 1)
