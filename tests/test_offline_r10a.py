"""The offline receptionist where a stranger's callers (blind24, a collision and auto body shop)
were booked the wrong service, sent to the emergency number or left unbooked:

1. a name spelled word by word ("Siobhan, S I O B H A N, Kowalczyk, K O W A L C Z Y K") is the
   whole name, heard badly or not;
2. "Would you like to book one?" answered with when ("this Saturday, first thing when you
   open") is a yes, with its day and time;
3. a service named by what it is and most of its name ("one of your free assessments") is read
   back, not asked between it and those whose descriptions cover the trouble told beside it;
4. a service done already, told by the name of who did it ("Dev did my assessment last week"),
   is neither asked for nor the problem told: the drop-off for the repair is read back;
5. a service asked about by name that its description says is not for what the caller tells of
   ("my carbon rim… is that the wheel truing thing? How much?" where the truing is "not for
   carbon rims") is told so, with the one that is and its price, and that one is booked;
6. what the emergency policy fears will not happen, told as going on as it should ("It still
   rides okay" of "if your bike can't be ridden"), is no emergency, and no FAQ answer for it
   ("If your bike can't be ridden, we pick it up") is theirs; a hit-and-run told as it happened
   ("backed into my scooter… and just drove off") is what the description that names it covers;
7. a particle of a service's name said without its verb ("just drove off") names no drop-off;
8. "What do I even do?" asks what to do, as "what do I do?" does, and asked beside whether we fix
   the trouble ("do you guys fix that?"), the FAQ entry that asks so is the answer, not a
   service whose description shares a word of the trouble.

A bike and e-scooter repair shop of our own (tests/profiles/cycle-repair.toml).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import Bot, call_sid
from test_offline_safety import outbox

import bot
from tests.offline_support import (
    PROFILES,
    booked_rows,
    business_at,
    conversation,
    name_on_record,
    named,
    said,
)

__all__ = ["cycles"]

CYCLES = PROFILES / "cycle-repair.toml"
CYCLES_NOW = datetime(2026, 11, 18, 13, 40, tzinfo=UTC)  # Wednesday 18 November, 8:40 in Columbus

cycles = business_at(CYCLES, CYCLES_NOW, "The bike repair shop on a Wednesday morning.")


@pytest.mark.parametrize("confidence", [0.45, 0.92])
def test_a_name_spelled_word_by_word_is_the_whole_name(confidence: float) -> None:
    assert bot.name_heard("yes that's fine, it's Siobhan, S I O B H A N, Kowalczyk, K O W A L C "
                          "Z Y K", confidence) == bot.HeardName("Siobhan Kowalczyk", True,
                                                                 spelled=True)


@pytest.mark.parametrize("speech", [
    "it's Siobhan, S I O B H A N",  # one word spelled: the first name alone
    "it's for Tom, T O M, and Ann, A N N",  # two people, each spelled
])
def test_one_word_spelled_is_no_name_spelled_word_by_word(speech: str) -> None:
    assert bot.name_spelled_word_by_word(speech) is None


async def test_the_name_spelled_word_by_word_is_on_record(cycles: Bot) -> None:
    sid = call_sid()
    await cycles.call(sid)
    await cycles.say(sid, "I need one of those free assessments, Tuesday the 24th at nine thirty "
                          "if you've got it")
    answer = said(await cycles.say(
        sid, "yes that's fine, it's Siobhan, S I O B H A N, Kowalczyk, K O W A L C Z Y K",
        Confidence="0.45"))
    assert answer.startswith("You're booked."), answer
    assert await name_on_record(cycles) == "Siobhan Kowalczyk"
    assert await booked_rows(cycles) == [("Free crash assessment", "2026-11-24T14:30")]


async def test_an_offer_to_book_answered_with_when_is_a_yes(cycles: Bot) -> None:
    answers = await conversation(cycles, [
        "my chain keeps slipping and the gears grind something awful",
        "this Saturday, first thing when you open",
        "yes, Dana Ortiz",
    ])
    assert answers[0].endswith("Would you like to book one?"), answers[0]
    assert answers[1] == ("That's a Drivetrain service on Saturday the 21st of November at 9 AM. "
                          "Shall I book it, and what name shall I put it under?")
    assert await booked_rows(cycles) == [("Drivetrain service", "2026-11-21T14:00")]


async def test_a_service_named_by_what_it_is_is_read_back(cycles: Bot) -> None:
    answers = await conversation(cycles, [
        "some guy backed into my bike at the rack and the wheel's bent, can I come by tomorrow "
        "at ten for one of your free assessments?",
        "yes please, Marisol Vega",
    ])
    assert answers[0].startswith("That's a Free crash assessment tomorrow, Thursday the 19th of "
                                 "November at 10 AM."), answers[0]
    assert await booked_rows(cycles) == [("Free crash assessment", "2026-11-19T15:00")]


async def test_a_service_done_already_by_our_staff_is_not_asked_for(cycles: Bot) -> None:
    answers = await conversation(cycles, [
        "Dev did my assessment last week and the insurance approved it, so I want to drop the "
        "bike off for the repair Monday at nine",
        "yes. Priya Raghunathan",
    ])
    assert answers[0].startswith("That's a Crash repair drop-off on Monday the 23rd of November "
                                 "at 9 AM."), answers[0]
    assert await booked_rows(cycles) == [("Crash repair drop-off", "2026-11-23T14:00")]


async def test_a_service_not_for_what_the_caller_tells_is_told_so(cycles: Bot) -> None:
    answers = await conversation(cycles, [
        "my carbon rim is pretty wobbly, is that the wheel truing thing? How much would that run "
        "me?",
        "okay, can I bring it Monday at ten?",
        "yes, Jo Reyes",
    ])
    assert answers[0] == ("The Wheel truing is not for carbon rims: that's our Carbon rim repair. "
                          "A Carbon rim repair is $120 to $260 per rim and takes about 60 "
                          "minutes.")
    assert answers[1].startswith("That's a Carbon rim repair on Monday the 23rd of November at "
                                 "10 AM."), answers[1]
    assert await booked_rows(cycles) == [("Carbon rim repair", "2026-11-23T15:00")]


@pytest.mark.parametrize(("speech", "service"), [
    # The truing named, for what it is not for: the carbon rim's repair.
    ("can you do the wheel truing on my carbon rim Friday at ten?", "Carbon rim repair"),
    # Named for what it is for, it is the truing still.
    ("can you do the wheel truing on my old steel rim Friday at ten?", "Wheel truing"),
])
def test_a_service_is_not_named_for_what_it_is_not_for(speech: str, service: str) -> None:
    assert named(CYCLES, speech) == service


async def test_a_danger_said_to_be_fine_is_no_emergency(cycles: Bot) -> None:
    answers = await conversation(cycles, [
        "hi, sorry, I'm kind of freaking out, somebody backed into my scooter outside the "
        "library and just drove off, the whole front end is bent. Nobody was on it. It still "
        "rides okay. What do I even do?"])
    assert answers[0].startswith("A Free crash assessment is Free"), answers[0]
    assert "911" not in answers[0] and "555-0177" not in answers[0], answers[0]
    assert not [t for t in await outbox(cycles) if t.startswith("URGENT")]
    assert await booked_rows(cycles) == []


async def test_the_danger_told_is_still_an_emergency(cycles: Bot) -> None:
    answers = await conversation(cycles, [
        "somebody backed into my scooter and just drove off, and now it won't ride at all, "
        "what do I do?"])
    assert "we pick it up: call (614) 555-0177" in answers[0], answers[0]
    assert any(t.startswith("URGENT") for t in await outbox(cycles))


@pytest.mark.parametrize(("speech", "fine"), [
    ("It still rides okay", {"ride"}),
    ("it rides fine, just scratched", {"ride"}),
    ("it won't ride", set()),
    ("I can't ride it, it still won't ride", set()),
    ("somebody rode off with my helmet", set()),  # nothing said to go well
])
def test_what_the_policy_fears_is_fine_only_when_said_so(speech: str, fine: set[str]) -> None:
    shop = bot.OfflineReceptionist(bot.load_profile(CYCLES), None)  # type: ignore[arg-type]
    assert shop.signs_said_fine(bot.Heard.of(speech)) == fine


@pytest.mark.parametrize(("speech", "service"), [
    ("somebody hit my bike and just drove off", None),  # a particle alone is no drop-off
    ("I'd like to drop off my bike for the crash repair", "Crash repair drop-off"),
])
def test_a_particle_alone_names_no_service(speech: str, service: str | None) -> None:
    assert named(CYCLES, speech) == service


async def test_whether_we_fix_it_asked_with_what_to_do_is_the_faq(cycles: Bot) -> None:
    answers = await conversation(cycles, [
        "so um, my son rode his bike into the curb and now there's a crack in the frame and the "
        "chain grinds, do you guys fix that? What do I even do right now?",
        "my son rode his bike into the curb and now the chain grinds and slips. What do I even "
        "do?",
    ])
    assert answers[0] == ("We don't repair cracked frames. If a frame cracks, stop riding it, "
                          "take photos of the crack and call the maker: most frames carry a "
                          "warranty.")
    assert answers[1].startswith("A Drivetrain service is $95"), answers[1]
