"""Known, open failures on the tuning personas that the hard-rule tests name instead of hiding.

Each entry fails those tests if it starts passing (so it is taken off) or if another persona
joins it."""

# A refusal said after a long reason for it ("which company depends on my visa... I don't want
# to plan five years"), under the doubt band as a whole. Checking every such clause cost a false
# back-off on held-out 2, so it stays open until a reading tells the two apart.
KNOWN_PUSHES = ["tune7_refuse_company_bluecard_berlin"]
