"""Guards on what a model produces, under the one import path the rest of the code uses.

Readings, messages and plans are checked against the offline path before they count, and every
time the model is overruled the tally records it. Each idea lives in a module of its own:

- `reading_guard`: a reading merged with, or replaced by, the offline reader's, field by field;
- `message_rules` and `message_guard`: what a message must satisfy, and streaming only what passed;
- `plan_guard`: a model's plan replaces another only when it is no worse;
- `fallback_tally`: the per-conversation count of all of the above;
- `token_count`: usage estimated when a server sends none.
"""

from __future__ import annotations

from assistant.interview.fallback_tally import Tally, tally_for, tally_of
from assistant.interview.message_guard import CUT, SLOW, MessageVerdict, guarded, last_question
from assistant.interview.message_rules import (BUDGETS, BULLET, LONG_HORIZON, MACHINERY, MARKUP,
                                               MAX_SENTENCES, SENTENCE_END, TOPIC, MessageRules,
                                               message_rules)
from assistant.interview.plan_guard import PlanChoice, better_plan
from assistant.interview.reading_guard import (CHECK_FIRST, DISPUTED, FLOOR_FLAGS, INTERNAL,
                                               SENSITIVE_LABELS, ModelReading, ModelSlots,
                                               guard_reading)
from assistant.interview.token_count import count_tokens

__all__ = [
    "BUDGETS", "BULLET", "CHECK_FIRST", "CUT", "DISPUTED", "FLOOR_FLAGS", "INTERNAL", "LONG_HORIZON",
    "MACHINERY", "MARKUP", "MAX_SENTENCES", "SENSITIVE_LABELS", "SENTENCE_END", "SLOW", "TOPIC",
    "MessageRules", "MessageVerdict", "ModelReading", "ModelSlots", "PlanChoice", "Tally", "better_plan",
    "count_tokens", "guard_reading", "guarded", "last_question", "message_rules", "tally_for",
    "tally_of",
]
