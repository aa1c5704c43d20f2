"""Known, open failures on the tuning personas that the hard-rule tests name instead of hiding.

Each entry fails those tests if it starts passing (so it is taken off) or if another persona
joins it."""

KNOWN_PUSHES: list[str] = []
KNOWN_FALSE_BACK_OFFS: list[str] = []
# A refusal at the last question that never names the years ("Steps to that picture, no. I don't
# put steps to far things... This month we have new flour supplier coming"): heard as a thin
# answer and asked once about this quarter, which pushes nothing, but the long view is not set
# aside. Came in with held-out 8 when it joined tuning.
# A refusal at the strengths question in irritation, after a full picture ("No. I've humoured
# the big-picture stuff already and I'm done with it... Talk to me about the outage or
# nothing"): no clause leans to declining for the head even after training on it; it is stored
# as strengths. Came in with held-out 11 when it joined tuning.
KNOWN_MISSED_BACK_OFFS: list[str] = ["h11_grumpy_forklifts", "h8_turkmen_bakery"]
KNOWN_PLAN_FAILURES: list[str] = []
# "Senior PM, still at ..., still in ..., still with ...": read as content where they are, so no
# potential is reflected; the persona's writer expected it reflected (a judgement call).
KNOWN_MISSED_POTENTIAL: list[str] = ["h12_lifer_opticians"]
