"""Of two services whose names share the word the caller said ("a fitting" at a tailor with a
Sleeve fitting and a Gown fitting), neither is guessed from that same word said again
in one description ("most gowns need two or three fittings"): the caller is asked which
(issue 18: the held-out blind7 round booked a Bridal fitting for "a fitting... taking in a
pair of pants", read back first). Words that tell them apart still choose.

The business is the tailor of tests/profiles/tailor.toml."""

from __future__ import annotations

import pytest

from tests.offline_support import PROFILES, named

TAILOR = PROFILES / "tailor.toml"


@pytest.mark.parametrize("speech", [
    "could I come in for a fitting tomorrow at five?",
    "I need a fitting on Saturday, like ten",
])
def test_the_word_two_names_share_guesses_neither(speech: str) -> None:
    assert named(TAILOR, speech) is None


@pytest.mark.parametrize(("speech", "service"), [
    ("a fitting for my wedding gown on Friday", "Gown fitting"),
    ("a fitting for my coat sleeves tomorrow", "Sleeve fitting"),
    ("a gown fitting tomorrow at ten", "Gown fitting"),
])
def test_words_that_tell_them_apart_still_choose(speech: str, service: str) -> None:
    assert named(TAILOR, speech) == service
