"""The rehearsal interview: stages, reading answers, choosing moves, phrasing them."""
