"""Misfires of the blind26 round's rules, found by attacking them at businesses of our own:

1. an age a policy's fever is bounded by ("a fever of 100.4 or higher in a baby under 3
   months old") is read with its unit however it is said ("2 and a half months", "5 and a half
   weeks", "the baby is 2, weeks I mean"), never taken for years; and only the clause naming
   that age is past it: the other signs of the same sentence ("trouble breathing, a seizure,
   blue lips, or a fever … under 3 months") stay emergencies at any age;
2. "cracked" and "busted" are not "broken" (a windshield crack, a busted window screen): a
   caller at a loss before something today who asks for a time ("do you have anything at 2?")
   is asking to book;
3. a cancel that says another person will be there instead and asks for that day ("cancel
   Thursday, my husband will be home Friday instead, can you come then?") is a move;
4. no pulse, no breath and a stroke's signs (a drooping face, slurred speech, one side numb)
   are dangers at any business, like a collapse (a glass shop's caller whose husband "has no
   pulse" was told goodbye); a swim stroke and "a stroke of luck" are not.

A children's clinic and a glass shop of our own (tests/profiles/bundled-clinic.toml,
glass-shop.toml); the clinic of tests/profiles/family-clinic.toml.
"""

from __future__ import annotations

import pytest

import bot
from tests.offline_support import receptionist


def hears_emergency(profile: str, speech: str) -> bool:
    return receptionist(profile).hears_emergency(bot.Heard.of(speech))


@pytest.mark.parametrize(("profile", "speech"), [
    ("bundled-clinic.toml", "My baby is 2 and a half months old and she has a fever of 101"),
    ("bundled-clinic.toml", "she is 2, almost 3 months, and her temp is 101"),
    ("bundled-clinic.toml", "she's 5 and a half weeks old and she's got a fever of 100.8"),
    ("family-clinic.toml", "she's 5 and a half weeks old and she's got a fever of 100.8"),
    ("bundled-clinic.toml", "the baby is 2, weeks I mean, and he's burning up, 101.2"),
    ("family-clinic.toml", "the baby is 2, weeks I mean, and he's burning up, 101.2"),
])
def test_a_babys_age_told_in_pieces_keeps_the_policys_fever(profile: str, speech: str) -> None:
    assert hears_emergency(profile, speech)


@pytest.mark.parametrize("speech", [
    "he's 4, his lips are turning blue and he can't catch his breath",
    "she's six and she's having a seizure",
    "my son is 4 and he's having trouble breathing",
])
def test_the_other_signs_of_an_age_bound_sentence_hold_at_any_age(speech: str) -> None:
    assert hears_emergency("bundled-clinic.toml", speech)


def test_an_older_childs_fever_is_still_no_emergency() -> None:
    assert not hears_emergency("bundled-clinic.toml",
                               "he's four and has a fever of 101, can we come in today at 3?")


@pytest.mark.parametrize("speech", [
    "I'm panicking, my windshield cracked and we leave on a road trip today at 5, do you have "
    "anything at 2?",
    "I don't know what to do, the dog busted through the window screen and we're showing the "
    "house today at 4, could someone fix it at 1?",
    "My kid busted the screen door, there's no glass, it's just the screen. Can you fix it "
    "Thursday?",
])
def test_a_crack_or_a_busted_screen_asked_a_time_for_is_no_emergency(speech: str) -> None:
    assert not hears_emergency("glass-shop.toml", speech)


def test_a_shattered_window_is_still_one() -> None:
    assert hears_emergency("glass-shop.toml", "the back door glass just shattered, there's glass "
                           "everywhere and the kids are home, I can't lock up")


@pytest.mark.parametrize(("speech", "moves"), [
    ("I need to cancel Thursday, my husband will be home Friday instead, can you come then?",
     True),
    ("ugh nvm, cancel that pickup, my sister's grabbing them saturday instead", False),
])
def test_a_cancel_that_asks_for_the_other_day_is_a_move(speech: str, moves: bool) -> None:
    assert receptionist("glass-shop.toml").hears_reschedule(bot.Heard.of(speech)) is moves


# -- 4. No pulse, no breath, a stroke's signs: dangers at any business -----------------------


@pytest.mark.parametrize("speech", [
    "he has no pulse",
    "I can't find a pulse, he's just lying there",
    "there's no heartbeat I can find",
    "she stopped breathing",
    "my dad has no feeling on one side and can't talk right",
    "her face is drooping and her speech is slurred",
    "I think he's had a stroke, one side of his face is droopy",
])
@pytest.mark.parametrize("profile", ["glass-shop.toml", "bundled-clinic.toml"])
def test_no_pulse_no_breath_and_a_strokes_signs_are_emergencies_anywhere(
        profile: str, speech: str) -> None:
    assert hears_emergency(profile, speech)


@pytest.mark.parametrize("speech", [
    "do you do swim stroke lessons?",
    "what a stroke of luck, I found my receipt",
    "my pulse oximeter broke, do you sell them?",
    "no feeling like Monday, can we do Tuesday at 10?",
])
def test_their_words_in_other_senses_are_not(speech: str) -> None:
    assert not hears_emergency("glass-shop.toml", speech)


@pytest.mark.parametrize("speech", [
    "I need somebody to help my dad in the shower, he had a stroke last spring",
    "since her stroke she can't do the stairs, can someone come Tuesdays?",
])
def test_a_stroke_long_had_told_as_why_care_is_needed_is_not(speech: str) -> None:
    assert not hears_emergency("glass-shop.toml", speech)
