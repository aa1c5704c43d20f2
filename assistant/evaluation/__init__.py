"""Evaluation harness: personas through the interviewer, scored deterministically and by a judge."""
