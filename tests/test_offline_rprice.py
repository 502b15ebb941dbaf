"""Questions, prices and messages the offline receptionist was not tuned for (the fifth blind
round's classes, in wordings and at businesses of our own): two prices asked in one breath; a
price that lives in an FAQ answer or a service's description; an FAQ asked in everyday words
("if your guy knocks over my lamp, am I covered?"), or two at once; a place the business never
names ("we're moving to Spokane, do you go there?"); a question about the booking being made;
a harm told after a visit ("I'm sorry", and the owner told); an urgent problem with someone
asked for now (put through).

The businesses are the eval's home cleaning company in Tempe (scenarios/profiles/cleaning.toml),
its dog groomer in Fort Collins (dog-grooming.toml) and its moving company in Tacoma
(moving.toml), on a weekday morning.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from conftest import Bot, call_sid
from test_receptionist import notes_of, outbox

from tests.offline_support import SCENARIO_PROFILES, conversation, said

CLEANING_NOW = datetime(2026, 3, 10, 17, 0, tzinfo=UTC)  # Tuesday 10 March, 10:00 in Phoenix
GROOMING_NOW = datetime(2026, 3, 11, 17, 0, tzinfo=UTC)  # Wednesday 11 March, 11:00 in Denver
MOVING_NOW = datetime(2026, 5, 20, 17, 0, tzinfo=UTC)  # Wednesday 20 May, 10:00 in Tacoma

NOT_SURE = "I'm not sure"


@pytest.fixture
async def cleaning(make_bot: Any) -> AsyncIterator[Bot]:
    """The offline receptionist answering for the home cleaning company."""
    async with make_bot(business_profile=SCENARIO_PROFILES / "cleaning.toml",
                        clock=lambda: CLEANING_NOW) as running:
        yield running


@pytest.fixture
async def grooming(make_bot: Any) -> AsyncIterator[Bot]:
    """The offline receptionist answering for the dog groomer."""
    async with make_bot(business_profile=SCENARIO_PROFILES / "dog-grooming.toml",
                        clock=lambda: GROOMING_NOW) as running:
        yield running


@pytest.fixture
async def moving(make_bot: Any) -> AsyncIterator[Bot]:
    """The offline receptionist answering for the moving company."""
    async with make_bot(business_profile=SCENARIO_PROFILES / "moving.toml",
                        clock=lambda: MOVING_NOW) as running:
        yield running


# -- An FAQ asked in everyday words --------------------------------------------------------------

INSURED = ("Yes, we're licensed, bonded and insured for $2 million, and every cleaner passes a "
           "background check.")
MOVING_COVER = ("Every move includes basic coverage at 60 cents per pound per item at no charge. "
                "For more, you can buy full-value protection for 1% of the declared value of "
                "your things, and then we repair, replace or pay for what's damaged.")
MOVING_PAY = ("A $100 deposit holds your date and comes off the final bill. We take Visa, "
              "Mastercard, Amex, Discover, cash and Zelle; the balance is due when the move is "
              "done. No personal checks.")
OUT_OF_STATE = ("We move within Washington State only, up to about 150 miles from Tacoma. For "
                "moves out of state we recommend Cascade Van Lines, 253-555-0186.")


@pytest.mark.parametrize("speech", [
    "if one of your girls knocks over my grandma's vase and it breaks, am I covered?",
    "what happens if your cleaner scratches my hardwood floor, who pays for that?",
])
async def test_damage_told_in_everyday_words_is_the_insurance_faq(
    cleaning: Bot, speech: str,
) -> None:
    assert await conversation(cleaning, [speech]) == [INSURED]


@pytest.mark.parametrize("speech", [
    "ok real question, say your guys drop my flat screen, am I just out of luck?",
    "what if the movers damage my dresser, do I get anything for it?",
])
async def test_damage_at_a_move_is_the_coverage_faq(moving: Bot, speech: str) -> None:
    assert await conversation(moving, [speech]) == [MOVING_COVER]


@pytest.mark.parametrize("speech", [
    "can I pay with a credit card, and is there money down to lock in the day?",
    "do you guys take debit cards? and do I need to put a down payment?",
])
async def test_cards_and_money_down_are_the_payment_faq(moving: Bot, speech: str) -> None:
    assert await conversation(moving, [speech]) == [MOVING_PAY]


@pytest.mark.parametrize("speech", [
    "actually we might end up moving to Spokane instead, can you do that?",
    "my daughter is moving to Portland, Oregon in July, is that something you guys do?",
])
async def test_a_place_we_never_name_is_the_service_area_faq(moving: Bot, speech: str) -> None:
    assert await conversation(moving, [speech]) == [OUT_OF_STATE]


BUSY = ("We take walk-ins when a chair is free, but booking ahead is the surest way to be "
        "seen.")
BE_HOME = ("For outside-only treatments, no: just leave the side gate unlocked and the dogs "
           "inside. For anything inside, someone 18 or older needs to be home.")


@pytest.mark.parametrize("speech", [
    "is it usually pretty busy on saturdays?",
    "how packed do you guys get on the weekend?",
])
async def test_how_busy_it_gets_is_the_walk_in_faq(make_bot: Any, speech: str) -> None:
    async with make_bot(business_profile=SCENARIO_PROFILES / "hair-salon.toml",
                        clock=lambda: CLEANING_NOW) as salon:
        assert await conversation(salon, [speech]) == [BUSY]


@pytest.mark.parametrize("speech", [
    "do I gotta be around when the guy comes?",
    "will somebody need to be there for the treatment or can I go to work?",
])
async def test_whether_one_must_be_home_is_that_faq(make_bot: Any, speech: str) -> None:
    """Not someone asked for ("somebody… there"), nor the areas served ("go to work")."""
    async with make_bot(business_profile=SCENARIO_PROFILES / "pest-control.toml",
                        clock=lambda: CLEANING_NOW) as pests:
        assert await conversation(pests, [speech]) == [BE_HOME]


async def test_a_town_told_beside_a_question_is_not_the_question(make_bot: Any) -> None:
    """A town the areas list, told aside, does not make the question the areas'."""
    async with make_bot(business_profile=SCENARIO_PROFILES / "landscaping.toml",
                        clock=lambda: CLEANING_NOW) as lawns:
        assert await conversation(lawns, [
            "quick one, does somebody have to be home when you come? I'm at work in Windsor"
        ]) == ["No, as long as the gates are unlocked and the dogs are inside. For a sprinkler "
               "start-up we need to get to the shutoff valve, so if it's inside the house "
               "someone over 18 has to be home."]


# -- Prices: two in one breath, one told in passing, the cheapest, one of an FAQ -------------------


@pytest.mark.parametrize("speech", [
    "how much is a nail trim, and then, um, the de-shedding thing for my husky, what's that run?",
    "what do you charge for a nail trim? oh and also the de-shedding treatment",
])
async def test_two_services_priced_in_one_breath_are_both_told(
    grooming: Bot, speech: str,
) -> None:
    assert await conversation(grooming, [speech]) == [
        "A Nail trim is $18, or $25 with nail grinding and takes about 15 minutes. A "
        "De-shedding treatment is $55 small, $70 medium, $90 large, $110 giant and takes about "
        "90 minutes."]


@pytest.mark.parametrize(("speech", "told"), [
    ("how much extra is it for a doodle?", "For a Full groom, doodles and poodles $15 extra."),
    ("what do you charge if my poodle needs a full groom?",
     "A Full groom is $65 small dogs, $80 medium, $95 large, $120 giant; doodles and poodles "
     "$15 extra and takes about 150 minutes."),
])
async def test_a_price_told_in_passing_in_the_profile_is_answered(
    grooming: Bot, speech: str, told: str,
) -> None:
    assert await conversation(grooming, [speech]) == [told]


async def test_a_price_in_a_description_beside_the_service_named(make_bot: Any) -> None:
    async with make_bot(business_profile=SCENARIO_PROFILES / "landscaping.toml",
                        clock=lambda: CLEANING_NOW) as lawns:
        assert await conversation(lawns, ["what do you charge for a sprinkler start-up, and "
                                          "how much are broken heads?"]) == [
            "A Sprinkler start-up is $85 and takes about 60 minutes. Broken heads are $12 each "
            "plus parts."]


@pytest.mark.parametrize(("speech", "told"), [
    ("what's the cheapest haircut you do?", "A Men's haircut is $30 and takes about 30 minutes."),
    ("which blowout or color is least expensive? just want the cheapest",
     "A Blowout is $40 and takes about 45 minutes."),
])
async def test_the_cheapest_of_a_kind_is_the_lowest_priced(
    make_bot: Any, speech: str, told: str,
) -> None:
    async with make_bot(business_profile=SCENARIO_PROFILES / "hair-salon.toml",
                        clock=lambda: CLEANING_NOW) as salon:
        assert await conversation(salon, [speech]) == [told]


async def test_a_price_asked_after_an_faq_is_that_faqs(make_bot: Any) -> None:
    """'How much extra is that?' after the clippings FAQ: its price, not a service guessed."""
    bagging = ("We mulch the clippings back into the lawn, which is better for it. If you want "
               "them bagged and hauled away, it's $10 more per mow.")
    async with make_bot(business_profile=SCENARIO_PROFILES / "landscaping.toml",
                        clock=lambda: CLEANING_NOW) as lawns:
        assert await conversation(lawns, ["do you guys bag the clippings?",
                                          "ok and how much extra is that?"]) == [bagging, bagging]


async def test_a_price_and_a_removal_told_between_are_the_service_and_the_faq(
    make_bot: Any,
) -> None:
    async with make_bot(business_profile=SCENARIO_PROFILES / "nail-salon.toml",
                        clock=lambda: CLEANING_NOW) as salon:
        assert await conversation(salon, [
            "what's a dip manicure cost? I've got acrylics on from my old salon, can you take "
            "those off?"]) == [
            "A Dip powder manicure is $50 and takes about 60 minutes. Yes. Removal of gel or dip "
            "from another salon is $10, and acrylic removal is $15. If you're getting a new set "
            "with us the same day, removal is free."]


async def test_a_price_question_never_answers_an_unrelated_service(make_bot: Any) -> None:
    """One word of a description ("budget") is no service asked the price of."""
    async with make_bot(business_profile=SCENARIO_PROFILES / "florist.toml",
                        clock=lambda: CLEANING_NOW) as shop:
        [answer] = await conversation(shop, [
            "how much would something pretty with tulips be, budget is like 50"])
        assert "consultation" not in answer


# -- A question about the booking being made ------------------------------------------------------


@pytest.mark.parametrize(("check", "told"), [
    ("wait, that's the full groom one right, not just the bath?", "Yes, it's a Full groom."),
    ("sorry, is that for the nail trim? he just needs his nails", "It's a Full groom."),
])
async def test_which_service_the_booking_is_is_told_from_the_booking(
    grooming: Bot, check: str, told: str,
) -> None:
    sid = call_sid()
    await grooming.call(sid)
    read_back = said(await grooming.say(
        sid, "can I get a full groom for my doodle tomorrow at ten? I'm Ana Ruiz"))
    assert "Full groom" in read_back
    answer = said(await grooming.say(sid, check))
    assert answer.startswith(told)
    assert answer.endswith(read_back)  # the read-back asked again; nothing booked on it
    assert await grooming.crm.rows("SELECT id FROM appointments") == []


async def test_which_service_was_booked_is_told_after_the_booking(grooming: Bot) -> None:
    sid = call_sid()
    await grooming.call(sid)
    await grooming.say(sid, "can I get a full groom for my doodle tomorrow at ten? I'm Ana Ruiz")
    booked = said(await grooming.say(sid, "yes please"))
    assert "booked" in booked
    assert said(await grooming.say(sid, "and that's the full groom one, right? not the bath?")) \
        == "Yes, it's a Full groom."


# -- Messages: a hurt told, an order passed on, someone needed now ---------------------------------


@pytest.mark.parametrize("speech", [
    "hi, I got my color done there on Tuesday and now my scalp is burned and really itchy, I "
    "want Maria to call me back, this is Dana Fox",
    "I had a blowout there yesterday and my ear has a blister from the dryer, it's sore, can "
    "the owner call me back? it's Dana Fox",
])
async def test_a_hurt_told_after_a_visit_is_met_with_sorry_and_passed_on(
    make_bot: Any, speech: str,
) -> None:
    async with make_bot(business_profile=SCENARIO_PROFILES / "hair-salon.toml",
                        clock=lambda: CLEANING_NOW) as salon:
        [answer] = await conversation(salon, [speech])
        assert "I'm sorry to hear that." in answer and "Maria" in answer
        [note] = await notes_of(salon, "message")
        assert "Dana Fox" in note


async def test_an_order_told_is_what_it_needs_then_a_note_not_a_booking(
    make_bot: Any,
) -> None:
    async with make_bot(business_profile=SCENARIO_PROFILES / "florist.toml",
                        clock=lambda: CLEANING_NOW) as shop:
        asked, passed = await conversation(shop, [
            "hey, I'd like to send some flowers to my sister on Friday, she just had a baby",
            "she's at 22 Abercorn Street, card says welcome baby Leo, love Aunt Jo, pinks and "
            "whites, about eighty dollars, I'm Jo Park"])
        assert asked.startswith("Tell us who the flowers are for, the delivery address")
        assert "Thank you, I've passed that on to Celeste." in passed
        [note] = await notes_of(shop, "message")
        assert "my sister on Friday" in note and "22 Abercorn Street" in note
        assert await shop.crm.rows("SELECT id FROM appointments") == []


async def test_an_order_of_contacts_is_passed_on(make_bot: Any) -> None:
    async with make_bot(business_profile=SCENARIO_PROFILES / "optometrist.toml",
                        clock=lambda: CLEANING_NOW) as eyes:
        asked, _ = await conversation(eyes, [
            "hi, I'd like to order more of my contacts please",
            "the Acuvue Oasys, same as last year, this is Sam Lee"])
        assert asked.startswith("Yes, with a current contact lens prescription")
        [note] = await notes_of(eyes, "message")
        assert "Acuvue Oasys" in note


@pytest.mark.parametrize("speech", [
    "our crew was supposed to be here at eight and nobody has shown up, we have to be out by "
    "noon, I need to talk to somebody right now",
    "the truck is blocking the whole street and the neighbors are furious, can I speak to "
    "someone right now please",
])
async def test_an_urgent_problem_with_someone_asked_for_is_put_through(
    moving: Bot, speech: str,
) -> None:
    sid = call_sid()
    await moving.call(sid)
    answer = await moving.say(sid, speech)
    assert "<Dial" in answer and "I'm sorry, that sounds urgent." in said(answer)
    await moving.background_done()
    assert any("URGENT" in body for _, body in await outbox(moving))


# -- A group asked for, and what the profile never offers ------------------------------------------

GROUPS = ("Yes, bridal parties, birthdays and bachelorettes up to 8 people. Please call at least "
          "two weeks ahead; a $50 deposit holds the time, and it comes off your bill.")


@pytest.mark.parametrize("speech", [
    "my squad wants to come in for pedicures before the bachelor party, how would that work?",
    "hi, there's seven of us, could we all get our nails done together sometime in March, "
    "how does that work?",
])
async def test_a_party_of_people_is_the_groups_faq(make_bot: Any, speech: str) -> None:
    """Not a service guessed from "how does that work" (no Swedish massage for a party)."""
    async with make_bot(business_profile=SCENARIO_PROFILES / "nail-salon.toml",
                        clock=lambda: CLEANING_NOW) as salon:
        assert await conversation(salon, [speech]) == [GROUPS]


@pytest.mark.parametrize(("speech", "word"), [
    ("quick question, does anybody there do hot stone massage?", "hot stone"),
    ("is there someone there who does cupping? my back is a mess", "cupping"),
])
async def test_something_never_offered_asked_of_anybody_is_a_question_note(
    make_bot: Any, speech: str, word: str,
) -> None:
    """"Does anybody there do…" asks whether we do it, not to be put through."""
    async with make_bot(business_profile=SCENARIO_PROFILES / "hair-salon.toml",
                        clock=lambda: CLEANING_NOW) as salon:
        sid = call_sid()
        await salon.call(sid)
        answer = await salon.say(sid, speech)
        assert "<Dial" not in answer and NOT_SURE in said(answer)
        [note] = await notes_of(salon, "question")
        assert word in note


# -- More FAQ in everyday words: a missed visit, trust, a bulk deal, a word of the answer --

CANCEL_POLICY = ("Please give us 24 hours' notice to cancel or reschedule. No-shows and "
                 "cancellations with less notice are charged $20.")


@pytest.mark.parametrize("speech", [
    "if I totally forget and just don't show up for my appointment, do you charge me for that?",
    "what happens if I'm a no show, is there a fee?",
])
async def test_a_missed_visit_asked_in_other_words_is_the_cancellation_policy(
    grooming: Bot, speech: str,
) -> None:
    assert await conversation(grooming, [speech]) == [CANCEL_POLICY]


@pytest.mark.parametrize("speech", [
    "how do I know you're legit and not some scam outfit?",
    "are you guys legit? my neighbor got burned by some fly-by-night cleaners",
])
async def test_whether_we_can_be_trusted_is_the_licensed_and_insured_faq(
    cleaning: Bot, speech: str,
) -> None:
    assert await conversation(cleaning, [speech]) == [INSURED]


async def test_a_bulk_deal_is_the_recurring_discount_faq(cleaning: Bot) -> None:
    assert await conversation(cleaning, [
        "if we have you come every week, is there some kind of bulk deal?"]) == [
        "Yes: weekly cleanings are 15% off and every-other-week cleanings 10% off a standard "
        "cleaning."]


@pytest.mark.parametrize("speech", [
    "do you guys have eco friendly stuff? my kid has asthma",
    "do y'all use pet-safe products?",
])
async def test_a_word_only_the_answer_says_is_that_faq(cleaning: Bot, speech: str) -> None:
    assert await conversation(cleaning, [speech]) == [
        "Yes, we bring all supplies and equipment, and we use eco-friendly, pet-safe products. "
        "If you'd like us to use your own products, just leave them out."]


async def test_what_anybody_there_does_that_we_do_not_is_for_the_owner(
    grooming: Bot,
) -> None:
    sid = call_sid()
    await grooming.call(sid)
    answer = said(await grooming.say(sid, "hi, does anybody there train Dobermans? he pulls"))
    assert NOT_SURE in answer
    [note] = await notes_of(grooming, "question")
    assert "Dobermans" in note


async def test_remind_me_what_it_costs_is_the_booking_in_hands_price(grooming: Bot) -> None:
    sid = call_sid()
    await grooming.call(sid)
    await grooming.say(sid, "can I get a nail trim for my beagle tomorrow at ten? I'm Ana Ruiz")
    assert said(await grooming.say(sid, "and remind me how much that's gonna be?")).startswith(
        "A Nail trim is $18, or $25 with nail grinding")


async def test_leaves_that_dont_get_in_are_no_visit_asked_for(make_bot: Any) -> None:
    """"…so the leaves don't get in" asks about a thing, not to "get in" for a visit."""
    async with make_bot(business_profile=SCENARIO_PROFILES / "landscaping.toml",
                        clock=lambda: CLEANING_NOW) as lawns:
        sid = call_sid()
        await lawns.call(sid)
        answer = said(await lawns.say(
            sid, "and what about the edging that goes along the beds so the grass doesn't get "
                 "in?"))
        assert "Which service" not in answer and "book" not in answer


async def test_whether_we_do_a_service_we_have_is_that_service(moving: Bot) -> None:
    """"Can you guys do the packing too?" is the Packing service, not a question for Dana."""
    assert await conversation(moving, ["do we have to pack up the kitchen ourselves or can you "
                                       "guys do the packing?"]) == [
        "A Packing service is $55 per packer per hour, plus boxes and materials at cost and "
        "takes about 240 minutes: we come the day before your move and pack the kitchen, the "
        "fragile stuff or the whole house; we label every box by room."]


async def test_whether_we_do_to_a_thing_what_no_service_does_is_for_the_owner(
    moving: Bot,
) -> None:
    """"Can you tune my piano?" asks no Piano move: a question for Dana."""
    [answer] = await conversation(moving, ["can you guys tune my piano while you're at it?"])
    assert answer.startswith(NOT_SURE), answer


async def test_whether_we_do_something_no_service_offers_is_for_the_owner(moving: Bot) -> None:
    [answer] = await conversation(moving, ["can you guys do a piano appraisal too?"])
    assert answer.startswith(NOT_SURE), answer


async def test_a_question_after_a_booking_asked_is_answered_before_it(grooming: Bot) -> None:
    """"…tomorrow at ten? oh and is there parking?": the parking, then the read-back."""
    [answer] = await conversation(grooming, [
        "hi, could I get a nail trim for my beagle tomorrow at ten? oh and is there parking"
        " there?"])
    assert answer.startswith("Yes, free parking right in front of the salon in the plaza lot. ")
    assert "Nail trim" in answer and "10 AM" in answer

