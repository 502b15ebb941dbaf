"""The offline receptionist's service read back where the business's name is its trade (issue
18): "get my tank pumped" at High Desert Septic & Pumping is the Septic pumping, which a word
of the business's name names, not a service whose description says the tank "was pumped".
A Piano move at a moving company, one move of many, still is not every move.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from test_offline_rharm import a_call

from bot import SIZE_SAID, Heard, HeardName, name_heard, size_written
from tests.offline_support import PROFILES, SCENARIO_PROFILES, named, receptionist

CHIMNEY = PROFILES / "chimney.toml"
MONDAY_MORNING = datetime(2026, 11, 16, 16, 0, tzinfo=UTC)  # Monday 16 November, 9:00 in Golden


@pytest.mark.parametrize("speech", [
    "hi, we need a chimney sweep before the holidays, could you come Thursday at ten?",
    "can I get someone out to sweep our chimney, maybe Wednesday around 1?",
])
async def test_the_trade_the_business_is_named_for_is_its_own_service(
    make_bot: Any, speech: str,
) -> None:
    async with a_call(make_bot, CHIMNEY, [speech], MONDAY_MORNING) as (heard, _):
        assert heard[0].startswith("That's a Chimney sweeping on"), heard[0]


def test_a_trade_word_one_service_of_many_has_still_names_none() -> None:
    # "Sweeping" is all the Chimney sweeping's name has beside "chimney", the business's own
    # word: not a trade word. A moving company's "move" stays one (the Piano move is one move
    # of many, named by "piano").
    assert receptionist(CHIMNEY).trade_stems == frozenset()
    movers = receptionist(PROFILES.parent.parent / "scenarios" / "profiles" / "moving.toml")
    assert "move" in movers.trade_stems


@pytest.mark.parametrize(("lines", "address"), [
    (["I think we have a chimney fire, there's smoke pouring into the living room",
      "okay, it's 12 Elm Street in Golden. Should we be doing anything?"], "12 Elm Street"),
    (["there's smoke coming into the house from the fireplace, what do we do",
      "so we should get out of the house?", "it's 77 Ridge Road"], "77 Ridge Road"),
])
async def test_what_to_do_in_an_emergency_is_said_again_when_asked(
    make_bot: Any, lines: list[str], address: str,
) -> None:
    # The policy says what to do in its own words and has no "don't": asked "should we be
    # doing anything?" after the emergency was passed on, those words are said again (with
    # the address taken when it comes with the question), never only the call back.
    async with a_call(make_bot, CHIMNEY, lines, MONDAY_MORNING) as (heard, running):
        assert "I've texted Mara right away" in heard[0], heard[0]
        assert "close the damper, get everyone outside and call 911" in heard[1], heard[1]
        urgent = [r["body"] for r in await running.crm.rows(
            "SELECT body FROM outbox WHERE body LIKE 'URGENT%' ORDER BY id")]
        assert any(address in body for body in urgent), urgent


@pytest.mark.parametrize("speech", [
    "hi, I want to try the lindy drop-in next Tuesday at eight",
    "could I try one of your adult drop-in classes on Wednesday at 7?",
])
async def test_a_grown_up_trying_the_adults_class_is_not_booked_for_the_kids_trial(
    make_bot: Any, speech: str,
) -> None:
    # The one trial is the Kids trial class; "try" the Adult drop-in class names the adults'
    # class (the trial absorbs what it tries only when both are for the same people).
    async with a_call(make_bot, PROFILES / "swing-club.toml", [speech],
                      MONDAY_MORNING) as (heard, _):
        assert heard[0].startswith("That's an Adult drop-in class on"), heard[0]


@pytest.mark.parametrize(("speech", "service"), [
    ("hi, can I move into a ten by ten unit Friday at 2?", "Medium unit move-in (10x10)"),
    ("do you have a 10 by 20 I could move into Friday at 2?",
     "Large unit move-in (10x20 or 10x30)"),
])
async def test_a_size_said_as_people_say_it_names_the_service_written_with_it(
    make_bot: Any, speech: str, service: str,
) -> None:
    # "Ten by ten" is the "10x10" of a name (not ten o'clock, nor a count of ten).
    async with a_call(make_bot, SCENARIO_PROFILES / "self-storage.toml", [speech],
                      MONDAY_MORNING) as (heard, _):
        assert heard[0].startswith(f"That's a {service} on Friday"), heard[0]
        assert "2 PM" in heard[0], heard[0]


def test_a_size_is_written_as_names_write_it() -> None:
    assert SIZE_SAID.sub(size_written, "one of your twenty by twenty tents") == \
        "one of your 20x20 tents"
    assert SIZE_SAID.sub(size_written, "a 10-by-30 or a ten x 20") == "a 10x30 or a 10x20"
    assert SIZE_SAID.sub(size_written, "come by at ten") == "come by at ten"


@pytest.mark.parametrize("speech", [
    "what does it cost to take down a big pine, it's probably seventy foot, maybe twenty feet "
    "off the house?",
    "it's roughly forty foot tall and leaning over the garage",
    "I think it's nearly ninety years old, that oak",
])
def test_a_size_or_an_age_hedged_is_no_name(speech: str) -> None:
    # "It's probably seventy foot" was read back as "did I get your name right: Probably
    # Seventy Foot?" (blind11's tree service).
    assert name_heard(speech) is None


def test_a_name_after_its_still_heard() -> None:
    assert name_heard("hi, it's rose baker") == HeardName("Rose Baker", False)
    assert name_heard("It's Dale Kuehl, about the mower") == HeardName("Dale Kuehl", True)


REFLEXOLOGY = PROFILES / "reflexology.toml"


@pytest.mark.parametrize("speech", [
    "I've never done reflexology before, my sister swears by it, could I come Thursday at ten?",
    "hi, I haven't tried reflexology before, is there something Friday at two?",
])
def test_a_caller_new_to_it_is_never_the_returning_clients_session(speech: str) -> None:
    # blind15's acupuncture: "I've never done acupuncture before… for my lower back" read back
    # and booked the Follow-up acupuncture ("for back and neck pain") on the yes.
    assert named(REFLEXOLOGY, speech) == "Initial reflexology session"


def test_a_returning_client_is_not_the_new_clients_session() -> None:
    assert named(REFLEXOLOGY, "I've been coming for years, can I get reflexology Monday at "
                              "nine?") == "Follow-up reflexology"


def test_the_shortest_shared_name_never_wins_over_a_description_that_told_something() -> None:
    # blind15's watch shop: "a new watch… the bracelet's way too big" booked the Mechanical
    # watch service, the shortest of four "watch" names, though the Band sizing's description
    # told "bracelet" (and the Battery's "new"): asked between them, never the shortest.
    assert named(REFLEXOLOGY, "I got a new bike for my birthday and the seat's way too hard, "
                              "Saturday at ten?") is None
    # A description that tells it alone still names it, and nothing told the shortest name.
    assert named(REFLEXOLOGY, "riding my bike hurts my knees, Saturday at ten?") == "Bike fit"
    assert named(REFLEXOLOGY, "the handlebar tape on my bike is torn, Saturday at ten?") == \
        "Bike handlebar tape"


@pytest.mark.parametrize("speech", [
    "okay I put flour on it, it's slowing down but there's still a little blood",
    "it's dribbling a bit less now",
])
def test_what_is_going_on_is_no_name(speech: str) -> None:
    # blind16's exotic pets shop: "it's slowing down" was asked "did I get your name right:
    # Slowing?" ("slowing" is English only as a form of "slow", which the dictionary lists).
    assert name_heard(speech) is None


SCOOTERS = PROFILES / "scooter-trail.toml"
SATURDAY_NOON = datetime(2026, 6, 13, 18, 0, tzinfo=UTC)  # Saturday 13 June, 12:00 in Boise


@pytest.mark.parametrize("question", [
    "okay we wrapped it in a shirt, where do we take him if it keeps going?",
    "it's slowing down I think, but what if it doesn't stop?",
])
async def test_where_to_go_asked_in_an_emergency_is_the_policys_advice(
    make_bot: Any, question: str,
) -> None:
    # blind16's exotic pets shop: "where do I take her if it keeps going?" after a nail cut
    # too short was "passed on" as the message; the policy names the hospital.
    async with a_call(make_bot, SCOOTERS, [
            "my buddy fell off his scooter and cut his arm open, it's bleeding and won't stop",
            question], SATURDAY_NOON) as (heard, _):
        assert "marked it urgent" in heard[0], heard[0]
        assert "Riverside Urgent Care" in heard[1] and "passed that on" not in heard[1], heard[1]


@pytest.mark.parametrize("where", [
    "okay, we're sitting on the bench by the big green footbridge",
    "we're at the picnic tables past the zoo",
])
async def test_where_a_stranded_caller_waits_is_answered_with_who_comes(
    make_bot: Any, where: str,
) -> None:
    # blind16's e-bike tours: riders stranded by a dead battery told where they were and heard
    # only "I've passed that on"; the policy says Tommy comes to get them.
    async with a_call(make_bot, SCOOTERS, [
            "hi, my scooter just died way out on the trail past the zoo and it's getting dark",
            where], SATURDAY_NOON) as (heard, _):
        assert "marked it urgent" in heard[0], heard[0]
        assert "Jo will come get you in the van" in heard[1], heard[1]


@pytest.mark.parametrize("speech", [
    "hi, can I book a notary for Thursday at two? it's for a vehicle title",
    "could I get a notary Thursday at 2",
])
def test_a_service_named_whole_is_not_dropped_for_a_childs_word_in_its_description(
    speech: str,
) -> None:
    # The Notary's description lists "travel consent letters for kids" among its papers: no
    # service for children, so a caller who speaks of no child is not given the Mobile notary,
    # whose name adds a word they never said.
    assert named(PROFILES / "sign-and-seal.toml", speech) == "Notary"


@pytest.mark.parametrize(("speech", "service"), [
    # Looking it over is the service for finding out what's wrong, whatever it is named...
    ("my upright won't pick anything up, can I bring it in Friday at ten for you to look at?",
     "Motor check and diagnostic"),
    # ...but one thing said is one word of a name: "look at" is its "check" or its
    # "diagnostic", not both, so the belt the caller named still wins.
    ("the belt snapped on my vacuum, can you look at it Friday at ten?", "Belt replacement"),
])
def test_looking_something_over_names_the_diagnostic_once(speech: str, service: str) -> None:
    assert named(PROFILES / "vacuum-repair.toml", speech) == service


@pytest.mark.parametrize("speech", [
    "my vacuum belt snapped, can I bring it by tomorrow at ten for a belt replacement?",
    "the vacuum needs a new belt, can I bring her by tomorrow at 10?",
])
def test_bringing_it_by_tomorrow_is_a_visit_not_a_rush_asked(speech: str) -> None:
    # "By tomorrow" asks how soon something can be done ("can you have it done by
    # tomorrow?"), unless it is someone bringing it by: then it is a booking, not the FAQ
    # about what to bring.
    heard = Heard.of(speech)
    assert receptionist(PROFILES / "vacuum-repair.toml").intent_heard(heard).name == "booking"
