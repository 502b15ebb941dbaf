"""The owner told without a text (issue 17 item 16): every alert texted to the owner is also
pushed through ntfy (NTFY_TOPIC_URL) through the outbox, never lost and never twice; and the
dashboard's pages show alerts as the browser's notifications (the JSON they poll is here; the
browser itself in test_dashboard_browser.py)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import CALLER, OPEN_NOW, PUBLIC, Bot, Clock
from twilio.rest import Client

import bot
from tests.fakes import FakeNtfy, FakeTwilioHttp, account_sid, call_sid

OWNER = "+15005550001"


@pytest.fixture
def ntfy() -> Iterator[FakeNtfy]:
    with FakeNtfy() as fake:
        yield fake


@pytest.fixture
async def crm(config: bot.Config) -> AsyncIterator[bot.CRM]:
    crm = await bot.open_crm(config)
    yield crm
    await crm.close()


def skills_for(config: bot.Config, crm: bot.CRM, ntfy: FakeNtfy, clock: Clock,
               http: FakeTwilioHttp | None = None) -> bot.Skills:
    """The receptionist's skills with texts through the fake Twilio, pushes to the fake ntfy."""
    settings = replace(config, ntfy_topic_url=ntfy.topic_url())
    client = Client(account_sid(), "token", http_client=http or FakeTwilioHttp())
    profile = bot.load_profile(config.business_profile)
    return bot.Skills(profile, crm, bot.Telephone(settings, crm, client, clock=clock),
                      clock=clock)


async def outbox(crm: bot.CRM) -> list[tuple[Any, ...]]:
    rows = await crm.rows("SELECT kind, to_number, status, attempts, error FROM outbox "
                          "ORDER BY id")
    return [(r["kind"], r["to_number"], r["status"], r["attempts"], r["error"]) for r in rows]


# -- ntfy --


async def test_an_alert_is_pushed_beside_its_text_with_the_same_words(
    config: bot.Config, crm: bot.CRM, ntfy: FakeNtfy
) -> None:
    http = FakeTwilioHttp()
    skills = skills_for(config, crm, ntfy, Clock(), http)
    sid = "CA" + "0" * 32
    text = bot.owner_alert(f"Call from {CALLER}", [], [
        ("Message", "Please call me back, photos at https://evil.example/bike.jpg")],
        f"{PUBLIC}/owner/calls/{sid}")
    await skills.alert_owner(text)
    await skills.telephone.settled()
    [texted] = [m["Body"] for m in http.messages]
    assert texted == (f'Call from {CALLER}. Message: "Please call me back, photos at '
                      f'hxxps://evil(.)example/bike(.)jpg" Details: {PUBLIC}/owner/calls/{sid}')
    [pushed] = ntfy.published
    assert {k: v for k, v in pushed.items() if k not in ("id", "time", "expires")} == {
        "event": "message", "topic": "rivera-bikes-9f3k2m7q1x", "message": texted,
        "title": "Call", "tags": ["telephone_receiver"],
        "click": f"{PUBLIC}/owner/calls/{sid}"}
    assert await outbox(crm) == [("sms", OWNER, "sent", 1, None),
                                 ("push", "ntfy", "sent", 1, None)]


async def test_an_urgent_call_is_pushed_at_ntfys_highest_priority_and_its_title_has_no_number(
    make_bot: Any, ntfy: FakeNtfy
) -> None:
    client = Client(account_sid(), "token", http_client=FakeTwilioHttp())
    async with make_bot(twilio_client=client, ntfy_topic_url=ntfy.topic_url()) as running:
        sid = call_sid()
        await running.call(sid)
        await running.hear(sid, "It's an emergency, water is pouring out of the shop ceiling")
        await running.assistant.telephone.settled()
    [pushed] = ntfy.published
    assert (pushed["title"], pushed["priority"], pushed["tags"]) == (
        "URGENT call", 5, ["rotating_light"])
    assert pushed["message"].startswith(f"URGENT call from {CALLER}. Said: ")
    assert pushed["click"] == f"{PUBLIC}/owner"  # no call page yet: the dashboard


async def test_a_push_ntfy_refuses_for_now_is_retried_then_sent_once(
    config: bot.Config, crm: bot.CRM, ntfy: FakeNtfy
) -> None:
    clock = Clock()
    skills = skills_for(config, crm, ntfy, clock)
    ntfy.fail_next(429)  # ntfy.sh's rate limit
    await skills.alert_owner("Text from +14155550123: \"Are you open Sunday?\"")
    await skills.telephone.settled()
    assert (await outbox(crm))[1] == ("push", "ntfy", "queued", 1, "ntfy 429")
    assert await skills.telephone.send_due() == []  # not due yet
    clock.now += timedelta(seconds=bot.OUTBOX_RETRY_SECONDS[0])
    await skills.telephone.send_due()
    assert (await outbox(crm))[1] == ("push", "ntfy", "sent", 2, None)
    assert [m["title"] for m in ntfy.published] == ["Text"]


async def test_a_push_that_reached_ntfy_as_the_connection_broke_is_not_pushed_twice(
    config: bot.Config, crm: bot.CRM, ntfy: FakeNtfy
) -> None:
    clock = Clock()
    skills = skills_for(config, crm, ntfy, clock)
    ntfy.drop_next_answer()
    await skills.alert_owner("Voicemail from +14155550123: Transcript: \"Call me back\"")
    await skills.telephone.settled()
    assert (await outbox(crm))[1][2:4] == ("queued", 1)
    clock.now += timedelta(seconds=bot.OUTBOX_RETRY_SECONDS[0])
    await skills.telephone.send_due()
    assert (await outbox(crm))[1] == ("push", "ntfy", "sent", 2, None)
    assert len(ntfy.published) == 1  # asked the topic first: it had it


async def test_a_push_left_sending_by_a_dead_process_goes_once_after_its_lease(
    config: bot.Config, crm: bot.CRM, ntfy: FakeNtfy
) -> None:
    clock = Clock()
    skills = skills_for(config, crm, ntfy, clock)
    await crm.add_outbox("push", "ntfy", "Call from +14155550123.", status="sending",
                         next_attempt_at=bot.iso(OPEN_NOW + bot.OUTBOX_LEASE))
    assert await skills.telephone.send_due() == []
    clock.now += bot.OUTBOX_LEASE
    [row] = await skills.telephone.send_due()
    assert row["status"] == "sent"
    assert await skills.telephone.send_due() == []
    assert [m["message"] for m in ntfy.published] == ["Call from +14155550123."]


async def test_a_topic_ntfy_refuses_is_not_retried(
    config: bot.Config, crm: bot.CRM, ntfy: FakeNtfy
) -> None:
    skills = skills_for(config, crm, ntfy, Clock())
    ntfy.fail_next(403)  # a self-hosted server whose topic needs a login
    await skills.alert_owner("Call from +14155550123.")
    await skills.telephone.settled()
    assert (await outbox(crm))[1] == ("push", "ntfy", "failed", 1, "ntfy 403")


async def test_a_summary_and_both_alerts_are_written_together(
    config: bot.Config, crm: bot.CRM
) -> None:
    sid = call_sid()
    await crm.open_call(sid, (await crm.customer_for(CALLER))["id"], "inbound")
    settings = replace(config, ntfy_topic_url="https://ntfy.sh/a-long-secret-topic")
    telephone = bot.Telephone(settings, crm)
    alerts = [telephone.outgoing(OWNER, "Call from you."),
              telephone.outgoing_push("Call from you.")]
    rows = await crm.save_summary(sid, "They called.", alerts)
    assert [(r["kind"], r["status"]) for r in rows] == [("sms", "offline"), ("push", "sending")]


async def test_the_simulator_never_pushes(config: bot.Config, crm: bot.CRM,
                                          ntfy: FakeNtfy) -> None:
    settings = replace(config, ntfy_topic_url=ntfy.topic_url(), simulator=True)
    profile = bot.load_profile(config.business_profile)
    skills = bot.Skills(profile, crm, bot.Telephone(settings, crm))
    await skills.alert_owner("Call from a fake caller.")
    assert await skills.telephone.send_due() == []
    assert [r[2] for r in await outbox(crm)] == ["simulated", "simulated"]
    assert ntfy.published == []


@pytest.mark.parametrize(("value", "problem"), [
    ("ntfy.sh/rivera-bikes-9f3k2m7q1x", "not an ntfy topic's address"),
    ("https://ntfy.sh/", "not an ntfy topic's address"),
    ("https://ntfy.sh/bikes", "too short to be secret"),
    ("https://ntfy.sh/rivera bikes 9f3k2m7q", "not an ntfy topic's address"),
])
def test_an_address_that_is_not_a_secret_topic_is_refused(value: str, problem: str) -> None:
    with pytest.raises(bot.ConfigError) as refused:
        bot.load_config({"NTFY_TOPIC_URL": value})
    assert problem in str(refused.value)
    assert "9f3k2m7q" not in str(refused.value)  # the topic is a password


def test_the_fake_refuses_what_ntfy_refuses(ntfy: FakeNtfy) -> None:
    import urllib.error
    import urllib.request

    def publish(url: str, **headers: str) -> tuple[int, dict[str, Any]]:
        request = urllib.request.Request(url, data=b"hello", headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    assert publish(ntfy.topic_url(), Priority="loud") == (400, {
        "code": 40007, "http": 400, "error": "invalid priority parameter",
        "link": "https://ntfy.sh/docs/publish/"})
    assert publish(ntfy.topic_url("no.dots"))[0] == 400
    status, message = publish(ntfy.topic_url(), Priority="high", Title="Call")
    assert (status, message["priority"], message["title"]) == (200, 4, "Call")


# -- The dashboard's JSON for the browser's notifications --


@pytest.fixture
async def dashboard(make_bot: Any) -> AsyncIterator[Bot]:
    async with make_bot(owner_password="a long owner password") as running:
        yield running


async def log_in(running: Bot) -> Any:
    client = running.app.test_client()
    response = await client.post("/owner/login", form={"password": "a long owner password"})
    assert response.status_code == 303
    return client


async def test_the_alerts_json_needs_the_login(dashboard: Bot) -> None:
    response = await dashboard.client.get("/owner/alerts.json")
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/owner/login")


@pytest.mark.parametrize("after", ["1" * 30, "\u00b2", "-3", "abc"])
async def test_an_odd_after_is_no_alerts_not_an_error(dashboard: Bot, after: str) -> None:
    """A number too large for the CRM, a digit that is not 0-9 ("²"), or no number at all
    in `after` is taken as none: what came before is not news (it answered 500)."""
    client = await log_in(dashboard)
    response = await client.get("/owner/alerts.json", query_string={"after": after})
    assert response.status_code == 200
    assert json.loads(await response.get_data(as_text=True))["alerts"] == []


async def test_the_alerts_json_gives_what_came_after_what_the_page_saw(dashboard: Bot) -> None:
    client = await log_in(dashboard)
    skills = dashboard.assistant.skills
    await skills.alert_owner("Text from +14155550123: \"Before the page opened\"")
    first = json.loads(await (await client.get("/owner/alerts.json")).get_data(as_text=True))
    assert first["alerts"] == []
    sid = "CA" + "1" * 32
    await skills.alert_owner(f"URGENT call from +14155550123. Said: \"Flood\" Details: "
                             f"{PUBLIC}/owner/calls/{sid}")
    await dashboard.assistant.crm.add_outbox("sms", CALLER, "Your booking is confirmed.")
    later = json.loads(await (await client.get(
        f"/owner/alerts.json?after={first['latest']}")).get_data(as_text=True))
    [alert] = later["alerts"]
    assert alert == {"id": alert["id"], "title": "URGENT call",
                     "body": f"URGENT call from +14155550123. Said: \"Flood\" Details: "
                             f"{PUBLIC}/owner/calls/{sid}",
                     "url": f"/owner/calls/{sid}"}
    assert later["latest"] == alert["id"] + 1  # the caller's text is not an alert
    again = json.loads(await (await client.get(
        f"/owner/alerts.json?after={later['latest']}")).get_data(as_text=True))
    assert again == {"latest": later["latest"], "alerts": []}



class QueuedWhileRead(bot.SQLiteCRM):
    """The CRM as a page's alerts check sees it when another worker (a call ending) queues
    an alert for the owner between the check's first read and the rest."""

    midway: str | None = None  # what the other worker texts the owner during the next check

    def run(self, kind: str, body: bot.Body[Any], write: bool, atomic: bool) -> Any:
        if kind == "alerts_after" and self.midway is not None:
            body, self.midway = self.queued_midway(body, self.midway), None
        return super().run(kind, body, write, atomic)

    def queued_midway(self, body: bot.Body[Any], text: str) -> bot.Body[Any]:
        """The check's statements, with the other worker's alert queued after the first."""

        async def other_worker() -> None:
            crm = bot.SQLiteCRM(self.path)
            try:
                await crm.add_outbox("sms", OWNER, text, status="offline")
            finally:
                await crm.close()

        answer = yield next(body)
        asyncio.run(other_worker())  # on the check's reading thread: between its reads
        try:
            while True:
                answer = yield body.send(answer)
        except StopIteration as done:
            return done.value


async def test_an_alert_queued_while_a_check_reads_is_news_to_exactly_one_check(
    tmp_path: Path
) -> None:
    """Another worker can queue an alert while a page's check reads the CRM: it is in that
    check's answer or the next one's, never both (the owner was notified of it twice) and
    never neither."""
    crm = QueuedWhileRead(tmp_path / "crm.sqlite")
    try:
        seen, _ = await crm.alerts_after(None, "sms", OWNER)
        texted = 'Text from +14155550123: "Open Sunday?"'
        await crm.add_outbox("sms", OWNER, texted, status="offline")
        urgent = 'URGENT call from +14155550123. Said: "The ceiling is dripping"'
        crm.midway = urgent
        latest, answer = await crm.alerts_after(seen, "sms", OWNER)
        assert crm.midway is None  # the other worker did queue it during the check
        _, next_answer = await crm.alerts_after(latest, "sms", OWNER)
        assert [row["body"] for row in answer + next_answer] == [texted, urgent]
    finally:
        await crm.close()
