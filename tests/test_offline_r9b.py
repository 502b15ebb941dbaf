"""The offline receptionist at a trade whose repair visit a stranger's caller (blind22) told
only by its trouble, and whose FAQ answers gave more than was asked:

1. "and what's that gonna cost me, roughly?" of what is in hand is its price, not the FAQ
   entry on what a weekend visit costs, which shares only "cost";
2. a trouble told as "quit on me" is the description's "dead" thing ("half the burners just
   quit": the Repair visit's "dead burners", not the estimate whose technician "comes to your
   home" nor the hood "on the wall"), read back; a yes with the time said again and a spelled
   name books it under that name, and the price asked right after is the Repair visit's;
3. a town the area answer lists is answered without the travel fee beyond 20 miles that the
   list never puts it past (a fee that speaks of what the list says, or of the town, stays,
   and so does the whole answer for a town it does not list);
4. "money back" for something is a rebate: whether it is real is the rebate entry, not the
   price of the service named beside it (and "knock me out" is the sedation entry's);
5. "I'm seventy-eight" is an age, no name to read back: the question with it (a discount the
   profile says nothing of) goes to the owner as a question note.

An appliance repair company of our own (tests/profiles/appliance-repair.toml).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import Bot

import bot
from tests.offline_support import (
    PROFILES,
    booked_rows,
    business_at,
    conversation,
    name_on_record,
    questions_noted,
)

APPLIANCE = PROFILES / "appliance-repair.toml"
APPLIANCE_NOW = datetime(2026, 12, 8, 14, 40, tzinfo=UTC)  # Tuesday 8 December, 8:40 in Fargo


appliance = business_at(
    APPLIANCE, APPLIANCE_NOW,
    "The appliance repair company on a Tuesday morning.")


@pytest.mark.parametrize("price", [
    "and what's that gonna cost me, roughly?",
    "what's that gonna cost?",
])
def test_the_price_of_that_is_no_faq_entry_that_shares_only_cost(price: str) -> None:
    receptionist = bot.OfflineReceptionist(bot.load_profile(APPLIANCE), None)  # type: ignore[arg-type]
    found = receptionist.intent_heard(bot.Heard.of(price))
    assert found is not None and found.name == "services"
    weekend = receptionist.intent_heard(bot.Heard.of("what does a weekend visit cost?"))
    assert weekend is not None and weekend.name == "faq"


TROUBLE = ("hi, yeah, so half the burners on my stove just quit on me last night, nothing on "
           "that side of the wall heats. Could somebody come out tomorrow, say around ten?")


async def test_a_trouble_that_quit_is_the_repair_visit_booked_on_a_yes_with_the_time(
        appliance: Bot) -> None:
    answers = await conversation(appliance, [
        TROUBLE,
        "yeah, ten's good. It's Maria Lopez, L O P E Z",
        "and what's that gonna cost me, roughly?",
    ])
    assert answers[0] == ("That's a Repair visit tomorrow, Wednesday the 9th of December at "
                          "10 AM. Shall I book it, and what name shall I put it under?"), answers[0]
    assert "booked" in answers[1], answers[1]
    assert await booked_rows(appliance) == [("Repair visit", "2026-12-09T16:00")]
    assert await name_on_record(appliance) == "Maria Lopez"
    assert answers[2] == ("A Repair visit is $99 for the first half hour, then $70 an hour, "
                          "plus parts and takes about 60 minutes."), answers[2]


@pytest.mark.parametrize(("speech", "dead"), [
    ("the dishwasher stopped working yesterday", True),
    ("half the burners just quit on me", True),
    ("the opener doesn't work anymore", True),
    ("I quit my job", False),
    ("I quit smoking last year", False),
])
def test_something_no_longer_working_is_said_dead(speech: str, dead: bool) -> None:
    assert ("dead" in bot.key_words(speech)) == dead


@pytest.mark.parametrize(("question", "answer"), [
    ("hi, do you folks come out as far as Casselton? we're just outside of town",
     "Fargo, West Fargo, Moorhead, Horace and Casselton."),
    ("do you go to Moorhead?", "Fargo, West Fargo, Moorhead, Horace and Casselton."),
    # Nothing named: the whole answer.
    ("what areas do you serve?", "Fargo, West Fargo, Moorhead, Horace and Casselton. More than "
                                 "20 miles from our shop there's a $35 travel fee."),
])
async def test_a_town_listed_is_answered_by_the_sentence_that_lists_it(
        appliance: Bot, question: str, answer: str) -> None:
    answers = await conversation(appliance, [question])
    assert answers[0] == answer, answers[0]


async def test_a_town_not_listed_asked_with_one_listed_is_told_the_fee(appliance: Bot) -> None:
    answers = await conversation(appliance, [
        "do you come out to Horace? Actually, wait, it's for my mom's place in Hawley, do you go "
        "there?",
    ])
    assert "$35 travel fee" in answers[0], answers[0]


@pytest.mark.parametrize(("answer", "told"), [
    # The list reaches past where the fee starts: the fee may be the town's, and is said.
    ("Towns within about 30 miles of Fargo, including Moorhead and Casselton. More than 20 "
     "miles from Fargo there's a $35 travel fee.",
     "Towns within about 30 miles of Fargo, including Moorhead and Casselton. More than 20 "
     "miles from Fargo there's a $35 travel fee."),
    # A charge that goes on with the sentence naming the town is its own.
    ("We go to Fargo and Moorhead. We also go to Casselton and Horace. They have a $20 travel "
     "fee. Anywhere else is $50.",
     "We go to Fargo and Moorhead. We also go to Casselton and Horace. They have a $20 travel "
     "fee."),
])
def test_a_charge_that_speaks_of_the_town_stays(answer: str, told: str) -> None:
    receptionist = bot.OfflineReceptionist(bot.load_profile(APPLIANCE), None)  # type: ignore[arg-type]
    entry = bot.Faq("What areas do you serve?", answer)
    heard = bot.Heard.of("do you come out to Casselton?")
    assert receptionist.answer_of_name(heard, entry) == told


@pytest.mark.parametrize("question", [
    "okay good. And my neighbor said the power company gives you money back when you buy a "
    "dryer, is that true?",
    "my neighbor said the power company gives you money back for putting in a range hood, is "
    "that a real thing?",
])
async def test_money_back_for_a_thing_is_the_rebate_entry(appliance: Bot, question: str) -> None:
    answers = await conversation(appliance, [question])
    assert answers[0].startswith("Xcel Energy customers can usually get a rebate"), answers[0]


@pytest.mark.parametrize(("question", "entry"), [
    ("my neighbor said the power company pays you back for a new dryer, is that true?", 0),
    ("honestly I totally panic at the dentist. Can you guys just knock me out for the whole "
     "thing?", 1),
    ("can you put him under for the cleaning? he bites", 1),
])
def test_everyday_words_find_the_entry_in_the_business_words(question: str, entry: int) -> None:
    faq = [bot.Faq("Are there rebates for new appliances?",
                   "Xcel Energy customers can usually get a rebate of up to $100."),
           bot.Faq("I'm nervous. Do you offer sedation?", "We offer nitrous oxide for $45."),
           bot.Faq("Do you take insurance?", "We bill Delta Dental and Cigna."),
           bot.Faq("Is there parking?", "Yes, free parking behind the building."),
           bot.Faq("Do you see children?", "Yes, from age three."),
           bot.Faq("How do I pay?", "Cash, cards or CareCredit.")]
    assert bot.FaqIndex(faq).best(question) is faq[entry]


async def test_an_age_is_no_name_and_its_question_goes_to_the_owner(appliance: Bot) -> None:
    answers = await conversation(appliance, [
        "hi honey, I'm seventy-eight and on a fixed income, do you give a senior discount? I "
        "need my dryer looked at",
        "okay, bye",
    ])
    assert "Seventy" not in answers[0] and "Lena" in answers[0], answers[0]
    await appliance.background_done()
    assert any("discount" in q for q in await questions_noted(appliance))


@pytest.mark.parametrize("said", ["I'm seventy-eight", "I'm Twenty", "I'm eighty two"])
def test_a_number_is_no_name(said: str) -> None:
    assert bot.name_heard(said) is None
