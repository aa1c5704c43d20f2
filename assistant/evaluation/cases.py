"""Evaluation cases: a persona script plus what a good interviewer should do with it."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from assistant.persona import Persona, PersonaError, load_persona

ROOT = Path(__file__).resolve().parent.parent.parent
PERSONAS_DIR = ROOT / "personas"


class SlotPattern(BaseModel):
    model_config = ConfigDict(extra="forbid")
    regex: str


class Expect(BaseModel):
    """Behaviour the persona calls for; a missing key means the case does not score it."""

    model_config = ConfigDict(extra="forbid")

    back_off: bool | None = None
    reflect_potential: bool | None = None
    offer_gaps: bool | None = None
    probe: bool | None = None
    complete: bool | None = None
    # Ground truth for understanding: where resistance first appears (a slot for adaptive
    # personas, an answer index for scripted ones), the target level, and slot contents.
    resistance_at: str | int | None = None
    target_level: str | None = None
    content: bool | None = None
    question_back_at: str | int | None = None
    slots: dict[str, list[str] | SlotPattern | None] = {}


class Case(BaseModel):
    persona: Persona
    expect: Expect
    path: str


def load_case(path: Path | str) -> Case:
    """A persona file and its optional `expect:` mapping, checked against the known keys."""
    path = Path(path)
    persona = load_persona(path)
    try:
        expect = Expect.model_validate(getattr(persona, "expect", None) or {})
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise PersonaError(f"{path}: expect.{where}: {err['msg']}") from None
    return Case(persona=persona, expect=expect, path=str(path))


HELDOUT_DIR = PERSONAS_DIR / "heldout"
# A second held-out set, written later by another hand that read no persona and no reader code;
# measured, never tuned on, and not yet held to the hard-rule tests (it is where we fall short).
HELDOUT2_DIR = PERSONAS_DIR / "heldout2"
# A third, written blind in a later session (see its README); only its headline figures are looked at.
HELDOUT3_DIR = PERSONAS_DIR / "heldout3"
# A fourth, written blind in a later session still; scored once, at that session's end.
HELDOUT4_DIR = PERSONAS_DIR / "heldout4"
# A fifth, written blind while held-out 4 was being worked against; only its headline figures are read.
HELDOUT5_DIR = PERSONAS_DIR / "heldout5"
# A sixth (written blind, first scored at the end of its session) became tuning data in the next
# session, once its figures were reported; the seventh, written blind then, took its place.
HELDOUT7_DIR = PERSONAS_DIR / "heldout7"
# The eighth to twelfth were each scored blind in their session, then read, diagnosed and
# moved into the tuning set with a retraining (their origin notes are in docs/). The thirteenth,
# written blind with every earlier voice off limits and mostly in plain workplace English, took
# their place.
HELDOUT14_DIR = PERSONAS_DIR / "heldout14"


def load_cases(folder: Path | str | None = None) -> list[Case]:
    """Every persona file in a folder, in name order."""
    folder = Path(folder) if folder else PERSONAS_DIR
    if not folder.is_dir():
        raise PersonaError(f"{folder}: no such folder of personas")
    files = sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")])
    if not files:
        raise PersonaError(f"{folder}: holds no persona files (*.yaml)")
    return [load_case(f) for f in files]
