"""Verbs that name something a person can do by a date: shared by the step reader and the checks."""

from __future__ import annotations

import re

# Verbs that name something a person can do by a date; inflections are matched by ACTION below.
VERBS = ("ship launch release run write publish present lead mentor coach hire own take get sign finish "
         "complete deliver build set hold interview talk meet review agree cut reduce grow increase move "
         "raise double halve lower learn shadow join start organise organize host draft document design "
         "prototype test validate pitch close hand delegate train study create define map plan roll migrate "
         "redesign rework speak demo share pair attend visit onboard recruit analyse analyze measure track "
         "report propose drive land kick finalise finalize make have do put bring teach give send book apply "
         "enrol enroll pass earn found incorporate fundraise secure win spend co-run co-lead facilitate "
         "sunset replace automate fix clean simplify consolidate negotiate partner sell survey outline "
         "complete certify prepare collect gather conduct reach hit").split()
BASE = r"(?:" + "|".join(sorted(set(VERBS), key=len, reverse=True)) + r")"
VERB = BASE + r"(?:s|es|ed|d|ing)?"
ACTION = re.compile(rf"\b{VERB}\b", re.I)
