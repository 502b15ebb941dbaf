"""Recordings of calls (issue 20 item 5): with RECORD_CALLS, Twilio's recording status
callback names each call's recording, kept on the call; the dashboard's call page plays it
through the bot with the account's credentials, a part at a time when the player seeks."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest

from tests.conftest import TOKEN, Bot, voice_params
from tests.dashboard_support import PASSWORD, Owner
from tests.fakes import FakeTwilioMedia, call_sid

ACCOUNT = "AC" + "3e" * 16
RECORDING = "RE" + "7a" * 16
AUDIO = b"ID3\x04\x00" + bytes(range(256)) * 300  # an MP3's first bytes, then anything


@pytest.fixture
def twilio_media() -> Iterator[FakeTwilioMedia]:
    with FakeTwilioMedia(ACCOUNT, TOKEN) as media:
        media.recordings[RECORDING] = AUDIO
        yield media


@pytest.fixture
async def recorded(make_bot: Callable[..., Any], twilio_media: FakeTwilioMedia
                   ) -> AsyncIterator[Bot]:
    async with make_bot(record_calls=True, owner_password=PASSWORD,
                        twilio_account_sid=ACCOUNT) as running:
        running.assistant.telephone.api_base = twilio_media.url
        yield running


def recording_callback(sid: str, status: str = "completed", **extra: str) -> dict[str, str]:
    """Twilio's recording status callback for a <Start><Recording> (its parameters)."""
    return {"AccountSid": ACCOUNT, "CallSid": sid, "RecordingSid": RECORDING,
            "RecordingUrl": f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT}/Recordings/"
                            f"{RECORDING}",
            "RecordingStatus": status, "RecordingDuration": "95", "RecordingChannels": "2",
            "RecordingSource": "StartCallRecordingTwiML", "RecordingTrack": "both_tracks",
            "RecordingStartTime": "Tue, 24 Nov 2026 16:00:04 +0000", **extra}


async def test_a_calls_recording_is_kept_on_the_call_once(recorded: Bot) -> None:
    sid = call_sid()
    await recorded.call(sid)
    for _ in range(2):  # Twilio may post a callback more than once
        assert await recorded.post("/voice/recording", recording_callback(sid)) == (
            200, '<?xml version="1.0" encoding="UTF-8"?><Response />')
    call = await recorded.crm.call(sid)
    assert (call["recording_sid"], call["recording_seconds"]) == (RECORDING, 95)


@pytest.mark.parametrize("params", [
    {"RecordingStatus": "in-progress"},
    {"RecordingSid": "RE-not-a-recording"},
    {"RecordingStatus": "failed", "ErrorCode": "13617"},
], ids=["in-progress", "not-a-sid", "failed"])
async def test_a_recording_that_is_not_finished_or_not_a_recording_is_not_kept(
    recorded: Bot, params: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    sid = call_sid()
    await recorded.call(sid)
    with caplog.at_level(logging.WARNING, "bot"):
        status, _ = await recorded.post("/voice/recording", {**recording_callback(sid), **params})
    assert status == 200
    assert (await recorded.crm.call(sid))["recording_sid"] is None
    if params.get("RecordingStatus") == "failed":
        assert f"call {sid}: its recording failed (Twilio error 13617)" in caplog.text


async def test_a_recording_callback_must_be_signed(recorded: Bot) -> None:
    sid = call_sid()
    await recorded.call(sid)
    status, _ = await recorded.post("/voice/recording", recording_callback(sid), sign=False)
    assert status == 403
    assert (await recorded.crm.call(sid))["recording_sid"] is None


async def test_the_call_page_plays_the_recording_through_the_bot(recorded: Bot) -> None:
    sid = call_sid()
    await recorded.call(sid)
    await recorded.post("/voice/recording", recording_callback(sid))
    owner = Owner(recorded.client)
    assert await owner.login() == 303
    status, body, _ = await owner.get(f"/owner/calls/{sid}")
    assert status == 200
    assert ('<h2>Recording</h2>\n<p><audio controls preload="none" '
            f'src="/owner/recordings/{RECORDING}.mp3">') in body
    assert "1 min 35 s" in body and "api.twilio.com" not in body
    response = await recorded.client.get(f"/owner/recordings/{RECORDING}.mp3", scheme="https")
    assert (response.status_code, response.headers["Accept-Ranges"]) == (200, "bytes")
    assert await response.get_data() == AUDIO


@pytest.mark.parametrize("twilio_cuts", [True, False], ids=["twilio-206", "bot-cuts"])
@pytest.mark.parametrize(("asked", "status", "part", "content_range"), [
    ("bytes=1000-1999", 206, slice(1000, 2000), f"bytes 1000-1999/{len(AUDIO)}"),
    ("bytes=70000-", 206, slice(70000, None), f"bytes 70000-{len(AUDIO) - 1}/{len(AUDIO)}"),
    ("bytes=-500", 206, slice(len(AUDIO) - 500, None),
     f"bytes {len(AUDIO) - 500}-{len(AUDIO) - 1}/{len(AUDIO)}"),
    (f"bytes={len(AUDIO)}-", 416, slice(0, 0), f"bytes */{len(AUDIO)}"),
])
async def test_a_player_seeking_gets_the_part_it_asked_for(
    recorded: Bot, twilio_media: FakeTwilioMedia, twilio_cuts: bool, asked: str, status: int,
    part: slice, content_range: str,
) -> None:
    """Browsers seek in an <audio> with Range requests: with Twilio's own 206, or cut by the
    bot from the whole when the other end sends it all, the player gets the bytes it asked."""
    twilio_media.ranges = twilio_cuts
    owner = Owner(recorded.client)
    assert await owner.login() == 303
    response = await recorded.client.get(f"/owner/recordings/{RECORDING}.mp3",
                                         scheme="https", headers={"Range": asked})
    assert (response.status_code, response.headers["Content-Range"]) == (status, content_range)
    body = await response.get_data()
    assert body == AUDIO[part]
    if status == 206:
        assert response.headers["Content-Length"] == str(len(body))
    assert twilio_media.requests[-1][0].endswith(f"/Recordings/{RECORDING}.mp3")


async def test_a_recording_callback_with_the_crm_down_is_kept_for_later(
    recorded: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot

    sid = call_sid()
    await recorded.call(sid)

    async def unavailable(*args: Any, **kwargs: Any) -> None:
        raise bot.CRMUnavailable("the database is locked")

    monkeypatch.setattr(recorded.crm, "save_call_recording", unavailable)
    status, body = await recorded.post("/voice/recording", recording_callback(sid))
    assert (status, body) == (200, '<?xml version="1.0" encoding="UTF-8"?><Response />')
    monkeypatch.undo()
    assert await recorded.assistant.without_crm.store_spooled() == 1
    assert (await recorded.crm.call(sid))["recording_sid"] == RECORDING


def test_the_voice_params_helper_is_twilios_shape() -> None:
    assert voice_params(call_sid())["AccountSid"].startswith("AC")
