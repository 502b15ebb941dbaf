"""The offline receptionist, mid-booking, taking a turn for what it asks (issue 18, blind18): a
visit asked for a day and a time is booked, though the caller wants "to talk to somebody about"
it; a commitment told as the reason a time is changed ("I've got a sale barn thing Thursday
afternoon, make it ten instead") is no appointment of theirs to move, nor "all day Thursday" a
Same-day service; "do I have to get my doctor to send me over" asks about referrals, not the
caller's appointments; a date texted with its ordinal ("tues dec 22nd") is that date; and a
booking cancelled right after it was made is not moved to its own time.

An allergy clinic (tests/profiles/allergy-clinic.toml), a kind of business the eval has not.
"""

from __future__ import annotations

from datetime import UTC, datetime

from conftest import Bot

from tests.offline_support import MORE, PROFILES, booked_rows, business_at, conversation, said

CLINIC = PROFILES / "allergy-clinic.toml"
TUESDAY = datetime(2026, 12, 8, 15, 0, tzinfo=UTC)  # Tuesday 8 December, 9:00 in Ames


clinic = business_at(
    CLINIC, TUESDAY,
    "The allergy clinic on a Tuesday morning (open till 7 PM on Thursdays).")


def read_back(service: str, when: str) -> str:
    """A booking read back, waiting for the yes and a name."""
    return f"That's {service} {when}. Shall I book it, and what name shall I put it under?"


async def test_talk_to_somebody_about_a_visit_on_a_day_at_a_time_books_it(clinic: Bot) -> None:
    # Put through to the owner before: "talk to" asked for a person, whatever else was said.
    answers = await conversation(clinic, [
        "Well hello, my neighbor gave me your number. My grandson can't have peanuts and I "
        "keep him Fridays, so I'd like to talk to somebody about food allergies. Would next "
        "Monday work, around ten in the morning?",
        "Yes dear. Margaret Hershberger."])
    assert answers[0] == read_back("a Food allergy consultation",
                                   "on Monday the 14th of December at 10 AM")
    assert answers[1] == "You're booked. Food allergy consultation on Monday the 14th of " \
        f"December at 10 AM. {MORE}"
    assert await booked_rows(clinic) == [("Food allergy consultation", "2026-12-14T16:00")]


async def test_talk_to_somebody_with_no_day_asked_is_still_put_through(clinic: Bot) -> None:
    answers = await conversation(clinic, ["I'd like to talk to somebody about my bill please"])
    assert answers[0].startswith("Let me put you through")


async def test_a_commitment_told_as_the_reason_for_a_new_time_is_no_appointment_to_move(
    clinic: Bot,
) -> None:
    # "I've got a sale barn thing" was an appointment held, moved: "I can't see any upcoming
    # appointments for you".
    answers = await conversation(clinic, [
        "My hay fever is back and worse. Can you see me for an allergy evaluation Thursday at one? "
        "Oh, wait, no, I've got a sale barn thing Thursday afternoon. Make it ten in the "
        "morning instead.",
        "yeah, ten Thursday. Marv Schafer."])
    assert answers[0] == read_back("an Allergy evaluation",
                                   "on Thursday the 10th of December at 10 AM")
    assert await booked_rows(clinic) == [("Allergy evaluation", "2026-12-10T16:00")]


async def test_all_day_thursday_asks_no_same_day_service(clinic: Bot) -> None:
    # "All day" named the Same-day rash and hives check as a second booking: asked which first.
    answers = await conversation(clinic, [
        "hey, I want to book a skin prick test, Thursday at eleven, oh, no, shoot, I'm "
        "in meetings all day Thursday. Can you do after work, like six?",
        "six is perfect. Kristen Albright"])
    assert answers[0] == read_back("a Skin prick test", "on Thursday the 10th of December at 6 PM")
    assert await booked_rows(clinic) == [("Skin prick test", "2026-12-11T00:00")]


async def test_whether_a_doctor_must_send_you_over_is_the_referral_question(clinic: Bot) -> None:
    # Heard as "my appointments" ("I have to… make an appointment"): "You have no upcoming
    # appointments".
    answers = await conversation(clinic, [
        "hi, quick question, do I have to get my regular doctor to send me over to you guys, "
        "or can I just make an appointment myself?"])
    assert answers[0] == "No: in Iowa you can book with us directly. Some insurance plans want " \
        "a referral from your doctor before they pay, so check with Gwen."


async def test_a_texted_date_with_its_ordinal_is_that_date(clinic: Bot) -> None:
    # "22nd" was corrected as a typo to "22and" (the Same-day rash and hives check's word),
    # and "tues" was the Tuesday coming, the 15th.
    first = said(await clinic.text("hi this is Gary Lindqvist, my eyes r itchy. can u do an "
                                   "allergy evaluation tues dec 22nd at 9am?"))
    second = said(await clinic.text("yes thats fine book it"))
    assert first == "Thanks, Gary. That's an Allergy evaluation on Tuesday the 22nd of December " \
        "at 9 AM. Shall I book it?"
    assert second == "You're booked. Allergy evaluation on Tuesday the 22nd of December at 9 AM. " \
        f"{MORE}"
    assert await booked_rows(clinic) == [("Allergy evaluation", "2026-12-22T15:00")]


async def test_a_booking_cancelled_right_after_by_its_own_day_is_not_moved(clinic: Bot) -> None:
    # "Actually scratch that… cancel the allergy evaluation on the 16th" moved the booking to its
    # own time: "Sorry, 9 AM… is already taken".
    answers = await conversation(clinic, [
        "could I book a allergy evaluation on Wednesday the 16th at nine?", "yes, Gary Lindqvist",
        "actually scratch that, something came up. please cancel the allergy evaluation on the "
        "16th, I'll rebook after", "yes cancel it"])
    assert answers[1].startswith("You're booked.")
    assert answers[2:] == [
        "That's your Allergy evaluation on Wednesday the 16th of December at 9 AM. Shall I "
        "cancel it?",
        f"Done. Cancelled: Allergy evaluation on Wednesday the 16th of December at 9 AM. {MORE}"]
    assert await booked_rows(clinic, "cancelled") == [("Allergy evaluation", "2026-12-16T15:00")]


async def test_a_cancel_texted_is_asked_before_it_is_done(clinic: Bot) -> None:
    # What the thread booked minutes ago it may cancel without a code (README, "Who gets
    # private details"; a booking it did not make needs one: test_offline_r10e), but on a yes
    # to the cancel read back, so the texter never takes the request for done.
    await clinic.text("can u do an allergy evaluation tues dec 22nd at 9am? its Gary Lindqvist")
    await clinic.text("yes book it")
    reply = said(await clinic.text("actually scratch that, pls cancel the allergy evaluation on "
                                   "the 22nd, ill rebook after"))
    assert reply == "That's your Allergy evaluation on Tuesday the 22nd of December at 9 AM. " \
        "Shall I cancel it?", reply
    assert await booked_rows(clinic) == [("Allergy evaluation", "2026-12-22T15:00")]
