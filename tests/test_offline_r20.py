"""What strangers' callers at three businesses (blind32's held-out half, read once it had been
scored twice as written: an orchard, a ski shop, a swim school) showed about asking in
general: a service chosen between two by what the caller told of it (a child's age, the day
asked, the words of its description), a verb's particle or a head count taken for a second
service, the difference between two services asked, a count of words taken for a time, and a
month taken for a name.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import Bot

import bot
from tests.offline_support import (
    SCENARIO_PROFILES,
    booked_rows,
    business_at,
    conversation,
    name_on_record,
    receptionist,
    said,
)

ORCHARD = SCENARIO_PROFILES / "orchard.toml"
SKI = SCENARIO_PROFILES / "ski-rental.toml"

orchard = business_at(ORCHARD, datetime(2026, 11, 12, 14, 40, tzinfo=UTC),
                      "The orchard on a Thursday morning.")
ski = business_at(SKI, datetime(2026, 11, 18, 17, 10, tzinfo=UTC),
                  "The ski shop on a Wednesday morning.")


@pytest.mark.parametrize(("speech", "read_back"), [
    # The day asked rules out the one whose description says when it runs.
    ("hi, can I get corn maze tickets for Sunday at two, it's me and my three nephews, oh "
     "wait, no, shoot, they've got soccer till one thirty, make it three instead",
     "That's a Corn maze admission on Sunday the 15th of November at 3 PM."),
    # What the caller tells of it is one description's, not the other's one word ("cider").
    ("yes, hello, I run the activities at Gettysburg Senior Living and I have about fourteen "
     "residents who'd love a walk through the orchard with the grower and a cider tasting, a "
     "week from Wednesday, so that's the twenty-fifth, around ten thirty in the morning?",
     "That's an Adult group orchard tour on Wednesday the 25th of November at 10:30 AM."),
])
async def test_a_service_is_chosen_by_what_its_description_rules_in(
        orchard: Bot, speech: str, read_back: str) -> None:
    answers = await conversation(orchard, [speech])
    assert answers[0].startswith(read_back), answers[0]


@pytest.mark.parametrize(("speech", "read_back"), [
    ("Hi! Um, so I want to get my daughter set up with the kids' season rental package, she's "
     "seven, could we come in Saturday at nine?",
     "That's a Junior season lease on Saturday the 21st of November at 9 AM."),
    ("Hi, my son's fourteen and he's finally into snowboarding, so I want to get him a season "
     "rental. Could we come by Monday the 23rd after school, say four?",
     "That's an Adult season lease on Monday the 23rd of November at 4 PM."),
])
async def test_a_childs_age_and_the_words_told_choose_the_season_lease(
        ski: Bot, speech: str, read_back: str) -> None:
    answers = await conversation(ski, [speech])
    assert answers[0].startswith(read_back), answers[0]


async def test_a_day_that_fits_both_still_asks(orchard: Bot) -> None:
    answers = await conversation(orchard, ["can I get corn maze tickets for Friday at seven"])
    assert "Corn maze admission or Flashlight corn maze" in answers[0], answers[0]


@pytest.mark.parametrize("speech", [
    "Hi there, I'd like to pre-order three dozen cider donuts for our office, to pick up Friday "
    "the twentieth at eleven.",
    "can I reserve apple picking for Friday the twentieth at 11am? 2 adults 2 kids",
])
async def test_a_particle_or_a_head_count_names_no_second_service(
        orchard: Bot, speech: str) -> None:
    answers = await conversation(orchard, [speech])
    assert answers[0].startswith("That's a"), answers[0]
    assert "one at a time" not in answers[0], answers[0]


async def test_two_services_asked_apart_are_still_asked_one_at_a_time(orchard: Bot) -> None:
    answers = await conversation(orchard, [
        "can we pick apples and then do the hayride Saturday at ten"])
    assert "Pick-your-own apples" in answers[0] and "Wagon hayride" in answers[0], answers[0]


async def test_the_difference_between_two_services_tells_what_each_is(ski: Bot) -> None:
    answers = await conversation(ski, [
        "okay and, uh, what's the difference between the wax and edge thing and the full tune? "
        "my board's kind of beat up from last year"])
    assert "hot wax and side edges sharpened" in answers[0], answers[0]
    assert "P-tex" in answers[0] and "$90" in answers[0], answers[0]


@pytest.mark.parametrize("speech", [
    "The name is Bartholomew Van der Hoek, Van der Hoek is three words, H O E K at the end",
    "it's two words, Mary Ellen",
    "there are four letters in it",
])
def test_a_count_of_words_or_letters_is_no_time(speech: str) -> None:
    assert bot.exact_time(speech) is None, speech


async def test_a_month_is_no_texters_name(orchard: Bot) -> None:
    await orchard.text("wat time u guys close tmrw? tryin to come after wrok")
    answer = said(await orchard.text(
        "ok cool. r there even apples left on the treees this late?? its november lol"))
    assert "November." not in answer.split("In mid-November")[0], answer
    assert "Thanks, November" not in answer, answer


# What strangers' callers at blind33's shown half (an animal shelter, a car rental, a paintball
# park) showed.

SHELTER = SCENARIO_PROFILES / "animal-shelter.toml"
RENTAL = SCENARIO_PROFILES / "car-rental.toml"
PAINTBALL = SCENARIO_PROFILES / "paintball-park.toml"

shelter = business_at(SHELTER, datetime(2026, 11, 10, 16, 20, tzinfo=UTC),
                      "The animal shelter on a Tuesday morning, the day before Veterans Day.")
rental = business_at(RENTAL, datetime(2026, 11, 10, 13, 40, tzinfo=UTC),
                     "The car rental on a Tuesday morning.")
paintball = business_at(PAINTBALL, datetime(2026, 11, 18, 16, 20, tzinfo=UTC),
                        "The paintball park on a Wednesday morning.")
swim = business_at(SCENARIO_PROFILES / "swim-school.toml", datetime(2026, 11, 12, 15, 5,
                                                                   tzinfo=UTC),
                   "The swim school on a Thursday morning.")
seniors = business_at(SCENARIO_PROFILES / "senior-transport.toml",
                      datetime(2026, 11, 12, 14, 40, tzinfo=UTC),
                      "The senior transport service on a Thursday morning.")


@pytest.mark.parametrize(("text", "name"), [
    ("Hi! could I come meet Juniper (the gray cat) this friday at 4:30? this is Wen Li",
     "Wen Li"),
    ("Hi! Can I come meet Juniper this Friday at 4:30? She's so cute. Thanks, Ingrid Solberg",
     "Ingrid Solberg"),
])
async def test_a_texters_name_given_first_is_kept_for_the_yes(
        shelter: Bot, text: str, name: str) -> None:
    first = said(await shelter.text(text))
    assert "what name" not in first, first
    answer = said(await shelter.text("yes"))
    assert answer.startswith("You're booked. Adoption meet and greet on Friday"), answer
    assert await name_on_record(shelter) == name


def test_a_texted_shorthand_is_no_name_of_the_texters() -> None:
    texter = receptionist(SHELTER)
    assert texter.typos_corrected("wen r u open tmrw").startswith("when ")
    assert "Wen Li" in texter.typos_corrected("meet Juniper friday at 4:30? this is Wen Li")


@pytest.mark.parametrize(("speech", "name"), [
    ("we need your twelve passenger van on Friday the 20th, pick up at nine in the morning. "
     "Under Helen Marchetti.", "Helen Marchetti"),
    ("could I book the first-timer clinic tomorrow at three? It's for me, Hannah Cho, I've "
     "never played", "Hannah Cho"),
    ("It is under warranty still.", None),
    ("it's for me and my son", None),
])
def test_a_name_given_under_or_for_oneself(speech: str, name: str | None) -> None:
    heard = bot.name_heard(speech)
    assert (heard.name if heard else None) == name, speech


async def test_a_booking_no_longer_needed_is_cancelled(rental: Bot) -> None:
    await conversation(rental, [
        "we need your twelve passenger van on Friday the 20th, pick up at nine in the "
        "morning. Under Helen Marchetti.", "Yes, that's correct, thank you dear."])
    answers = await conversation(rental, [
        "Hello again, it's Helen Marchetti from the choir. I'm afraid the concert in Bangor "
        "fell through, so we won't be needing the van on the 20th after all.",
        "Yes please, cancel it."])
    assert answers[0] == "That's your Passenger van on Friday the 20th of November at 9 AM. " \
        "Shall I cancel it?", answers[0]
    assert answers[1].startswith("Done. Cancelled: Passenger van"), answers[1]
    assert await booked_rows(rental, "cancelled") == [("Passenger van", "2026-11-20T14:00")]


@pytest.mark.parametrize(("speech", "cancels"), [
    ("we won't be needing the van on the 20th after all", True),
    ("we don't need the appointment anymore", True),
    ("we won't need a car seat, do we need to bring anything?", False),
    ("I won't need to bring my license, right?", False),
])
def test_what_tells_a_booking_is_no_longer_needed(speech: str, cancels: bool) -> None:
    assert receptionist(RENTAL).hears_cancel(bot.Heard.of(speech)) is cancels, speech


@pytest.mark.parametrize(("speech", "spam"), [
    ("Hey there, Brett from FleetTrack GPS, we help independent rental companies cut their "
     "insurance costs by thirty percent, is the owner, uh, Denise, available?", True),
    ("hi, Mike from next door, is Denise around?", False),
    ("Hi, Tom from Coastal Title, we need a quote for three vans, is the owner in?", False),
])
def test_a_pitch_from_a_name_and_a_company_first_thing(speech: str, spam: bool) -> None:
    assert receptionist(RENTAL).hears_spam(bot.Heard.of(speech)) is spam, speech


@pytest.mark.parametrize(("speech", "urgent"), [
    # (A stray found, friendly, "in my car now", still raises the alarm by the policy's "hit
    # by a car" and the Found pet drop-off's "an injured stray is an emergency": left, since
    # the rule that had quietened it also quietened strays that were hurt.)
    # A pet gone, which the FAQ asks of ("I lost my pet. Do you have it?").
    ("hi, oh god, sorry, my dog got out last night, she dug under the fence, she's a little "
     "white terrier mix, pink collar, did anybody bring her in? I'm freaking out", False),
    # The policy's own dangers still are.
    ("I found a stray cat, she was hit by a car and she is bleeding", True),
    ("my dog got out and he just bit a kid, he is threatening people", True),
    ("a loose dog is threatening people at the park", True),
])
def test_a_stray_found_or_a_pet_lost_is_no_emergency_by_itself(
        speech: str, urgent: bool) -> None:
    assert receptionist(SHELTER).hears_emergency(bot.Heard.of(speech)) is urgent, speech


async def test_a_service_told_beside_the_hours_asked_is_the_one_booked(shelter: Bot) -> None:
    await shelter.text("hi can i bring my cat in tmrw for her rabies shot? what time r u open")
    answer = said(await shelter.text("oh right veterans day lol. thurs then? around 5"))
    assert answer.startswith("That's a Vaccine clinic on Thursday the 12th of November at 5 PM"), \
        answer


async def test_a_day_asked_of_after_an_answer_begins_a_booking(shelter: Bot) -> None:
    answers = await conversation(shelter, [
        "hi, uh, yeah, my dog's rabies shot is due, do you guys do that there?",
        "okay cool, um, is Friday any good? Sometime in the morning"])
    # (The first is still answered by the lost-pet entry whose answer says "proof of a rabies
    # shot", and which service is then asked: two misses. "Is Friday any good?" had gone to
    # the owner as a question.)
    assert "Friday the 13th of November" in answers[1], answers[1]
    assert "I'll ask" not in answers[1], answers[1]


async def test_a_cheap_one_asked_is_the_one_priced_lowest(rental: Bot) -> None:
    answer = said(await rental.text(
        "hi do u guys do pickups on sundy? need a cheep car for the week while my truck is in "
        "the shop"))
    assert answer.endswith("Happy to book an Economy car. What day would you like to come in?"), \
        answer


async def test_a_description_that_sends_some_callers_elsewhere_is_followed(shelter: Bot) -> None:
    answers = await conversation(shelter, [
        "Hi! So we saw Biscuit on your website, the beagle mix? Me and my husband want to come "
        "meet him this Thursday at one, and we'd bring our dog Rufus too so they can meet, I'm "
        "Tara Lindqvist"])
    assert "That's a Dog-to-dog introduction on Thursday the 12th of November at 1 PM" in \
        answers[0], answers[0]


@pytest.mark.parametrize("speech", [
    "I want to come meet Biscuit on Thursday at one",
    "we have a cat, can we come meet Juniper Thursday at one",
])
async def test_what_the_description_does_not_send_elsewhere_stays(
        shelter: Bot, speech: str) -> None:
    answers = await conversation(shelter, [speech])
    assert "That's an Adoption meet and greet on Thursday" in answers[0], answers[0]


async def test_a_time_asked_after_our_hours_begins_a_booking(swim: Bot) -> None:
    await swim.text("hey r u guys open the friday after thanksgiving? my 6 yr old needs that "
                    "swim test thing before he can join group lessons")
    answer = said(await swim.text("ok what about sat the 28th at 10am"))
    assert answer.startswith("Happy to book you in on Saturday the 28th of November at 10 AM."), \
        answer
    assert "Adult private lesson on" not in answer, answer


async def test_an_events_own_time_still_asks_our_hours(seniors: Bot) -> None:
    await seniors.text("hi do you guys do rides on sundays? my dad wants to go to the 9 oclock "
                       "mass at st maria goretti")
    answer = said(await seniors.text("ok what about saturday for the 4pm vigil mass then"))
    assert answer.startswith("On Saturday the 14th of November we're open"), answer


async def test_who_handles_a_duty_is_the_staff_member_whose_role_says_it(swim: Bot) -> None:
    answer = said(await swim.text(
        "hi who handles billing? i got charged twice for november group lessons, card ending "
        "4417. can someone look into it please - Rob Delacroix"))
    assert "passed that on to Priya Raman" in answer, answer


async def test_a_dog_told_by_its_breed_asks_the_dogs_entry(orchard: Bot) -> None:
    answers = await conversation(orchard, [
        "and can we bring Biscuit along? she's our golden retriever, super chill, loves kids"])
    assert answers[0].startswith("Leashed, friendly dogs are welcome"), answers[0]


async def test_a_name_given_for_oneself_is_kept_for_the_yes(paintball: Bot) -> None:
    answers = await conversation(paintball, [
        "hi, could I book the first-timer clinic tomorrow at three? It's for me, Hannah Cho, "
        "I've never played", "yes, that's right"])
    assert answers[0].startswith("Thanks, Hannah. That's a First-timer clinic tomorrow"), \
        answers[0]
    assert answers[1].startswith("You're booked. First-timer clinic tomorrow"), answers[1]
    assert await name_on_record(paintball) == "Hannah Cho"


mowers = business_at(SCENARIO_PROFILES / "mower-repair.toml",
                     datetime(2026, 4, 14, 15, 15, tzinfo=UTC),
                     "The mower repair shop on a Wednesday morning.")
laundry = business_at(SCENARIO_PROFILES / "wash-and-fold.toml",
                      datetime(2026, 11, 18, 14, 30, tzinfo=UTC),
                      "The wash and fold on a Wednesday morning.")


async def test_a_description_fit_chooses_nothing_when_someone_is_asked_to_come(
        mowers: Bot) -> None:
    answers = await conversation(mowers, [
        "yeah hi, my Cub Cadet rider won't turn over, I think it's the battery or the starter, "
        "I don't know. I don't have a trailer, can you guys come grab it tomorrow, like "
        "nine-ish?"])
    assert "Which service would you like: Pickup and delivery or Riding mower tune-up?" in \
        answers[0], answers[0]


async def test_a_description_fit_chooses_nothing_over_one_named_by_its_name(
        laundry: Bot) -> None:
    answers = await conversation(laundry, [
        "hey, can I drop off a rug this Saturday at ten, it's a five by eight, no wait, make it "
        "eleven, my kid's got soccer at ten"])
    assert "Same-day rush on" not in answers[0], answers[0]
    assert answers[0].startswith("Happy to book you in on Saturday the 21st of November at "
                                 "11 AM. Which service"), answers[0]


@pytest.mark.parametrize(("speech", "entry"), [
    ("hi, um, so my daughter's turning eight, and she's, like, obsessed with paintball from "
     "YouTube? Is that even allowed at eight?", "How old do you have to be to play?"),
    ("my son is 9, can he play?", "How old do you have to be to play?"),
    ("my son is 9, can he come Saturday at 2?", None),
])
def test_whether_an_age_may_take_part_asks_the_age_entry(speech: str, entry: str | None) -> None:
    found = receptionist(PAINTBALL).best_faq(bot.Heard.of(speech))
    assert (found.question if found else None) == entry, speech


async def test_a_pet_gone_is_answered_with_the_entry_that_asks_of_it(shelter: Bot) -> None:
    answers = await conversation(shelter, [
        "hi, oh god, sorry, my dog got out last night, she dug under the fence, she's a little "
        "white terrier mix, Daisy, pink collar, did anybody bring her in? I'm freaking out, "
        "it's supposed to get down to twenty tonight"])
    assert answers[0].startswith("Come in during open hours and walk through the stray "
                                 "kennels yourself"), answers[0]
    assert "URGENT" not in answers[0] and "Usually not" not in answers[0], answers[0]


async def test_the_callers_own_dog_names_no_dog_to_dog_introduction(shelter: Bot) -> None:
    answers = await conversation(shelter, [
        "hi, I'd like to book my dog in for his distemper shot Saturday at ten in the morning, "
        "it's Greg Tomczak"])
    assert answers[0] == "Thanks, Greg. That's a Vaccine clinic on Saturday the 14th of " \
        "November at 10 AM. Shall I book it?", answers[0]


# What the attack on this round's rules found (each failed before its fix).

@pytest.mark.parametrize("speech", [
    "I found an injured cat behind the grocery store",
    "there's a stray cat with a broken leg in my garage",
    "theres a stray dog foaming at the mouth outside my house",
    "a stray pit bull is cornering people outside the library",
    "my dog got out and he's acting aggressive toward people",
    "my dog got out and ate antifreeze",
    "my cat ran off and now she can't walk",
])
def test_a_hurt_stray_or_a_pet_gone_into_harm_is_still_an_emergency(speech: str) -> None:
    assert receptionist(SHELTER).hears_emergency(bot.Heard.of(speech)), speech


@pytest.mark.parametrize("speech", [
    "the walker just called me, my dog slipped his leash and ran off near Barton Springs",
    "our dog is missing, the sitter left the gate open",
])
def test_a_pet_gone_is_an_emergency_where_the_policy_names_it_whatever_the_faq(
        tmp_path: Path, speech: str) -> None:
    variant = tmp_path / "pet-sitting.toml"
    variant.write_text((SCENARIO_PROFILES / "pet-sitting.toml").read_text() + (
        '\n[[faq]]\nquestion = "What if my dog gets lost or escapes while I\'m away?"\n'
        'answer = "We search right away and call you; every dog wears our tag."\n'))
    sitter = receptionist(variant)
    assert sitter.situation_faq(bot.Heard.of(speech)) is not None, speech
    assert sitter.hears_emergency(bot.Heard.of(speech)), speech


async def test_a_cheap_one_is_not_one_too_small_for_the_people_told(rental: Bot) -> None:
    answers = await conversation(rental, [
        "hi, I need a cheap van for the choir Saturday at 9, there's 11 of us going to Portland"])
    assert answers[0].startswith("That's a Passenger van on Saturday"), answers[0]


@pytest.mark.parametrize("speech", [
    "hi, we'd like to meet the cat Luna from your website, Friday at 11, my dog allergy means "
    "no dogs for us",
    "Hi, I'm looking to adopt a kitten, my husband's our dog person but he's out of town, can "
    "we do a meet and greet Friday at 11?",
    "Hi, our dog Rufus passed away in the spring and we're ready to adopt again. Can we come "
    "meet Biscuit this Friday at 11 for a meet and greet?",
])
async def test_a_dog_spoken_of_that_is_not_had_sends_nobody_elsewhere(
        shelter: Bot, speech: str) -> None:
    answers = await conversation(shelter, [speech])
    assert "Dog-to-dog" not in answers[0], answers[0]


@pytest.mark.parametrize("speech", [
    "hi, about the minivan on the 20th, we won't be needing the car seats after all, grandma's "
    "bringing hers",
    "hey for the van on the 19th, we don't need the dolly anymore, we bought one",
])
def test_something_with_a_booking_no_longer_needed_cancels_nothing(speech: str) -> None:
    assert not receptionist(RENTAL).hears_cancel(bot.Heard.of(speech)), speech


@pytest.mark.parametrize("text", [
    "need a cargo van Sat the 14th at 9am. Thanks, Go Bills!",
    "is the minivan free on Friday the 20th at 9am? Thanks, Portland Maine",
    "please book the passenger van friday the 13th at 9am. Cheers, Mom And Dad",
])
def test_a_sign_off_that_is_no_name_is_none(text: str) -> None:
    assert bot.name_heard(text) is None, text


@pytest.mark.parametrize(("speech", "at"), [
    ("can I come at ten to three", "14:50"),
    ("how about twenty to five tomorrow", "16:40"),
    ("at five to nine", "08:55"),
    ("quarter to four works", "15:45"),
    # A span, or a count, is not minutes to the hour.
    ("from ten to three", "10:00"),
    ("we need 20 to 30 chairs at 4", "16:00"),
])
def test_minutes_to_the_hour(speech: str, at: str) -> None:
    assert bot.exact_time(speech) == datetime.strptime(at, "%H:%M").time(), speech


@pytest.mark.parametrize("speech", [
    "it smells like something is burning in the classroom",
    "it smells like something's burning",
])
def test_a_burning_smell_told_of_something_is_a_danger(speech: str) -> None:
    assert receptionist(PAINTBALL).danger_in(bot.Heard.of(speech)) is not None, speech
