"""Known, open failures on the tuning personas that the hard-rule tests name instead of hiding.

Each entry fails those tests if it starts passing (so it is taken off) or if another persona
joins it."""

KNOWN_PUSHES: list[str] = []
KNOWN_FALSE_BACK_OFFS: list[str] = []
# A refusal at the last question that never names the years ("Steps to that picture, no. I don't
# put steps to far things... This month we have new flour supplier coming"): heard as a thin
# answer and asked once about this quarter, which pushes nothing, but the long view is not set
# aside. Came in with held-out 8 when it joined tuning.
KNOWN_MISSED_BACK_OFFS: list[str] = ["h8_turkmen_bakery"]
# A plan whose steps all come from the drafter, not the PM, without saying so: the PM's one
# milestone answer ("Next week...") is read as no step. Came in with held-out 10 when it joined
# tuning; the plan check that catches it is right, the reading is not yet.
KNOWN_PLAN_FAILURES: list[str] = ["h10_tourguide_familycalendars"]
