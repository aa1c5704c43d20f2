"""Known, open failures on the tuning personas that the hard-rule tests name instead of hiding.

Each entry fails those tests if it starts passing (so it is taken off) or if another persona
joins it."""

KNOWN_PUSHES: list[str] = []
# A scripted persona that answers the check question with a dated step ("By the end of next
# quarter I'll run five interviews"), which the resistance head is sure is a refusal.
KNOWN_FALSE_BACK_OFFS = ["unthought"]
