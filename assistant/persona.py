"""Persona scripts: a PM's context and answers, replayed through the interviewer."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, Field, ValidationError, model_validator

from assistant.interview.session import Context
from assistant.interview.stages import ALL_SLOTS


class PersonaError(ValueError):
    """A persona file that cannot be replayed, in one line."""


class PersonaContext(BaseModel):
    current_role: str | None = None
    manager_notes: str | None = None
    prework: dict[str, str] = {}


class Persona(BaseModel):
    name: str
    mode: Literal["rehearse", "draft", "reflect"] = "rehearse"
    context: PersonaContext = Field(default_factory=PersonaContext)
    # Scripted answers, fed one per assistant turn; or adaptive replies keyed by slot.
    answers: list[str] = []
    replies: dict[str, str] = {}
    probes: dict[str, str] = {}
    clarify: str | None = None
    closing: str | None = None
    description: str | None = None
    # Ground truth of what a good interviewer does with this persona; see docs/personas.md.
    expect: dict[str, Any] = {}

    @model_validator(mode="after")
    def _speaks(self) -> "Persona":
        if not self.answers and not self.replies:
            raise ValueError("a persona needs `answers` (a script) or `replies` (keyed by slot)")
        unknown = [k for k in [*self.replies, *self.probes] if k not in ALL_SLOTS]
        if unknown:
            raise ValueError(f"unknown slot in replies or probes: {', '.join(unknown)}")
        return self

    @property
    def adaptive(self) -> bool:
        return bool(self.replies)

    def interview_context(self) -> Context:
        c = self.context
        return Context(current_role=c.current_role, manager_notes=c.manager_notes, prework=dict(c.prework))


def load_persona(path: Path | str) -> Persona:
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PersonaError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise PersonaError(f"{path}: is a folder, not a persona file") from None
    except UnicodeDecodeError:
        raise PersonaError(f"{path}: not a text file") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise PersonaError(f"{path}: not valid YAML{where}") from None
    if not isinstance(raw, dict):
        raise PersonaError(f"{path}: expected a mapping with name, context and answers")
    try:
        return Persona.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise PersonaError(f"{path}: {where}: {err['msg']}") from None
