"""Word specificity beside the sentence encoder, for the vagueness head."""

from __future__ import annotations

from assistant.interview.reader_model import shared_model
from assistant.interview.specificity import WIDTH, specificity


def test_everyday_words_and_named_things_land_in_different_bands():
    vague, named = specificity(["Good people, nice ones.", "Galvanising yard crews in Brisbane, nine of them."])
    rare_share, rarest = 0, WIDTH - 2
    assert named[rare_share] > vague[rare_share]
    assert named[rarest] < vague[rarest]  # its rarest word is rarer


def test_numbers_and_empty_text_are_read_without_error():
    rows = specificity(["Cut delays from 9 days to 3.", "", "¯\\_(ツ)_/¯"])
    assert rows.shape == (3, WIDTH)
    assert rows[0][WIDTH - 3] == 1.0 and rows[1][WIDTH - 3] == 0.0


def test_the_vagueness_head_learned_that_common_words_say_less():
    weights = shared_model().heads["thin"].weights[-WIDTH:, 0]
    has_number, rarest = WIDTH - 3, WIDTH - 2
    assert weights[rarest] > 0  # the commoner even its rarest word, the vaguer the answer
    assert weights[has_number] < 0  # a figure is specific
