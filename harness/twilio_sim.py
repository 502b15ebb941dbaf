"""Playing Twilio's side of the wire: webhook parameters, signatures, and the bot's process.

Everything here is plain asyncio/aiohttp and the standard library, so the Textual app, the scenario
runner, the load driver and the tests all post exactly the same requests:

- ``call_params`` / ``sms_params`` build the form fields Twilio sends (REFERENCE.md);
- ``WebhookClient`` posts them with a valid ``X-Twilio-Signature`` computed by the twilio library
  over the public URL, and records each exchange with its latency;
- ``BotProcess`` runs ``bot.py`` as a child on a free loopback port and waits for ``/health``.
"""

from __future__ import annotations

import asyncio
import email.utils
import ipaddress
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import deque
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit, urlunsplit

import aiohttp
from dotenv import dotenv_values
from twilio.request_validator import RequestValidator

API_VERSION = "2010-04-01"
DEFAULT_BUSINESS_NUMBER = "+15005550006"
DEFAULT_CALLER_NUMBER = "+14155550123"
# SHAKEN/STIR: the caller's carrier vouches that they own the number (Twilio's StirVerstat).
# A real customer calling from their own phone on a US carrier usually arrives so; "B", "C",
# failed or no verdict at all (None) is what a spoofed or foreign caller ID gets.
ATTESTED = "TN-Validation-Passed-A"
ATTESTATIONS = {"A": ATTESTED, "B": "TN-Validation-Passed-B", "C": "TN-Validation-Passed-C",
                "failed": "TN-Validation-Failed", "none": None}
# Twilio gives up on a webhook after 15 s in all, connecting included (REFERENCE.md).
TWILIO_TIMEOUT = 15.0
# Twilio tries a webhook once more when its connection fails (`#rc=`, default 1), within the
# same 15 s: a keep-alive connection the server closes as a request arrives loses only the try.
TWILIO_CONNECTION_RETRIES = 1
REPO_ROOT = Path(__file__).resolve().parent.parent
BOT_PATH = REPO_ROOT / "bot.py"


# ---------------------------------------------------------------- Identifiers and numbers


def new_sid(prefix: str) -> str:
    """A Twilio resource SID: two capital letters and 32 lowercase hex digits."""
    return prefix + secrets.token_hex(16)


def mask_phone(number: str) -> str:
    """A phone number fit for logs: everything but the last four digits hidden."""
    return "•••" + number[-4:] if len(number) > 4 else "•••"


_PHONE_IN_TEXT = re.compile(r"\+\d{7,15}\b")


def mask_phones_in(text: str) -> str:
    """Every E.164 number in a text masked, for output that may end up in a log (CI)."""
    return _PHONE_IN_TEXT.sub(lambda match: mask_phone(match.group()), text)


def is_phone_number(text: str) -> bool:
    """Whether a text is an E.164 phone number (+14155550123)."""
    return bool(re.fullmatch(r"\+[1-9]\d{6,14}", text))


def dialled_number(text: str, business_number: str) -> str | None:
    """A number as a person types it in the dialer ('(312) 555-0188', '+44 20 7946 0958') in
    E.164, as Twilio sends every caller's number, read in the business number's country when
    it has no country code; None when it is not a number a phone could call from."""
    import phonenumbers

    try:
        region = phonenumbers.region_code_for_number(phonenumbers.parse(business_number)) \
            or "US"
        number = phonenumbers.parse(text.strip(), region)
    except phonenumbers.NumberParseException:
        return None
    # As bot.py reads a typed number: seven digits without an area code are not enough.
    if phonenumbers.is_possible_number_with_reason(number) != \
            phonenumbers.ValidationResult.IS_POSSIBLE:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


# Twilio fills the geographic fields from its own number database; a handful of area codes is
# enough for realistic requests. Unknown numbers get empty strings, as Twilio sends them.
_AREA_CODES: dict[str, tuple[str, str, str]] = {
    "206": ("SEATTLE", "WA", "98101"),
    "212": ("NEW YORK", "NY", "10001"),
    "312": ("CHICAGO", "IL", "60601"),
    "415": ("SAN FRANCISCO", "CA", "94108"),
    "512": ("AUSTIN", "TX", "78701"),
    "617": ("BOSTON", "MA", "02108"),
}


def geography(number: str) -> dict[str, str]:
    """City, State, Zip and Country for a number, the way Twilio looks them up."""
    if number.startswith("+1") and len(number) == 12:
        city, state, zip_code = _AREA_CODES.get(number[2:5], ("", "", ""))
        return {"City": city, "State": state, "Zip": zip_code, "Country": "US"}
    return {"City": "", "State": "", "Zip": "", "Country": ""}


def _geo_fields(prefix: str, number: str) -> dict[str, str]:
    return {prefix + key: value for key, value in geography(number).items()}


# ---------------------------------------------------------------- Request parameters


@dataclass
class Account:
    """Who Twilio is acting for: the account and the business's Twilio number."""

    sid: str = field(default_factory=lambda: new_sid("AC"))
    business_number: str = DEFAULT_BUSINESS_NUMBER
    messaging_service_sid: str = field(default_factory=lambda: new_sid("MG"))


def call_params(
    account: Account, call_sid: str, caller: str, status: str, direction: str = "inbound",
    stir_verstat: str | None = None,
) -> dict[str, str]:
    """The fields on every voice request about an inbound call (``StirVerstat`` when the
    caller ID carries a SHAKEN/STIR verdict)."""
    params = {
        "AccountSid": account.sid,
        "ApiVersion": API_VERSION,
        "CallSid": call_sid,
        "CallStatus": status,
        "Direction": direction,
        "From": caller,
        "To": account.business_number,
        "Caller": caller,
        "Called": account.business_number,
    }
    for prefix, number in (
        ("From", caller),
        ("Caller", caller),
        ("To", account.business_number),
        ("Called", account.business_number),
    ):
        params.update(_geo_fields(prefix, number))
    if stir_verstat:
        params["StirVerstat"] = stir_verstat
    return params


def status_callback_params(
    account: Account, call_sid: str, caller: str, status: str, duration: int, sequence: int
) -> dict[str, str]:
    """A call-progress status callback, as Twilio posts it when the call ends."""
    return call_params(account, call_sid, caller, status) | {
        "CallDuration": str(duration),
        "Timestamp": email.utils.format_datetime(datetime.now(UTC)),
        "SequenceNumber": str(sequence),
        "CallbackSource": "call-progress-events",
    }


def sms_segments(body: str) -> int:
    """How many segments Twilio splits a message into (GSM-7: 160/153, otherwise 70/67)."""
    gsm = all(ord(ch) < 128 for ch in body)
    single, multi = (160, 153) if gsm else (70, 67)
    if len(body) <= single:
        return 1
    return -(-len(body) // multi)


def sms_params(account: Account, sender: str, body: str) -> dict[str, str]:
    """An incoming SMS webhook, with the fields Twilio sends (REFERENCE.md)."""
    message_sid = new_sid("SM")
    params = {
        "AccountSid": account.sid,
        "ApiVersion": API_VERSION,
        "MessageSid": message_sid,
        "SmsSid": message_sid,
        "SmsMessageSid": message_sid,
        "MessagingServiceSid": account.messaging_service_sid,
        "SmsStatus": "received",
        "From": sender,
        "To": account.business_number,
        "Body": body,
        "NumMedia": "0",
        "NumSegments": str(sms_segments(body)),
    }
    params.update(_geo_fields("From", sender))
    params.update(_geo_fields("To", account.business_number))
    return params


# ---------------------------------------------------------------- Signing webhook client


@dataclass
class Exchange:
    """One webhook request as Twilio made it, and what the bot answered."""

    method: str
    url: str
    params: dict[str, str]
    status: int | None = None
    content_type: str = ""
    body: str = ""
    latency: float = 0.0
    error: str | None = None

    @property
    def path(self) -> str:
        """The URL's path, which names the webhook (``/voice/process``)."""
        return urlsplit(self.url).path or "/"

    @property
    def ok(self) -> bool:
        """Whether the bot answered at all with a 2xx status."""
        return self.error is None and self.status is not None and 200 <= self.status < 300

    def summary(self) -> str:
        """One line for a status bar: method, path, outcome and latency."""
        outcome = self.error if self.error else f"{self.status} {self.content_type or '-'}"
        return f"{self.method} {self.path} → {outcome} in {self.latency * 1000:.0f} ms"


class WebhookClient:
    """Posts signed webhooks to a bot the way Twilio does."""

    def __init__(
        self, base_url: str, auth_token: str | None, *, timeout: float = TWILIO_TIMEOUT
    ) -> None:
        self.base_url = base_url.rstrip("/") + "/"
        self.auth_token = auth_token
        self.timeout = timeout
        self._session: aiohttp.ClientSession | None = None

    def url_for(self, path_or_url: str, base: str | None = None) -> str:
        """An absolute URL: relative ones resolve against ``base`` (the current TwiML document)."""
        return urljoin(base or self.base_url, path_or_url)

    def signature(self, url: str, params: Mapping[str, str]) -> str | None:
        """The ``X-Twilio-Signature`` Twilio would send, or None without a token."""
        if not self.auth_token:
            return None
        return str(RequestValidator(self.auth_token).compute_signature(url, dict(params)))

    async def request(self, url: str, params: Mapping[str, str], method: str = "POST") -> Exchange:
        """Make one webhook request; failures are recorded on the exchange, never raised."""
        method = method.upper() if method.upper() in ("GET", "POST") else "POST"
        # Twilio never sends a fragment; #rc= and friends only tune its retries.
        url = urlunsplit(urlsplit(url)._replace(fragment=""))
        body_params: dict[str, str] = dict(params)
        if method == "GET":
            # A GET carries the parameters in the query, after any the URL already has, and the
            # signature covers that whole URL with no body parameters.
            joiner = "&" if urlsplit(url).query else "?"
            url = url + joiner + urlencode(body_params)
            body_params = {}
        headers = {
            "User-Agent": "TwilioProxy/1.1",
            "Accept": "*/*",
            "I-Twilio-Idempotency-Token": secrets.token_hex(16),
        }
        signature = self.signature(url, body_params)
        if signature is not None:
            headers["X-Twilio-Signature"] = signature
        exchange = Exchange(method=method, url=url, params=dict(params))
        started = time.perf_counter()
        for retry in range(TWILIO_CONNECTION_RETRIES + 1):
            exchange.status, exchange.content_type, exchange.body = None, "", ""
            exchange.error = None
            # The retry on a connection of its own: the pool may hold more the server closed.
            session = self._ensure_session() if not retry else aiohttp.ClientSession()
            remaining = self.timeout - (time.perf_counter() - started)
            try:
                async with session.request(
                    method, url, data=body_params if method == "POST" else None,
                    headers=headers, timeout=aiohttp.ClientTimeout(total=max(remaining, 0.001)),
                ) as response:
                    exchange.status = response.status
                    exchange.content_type = response.content_type
                    exchange.body = await response.text()
            except TimeoutError:
                exchange.error = f"no answer within {self.timeout:g} s"
            except aiohttp.ClientError as error:
                exchange.error = f"connection failed: {error.__class__.__name__}"
                if isinstance(error, aiohttp.ClientConnectionError):
                    continue  # the same request again (same signature and idempotency token)
            finally:
                if retry:
                    await session.close()
            break
        exchange.latency = time.perf_counter() - started
        return exchange

    async def get_health(self) -> dict[str, object] | None:
        """The bot's ``/health`` JSON, or None when it does not answer 200."""
        try:
            session = self._ensure_session()
            async with session.get(self.url_for("/health")) as response:
                if response.status != 200:
                    return None
                data = await response.json(content_type=None)
                return data if isinstance(data, dict) else None
        except (aiohttp.ClientError, TimeoutError, ValueError):
            return None

    def _ensure_session(self) -> aiohttp.ClientSession:
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self.timeout))
        return self._session

    async def close(self) -> None:
        """Close the HTTP session."""
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def __aenter__(self) -> WebhookClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()


def is_loopback_url(url: str) -> bool:
    """Whether a URL points at this machine (the load driver refuses anything else)."""
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


# ---------------------------------------------------------------- Settings


SIMULATOR_CRM = "harness-crm.sqlite"


@dataclass
class Settings:
    """What the harness needs to reach a bot: where, which token, which numbers, which CRM."""

    base_url: str | None
    auth_token: str | None
    account: Account
    caller_number: str = DEFAULT_CALLER_NUMBER
    crm_path: Path | None = None
    bot_path: Path = BOT_PATH
    child_env: dict[str, str] = field(default_factory=dict)
    token_generated: bool = False
    owner_password: str | None = None  # the dashboard's, when made up for this session
    # The business profile the bot reads (BUSINESS_PROFILE, or business.toml beside bot.py):
    # the simulator shows the CRM's times in its time zone.
    business_profile: Path | None = None
    stir_verstat: str | None = ATTESTED  # the caller ID's SHAKEN/STIR verdict on calls placed

    @property
    def remote(self) -> bool:
        """True when driving a bot that is already running (``--url``)."""
        return self.base_url is not None


def load_settings(
    *,
    url: str | None = None,
    env_file: Path | None = None,
    caller_number: str | None = None,
    crm_path: Path | None = None,
    bot_path: Path = BOT_PATH,
    offline: bool = False,
    environ: Mapping[str, str] | None = None,
    relay: bool = False,
    relay_silence: float | None = None,
) -> Settings:
    """Settings from the user's ``.env`` and environment; real environment variables win."""
    environ = os.environ if environ is None else environ
    env_file = env_file if env_file is not None else bot_path.parent / ".env"
    file_values = {
        key: value
        for key, value in (dotenv_values(env_file) if env_file.is_file() else {}).items()
        if value is not None
    }
    merged = {**file_values, **environ}
    token = merged.get("TWILIO_AUTH_TOKEN") or None
    generated = False
    if token is None and url is None:
        # Without a token the bot would not check signatures; a session token keeps them on.
        token, generated = secrets.token_hex(16), True
    account = Account(
        sid=merged.get("TWILIO_ACCOUNT_SID") or new_sid("AC"),
        business_number=merged.get("TWILIO_PHONE_NUMBER") or DEFAULT_BUSINESS_NUMBER,
    )
    if crm_path is None and url is None:
        # The simulator's own CRM beside bot.py (gitignored), never the business's: fake
        # callers must not end up among the real ones on the dashboard. --crm chooses another.
        crm_path = bot_path.parent / SIMULATOR_CRM
    child_env: dict[str, str] = {}
    if url is None:
        child_env = {
            **file_values,
            **environ,
            "TWILIO_AUTH_TOKEN": token or "",
            # With an account SID the bot would send real SMS through Twilio; empty keeps owner
            # alerts in its outbox table.
            "TWILIO_ACCOUNT_SID": "",
            "CRM_DB": str(crm_path),
            # Its owner alerts are marked simulated: no real bot ever sends them, whichever CRM.
            "SIMULATOR": "1",
        }
        if offline:
            child_env["ANTHROPIC_API_KEY"] = ""
        if relay:
            child_env["VOICE_MODE"] = "relay"
            if relay_silence is not None:
                child_env["RELAY_SILENCE_SECONDS"] = f"{relay_silence:g}"
    owner_password = None
    if url is None and not (merged.get("OWNER_PASSWORD") or merged.get("OWNER_PASSWORD_HASH")):
        # The owner's dashboard (/owner) needs a password: one for this session, shown on screen.
        owner_password = secrets.token_urlsafe(9)
        child_env["OWNER_PASSWORD"] = owner_password
    profile = Path(merged.get("BUSINESS_PROFILE") or "business.toml").expanduser()
    return Settings(
        base_url=url,
        auth_token=token,
        account=account,
        caller_number=caller_number or DEFAULT_CALLER_NUMBER,
        crm_path=crm_path,
        bot_path=bot_path,
        child_env=child_env,
        token_generated=generated,
        owner_password=owner_password,
        business_profile=profile if profile.is_absolute() else bot_path.parent / profile,
    )


# ---------------------------------------------------------------- The bot as a child process


class BotStartError(Exception):
    """bot.py exited or never became healthy; ``lines`` holds what it printed."""

    def __init__(self, message: str, lines: list[str]) -> None:
        super().__init__(message)
        self.lines = lines


def free_port() -> int:
    """A TCP port on loopback that nothing is listening on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class BotProcess:
    """bot.py running as its own process on a free loopback port.

    Synchronous on purpose (a thread drains its output): it does not belong to any event loop,
    so a session-wide test fixture, a Textual thread worker and a plain script can all own one.
    """

    def __init__(self, bot_path: Path, env: Mapping[str, str], *, max_lines: int = 500) -> None:
        self.bot_path = bot_path
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **env,
            "HOST": "127.0.0.1",
            "PORT": str(self.port),
            "PUBLIC_BASE_URL": self.base_url,
            "PYTHONUNBUFFERED": "1",
        }
        self.output: deque[str] = deque(maxlen=max_lines)
        self.lines_seen = 0
        self.health: dict[str, object] = {}
        self._process: subprocess.Popen[str] | None = None
        self._reader: threading.Thread | None = None

    @property
    def pid(self) -> int | None:
        """The child's process id while it runs (benchmarks read its memory by it)."""
        return self._process.pid if self._process is not None else None

    @classmethod
    def from_settings(cls, settings: Settings) -> BotProcess:
        """A child for these settings (the user's .env, the session token, a safe SID)."""
        return cls(settings.bot_path, settings.child_env)

    def start(self, timeout: float = 30.0) -> dict[str, object]:
        """Start bot.py and wait until ``/health`` answers 200; return its JSON."""
        if not self.bot_path.is_file():
            raise BotStartError(f"{self.bot_path} does not exist", [])
        # A scenario file's fixed clock: the bot runs under harness.clocked (time-machine).
        command = [sys.executable, str(self.bot_path)]
        if self.env.get("HARNESS_CLOCK"):
            command = [sys.executable, "-m", "harness.clocked", str(self.bot_path)]
        self._process = subprocess.Popen(
            command,
            cwd=self.bot_path.parent,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            errors="replace",
        )
        self._reader = threading.Thread(target=self._drain, name="bot-output", daemon=True)
        self._reader.start()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            code = self._process.poll()
            if code is not None:
                self._reader.join(timeout=2)
                self._close()
                raise BotStartError(f"bot.py exited with code {code}", list(self.output))
            health = self._probe()
            if health is not None and self._takes_our_token():
                self.health = health
                return health
            time.sleep(0.05)
        lines = list(self.output)
        self.stop()
        raise BotStartError(f"bot.py did not answer /health within {timeout:g} s", lines)

    def _probe(self) -> dict[str, object] | None:
        try:
            with urllib.request.urlopen(self.base_url + "/health", timeout=1) as response:
                if response.status != 200:
                    return None
                data = json.loads(response.read().decode() or "{}")
                return data if isinstance(data, dict) else {"status": "ok"}
        except (OSError, ValueError):
            return None

    def _takes_our_token(self) -> bool:
        """Whether the bot on our port is our child: it accepts a webhook signed with the token
        we gave it. free_port() lets the port go before the child binds it, so under load
        another harness's bot may take it first and answer /health for ours; a bot with another
        token refuses with 403 (our child then fails to listen, and start() reports it). The
        webhook is a status callback for a call no CRM has: the bot ignores it."""
        token = self.env.get("TWILIO_AUTH_TOKEN")
        if not token:
            return True  # unsigned webhooks: nothing tells two bots apart
        url = self.base_url + "/voice/status"
        params = {"CallSid": "CA" + "0" * 32, "CallStatus": "ringing",
                  "AccountSid": self.env.get("TWILIO_ACCOUNT_SID") or ""}
        signature = WebhookClient(self.base_url, token).signature(url, params) or ""
        request = urllib.request.Request(url, data=urlencode(params).encode(), method="POST",
                                         headers={"X-Twilio-Signature": signature})
        try:
            with urllib.request.urlopen(request, timeout=2):
                return True
        except urllib.error.HTTPError as error:
            return error.code != 403
        except OSError:
            return False

    def _drain(self) -> None:
        # Reading continuously keeps the child from blocking on a full pipe.
        assert self._process is not None and self._process.stdout is not None
        for line in self._process.stdout:
            self.output.append(line.rstrip("\n"))
            self.lines_seen += 1

    @property
    def running(self) -> bool:
        """Whether the child is alive."""
        return self._process is not None and self._process.poll() is None

    def stop(self, timeout: float = 5.0) -> int | None:
        """Stop the child (SIGTERM, then SIGKILL) and return its exit code."""
        if self._process is None:
            return None
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        code = self._process.returncode
        if self._reader is not None:
            self._reader.join(timeout=2)
        self._close()
        return code

    def _close(self) -> None:
        if self._process is not None and self._process.stdout is not None:
            self._process.stdout.close()
        self._process = None
        self._reader = None

    def __enter__(self) -> BotProcess:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


@dataclass
class Bot:
    """A bot ready for webhooks: the client that reaches it, its health, its process if ours."""

    client: WebhookClient
    health: dict[str, object]
    process: BotProcess | None = None


@asynccontextmanager
async def connect(settings: Settings) -> AsyncIterator[Bot]:
    """Start bot.py for these settings (or reach the one at ``--url``) and stop it after."""
    process: BotProcess | None = None
    if settings.base_url is None:
        process = BotProcess.from_settings(settings)
        health = await asyncio.to_thread(process.start)
        base_url = process.base_url
    else:
        base_url = settings.base_url
    client = WebhookClient(base_url, settings.auth_token)
    try:
        if process is None:
            found = await client.get_health()
            if found is None:
                raise BotStartError(f"no bot answers {client.url_for('/health')}", [])
            health = found
        yield Bot(client, health, process)
    finally:
        await client.close()
        if process is not None:
            await asyncio.to_thread(process.stop)
