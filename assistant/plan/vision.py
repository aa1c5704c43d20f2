"""Whether a value fits the part of the vision it sits in: a title names a role, a company a kind of company."""

# Slot values may arrive as whole sentences or short normalised phrases; neither is trusted blindly.

from __future__ import annotations

import re

from assistant.plan import speech

ROLE = re.compile(r"\b(?:manager|director|head|vp|vice president|chief|cpo|ceo|cto|coo|founder|co-?founder|"
                  r"lead|principal|staff|engineer|designer|researcher|consultant|owner|pm|apm|gpm|analyst|"
                  r"architect|partner|advisor|adviser|coach|teacher|executive|president|officer|scientist|"
                  r"developer|entrepreneur|freelancer|investor|strategist|specialist|marketer|writer)s?\b", re.I)
COMPANY = re.compile(r"\b(?:compan(?:y|ies)|startups?|start-ups?|scale-?ups?|firms?|business(?:es)?|"
                     r"organi[sz]ations?|enterprises?|corporat\w*|agenc(?:y|ies)|banks?|fintech|saas|b2b|b2c|"
                     r"marketplaces?|retail\w*|non-?profits?|ngos?|public sector|government|consultanc(?:y|ies)|"
                     r"studios?|platforms?|tech|industry|sector|series [a-e]|unicorns?|employer|place|shop|labs?|"
                     r"universit(?:y|ies)|hospitals?|health\w*|mission|brand|product company|same kind|here|"
                     r"big|small|mid-?size[d]?|large|growth|stage|own)\b", re.I)
PEOPLE = re.compile(r"\b(?:people|team|teams|colleagues|peers|folks|engineers|designers|pms|product managers|"
                    r"leaders|builders|experts|mentors|founders|crowd|humans|individuals|group|managers|"
                    r"developers|scientists|researchers|partners|smart|kind|curious|direct|who|everyone|"
                    r"those|others|generous|craft)\b", re.I)
LEAD_IN = re.compile(r"^(?:(?:maybe|perhaps|probably|i guess|i think|honestly|ideally|i'?d like to be|"
                     r"i want to be|i would like to be|i'?d love to be|i'?d rather be|i see myself as|"
                     r"hopefully|something like|as|a|an)\b[\s,]*)+", re.I)
MAX_LOCATION_WORDS = 8
# A kind of company or a place never opens with a need or an activity ("Running a whole org...").
NEED_LEAD = re.compile(r"^\W*(?:(?:anyway|so|well|honestly|just)\W+)*(?:i'?d? (?:need|would need)|i need|more "
                       r"visibility)\b", re.I)
GERUND_LEAD = re.compile(r"^\W*\w+ing\b(?<!thing)(?<!spring)(?<!building)", re.I)


def _fits(slot: str, text: str) -> bool:
    if slot == "title":
        return bool(ROLE.search(text)) and len(speech.words(text)) <= 14
    if slot in ("company", "people", "location") and NEED_LEAD.match(text):
        return False
    if slot in ("company", "location") and GERUND_LEAD.match(text):
        return False
    if slot == "company":
        return bool(COMPANY.search(text))
    if slot == "people":
        return bool(PEOPLE.search(text))
    if slot == "location":
        return len(speech.words(text)) <= MAX_LOCATION_WORDS
    return len(speech.words(text)) >= 2


def fit_value(slot: str, value: str | None) -> str | None:
    """The value with questions, refusals, goodbyes, venting and markup taken out; None if it does not fit."""
    kept = speech.keep_statements(value)
    if not kept:
        return None
    if slot == "title":
        kept = LEAD_IN.sub("", kept).rstrip(" ?.!") or kept
        kept = kept[0].upper() + kept[1:]
    kept = kept.rstrip("?").strip()
    return kept if kept and _fits(slot, kept) else None


def unfit(slot: str, value: str | None) -> bool:
    """True when a stored value holds something that is not an answer for this slot."""
    if not value or not value.strip():
        return False
    text = speech.clean(value)
    bad = any(speech.is_question(s) or speech.is_refusal(s) or speech.is_goodbye(s) or speech.is_vent(s)
              for s in speech.sentences(value))
    return bad or text != " ".join(value.split()) or fit_value(slot, value) is None
