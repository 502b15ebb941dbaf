"""The owner's dashboard in a real browser: Debian's Chromium driven by Playwright, against the
real app served by Hypercorn on a loopback port, on a phone-sized screen.

Chromium comes from Debian (tests/system.py installs it under CI=true; elsewhere the tests
skip with a hint). Never `playwright install`: it downloads a browser of its own.
Set DASHBOARD_SCREENSHOTS=docs to refresh the README's screenshots.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import pytest

import bot
from tests.system import program

pytest.importorskip("playwright")
from playwright.sync_api import Browser, Page, Route, expect, sync_playwright  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "a long owner password"
T = TypeVar("T")
ZONE = ZoneInfo("America/Chicago")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2,
         "is_mobile": True, "has_touch": True}


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, with the flags this machine's closed network needs. Started and
    stopped by this module (Playwright's sync API keeps an event loop running while it lives,
    which the asyncio tests of other modules must not find)."""
    executable = program("chromium", "chromium", "/usr/bin/chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS,
                                             headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: Browser) -> Iterator[Page]:
    """A fresh phone-sized browser tab (no cookies from another test)."""
    context = chromium.new_context(**PHONE)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@dataclass
class Shop:
    """The served app and what was seeded in its CRM."""

    base: str
    crm_path: Path
    yesterday_sid: str
    appointment_id: int
    appointment_day: date


def next_open_day(after: date) -> date:
    """The first day after a date that the sample business is open from 10:00 to 15:00."""
    profile = bot.load_profile(ROOT / "business.toml")
    day = after + timedelta(days=1)
    while not any(opens.hour <= 10 and closes.hour >= 15
                  for opens, closes in bot.hours_on(profile, day)):
        day += timedelta(days=1)
    return day


async def seed(path: Path) -> tuple[str, int, date]:
    """Yesterday's call (with a message for the owner), today's, and a booking ahead."""
    from tests.dashboard_support import seed_call

    crm = bot.SQLiteCRM(path)
    try:
        now = bot.utcnow()
        yesterday, customer = await seed_call(
            crm, "+14155550123", now - timedelta(days=1),
            [("bot", "Thanks for calling Maple Street Bikes. How can I help you today?"),
             ("caller", "My derailleur skips gears on hills. Can Sam call me back?"),
             ("bot", "I'll pass that on to Sam. Anything else?")],
            duration=71, name="Alice Smith",
            summary="Alice's derailleur skips on hills; she wants Sam to call back.")
        await crm.add_note(customer["id"], "message", "Derailleur skips on hills, call back",
                           yesterday)
        await seed_call(crm, "+14155550199", now - timedelta(hours=1),
                        [("caller", "Do you fix a puncture while I wait?"),
                         ("bot", "Yes, a flat takes about half an hour.")], duration=38,
                        summary="Asked about puncture repairs; told half an hour.")
        day = next_open_day(now.astimezone(ZONE).date() + timedelta(days=1))
        start = datetime.combine(day, datetime.min.time().replace(hour=10), ZONE)
        booking = await crm.book_appointment(customer["id"], "Basic tune-up", start,
                                             start + timedelta(hours=1), yesterday)
        return yesterday, booking["id"], day
    finally:
        await crm.close()


def in_a_thread(work: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run a coroutine to the end on its own thread (Playwright's sync API keeps an event loop
    running on this one)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(work())).result()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def shop(tmp_path: Path) -> Iterator[Shop]:
    """The real app under Hypercorn on a free loopback port, with a seeded CRM."""
    crm_path = tmp_path / "crm.sqlite"
    sid, appointment_id, day = in_a_thread(lambda: seed(crm_path))
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TWILIO_", "ANTHROPIC_",
                                                                      "OWNER_", "PUBLIC_"))}
    env.update(CRM_DB=str(crm_path), OWNER_PASSWORD=PASSWORD, HOST="127.0.0.1", PORT=str(port),
               BUSINESS_PROFILE=str(ROOT / "business.toml"))
    log = tmp_path / "bot.log"
    with log.open("w") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "hypercorn", "bot:app", "--bind", f"127.0.0.1:{port}"],
            cwd=ROOT, stdout=sink, stderr=subprocess.STDOUT, env=env)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    with urllib.request.urlopen(base + "/health", timeout=1):
                        break
                except OSError:
                    if time.monotonic() > deadline or process.poll() is not None:
                        raise AssertionError(log.read_text()) from None
                    time.sleep(0.1)
            yield Shop(base, crm_path, sid, appointment_id, day)
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=20)


def log_in(page: Page, shop: Shop) -> None:
    page.goto(shop.base + "/owner/")
    expect(page).to_have_url(f"{shop.base}/owner/login?next=/owner/")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Today")


def screenshot(page: Page, tmp_path: Path, name: str) -> None:
    """What the phone's screen shows (390×844, one pixel per CSS pixel); copied to
    $DASHBOARD_SCREENSHOTS for the README."""
    shot = tmp_path / name
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(shot), scale="css")
    assert struct.unpack(">II", shot.read_bytes()[16:24]) == (390, 844)  # the PNG's IHDR
    if target := os.environ.get("DASHBOARD_SCREENSHOTS"):
        shutil.copy(shot, Path(target) / name)


def test_the_owners_evening_on_a_phone(page: Page, shop: Shop, tmp_path: Path) -> None:
    log_in(page, shop)
    tiles = page.locator(".tiles")
    expect(tiles).to_contain_text("1 to follow up")
    screenshot(page, tmp_path, "dashboard-today.png")

    # On a phone the calls show first, the filter folded away; it opens with a tap.
    page.get_by_role("link", name="Calls", exact=True).click()
    cards = page.locator("ul.cards > li.card")
    expect(cards).to_have_count(2)
    expect(page.get_by_label("Words said on the call")).to_be_hidden()
    assert cards.first.bounding_box()["y"] < PHONE["viewport"]["height"] / 2
    # Find yesterday's call by a word said in it, and open it.
    page.get_by_text("Find calls").click()
    page.get_by_label("Words said on the call").fill("derailleur")
    page.get_by_role("button", name="Show").click()
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("Alice Smith")
    cards.first.get_by_role("link").first.click()
    expect(page).to_have_url(f"{shop.base}/owner/calls/{shop.yesterday_sid}")
    said = page.locator("ol.conversation li").evaluate_all(
        "items => items.map(item => [item.className, item.lastChild.textContent])")
    assert said == [
        ["bot", "Thanks for calling Maple Street Bikes. How can I help you today?"],
        ["caller", "My derailleur skips gears on hills. Can Sam call me back?"],
        ["bot", "I'll pass that on to Sam. Anything else?"]]
    expect(page.locator("dl.facts")).to_contain_text("1 min 11 s")
    # Calling or texting her back is one tap, at the top of the call.
    expect(page.get_by_role("link", name="Call back")).to_have_attribute(
        "href", "tel:+14155550123")
    expect(page.get_by_role("link", name="Text back")).to_have_attribute(
        "href", "sms:+14155550123")
    assert page.get_by_role("link", name="Call back").bounding_box()["y"] < 300
    screenshot(page, tmp_path, "dashboard-call.png")

    # Tick off the message it left.
    page.get_by_role("link", name="Follow-ups").click()
    expect(page.locator("ul.cards > li.card")).to_have_count(1)
    page.get_by_role("button", name="Done").click()
    expect(page.get_by_text("Nothing waiting.")).to_be_visible()

    # Appointments open on what is coming up; move the booking from 10:00 to 14:00 that day.
    page.get_by_role("link", name="Appointments").click()
    expect(page.get_by_role("heading", level=2).first).to_have_text(
        shop.appointment_day.strftime("%A %d %B"))
    page.get_by_role("link", name="10:00–11:00 Basic tune-up").click()
    page.get_by_label("New time").fill("14:00")
    page.get_by_role("button", name="Move").click()
    expect(page.get_by_role("status")).to_contain_text("Moved to Basic tune-up")
    expect(page.locator("dl.facts")).to_contain_text("14:00–15:00")

    # Log out: the pages are closed again.
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_label("Password")).to_be_visible()
    page.goto(shop.base + "/owner/calls")
    expect(page).to_have_url(f"{shop.base}/owner/login?next=/owner/calls")

    async def after() -> tuple[list[bot.Row], list[bot.Row]]:
        crm = bot.SQLiteCRM(shop.crm_path)
        try:
            return (await crm.rows("SELECT starts_at FROM appointments"),
                    await crm.rows("SELECT to_number, body FROM outbox"))
        finally:
            await crm.close()

    appointments, outbox = in_a_thread(after)
    moved = datetime.combine(shop.appointment_day, datetime.min.time().replace(hour=14), ZONE)
    assert appointments == [{"starts_at": bot.iso(moved.astimezone(UTC))}]
    assert len(outbox) == 1 and outbox[0]["to_number"] == "+14155550123"
    assert "has moved to Basic tune-up" in outbox[0]["body"]


# A basic accessibility check, in the page itself: every field has a label, every button a
# name, text has WCAG AA contrast against what is behind it, one h1, a language.
AUDIT = (Path(__file__).parent / "a11y_audit.js").read_text()

PAGES = ["/owner/", "/owner/calls", "/owner/customers", "/owner/customers/1",
         "/owner/appointments?view=week", "/owner/follow-ups", "/owner/charts",
         "/owner/exports", "/owner/settings"]


def test_the_pages_pass_a_basic_accessibility_check(page: Page, shop: Shop) -> None:
    page.goto(shop.base + "/owner/login")
    assert page.evaluate(AUDIT) == []
    log_in(page, shop)
    for path in PAGES + [f"/owner/calls/{shop.yesterday_sid}",
                         f"/owner/appointments/{shop.appointment_id}"]:
        page.goto(shop.base + path)
        assert page.evaluate(AUDIT) == [], path


def test_the_pages_work_from_the_keyboard(page: Page, shop: Shop) -> None:
    log_in(page, shop)
    page.goto(shop.base + "/owner/calls")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.textContent.trim()")
    assert focused == "Skip to the page"
    page.keyboard.press("Enter")
    # Tab on to the search field: every step lands on something visible, with a visible outline.
    for _ in range(30):
        page.keyboard.press("Tab")
        state = page.evaluate("""() => { const el = document.activeElement;
            const style = getComputedStyle(el);
            return {id: el.id, tag: el.tagName, outline: style.outlineStyle,
                    width: style.outlineWidth, seen: el.getClientRects().length > 0}; }""")
        assert state["seen"] and state["outline"] != "none" and state["width"] != "0px", state
        if state["id"] == "q":
            break
        if state["tag"] == "SUMMARY":  # the folded filter opens from the keyboard too
            page.keyboard.press("Enter")
    else:
        raise AssertionError("the search field cannot be reached with Tab")
    page.keyboard.type("puncture")
    page.keyboard.press("Enter")
    expect(page.locator("ul.cards > li.card")).to_have_count(1)
    expect(page.locator("ul.cards > li.card")).to_contain_text("puncture repairs")


# The browser's notifications (issue 17 item 16): each Notification the page makes is recorded
# as well as shown, so the test sees what the owner would.
RECORD_NOTIFICATIONS = """
window.shownNotifications = [];
window.Notification = class extends window.Notification {
  constructor(title, options) {
    super(title, options);
    window.shownNotifications.push([title, options.body]);
    console.log("notification: " + title);
  }
};
"""

# Each time the page keeps the last alert it saw, a console line says so: the test knows a
# check is over (its notifications, if any, shown) without waiting a set time.
RECORD_SEEN = """
const keep = Storage.prototype.setItem;
Storage.prototype.setItem = function (key, value) {
  keep.call(this, key, value);
  if (key === "owner-alerts-seen") console.log("alerts seen: " + value);
};
"""


def test_new_alerts_show_as_the_browsers_notifications_once_turned_on(
    page: Page, shop: Shop
) -> None:
    page.context.grant_permissions(["notifications"], origin=shop.base)
    page.add_init_script(RECORD_NOTIFICATIONS)
    page.add_init_script(RECORD_SEEN)
    page.clock.install()
    log_in(page, shop)
    page.get_by_role("link", name="Settings").click()
    state = page.locator("#notify-state")
    expect(state).to_have_text("Off in this browser.")
    # Turning them on checks at once (and keeps the latest alert as seen); each page then
    # checks as it opens. Each check is waited for to its end, in its own page: the alert
    # below is queued after the Calls page's first check, never while it waits.
    with page.expect_console_message(lambda m: m.text == "alerts seen: 0"):
        page.get_by_role("button", name="Notify me in this browser").click()
    expect(state).to_contain_text("On: new alerts show as notifications")
    with page.expect_console_message(lambda m: m.text == "alerts seen: 0"):
        page.get_by_role("link", name="Calls", exact=True).click()  # any page will do
    expect(page).to_have_url(f"{shop.base}/owner/calls")

    urgent = 'URGENT call from +14155550123. Said: "Water is pouring through the ceiling"'

    async def alert() -> None:
        crm = bot.SQLiteCRM(shop.crm_path)
        try:
            await crm.add_outbox("sms", "+15005550001", urgent, status="offline")
            await crm.add_outbox("sms", "+14155550123", "Your booking is confirmed.",
                                 status="offline")  # a customer's text is no alert
        finally:
            await crm.close()

    in_a_thread(alert)
    with page.expect_console_message(lambda m: m.text == "alerts seen: 2"):
        page.clock.run_for(31_000)
    assert page.evaluate("window.shownNotifications") == [["URGENT call", urgent]]
    with page.expect_console_message(lambda m: m.text == "alerts seen: 2"):
        page.clock.run_for(31_000)  # the next check finds nothing new
    assert page.evaluate("window.shownNotifications") == [["URGENT call", urgent]]

    # Turned off: no more.
    page.get_by_role("link", name="Settings").click()
    page.get_by_role("button", name="Stop notifications in this browser").click()
    expect(state).to_have_text("Off in this browser.")


def test_a_new_alert_shows_once_when_two_checks_wait_at_once(page: Page, shop: Shop) -> None:
    """A check that waits for its answer past the next half minute (a slow connection, a
    phone waking up) overlaps the next one, both asking after the same last-seen alert: the
    owner sees the alert once, whichever answer comes first."""
    page.context.grant_permissions(["notifications"], origin=shop.base)
    page.add_init_script(RECORD_NOTIFICATIONS)
    page.add_init_script(RECORD_SEEN)
    page.clock.install()
    log_in(page, shop)
    page.get_by_role("link", name="Settings").click()
    with page.expect_console_message(lambda m: m.text == "alerts seen: 0"):
        page.get_by_role("button", name="Notify me in this browser").click()

    urgent = 'URGENT call from +14155550123. Said: "Water is pouring through the ceiling"'

    async def alert() -> None:
        crm = bot.SQLiteCRM(shop.crm_path)
        try:
            await crm.add_outbox("sms", "+15005550001", urgent, status="offline")
        finally:
            await crm.close()

    in_a_thread(alert)
    # The first check's answer is held back (as a slow connection would) until the next
    # check has been answered and shown the alert.
    waiting: list[Route] = []
    page.route(lambda url: "/owner/alerts.json?after=0" in url,
               lambda route: waiting.append(route) if not waiting else route.fallback())
    page.clock.run_for(31_000)
    with page.expect_console_message(lambda m: m.text == "alerts seen: 1"):
        page.clock.run_for(30_000)
    assert len(waiting) == 1
    assert page.evaluate("window.shownNotifications") == [["URGENT call", urgent]]
    with page.expect_console_message(lambda m: m.text.startswith("alerts seen: ")):
        waiting[0].fallback()
    assert page.evaluate("window.shownNotifications") == [["URGENT call", urgent]]
