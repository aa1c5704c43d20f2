"""Known, open failures on the tuning personas that the hard-rule tests name instead of hiding.

Each entry fails those tests if it starts passing (so it is taken off) or if another persona
joins it."""

# A refusal worded as a constraint beside a list of possible cities ("could be Tartu, Helsinki
# or somewhere I have never heard of. I prefer not to draw that map now."): the city is taken as
# the answer and the quiet "not now" goes unheard.
KNOWN_PUSHES = ["tune10_estonian_govtech"]
# A scripted persona that answers the check question with a dated step ("By the end of next
# quarter I'll run five interviews"), which the resistance head is sure is a refusal.
KNOWN_FALSE_BACK_OFFS = ["unthought"]
