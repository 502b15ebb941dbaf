"""What a review of the blind20 and blind21 rounds found the new rules doing beyond what they
were written for, each kept from coming back:

1. a high fever denied ("it's not a high fever") is none; a number after "we're at" that is an
   address, a dose or weeks along ("38 and a half weeks") is no temperature;
2. after an emergency, a price, a day or a visit asked ("how much is the inspection?", "when can
   you come inspect it, tuesday?") is answered as asked, not with a sentence of the policy;
3. a thing declined is taken out whole ("I don't want the seasonal plow contract"), and a
   trouble told ("we have no heat") is not taken out at all;
4. "all season the roof has been leaking" is no seasonal service, "once there's six inches"
   no one-time one;
5. a department of any business ("is this the service department?") is no wrong number;
6. "no rush, I'll call back" is still a no; a thing "due the 5th" is the day asked.
"""

from __future__ import annotations

from datetime import date

import pytest

import bot
from tests.offline_support import named, receptionist


@pytest.mark.parametrize(("profile", "speech"), [
    ("lactation.toml", "it's not a high fever, can we book for tuesday?"),
    ("lactation.toml", "we're at 101 Main Street, can you come see us thursday?"),
    ("lactation.toml", "I'm at 38 and a half weeks, can I book a prenatal consult?"),
    ("lactation.toml", "she's at 101 mg of ibuprofen, can we come in"),
    ("travel-clinic.toml", "it's not a high fever, can we book for tuesday?"),
])
def test_a_number_or_a_fever_denied_is_no_emergency(profile: str, speech: str) -> None:
    assert not receptionist(profile).hears_emergency(bot.Heard.of(speech))


@pytest.mark.parametrize("speech", [
    "my husband got back from Ghana like ten days ago and now he's at a hundred and three",
    "she's burning up, like 103",
])
def test_a_fever_told_is_still_one(speech: str) -> None:
    assert receptionist("travel-clinic.toml").hears_emergency(bot.Heard.of(speech))


@pytest.mark.parametrize("speech", [
    "how much is the inspection?",
    "when can you come inspect it, tuesday?",
    "which day can the sweep come?",
])
def test_after_an_emergency_a_price_or_a_day_is_no_policy_sentence(speech: str) -> None:
    assert receptionist("chimney.toml").emergency_sentences_asked(bot.Heard.of(speech)) == ""


@pytest.mark.parametrize(("speech", "service"), [
    ("I don't want the seasonal plow contract, just plow it once tomorrow", "One-time plow"),
    ("hey, can I get the driveway plowed once tomorrow morning? I don't have a contract",
     "One-time plow"),
])
def test_a_thing_declined_is_taken_out_whole(speech: str, service: str) -> None:
    assert named("snow.toml", speech) == service


def test_a_trouble_told_is_not_taken_out() -> None:
    receptionist_ = receptionist("propane.toml")
    assert bot.OfflineReceptionist.NOT_HAD.sub(" ", "we have no heat since sunday") == \
        "we have no heat since sunday"
    assert receptionist_.naming_words(bot.Heard.of("we've been without heat since sunday")).words \
        >= {"heat"}


@pytest.mark.parametrize(("profile", "speech", "not_this"), [
    ("snow.toml", "all season the roof has been leaking at the edge", "Seasonal plow contract"),
    ("snow.toml", "once there's six inches, come plow the driveway", "One-time plow"),
])
def test_words_of_when_or_of_kind_name_no_season_or_one_time(
        profile: str, speech: str, not_this: str) -> None:
    assert named(profile, speech) != not_this


@pytest.mark.parametrize("speech", [
    "is this the service department?",
    "I'm trying to reach the front desk",
    "am I talking to the customer service line",
])
def test_a_department_of_any_business_is_no_wrong_number(speech: str) -> None:
    assert receptionist("tires.toml").kind_not_ours(bot.Heard.of(speech)) is None


def test_another_kind_of_place_is_still_one() -> None:
    assert receptionist("tires.toml").kind_not_ours(
        bot.Heard.of("hi, is this the passport office?")) == "passport office"


def test_no_rush_is_still_a_no_and_a_thing_due_is_the_day() -> None:
    assert bot.is_no("no rush, I'll call back")
    assert bot.is_yes("yes, not a problem")
    profile = receptionist("snow.toml").profile
    assert bot.parse_day("our filter change is due the 5th, can you come then?",
                         date(2026, 12, 2), profile) == date(2026, 12, 5)
    assert bot.parse_day("she's due Dec 3, can we come this sunday?",
                         date(2026, 11, 17), profile) == date(2026, 11, 22)
