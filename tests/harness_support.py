"""Shared pieces for the harness tests: the real bot as a child, and a stand-in webhook server.

``running_bot`` starts the real ``bot.py`` (offline receptionist, a fresh CRM, a session token)
the way ``python -m harness`` does. ``StandIn`` is an in-process aiohttp server that answers each
webhook path with TwiML a test scripts, records every request and checks its signature: the
interpreter's unit tests use it to make a bot say things the real one does not (yet).
"""

from __future__ import annotations

import inspect
import secrets
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from aiohttp import web
from aiohttp.test_utils import TestServer
from twilio.request_validator import RequestValidator

from harness.twilio_sim import BotProcess, Settings, load_settings

REPO = Path(__file__).resolve().parent.parent


@dataclass
class RunningBot:
    """bot.py running for tests, and the settings that reach it."""

    process: BotProcess
    settings: Settings

    @property
    def crm_path(self) -> Path:
        """The bot's CRM file."""
        assert self.settings.crm_path is not None
        return self.settings.crm_path


def running_bot(crm_dir: Path, profile: Path | None = None) -> Iterator[RunningBot]:
    """Start bot.py offline on a free port with its own CRM (and a business profile other than
    business.toml, when a test must not depend on the time of day); stop it afterwards."""
    environ = {"PATH": "/usr/bin:/bin", "LOG_LEVEL": "INFO"}
    if profile is not None:
        environ["BUSINESS_PROFILE"] = str(profile)
    settings = load_settings(
        crm_path=crm_dir / "crm.sqlite",
        offline=True,
        env_file=crm_dir / "no.env",
        environ=environ,
    )
    process = BotProcess.from_settings(settings)
    process.start()
    # Tests drive it at its URL, as `--url` would, with the session token and the same CRM.
    remote = load_settings(
        url=process.base_url,
        crm_path=settings.crm_path,
        env_file=crm_dir / "no.env",
        environ={"TWILIO_AUTH_TOKEN": settings.auth_token or ""},
    )
    remote.account = settings.account
    remote.business_profile = settings.business_profile  # its time zone, for the CRM tab
    try:
        yield RunningBot(process, remote)
    finally:
        process.stop()


@dataclass
class Received:
    """One request the stand-in got."""

    method: str
    path: str
    params: dict[str, str]
    signed: bool


Answer = Callable[[dict[str, str]], str | web.Response | Awaitable[str | web.Response]]


class StandIn:
    """A scripted webhook server: ``answers[path]`` gives the TwiML (a string, or a function,
    plain or async, of the posted parameters); unknown paths answer an empty ``<Response/>``;
    ``/health`` answers as bot.py's does."""

    def __init__(self, token: str | None = None) -> None:
        self.token = token or secrets.token_hex(16)
        self.answers: dict[str, str | Answer] = {}
        self.received: list[Received] = []
        app = web.Application()
        app.router.add_route("*", "/{path:.*}", self._handle)
        self.server = TestServer(app, host="127.0.0.1")

    @property
    def base_url(self) -> str:
        """Where the stand-in listens (and the URL requests are signed over)."""
        return str(self.server.make_url("/")).rstrip("/")

    async def _handle(self, request: web.Request) -> web.Response:
        posted = {k: str(v) for k, v in (await request.post()).items()}
        signature = request.headers.get("X-Twilio-Signature", "")
        signed = RequestValidator(self.token).validate(str(request.url), posted, signature)
        # A GET carries Twilio's parameters in the query, after the action URL's own.
        params = posted if request.method == "POST" else dict(request.query)
        self.received.append(Received(request.method, request.path_qs, params, signed))
        if request.path == "/health":
            return web.json_response({"status": "ok", "database": "ok", "mode": "stand-in"})
        answer = self.answers.get(request.path, "<Response/>")
        body = answer(params) if callable(answer) else answer
        if inspect.isawaitable(body):
            body = await body
        if isinstance(body, web.Response):
            return body
        return web.Response(text=body, content_type="text/xml")

    def paths(self) -> list[str]:
        """The path (and query) of every request, in order."""
        return [r.path for r in self.received]

    async def __aenter__(self) -> StandIn:
        await self.server.start_server()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.server.close()
