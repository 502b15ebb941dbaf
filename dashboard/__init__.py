"""The owner's dashboard at /owner: what the receptionist did, on the owner's phone.

A Quart blueprint with Jinja templates and static files beside it; bot.py registers it when
this package is present, through its `register` hook. It uses only bot.py's public surface
(bot.PUBLIC_SURFACE: the running bot as `bot.owner_desk(app)`, the CRM interface and a few
helpers), so it works on any CRM backend and bot.py never imports it at the top. Off unless
OWNER_PASSWORD (or OWNER_PASSWORD_HASH) is set.

Security: a login form, a signed session cookie (HttpOnly, SameSite=Strict, Secure behind
https) naming a server-side session that logout ends and that expires, a CSRF token on every
form, a cap on password tries per quarter hour (from one address, and from all together),
strict security headers, and
Jinja's escaping on everything (never `|safe` on anything a caller said).
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
import logging
import re
import secrets
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from itsdangerous import BadSignature, URLSafeSerializer
from quart import (
    Blueprint,
    Quart,
    Response,
    abort,
    current_app,
    render_template,
    request,
    url_for,
)

import bot

from .charts import charts_for

log = logging.getLogger("bot.dashboard")

owner = Blueprint("owner", __name__, url_prefix="/owner", template_folder="templates",
                  static_folder="static", static_url_path="/static")

COOKIE = "owner_session"
SESSION_HOURS = 12
# Tries at the password per quarter hour: from one address, and from everyone together (many
# addresses guessing at once). Past either, every try waits for the next quarter hour.
LOGIN_WINDOW = timedelta(minutes=15)
LOGIN_TRIES_PER_ADDRESS = 5
LOGIN_TRIES_IN_ALL = 20
MAX_APPROVED_ANSWER = 1000  # what a caller will sit through, said aloud
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; img-src 'self'; media-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}
# Once a browser has seen the dashboard over https, a year of https only (RFC 6797; a browser
# ignores it over plain http, so the LAN's http://pi.local:8080 keeps working).
HSTS = "max-age=31536000"
# The days the pages take, in a filter or a move: well inside what a datetime holds in any
# time zone, with a week to spare either side (9999-12-31 is a date, its next day is not).
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2999, 12, 31)
# How far ahead the Appointments page looks when it opens on what is coming up.
COMING_UP_DAYS = 60

def register(app: Quart) -> None:
    """Add the dashboard to the bot's app."""
    app.register_blueprint(owner)


# -- Where the dashboard's state lives --


def desk() -> bot.OwnerDesk:
    """The running bot as the owner's pages see it: its config, profile, CRM and clock."""
    return bot.owner_desk(current_app)


def crm() -> bot.CRM:
    return desk().crm


def now() -> datetime:
    """The bot's clock (fixed in tests)."""
    return desk().now()


def zone() -> Any:
    return desk().profile.zone


def local_today() -> date:
    return now().astimezone(zone()).date()


def day_start(day: date) -> datetime:
    """Midnight at the start of a local day."""
    return datetime.combine(day, time(0), zone())


# -- Password, sessions and CSRF --


async def serializer() -> URLSafeSerializer:
    """Signs the session cookie with a random secret kept in the CRM, bound to the password:
    changing the password ends every session."""
    secret = await crm().setting("owner_secret")
    if secret is None:
        await crm().save_setting("owner_secret", secrets.token_hex(32))
        secret = await crm().setting("owner_secret")
    password = desk().config.owner_password or ""
    key = hmac.new(bytes.fromhex(secret or ""), password.encode(), hashlib.sha256).digest()
    return URLSafeSerializer(key, salt="owner-session")


async def read_cookie() -> dict[str, Any]:
    """The signed cookie's content ({} when absent or tampered with)."""
    raw = request.cookies.get(COOKIE)
    if not raw:
        return {}
    try:
        value = (await serializer()).loads(raw)
    except BadSignature:
        return {}
    return value if isinstance(value, dict) else {}


def sid_key(session_id: str) -> str:
    """How a session is kept server-side: its hash, so the CRM never holds a usable cookie."""
    return hashlib.sha256(session_id.encode()).hexdigest()


async def live_sessions() -> dict[str, str]:
    """Server-side sessions still valid: hashed id -> expiry."""
    stored = json.loads(await crm().setting("owner_sessions") or "{}")
    moment = bot.iso(now())
    return {k: v for k, v in stored.items() if v > moment}


async def logged_in(cookie: dict[str, Any]) -> bool:
    session_id = cookie.get("sid")
    return bool(session_id) and sid_key(str(session_id)) in await live_sessions()


async def start_session() -> str:
    session_id = secrets.token_urlsafe(32)
    sessions = await live_sessions()
    sessions[sid_key(session_id)] = bot.iso(now() + timedelta(hours=SESSION_HOURS))
    await crm().save_setting("owner_sessions", json.dumps(sessions))
    return session_id


async def end_session(cookie: dict[str, Any]) -> None:
    sessions = await live_sessions()
    sessions.pop(sid_key(str(cookie.get("sid", ""))), None)
    await crm().save_setting("owner_sessions", json.dumps(sessions))


async def set_cookie(response: Response, content: dict[str, Any]) -> None:
    # Secure whenever the browser is on https (directly, or through the tunnel, which ends
    # TLS and says so); not on the LAN over http://, where a browser would drop it.
    secure = request.scheme == "https" or request.headers.get("X-Forwarded-Proto") == "https"
    response.set_cookie(COOKIE, (await serializer()).dumps(content), path=owner_path(),
                        httponly=True, secure=secure, samesite="Strict",
                        max_age=SESSION_HOURS * 3600)


def typed(text: str, limit: int = 2000) -> str:
    """What a person could have typed: no NULs or other control characters (a search box, an
    address), at most `limit` characters."""
    return "".join(c for c in text[:limit] if c.isprintable())


def client_address() -> str:
    """Who is knocking: the connection's address, or the visitor's as named by a proxy of the
    owner's (TRUSTED_PROXIES: the tunnel's daemon on this machine by default)."""
    return desk().config.visitor_address(
        request.remote_addr, request.headers.get("X-Forwarded-For", ""))[:64]


def login_keys(address: str) -> tuple[str, str, datetime]:
    """The CRM's counters of tries at the password this quarter hour, from this address and
    from everyone, and when the quarter hour ends."""
    moment = bot.utcnow()
    start = moment.replace(minute=moment.minute - moment.minute % 15, second=0, microsecond=0)
    who = hashlib.sha256(address.encode()).hexdigest()[:16]  # no address kept in the CRM
    return f"login:{who}:{bot.iso(start)}", f"login:*:{bot.iso(start)}", start + LOGIN_WINDOW


def seconds_until(end: datetime) -> int:
    return max(1, int((end - bot.utcnow()).total_seconds()))


async def login_wait(address: str) -> int:
    """The seconds to wait before this try is checked (0: check it now): past 20 wrong
    passwords from everyone together, or 5 tries from this address, this quarter hour.
    Counted in the CRM: every worker and machine shares the count, and a restart forgets
    nothing. This address's try is counted here, before the password is checked, so that
    tries sent at once cannot all be checked; everyone's count only gets wrong passwords."""
    here, everyone, end = login_keys(address)
    if await crm().counted(everyone) >= LOGIN_TRIES_IN_ALL:
        return seconds_until(end)
    if await crm().count(here, end) > LOGIN_TRIES_PER_ADDRESS:
        return seconds_until(end)
    return 0


async def count_wrong_password(address: str) -> None:
    """A checked, wrong password: it counts towards everyone's cap (at most 5 from one
    address, since a sixth try from it is never checked), so one address cannot lock the
    owner out on its own."""
    _, everyone, end = login_keys(address)
    await crm().count(everyone, end)


@owner.before_request
async def guard() -> Response | None:
    """Off without a password; every page needs a session except the login form, the
    stylesheet and the calendar feed (which has its own token)."""
    if not desk().config.owner_password:
        return Response("The owner's dashboard is off: set OWNER_PASSWORD (or run "
                        "`python bot.py set-password`) and restart the bot.\n",
                        status=404, content_type="text/plain; charset=utf-8")
    cookie = await read_cookie()
    request.owner_cookie = cookie  # type: ignore[attr-defined]
    if request.endpoint in ("owner.login", "owner.static", "owner.calendar_feed"):
        return None
    if not await logged_in(cookie):
        if request.method != "GET":
            return Response("Your session has ended: log in again.\n", status=403,
                            content_type="text/plain; charset=utf-8")
        return go(url_for("owner.login", next=here()))
    if request.method == "POST":
        given = (await request.form).get("csrf", "")
        if not hmac.compare_digest(str(cookie.get("csrf", "")), given):
            log.warning("owner form refused: bad CSRF token (%s)", request.path)
            return Response("This form has expired: go back, reload the page and try again.\n",
                            status=403, content_type="text/plain; charset=utf-8")
    return None


def served_over_https() -> bool:
    """Whether the browser reaches the dashboard over https: PUBLIC_BASE_URL is https, the
    request came in over TLS, or a proxy of the owner's says so (X-Forwarded-Proto, its last
    value: ngrok appends its own to what the visitor sent)."""
    config = desk().config
    forwarded = request.headers.get("X-Forwarded-Proto", "").split(",")[-1].strip()
    return ((config.public_base_url or "").startswith("https://") or request.scheme == "https"
            or (forwarded == "https" and config.trusts_proxy(request.remote_addr)))


@owner.after_request
async def security_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if served_over_https():
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response


@owner.errorhandler(Exception)
async def owner_error(error: Exception) -> Response:
    """A failure on a page: a plain error page (never the webhooks' TwiML)."""
    from werkzeug.exceptions import HTTPException

    if isinstance(error, HTTPException):
        if error.response is not None:  # abort(Response(...)): the page's own answer
            return error.response  # type: ignore[return-value]
        return Response(f"{error.code} {error.name}\n", status=error.code or 500,
                        content_type="text/plain; charset=utf-8")
    log.error("owner page %s failed", request.path, exc_info=error)
    return Response("Something went wrong on this page; the log has the details.\n",
                    status=500, content_type="text/plain; charset=utf-8")


@owner.app_template_filter("local")
def local_time(stamp: str | None, fmt: str = "%a %d %b, %H:%M") -> str:
    """A stored UTC timestamp in the business's time zone."""
    if not stamp:
        return ""
    return datetime.fromisoformat(stamp).astimezone(zone()).strftime(fmt)


@owner.app_template_filter("duration")
def duration(seconds: int | None) -> str:
    if seconds is None:
        return "–"
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes} min {rest} s" if minutes else f"{rest} s"


@owner.app_template_filter("direction")
def direction(twilio_direction: str | None) -> str:
    """A call's direction in plain words (Twilio's are inbound, outbound-api, outbound-dial)."""
    return "outgoing" if (twilio_direction or "").startswith("outbound") else "incoming"


@owner.app_template_filter("receptionist")
def receptionist(call: bot.Row) -> str:
    """Who answered a call, as stored for it ("Claude, then the offline receptionist"): a call
    nobody answered, or one from before this was kept, says so."""
    words = bot.who_answered(call.get("receptionist"))
    if words:
        return words
    return "nobody: the caller said nothing" if not call.get("turn_count") else \
        "not recorded (a call from before this was kept)"


# How a text we sent went, by its outbox status: the class its place in a thread gets.
TEXT_STATE_CLASSES = {"queued": "queued", "offline": "queued", "sending": "queued",
                      "failed": "undelivered", "expired": "undelivered",
                      "undelivered": "undelivered"}


@owner.app_template_global("text_state")
def text_state(text: bot.Row) -> tuple[str, str]:
    """How a text we sent went (its outbox row's status, error and next try, as sms_thread
    gives them): a class ('' when it went, 'queued', 'undelivered') and the owner's words."""
    status, error, later = text["status"], text["error"], local_time(text["next_attempt_at"])
    if status == "offline":
        words = "Queued, not sent yet: Twilio is not set up" + (
            f", and not before {later}" if later else "")
    elif status == "queued":
        words = f"Queued, next try {later}; the last try failed: {bot.text_error_words(error)}" \
            if error else f"Queued, to be sent {later}"
    elif status == "sending":
        words = "Queued, being sent now"
    elif status in ("failed", "expired", "undelivered"):
        words = f"Not delivered: {bot.text_error_words(error)}"
    elif status == "simulated":
        words = "Kept by the phone simulator, never sent"
    else:
        words = (status or "sent").capitalize()  # sent, delivered
    return TEXT_STATE_CLASSES.get(status, ""), words


async def page(template: str, **context: Any) -> str:
    """Render a page with what every page needs: the CSRF token, the business, the menu."""
    cookie = request.owner_cookie  # type: ignore[attr-defined]
    return await render_template(
        f"owner/{template}", csrf=cookie.get("csrf", ""), business=desk().profile.name,
        outcome_names=bot.CALL_OUTCOME_NAMES, **context)


def owner_path() -> str:
    """Where the dashboard lives as the browser sees it: /owner, under PUBLIC_BASE_URL's
    path when it has one (a reverse proxy's prefix: /shop/owner)."""
    return request.root_path + "/owner"


def here() -> str:
    """This page's address as the browser sees it (prefix, path and query)."""
    return request.root_path + request.full_path.rstrip("?")


def ours(target: str) -> bool:
    """Whether a page address from a form or a link is one of the dashboard's own (never a
    redirect to another site)."""
    return target.startswith(owner_path()) and not target.startswith("//")


def go(location: str) -> Response:
    """See another page (after a form, 303: the browser fetches it with GET)."""
    return Response("", status=303, headers={"Location": location})


def sms_text(body: str) -> str:
    """The start of every text the owner's actions send a customer."""
    return f"{desk().profile.name}: {body}"


# -- Login and logout --


@owner.route("/login", methods=["GET", "POST"])
async def login() -> Response | str:
    cookie = dict(request.owner_cookie)  # type: ignore[attr-defined]
    target = request.args.get("next", "")
    if not ours(target) or typed(target) != target:
        target = url_for("owner.today")
    error, status = "", 200
    if request.method == "POST":
        form = await request.form
        address = client_address()
        if not hmac.compare_digest(str(cookie.get("csrf", "")), form.get("csrf", "")):
            error, status = "This form had expired. Please try again.", 403
        elif wait := await login_wait(address):
            error, status = f"Too many tries. Wait {wait} seconds, then try again.", 429
            log.warning("owner login refused from %s: too many tries", address)
        elif await bot.check_password(desk().config.owner_password or "",
                                      form.get("password", "")):
            fresh = {"csrf": secrets.token_urlsafe(32), "sid": await start_session()}
            response = go(target)
            await set_cookie(response, fresh)
            log.info("owner logged in from %s", address)
            return response
        else:
            await count_wrong_password(address)
            log.warning("owner login failed from %s", address)
            error, status = "That password is not right.", 401
    if not cookie.get("csrf"):
        cookie = {"csrf": secrets.token_urlsafe(32)}
    html = await render_template("owner/login.html", csrf=cookie["csrf"], error=error,
                                 target=target, business=desk().profile.name)
    response = Response(html, status=status, content_type="text/html; charset=utf-8")
    await set_cookie(response, cookie)
    return response


@owner.route("/logout", methods=["POST"])
async def logout() -> Response:
    await end_session(request.owner_cookie)  # type: ignore[attr-defined]
    response = go(url_for("owner.login"))
    response.delete_cookie(COOKIE, path=owner_path())
    return response


# -- Today --


@owner.route("/")
async def today() -> str:
    day = local_today()
    start = day_start(day)
    calls = await crm().find_calls(start, start + timedelta(days=1))
    counts = {name: sum(1 for c in calls if c["outcome"] == name) for name in bot.CALL_OUTCOMES}
    follow = await crm().follow_ups(open_only=True)
    bookings = await crm().appointments_between(start, start + timedelta(days=2))
    owner_mobile = desk().profile.owner_mobile
    sent = await crm().outbox_between(start, start + timedelta(days=1))
    alerts = [row for row in sent if owner_mobile and row["to_number"] == owner_mobile]
    # Missed-call texts, confirmations and reminders: the customers' texts (calls are "call").
    texts = [row for row in sent if row not in alerts and row["kind"] == "sms"]
    return await page(
        "today.html", day=day, calls=calls, counts=counts, follow_ups=follow,
        today_bookings=[b for b in bookings if b["starts_at"] < bot.iso(start + timedelta(1))],
        tomorrow_bookings=[b for b in bookings
                           if b["starts_at"] >= bot.iso(start + timedelta(1))],
        alerts_sent=sum(1 for a in alerts if a["status"] in ("sent", "delivered")),
        alerts_failed=[a for a in alerts if a["status"] in ("failed", "expired", "undelivered")],
        alerts_kept=sum(1 for a in alerts if a["status"] in ("offline", "queued", "sending")),
        texts_sent=sum(1 for t in texts if t["status"] in ("sent", "delivered")),
        texts_failed=[t for t in texts if t["status"] in ("failed", "expired", "undelivered")],
        texts_kept=sum(1 for t in texts if t["status"] in ("offline", "queued", "sending")),
        screened=sum(1 for c in calls if c.get("screening") == "asked"),
        calendar=await crm().owner_calendar() if desk().reads_owner_calendar else None,
        month_cost=await month_cost(day))


async def month_cost(day: date) -> str:
    """What the month has cost so far, at the prices in the settings (TWILIO_PRICES,
    CLAUDE_PRICES)."""
    start, end = day_start(day.replace(day=1)), day_start(day) + timedelta(days=1)
    return bot.month_so_far(desk().config, await crm().find_calls(start, end, limit=10**6),
                            await crm().outbox_between(start, end),
                            await crm().usage_between(start, end),
                            await crm().texts_billed_between(start, end))


# -- Calls --


def parse_day(text: str | None) -> date | None:
    """A day from a filter (None if there is none, or it is not a date); one outside
    FIRST_DAY..LAST_DAY is a bad request, answered with the days that can be given."""
    try:
        day = date.fromisoformat(text) if text else None
    except ValueError:
        return None
    if day is not None and not FIRST_DAY <= day <= LAST_DAY:
        abort(Response(f"Give a day between {FIRST_DAY} and {LAST_DAY} (YYYY-MM-DD).\n",
                       status=400, content_type="text/plain; charset=utf-8"))
    return day


def int_or_none(text: str | None) -> int | None:
    """A row id given in a query: digits 0-9 (str.isdigit takes "²" too, which int() refuses),
    few enough for the CRM's 64-bit integers; anything else is None."""
    return int(text) if text and text.isascii() and text.isdigit() and len(text) <= 18 \
        else None


@owner.route("/calls")
async def calls() -> str:
    args = request.args
    since, until = parse_day(args.get("from")), parse_day(args.get("to"))
    outcome = args.get("outcome", "")
    outcome = outcome if outcome in bot.CALL_OUTCOME_NAMES else ""
    words = typed(args.get("q", ""), 200)
    customer_id = int_or_none(args.get("customer"))
    rows = await crm().find_calls(
        day_start(since) if since else None,
        day_start(until) + timedelta(days=1) if until else None,
        outcome=outcome, customer_id=customer_id, words=words, limit=200)
    customer = await crm().customer(customer_id) if customer_id else None
    return await page("calls.html", calls=rows, since=since, until=until, outcome=outcome,
                      words=words, customer=customer)


@owner.route("/calls/<sid>")
async def call(sid: str) -> str:
    row = await crm().call(sid)
    if row is None:
        abort(404)
    customer = await crm().customer(row["customer_id"]) if row["customer_id"] else None
    activity = await crm().call_activity(sid)
    found = await crm().find_calls(customer_id=row["customer_id"], limit=1000) \
        if row["customer_id"] else []
    outcome = next((c["outcome"] for c in found if c["sid"] == sid), "")
    voicemails = [voicemail_parts(n) for n in activity["notes"] if n["kind"] == "voicemail"]
    usage = await crm().usage_of_call(sid)
    return await page(
        "call.html", call=row, customer=customer, turns=await crm().turns(sid),
        notes=[n for n in activity["notes"] if n["kind"] != "voicemail"], voicemails=voicemails,
        booked=activity["booked"], cancelled=activity["cancelled"], outcome=outcome,
        cost=bot.cost_of_call(desk().config, row, usage).described())


def voicemail_parts(note: bot.Row) -> dict[str, Any]:
    """A voicemail note ('Voicemail, 12 seconds: RE… Transcript: ...') taken apart: its
    recording is played through the bot (an older note's Twilio URL is never shown)."""
    body: str = note["body"]
    head, _, rest = body.partition(": ")
    named, _, transcript = rest.partition(" Transcript: ")
    recording = bot.recording_sid_in(named)
    return {**note, "heading": head, "transcript": transcript.strip(),
            "url": url_for("owner.recording", recording_sid=recording) if recording else ""}


@owner.route("/recordings/<recording_sid>.mp3")
async def recording(recording_sid: str) -> Response:
    """A recording (a voicemail, or a call's with RECORD_CALLS), fetched from Twilio with the
    account's credentials and passed on as it arrives, for the pages' <audio> players. A
    player seeking asks for a part (a Range header): it gets that part (206), so a long
    call can be scrubbed through without fetching it all."""
    if bot.recording_sid_in(recording_sid) != recording_sid:
        abort(404)
    try:
        audio = await desk().recording(recording_sid, request.headers.get("Range"))
    except bot.RecordingUnavailable as unavailable:
        log.warning("recording %s not played: %s", recording_sid, unavailable)
        return Response(f"{unavailable}\n", status=unavailable.status,
                        content_type="text/plain; charset=utf-8")
    response = Response(audio.chunks, status=audio.status, content_type="audio/mpeg",
                        headers={"Cache-Control": "private, max-age=3600",
                                 "Accept-Ranges": "bytes", **audio.headers})
    if "Content-Length" in audio.headers:
        response.content_length = int(audio.headers["Content-Length"])
    return response


# -- The browser's notifications: alerts while a dashboard page is open --

_CALL_PAGE = re.compile(r"/owner/calls/(CA[0-9a-f]{32})$")


@owner.route("/alerts.json")
async def alerts() -> Response:
    """The owner's alerts since `after` (an outbox row id) for the pages' notifications
    (owner.js polls this while a page is open and the owner turned them on in Settings):
    `{"latest": id, "alerts": [{"id", "title", "body", "url"}]}`. Without `after`, no alerts:
    what came before is not news."""
    after = int_or_none(request.args.get("after"))
    latest, pushes = await desk().alerts_after(after)
    shown = []
    for outbox_id, push in pushes:
        call = _CALL_PAGE.search(push.click or "")
        shown.append({"id": outbox_id, "title": push.title, "body": push.message,
                      "url": url_for("owner.call", sid=call.group(1)) if call
                      else url_for("owner.today")})
    return Response(json.dumps({"latest": latest, "alerts": shown}),
                    content_type="application/json")


# -- Customers --


@owner.route("/customers")
async def customers() -> str:
    words = typed(request.args.get("q", ""), 100)
    # A number typed as the owner dials it ('(415) 555-0123') is stored in E.164.
    running = desk()
    number = bot.typed_number(words, bot.home_country(running.config.country, running.profile))
    return await page("customers.html", customers=await crm().find_customers(number or words),
                      words=words, message=request.args.get("forgotten", ""))


async def customer_or_404(customer_id: int) -> bot.Row:
    row = await crm().customer(customer_id)
    if row is None:
        abort(404)
    return row


@owner.route("/customers/<int:customer_id>")
async def customer(customer_id: int) -> str:
    row = await customer_or_404(customer_id)
    far = timedelta(days=3650)
    return await page(
        "customer.html", customer=row,
        calls=await crm().find_calls(customer_id=customer_id, limit=100),
        texts=await crm().sms_thread(customer_id, limit=200),
        notes=[voicemail_parts(n) if n["kind"] == "voicemail" else n
               for n in await crm().recent_notes(customer_id, limit=100)],
        appointments=await crm().appointments_between(
            now() - far, now() + far, customer_id=customer_id, include_cancelled=True),
        message=request.args.get("done", ""))


def back_to_customer(customer_id: int, done: str) -> Response:
    return go(url_for("owner.customer", customer_id=customer_id, done=done))


@owner.route("/customers/<int:customer_id>/name", methods=["POST"])
async def rename(customer_id: int) -> Response:
    await customer_or_404(customer_id)
    name = " ".join((await request.form).get("name", "").split())[:80]
    await crm().update_customer(customer_id, name=name or None)
    return back_to_customer(customer_id, "Name saved.")


@owner.route("/customers/<int:customer_id>/note", methods=["POST"])
async def add_note(customer_id: int) -> Response:
    await customer_or_404(customer_id)
    body = (await request.form).get("note", "").strip()[:2000]
    if body:
        await crm().add_note(customer_id, "owner", body)
    return back_to_customer(customer_id, "Note added." if body else "The note was empty.")


@owner.route("/customers/<int:customer_id>/flags", methods=["POST"])
async def flags(customer_id: int) -> Response:
    await customer_or_404(customer_id)
    form = await request.form
    blocked, vip = int(form.get("blocked") == "1"), int(form.get("vip") == "1")
    await crm().update_customer(customer_id, blocked=blocked, vip=vip)
    said = ["Blocked: the bot will decline their calls and texts." if blocked else "Not blocked.",
            "VIP: put straight through in opening hours." if vip else "Not a VIP."]
    return back_to_customer(customer_id, " ".join(said))


@owner.route("/customers/<int:customer_id>/forget", methods=["GET", "POST"])
async def forget(customer_id: int) -> Response | str:
    row = await customer_or_404(customer_id)
    if request.method == "POST":
        if (await request.form).get("confirm") != "forget":
            return back_to_customer(customer_id, "Nothing was deleted.")
        counts = await crm().forget(row["phone"], customer_id)
        log.info("owner forgot %s", bot.mask_phone(row["phone"]) if row["phone"] else
                 f"customer {customer_id} (a withheld number)")
        held = ", ".join(f"{n} {kind}" for kind, n in counts.items() if n)
        return go(url_for("owner.customers", forgotten=f"Deleted {held}."))
    return await page("forget.html", customer=row)


# -- Appointments --


@owner.route("/appointments")
async def appointments() -> str:
    asked = parse_day(request.args.get("day"))
    day = asked or local_today()
    view = request.args.get("view", "")
    if view not in ("day", "week"):
        # With no day asked for, the page opens on what is coming up, not an empty today.
        view = "day" if asked else "coming"
    first = day - timedelta(days=day.weekday()) if view == "week" else day
    days = {"week": 7, "day": 1, "coming": COMING_UP_DAYS}[view]
    since = now() if view == "coming" else day_start(first)
    rows = await crm().appointments_between(since, day_start(first + timedelta(days=days)))
    by_day: dict[date, list[bot.Row]] = {} if view == "coming" else {
        first + timedelta(days=n): [] for n in range(days)}
    for row in rows:
        by_day.setdefault(datetime.fromisoformat(row["starts_at"]).astimezone(zone()).date(),
                          []).append(row)
    step = timedelta(days=days)
    return await page("appointments.html", by_day=by_day, view=view, day=day,
                      coming_up_days=COMING_UP_DAYS,
                      previous=first - step, following=first + step,
                      hours=bot.describe_hours(desk().profile))


async def appointment_or_404(appointment_id: int) -> bot.Row:
    row = await crm().appointment(appointment_id)
    if row is None:
        abort(404)
    return row


@owner.route("/appointments/<int:appointment_id>")
async def appointment(appointment_id: int) -> str:
    row = await appointment_or_404(appointment_id)
    starts = datetime.fromisoformat(row["starts_at"]).astimezone(zone())
    return await page("appointment.html", appointment=row, error=request.args.get("error", ""),
                      message=request.args.get("done", ""), day=starts.date().isoformat(),
                      clock=starts.strftime("%H:%M"))


async def tell_customer(row: bot.Row, body: str) -> str:
    """Text the customer about their booking; what the owner is told about that text."""
    customer_row = await crm().customer(row["customer_id"]) if row["customer_id"] else None
    if not customer_row or not customer_row.get("phone"):
        return "They have no number to text."
    if customer_row.get("opted_out"):
        return "They opted out of texts, so they were not told."
    sent = await desk().text_customer(customer_row["phone"], sms_text(body),
                                           customer_row["id"])
    return {"sent": "They were texted.", "delivered": "They were texted.",
            "offline": "The text to them waits in the outbox.",
            "simulated": "The phone simulator keeps the text to them; it is never sent.",
            "queued": "The text to them will be tried again shortly."}.get(
        sent["status"], "The text to them could not be sent.")


@owner.route("/appointments/<int:appointment_id>/cancel", methods=["POST"])
async def cancel(appointment_id: int) -> Response:
    row = await appointment_or_404(appointment_id)
    cancelled = await crm().cancel_appointment(row["customer_id"], appointment_id)
    if cancelled is None:
        return go(url_for("owner.appointment", appointment_id=appointment_id,
                                error="That appointment was not booked any more."))
    spoken = desk().spoken_appointment(cancelled)
    told = await tell_customer(cancelled, f"sorry, your {spoken} is cancelled. Reply or call "
                                          "us to book another time.")
    return go(url_for("owner.appointment", appointment_id=appointment_id,
                            done=f"Cancelled. {told}"))


@owner.route("/appointments/<int:appointment_id>/move", methods=["POST"])
async def move(appointment_id: int) -> Response:
    row = await appointment_or_404(appointment_id)
    form = await request.form

    def back(**message: str) -> Response:
        return go(url_for("owner.appointment", appointment_id=appointment_id) + "?"
                  + urlencode(message))

    if row["status"] != "booked":
        return back(error="Only a booked appointment can be moved.")
    try:
        start = datetime.combine(date.fromisoformat(form.get("day", "")),
                                 time.fromisoformat(form.get("time", "")), zone())
    except ValueError:
        return back(error="Give the new day and time (YYYY-MM-DD and HH:MM).")
    if not FIRST_DAY <= start.date() <= LAST_DAY:
        return back(error=f"Give a day between {FIRST_DAY} and {LAST_DAY}.")
    owner_desk = desk()
    length = datetime.fromisoformat(row["ends_at"]) - datetime.fromisoformat(row["starts_at"])
    before = owner_desk.spoken_appointment(row)
    try:
        end = await owner_desk.check_slot(start, row["service"] or "", length)
        moved = await crm().move_appointment(appointment_id, start, end)
    except bot.SkillError as error:
        return back(error=str(error))
    except bot.SlotTaken:
        return back(error="That time is taken by another booking.")
    if moved is None:
        return back(error="Only a booked appointment can be moved.")
    after = owner_desk.spoken_appointment(moved)
    told = await tell_customer(moved, f"your {before} has moved to {after}. Reply if that "
                                      "time doesn't suit you.")
    return back(done=f"Moved to {after}. {told}")


# -- Follow-ups --


@owner.route("/follow-ups")
async def follow_ups() -> str:
    show_all = request.args.get("all") == "1"
    rows = await crm().follow_ups(open_only=not show_all)
    approved = await crm().approved_answers()
    answered = {r["note_id"] for r in approved}
    return await page("follow_ups.html", follow_ups=[
        voicemail_parts(r) if r["kind"] == "voicemail" else {**r, "answered": r["id"] in answered}
        for r in rows], show_all=show_all, approved=approved)


@owner.route("/follow-ups/<int:note_id>", methods=["POST"])
async def tick(note_id: int) -> Response:
    done = (await request.form).get("done", "1") == "1"
    if await crm().close_follow_up(note_id, done) is None:
        abort(404)
    back = (await request.form).get("back", "")
    return go(back if ours(back) else url_for("owner.follow_ups"))


@owner.route("/follow-ups/<int:note_id>/answer", methods=["POST"])
async def approve_answer(note_id: int) -> Response:
    """The owner's answer to a question a caller asked: from now on every caller who asks
    hears it (an approved FAQ entry in the CRM; business.toml stays as the owner wrote it)."""
    form = await request.form
    answer = " ".join(form.get("answer", "").split())
    if not answer or len(answer) > MAX_APPROVED_ANSWER:
        return Response(f"Write the answer (at most {MAX_APPROVED_ANSWER} characters).\n",
                        status=400, content_type="text/plain; charset=utf-8")
    approved = await crm().approve_answer(note_id, answer)
    if approved is None:
        abort(404)
    if not approved["answered_now"]:
        return Response("That question is already answered: callers hear the first answer.\n",
                        status=409, content_type="text/plain; charset=utf-8")
    await desk().learn_approved_answers()  # this worker's callers, at once
    back = form.get("back", "")
    return go(back if ours(back) else url_for("owner.follow_ups"))


# -- Charts --


@owner.route("/charts")
async def charts() -> str:
    day = local_today()
    start = day_start(day - timedelta(days=29))
    end = day_start(day + timedelta(days=1))
    calls_rows = await crm().find_calls(start, end, limit=100_000)
    usage = await crm().usage_between(start, end)
    return await page("charts.html", **charts_for(
        calls_rows, usage, day, zone(), desk().config.claude_prices))


# -- Exports --


@owner.route("/exports")
async def exports() -> str:
    token = await crm().setting("owner_calendar_token")
    feed = ""
    if token:
        # webhook_url adds PUBLIC_BASE_URL, prefix included: the path without it.
        feed = desk().config.webhook_url(
            url_for("owner.calendar_feed", token=token).removeprefix(request.root_path))
    return await page("exports.html", feed=feed)


@owner.route("/exports/calendar", methods=["POST"])
async def calendar_token() -> Response:
    if (await request.form).get("action") == "revoke":
        await crm().save_setting("owner_calendar_token", None)
    else:
        await crm().save_setting("owner_calendar_token", secrets.token_urlsafe(32))
    return go(url_for("owner.exports"))


# A number or a phone number (+14155550123, -3.50): the only cells starting with + or - that
# are data rather than a formula.
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")


def spreadsheet_cell(value: Any) -> Any:
    """A CSV cell as a spreadsheet will read it: one it would run as a formula (it starts with
    =, +, -, @, a tab or a carriage return, as OWASP lists them, whatever follows: =1+1 runs
    as surely as =HYPERLINK) is written as text, with a leading quote."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r") \
            and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_response(name: str, header: list[str], rows: list[list[Any]]) -> Response:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([spreadsheet_cell(value) for value in row])
    return Response(out.getvalue(), content_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="{name}"'})


@owner.route("/exports/calls.csv")
async def calls_csv() -> Response:
    rows = await crm().find_calls(limit=1_000_000)
    return csv_response("calls.csv", [
        "sid", "started_at", "direction", "status", "outcome", "duration", "name", "phone",
        "messages", "booked", "transfer_status", "summary"], [[
            r["sid"], r["started_at"], r["direction"], r["status"], r["outcome"], r["duration"],
            r["name"], r["phone"], r["messages"], r["booked"], r["transfer_status"],
            r["summary"]] for r in rows])


@owner.route("/exports/customers.csv")
async def customers_csv() -> Response:
    rows = await crm().find_customers(limit=1_000_000)
    return csv_response("customers.csv", [
        "id", "name", "phone", "email", "calls", "last_contact", "blocked", "vip", "opted_out"],
        [[r["id"], r["name"], r["phone"], r["email"], r["calls"], r["last_contact"],
          r["blocked"], r["vip"], r["opted_out"]] for r in rows])


@owner.route("/exports/appointments.csv")
async def appointments_csv() -> Response:
    far = timedelta(days=3650)
    rows = await crm().appointments_between(now() - far, now() + far, include_cancelled=True)
    return csv_response("appointments.csv", [
        "id", "service", "starts_at", "ends_at", "status", "name", "phone"],
        [[r["id"], r["service"], r["starts_at"], r["ends_at"], r["status"], r["name"],
          r["phone"]] for r in rows])


def ical_text(value: str) -> str:
    """A text value as iCalendar (RFC 5545) escapes it."""
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def ical_time(stamp: str) -> str:
    return datetime.fromisoformat(stamp).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


@owner.route("/calendar/<token>.ics")
async def calendar_feed(token: str) -> Response:
    """The appointments as an iCalendar feed, for Google or Apple Calendar to subscribe to."""
    expected = await crm().setting("owner_calendar_token")
    if not expected or not hmac.compare_digest(expected.encode(), token.encode()):
        return Response("Not found\n", status=404, content_type="text/plain")
    profile = desk().profile
    rows = await crm().appointments_between(now() - timedelta(days=90),
                                            now() + timedelta(days=400))
    host = "receptionist"
    stamp = ical_time(bot.iso(now()))
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:-//{ical_text(profile.name)}//bot.py//EN",
             "CALSCALE:GREGORIAN", f"X-WR-CALNAME:{ical_text(profile.name)} bookings"]
    for row in rows:
        who = row["name"] or row["phone"] or "a caller"
        lines += ["BEGIN:VEVENT", f"UID:appointment-{row['id']}@{host}", f"DTSTAMP:{stamp}",
                  f"DTSTART:{ical_time(row['starts_at'])}", f"DTEND:{ical_time(row['ends_at'])}",
                  f"SUMMARY:{ical_text((row['service'] or 'Appointment') + ': ' + who)}",
                  "END:VEVENT"]
    lines.append("END:VCALENDAR")
    folded = []
    for line in lines:  # RFC 5545: lines of at most 75 octets, continued with a space
        while len(line.encode()) > 75:
            cut = 74
            while len(line[:cut].encode()) > 74:
                cut -= 1
            folded.append(line[:cut])
            line = " " + line[cut:]
        folded.append(line)
    return Response("\r\n".join(folded) + "\r\n", content_type="text/calendar; charset=utf-8")


# -- Settings --


async def failed_texts(moment: datetime) -> list[str]:
    """Texts of the last 7 days that did not and will not arrive (alerts among them): while
    there are any, Settings must not say there is nothing to worry about."""
    rows = [row for row in await crm().outbox_between(moment - timedelta(days=7),
                                                      moment + timedelta(minutes=1))
            if row["kind"] == "sms" and row["status"] in ("failed", "expired")]
    if not rows:
        return []
    errors = [row["error"] for row in rows if row["error"]]
    last = f" (last error {errors[-1]})" if errors else ""
    return [f"{len(rows)} text{'' if len(rows) == 1 else 's'} of the last 7 days NOT "
            f"delivered{last}: python bot.py check shows the outbox"]


@owner.route("/settings")
async def settings() -> str:
    bot_now = desk()
    config = bot_now.config
    return await page(
        "settings.html", profile=bot_now.profile, config=config, mode=bot_now.mode,
        relay=config.voice_mode == "relay",
        hours=bot.describe_hours(bot_now.profile),
        webhooks=[(field, config.webhook_url(path)) for field, path in bot.CONSOLE_URLS]
        if config.public_base_url and not bot.is_loopback_url(config.public_base_url) else [],
        findings=[*config.warnings, *bot.undelivered_alerts(config, bot_now.profile),
                  *await bot.sender_problems(bot_now.crm, bot.utcnow()),
                  *await failed_texts(bot.utcnow())],
        signatures=config.validate_twilio_requests,
        sends=config.sends_through_twilio, dashboard_url=config.webhook_url("/owner"),
        query=urlencode)
