"""The exact TwiML the bot should answer with, written out by hand for whole-value asserts."""

from __future__ import annotations

from xml.sax.saxutils import escape

HEAD = '<?xml version="1.0" encoding="UTF-8"?>'
# The sample business's service names, as recognition hints.
HINTS = "Basic tune-up, Flat tire repair, Full overhaul"
VOICE = "Polly.Joanna-Neural"
GATHER = (
    '<Gather action="https://bot.example.com/voice/process" actionOnEmptyResult="true" '
    f'hints="{HINTS}" input="dtmf speech" language="en-US" method="POST" numDigits="1" '
    'speechTimeout="auto">'
)


def say(text: str, language: str = "en-US", voice: str = VOICE) -> str:
    """One <Say> (in English, in the sample's voice, unless told)."""
    return f'<Say language="{language}" voice="{voice}">{escape(text)}</Say>'


def listening(*lines: str) -> str:
    """Say the lines inside a Gather that posts to /voice/process."""
    return f"{HEAD}<Response>{GATHER}{''.join(say(x) for x in lines)}</Gather></Response>"


def listening_in(language: str, voice: str, *lines: str) -> str:
    """Say the lines in another language's voice, inside a Gather listening in it."""
    gather = GATHER.replace('language="en-US"', f'language="{language}"')
    return (f"{HEAD}<Response>{gather}{''.join(say(x, language, voice) for x in lines)}"
            "</Gather></Response>")


def listening_silently() -> str:
    """Listen with nothing more to say (the reply was all said before)."""
    return f"{HEAD}<Response>{GATHER[:-1]} /></Response>"


def saying(text: str, turn: int, heard: int, language: str = "en-US", voice: str = VOICE,
           named: str = "") -> str:
    """Say the first of a reply, then come back to /voice/continue for the rest (in the
    language `named`, when the call is in another one)."""
    url = f"https://bot.example.com/voice/continue?turn={turn}&amp;heard={heard}"
    url += f"&amp;language={named}" if named else ""
    return (f'{HEAD}<Response>{say(text, language, voice)}<Redirect method="POST">{url}'
            "</Redirect></Response>")


def hanging_up(*lines: str) -> str:
    """Say the lines, then hang up."""
    return f"{HEAD}<Response>{''.join(say(x) for x in lines)}<Hangup /></Response>"


def message(text: str) -> str:
    """An SMS reply."""
    return f"{HEAD}<Response><Message>{escape(text)}</Message></Response>"


EMPTY = f"{HEAD}<Response />"


def recording(*lines: str) -> str:
    """Say the lines, then record a voicemail (transcribed); silence ends in goodbye."""
    return (f"{HEAD}<Response>{''.join(say(x) for x in lines)}"
            '<Record action="https://bot.example.com/voice/voicemail" finishOnKey="#" '
            'maxLength="110" method="POST" playBeep="true" transcribe="true" '
            'transcribeCallback="https://bot.example.com/voice/transcription" />'
            + say("I didn't catch a message. Goodbye.") + "<Hangup /></Response>")
