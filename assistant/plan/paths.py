"""Which way a PM is heading (up the ladder, staying put, or out of product) and the steps that fit it."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from assistant.ladder import Level
from assistant.plan.commitments import IMPERATIVE

STEP_BANK = Path(__file__).resolve().parent / "steps.yaml"
PROMOTION = "promotion"
CONTENT = "content"
CHANGERS = ("founder", "engineering", "research", "design")
# A stated target that is still product management, even when it names a neighbouring word.
STILL_PRODUCT = re.compile(r"\b(?:product (?:manager|lead|director|owner)|pm|vp of product|head of product|"
                           r"director of product|cpo|chief product)\b", re.I)

NO_MANAGING = re.compile(r"\b(?:don'?t|do not|never) want to (?:manage|be a manager|lead people|have reports)|"
                         r"no interest in managing|not (?:a|into) people manag|rather not manage|stay (?:an )?ic\b", re.I)

Step = tuple[str, str, str]


@lru_cache(maxsize=1)
def bank() -> dict:
    return yaml.safe_load(STEP_BANK.read_text(encoding="utf-8"))


def band(level: Level | None) -> str:
    """How big the step is: individual, group or executive scale."""
    rank = level.rank if level else 1
    return "ic" if rank <= 2 else "group" if rank == 3 else "exec"


def changer_kind(texts: list[str]) -> str | None:
    """The path outside product management a target names, if any."""
    for text in texts:
        if not text:
            continue
        for kind in CHANGERS:
            if re.search(rf"\b(?:{bank()['paths'][kind]['match']})", text, re.I):
                if kind != "founder" and STILL_PRODUCT.search(text):
                    continue  # "Director of Product for the design system" still climbs the product ladder
                return kind
    return None


def is_content(texts: list[str]) -> bool:
    """The PM said they are happy where they are and want no promotion."""
    return any(re.search(bank()["content"]["match"], t or "", re.I) for t in texts)


def path_of(target_texts: list[str], all_texts: list[str], off_ladder: bool = False,
            climbing: bool | None = None) -> str:
    """promotion, content, or one of CHANGERS; the target's own words decide before anything else."""
    kind = changer_kind(target_texts)
    if kind:
        return kind
    if climbing is False or (climbing is None and is_content(all_texts)):
        return CONTENT
    if off_ladder:
        return changer_kind(all_texts) or CONTENT
    return PROMOTION


def ladder_step(dimension: str, level: Level | None, area: str | None = None) -> Step:
    """A step written for one ladder dimension at the scale of the target level."""
    text, measure, support = bank()["ladder"][dimension][band(level)]
    if area:
        text = f"{lead_in(area)}: {text[0].lower()}{text[1:]}"
    return f"{text}.", f"{measure}.", f"{support}."


def lead_in(area: str) -> str:
    """"For pricing work" but "To present the results on my own": a need said as a verb reads as a purpose."""
    return f"To {area}" if IMPERATIVE.match(area.strip()) else f"For {area}"


def theme_of(area: str) -> str | None:
    """Which known theme a need the PM named belongs to, if any."""
    return next((name for name, theme in bank()["themes"].items() if re.search(theme["match"], area, re.I)), None)


def theme_step(area: str) -> Step | None:
    """A step for a need the PM named that no ladder dimension covers, when it matches a known theme."""
    for theme in bank()["themes"].values():
        if re.search(theme["match"], area, re.I):
            text, measure, support = theme["step"]
            return f"{text.format(area=area)}.", f"{measure}.", f"{support}."
    return None


def wants_no_reports(texts: list[str]) -> bool:
    """The PM said they want to grow without managing people."""
    return any(NO_MANAGING.search(t or "") for t in texts)


def practice_step(area: str) -> Step:
    """A step for a real need no theme covers: one visible piece of work that shows it."""
    return (f"{lead_in(area)}: pick one piece of work this quarter that needs it, agree with my manager "
            "what good looks like, and ask two colleagues for feedback afterwards.",
            "The piece of work is finished and the two colleagues' feedback is written down.",
            "Agree what good looks like with me and point out the right piece of work.")


def path_gaps(kind: str) -> list[tuple[str, str]]:
    return [tuple(g) for g in bank()["paths"][kind]["gaps"]]


def path_steps(kind: str) -> list[Step]:
    return [(f"{t}.", f"{m}.", f"{s}.") for t, m, s in bank()["paths"][kind]["steps"]]


def path_stones(kind: str) -> list[str]:
    return list(bank()["paths"][kind]["stones"])


def path_title(kind: str) -> str:
    return bank()["paths"][kind]["title"]


def content_steps(area: str) -> list[Step]:
    return [(f"{t.format(area=area)}.", f"{m}.", f"{s}.") for t, m, s in bank()["content"]["steps"]]


def content_stones(area: str) -> list[str]:
    return [s.format(area=area) for s in bank()["content"]["stones"]]


def all_suggestions() -> list[str]:
    """Every suggested step's fixed wording, so checks can tell a suggestion from the PM's words."""
    b = bank()
    out = [s[0] for dims in b["ladder"].values() for s in dims.values()]
    out += [p[0] for kind in CHANGERS for p in b["paths"][kind]["steps"]]
    return out


def topic(interest: str | None) -> str:
    """'I really enjoy API design.' -> 'API design': what an interest is about, for a step's wording."""
    if not interest:
        return "my area"
    m = re.match(r"^\s*i\s+(?:really\s+|also\s+)?(?:enjoy|like|love|am drawn to|get energy from)\s+(.+?)[.!]*$",
                 interest, re.I)
    return m.group(1) if m and len(m.group(1).split()) <= 8 else "my area"
