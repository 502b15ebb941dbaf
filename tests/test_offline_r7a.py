"""The offline receptionist's emergencies and false alarms of blind20's classes (issue 18), on
businesses nobody tuned it for.

Missed: a fever told as a temperature in words ("now he's at a hundred and three") or by how it
feels ("shaking with chills", "burning up") was no fever, so a policy that sends a fever past
its temperature to the emergency room went unsaid and the owner untexted. Told as alarms: a
place named for its urgency where something everyday was done ("a TB test put in at the urgent
care"), and a texted question with no question mark ("… lol. how long do we have to wait"),
which was taken for a danger told.

A home infusion nursing service (tests/profiles/home-infusion.toml), whose policy names a fever
of 100.5 or higher, and a chimney sweep (tests/profiles/chimney.toml).
"""

from __future__ import annotations

from typing import Any

import pytest
from test_offline_safety import one_call, outbox

import bot
from tests.offline_support import PROFILES, receptionist

INFUSION = PROFILES / "home-infusion.toml"
CHIMNEY = PROFILES / "chimney.toml"


def hears_emergency(where: str, speech: str) -> bool:
    """Whether the receptionist of a tests/profiles business hears an emergency."""
    return receptionist(where).hears_emergency(bot.Heard.of(speech))


# -- 1. A fever told in words, past the policy's temperature ---------------------------------


@pytest.mark.parametrize(("speech", "degrees"), [
    ("now he's at a hundred and three", [103.0]),
    ("his temp is one oh two", [102.0]),
    ("the fever hit a hundred two point five last night", [102.5]),
    ("she's running 38.9 degrees", [pytest.approx(102.02)]),
    ("A fever of 100.5 or higher after an infusion", [100.5]),
    ("she's burning up", [103.0]),
    # Numbers that are no one's temperature.
    ("that's a hundred and three dollars?", []),
    ("it's 104 degrees out and the van has no AC", []),
    ("she's at 38 weeks", []),
    ("i'm running 40 minutes late", []),
])
def test_a_temperature_is_read_as_said(speech: str, degrees: list[float]) -> None:
    assert bot.temperatures_told(speech) == degrees


@pytest.mark.parametrize(("speech", "urgent"), [
    # Past the policy's 100.5, in words, with a booking asked: the policy's emergency.
    ("my husband finished his IV antibiotics yesterday and last night he started shaking with "
     "chills and now he's at a hundred and two, should we book him a nurse visit?", True),
    ("she got home from the infusion last week and now she's burning up", True),
    ("his temp is 38.7 since the drip this morning, do we need to do anything?", True),
    # Under the policy's temperature; asked as what might happen; long past.
    ("his temperature was 99.1 after the infusion, is that ok?", False),
    ("what if he gets a fever of 101 after the infusion, do I call you?", False),
    ("she had a fever of 101 last month, can we still book her infusion Friday?", False),
])
def test_a_fever_past_the_policys_temperature_is_urgent(speech: str, urgent: bool) -> None:
    assert hears_emergency("home-infusion.toml", speech) is urgent


async def test_a_fever_in_words_texts_the_owner_and_says_the_policy(make_bot: Any) -> None:
    said = ("hi, my mom had her antibiotics through the PICC this morning and now she's at a "
            "hundred and two with the chills, we figured it's just a cold but should we make "
            "her an appointment?")
    async with one_call(make_bot, INFUSION, [said]) as (heard, running):
        texts = await outbox(running)
    assert heard[0].startswith("I'm sorry, that sounds urgent.")
    assert "A fever of 100.5 or higher after an infusion" in heard[0]
    assert any(t.startswith("URGENT") for t in texts)


# -- 2. A place named for its urgency is no emergency --------------------------------------------


@pytest.mark.parametrize("speech", [
    "had my PICC put in at the urgent care by my work yesterday but theyre closed tmrw. can i "
    "just swing by and have u guys flush it?",
    "the emergency room at St. Mary's put in her midline, can your nurse change the dressing?",
])
def test_a_place_called_urgent_where_something_everyday_was_done_is_no_emergency(
    speech: str,
) -> None:
    assert not hears_emergency("home-infusion.toml", speech)


def test_urgency_claimed_is_still_urgent() -> None:
    assert hears_emergency("home-infusion.toml", "it's urgent, the pump is beeping and her "
                                                  "line is red and swollen")


# -- 3. A question texted without a question mark asks, it tells no danger ---------------------


@pytest.mark.parametrize(("speech", "urgent"), [
    ("just had the new damper put in yesterday, the kids want a fire in the house tonight "
     "lol. how long do we have to wait", False),
    # A danger told, then asked about: still urgent.
    ("smoke is coming into the house from the fireplace. how do we stop it", True),
])
def test_a_question_without_its_mark_is_asked(speech: str, urgent: bool) -> None:
    assert hears_emergency("chimney.toml", speech) is urgent


# -- 4. The kind of place a caller thinks they called, in lower case ------------------------------


@pytest.mark.parametrize(("speech", "theirs"), [
    ("hi, is this the water department? I need to get service turned on at my new place",
     "water department"),
    ("am I talking to the passport office?", "passport office"),
    # What we are, in our own words, or a kind the FAQ asks of us.
    ("is this the infusion clinic?", None),
    ("hi is this the nursing office? it's about my dad's PICC line", None),
])
def test_a_kind_of_place_not_ours_is_a_wrong_number(speech: str, theirs: str | None) -> None:
    assert receptionist("home-infusion.toml").kind_not_ours(bot.Heard.of(speech)) == theirs


async def test_a_caller_for_another_kind_of_place_hears_who_we_are(make_bot: Any) -> None:
    said = "hi, is this the water department? I need to get service turned on at my new place"
    async with one_call(make_bot, INFUSION, [said]) as (heard, running):
        texts = await outbox(running)
    assert heard[0] == ("This is Saguaro Home Infusion Nursing, so you may have the wrong "
                        "number. If you did mean to call us, how can I help?")
    assert texts == []


# -- 5. Questions in the caller's own words ------------------------------------------------------


@pytest.mark.parametrize(("where", "lines", "answer"), [
    # Who lets the crew in, or watches them: whether one must be home.
    ("pressure-washing.toml",
     ["does somebody from our family have to babysit your crew while they wash the house, or "
      "can they just let themselves in the back gate?"],
     "No. Leave the outside water spigot on and the gate unlocked, and we'll text you photos "
     "when we're done."),
    # An age asked, in months or years or a bare number: the ages the description gives.
    ("axe-throwing.toml", ["can my 14 year old do the zombie night?"],
     "Zombie night: a themed night throwing at moving targets in the dark, ages 16 and up."),
    ("swing-club.toml", ["my daughter's only five, can she do the kids trial class?"],
     "Kids trial class: one free class for ages 6 to 12 to see if they like it."),
    ("swing-club.toml", ["how old do kids have to be for the kids trial class?"],
     "Kids trial class: one free class for ages 6 to 12 to see if they like it."),
])
async def test_a_question_in_everyday_words_is_answered(
    make_bot: Any, where: str, lines: list[str], answer: str,
) -> None:
    async with one_call(make_bot, PROFILES / where, lines) as (heard, _):
        assert heard[-1] == answer


def test_an_age_asked_of_a_description_without_ages_is_not_answered_from_it() -> None:
    ours = receptionist("home-infusion.toml")
    shot = next(s for s in ours.profile.services if s.name == "Hay fever allergy shot")
    assert ours.description_told(bot.Heard.of("she's only seven, can she get it?"), shot) is None


# -- 6. Someone of ours asked for by name, with a thing counted ("a second line") -------------


async def test_a_staff_member_asked_for_is_put_through(make_bot: Any) -> None:
    said = ("hi, is Gabe in? He did my mom's PICC line care last month and I want to ask him "
            "about a second line")
    async with one_call(make_bot, INFUSION, [said]) as (heard, _):
        assert heard == ["Let me put you through to Gabe Whitfield. Putting you through now, "
                         "please hold."]


@pytest.mark.parametrize(("speech", "day"), [
    ("I want to ask her about adding a second tank", False),
    ("our third dog needs a trim", False),
    ("can you come on the second?", True),
    ("the second week of January", True),
])
def test_an_ordinal_of_a_thing_names_no_day(speech: str, day: bool) -> None:
    assert receptionist("home-infusion.toml").day_to_come(bot.Heard.of(speech)) is day


# -- 7. A name given without its "is" ------------------------------------------------------------


@pytest.mark.parametrize(("speech", "name"), [
    ("Yes, yes, OK. My name Nguyen Van Thanh.", "Nguyen Van Thanh"),
    ("my name tran thi mai", None),  # lower case: no name the recogniser knew
    ("ok my name and number are on the form", None),
])
def test_a_name_given_without_is(speech: str, name: str | None) -> None:
    heard = bot.name_heard(speech)
    assert (heard.name if heard and heard.sure else None) == name
