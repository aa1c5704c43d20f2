"""The regular part of reading an answer: explicit stop and skip words, private topics as a
floor, numbers of years. Everything that needs judgment is read by the trained offline reader
(offline_reader.py); `read_answer` here is kept as the stable entry point for it.
"""

from __future__ import annotations

import re

from assistant.interview.reading import Reading
from assistant.ladder import Ladder

END = re.compile(
    r"^\W*(that'?s (enough|all|it|everything)|that covers it|i'?m done|done|stop|"
    r"let'?s (stop|end|wrap( up)?|finish)|we can (stop|end|wrap( up)?)|no more( questions)?|"
    r"nothing (else|more)|end|bye|goodbye|i have to go|gotta go|i need to go|enough)"
    r"(\W+(for (now|today)|here|thanks?|thank you|please|now|it|for me|(for )?today))*\W*$",
    re.I,
)
# Unambiguous wherever they appear in a short message ("Sorry, I have to go, my call is starting").
LEAVING = re.compile(
    r"\b(i (have|need|'ve got) to (go|run|leave|stop)(?!\s+(?:a|an|the|my|our|their|his|her|this|that|these|"
    r"those|some|more|less|back|into|for|up|beyond|further|deeper|bigger|\w+ing)\b)|gotta (go|run)|let'?s (stop|wrap up|end) "
    r"(here|there|now|for (now|today))|that'?s enough for (now|today)|can we (stop|end|wrap up)|"
    r"i'?d like to stop|i want to stop)\b", re.I)
# Asking to go on: a closed set of words, and the opposite of a goodbye.
CARRY_ON = re.compile(r"\b(?:please\s+)?(?:continue|carry on|go on|go ahead|keep going|proceed|next question|"
                      r"let'?s (?:keep going|go on|continue|carry on|do (?:it|this))|fire away|ask away)\b", re.I)
# "It's not that I'm unsure", "it isn't about not knowing", "ain' dat I don't know": a clause
# that opens by denying what follows. Negation plus a that/about/because clause is grammar, in
# any dialect that keeps the shape.
NOT_THAT = re.compile(r"^\W*(?:(?:it|that|this)\s*(?:is|'s|was)\s+not|(?:it|that|this)\s+(?:isn'?t|wasn'?t|ain'?t?)|"
                      r"it'?s\s+not|ain'?t?|not|nor|no)\s+(?:that|dat|about|because|cause|coz|like)\b", re.I)
# A shrug, typed or drawn: in a short answer it says "not sure" whatever words come with it.
SHRUG = re.compile(r"\U0001F937|¯\\_\(ツ\)_/¯|(?<!\w)(?:eh|meh|hmm+|dunno|idk)(?!\w)", re.I)
# Saying outright that they are correcting themselves: the words are the act, like "stop".
CORRECTING = re.compile(
    r"\b(?:(?:let me |i(?:'d| would)? (?:like|want|need) to |i should )correct (?:myself|that|what i said)|"
    r"correction\s*:|i misspoke|scratch that|i take (?:that|it) back|on second thoughts?|change (?:that|it) to|"
    r"i said (?!(?:it|that|this|so|yes|no|before|earlier)\b)\w+(?: \w+){0,3}[,;:.]? "
    r"(?:but|i meant|that'?s|that is|it'?s)\b)", re.I)
SKIP = re.compile(r"^\W*(skip|pass|hard pass|next(?:\s+(?:question|one|please)){0,2}(?![ \t]+\w)|rather not say|"
                  r"prefer not to say|no comment|"
                  r"that'?s (?:private|personal)|(?:can|could) we (?:move on|skip (?:this|that|it))|"
                  r"let'?s move on|move on)\b", re.I)
# A bare no to a question about the years ahead: too short to be sure it declines them, too
# plain to be a vague answer to ask more about.
BARE_NO = re.compile(r"^\W*(?:(?:honestly|um+|erm?|well|sorry)\W+)*(?:no+|nope|nah|no thanks|no thank you|"
                     r"not really|rather not)\W*$", re.I)
SENSITIVE = {
    "health": re.compile(
        r"\b(sick|illness|ill\b|cancer|diagnos\w*|hospital\w*|surgery|health|therapy|therapist|"
        r"depress\w*|anxiety|burn(ed|t)? ?out|mental|chronic|disabilit\w*|medical|recovering)", re.I),
    "family": re.compile(
        r"\b(baby|babies|pregnan\w*|newborn|parental leave|maternity|paternity|my kids?|children|"
        r"child\b|divorc\w*|my (parents?|mother|father|mom|dad|wife|husband|partner)|caregiv\w*|"
        r"caring for|elder ?care|funeral|grief|passed away|custody)", re.I),
}
NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10, "a couple of": 2, "a few": 3, "a": 1}
HORIZON = re.compile(
    r"\b(?:within|in|inside|over the next|next)\s+(\d+|one|two|three|four|five|six|seven|eight|"
    r"nine|ten|a couple of|a few|a)\s+years?\b", re.I)


def read_answer(answer: str, asked: str | None, ladder: Ladder) -> Reading:
    """Read one answer to the question about slot `asked` with the trained offline reader."""
    from assistant.interview.offline_reader import read_answer as read  # it imports this module

    return read(answer, asked or "title", ladder)


def read_notes(notes: str | None) -> list[str]:
    """Evidence of strength in a manager's notes, verbatim."""
    if not notes or not notes.strip():
        return []
    from assistant.interview.offline_reader import evidence_in

    return evidence_in(notes)


def horizon(text: str) -> float | None:
    """Years the PM gives for reaching their target ("within three years")."""
    match = HORIZON.search(text)
    if not match:
        return None
    raw = match.group(1).lower()
    return float(raw) if raw.isdigit() else float(NUMBERS.get(raw, 0)) or None
