"""What a caller gives for the visit (a street address, a number to reach them on) reaches the
call's summary, whenever in the call it was said (issue 18, the blind6 round: "yes, that works,
and it's going to 300 West 6th Street, suite 1400" and "can you put my cell down, it's
208-555-0163" left no trace of either in the CRM). The owner reads the summary on the dashboard
and in the alert; nobody should have to play the recording to find the address.
"""

from __future__ import annotations

from conftest import Bot, call_sid

from tests.offline_support import conversation


async def summary_after(running: Bot, lines: list[str]) -> str:
    sid = call_sid()
    await conversation(running, lines, sid)
    await running.hang_up(sid)
    await running.background_done()
    return str((await running.crm.call(sid))["summary"])


async def test_an_address_and_a_cell_number_said_in_a_call_are_in_its_summary(
    offline_bot: Bot,
) -> None:
    summary = await summary_after(offline_bot, [
        "can I book a flat tire repair tomorrow at 10", "yes please, Dana Ortiz",
        "and for the pickup it's 4417 Northwest 63rd Street, and can you put my cell down, "
        "it's 208-555-0163, I'm calling from work", "bye"])
    assert "Booked: Flat tire repair" in summary, summary
    assert "4417 Northwest 63rd Street" in summary and "208-555-0163" in summary, summary


async def test_a_suite_and_a_spoken_number_are_kept_whole(offline_bot: Bot) -> None:
    summary = await summary_after(offline_bot, [
        "hi, I'm leaving a message for Sam, we need the six rental bikes delivered to 300 West "
        "6th Street, suite 1400, and you can reach me at 512 555 0148", "that's it, bye"])
    assert "300 West 6th Street, suite 1400" in summary, summary
    assert "512-555-0148" in summary or "512 555 0148" in summary, summary


async def test_the_callers_own_number_and_times_are_no_details(offline_bot: Bot) -> None:
    summary = await summary_after(offline_bot, [
        "can I book a flat tire repair tomorrow at 10", "yes please, Dana Ortiz", "bye"])
    assert "Details" not in summary and "Street" not in summary, summary


async def test_an_address_said_after_a_time_is_the_address_alone(offline_bot: Bot) -> None:
    summary = await summary_after(offline_bot, [
        "can I book a flat tire repair tomorrow at 10", "yes please, Dana Ortiz",
        "and after, drop it back tomorrow at 5 at 605 Cherry Street", "bye"])
    assert "Details given: 605 Cherry Street." in summary, summary
