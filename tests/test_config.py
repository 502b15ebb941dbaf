"""Configuration: read once, every problem named on its own line, secure defaults."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT

import bot

GOOD = {
    "TWILIO_AUTH_TOKEN": "0123456789abcdef0123456789abcdef",
    "PUBLIC_BASE_URL": "https://bot.example.com/",
}


def test_defaults_are_safe_and_offline() -> None:
    config = bot.load_config({})
    assert (config.host, config.port, config.mode, config.validate_twilio_requests) == (
        "127.0.0.1", 8080, "offline", False)
    assert (config.speech_timeout, config.voice_language, config.claude_model) == (
        "auto", "en-US", bot.DEFAULT_MODEL)
    assert config.crm_db == ROOT / "crm.sqlite"
    assert config.warnings == (
        "no TWILIO_AUTH_TOKEN: webhook signatures are not checked (fine on this machine only; "
        "set it before Twilio can reach the bot)",)


def test_a_token_turns_signature_checks_on() -> None:
    config = bot.load_config(GOOD)
    assert config.validate_twilio_requests
    assert config.public_base_url == "https://bot.example.com"
    assert config.webhook_url("/voice/incoming") == "https://bot.example.com/voice/incoming"
    assert config.warnings == ()


def test_turning_checks_off_is_a_warning() -> None:
    config = bot.load_config({**GOOD, "VALIDATE_TWILIO_REQUESTS": "false"})
    assert not config.validate_twilio_requests
    assert config.warnings == (
        "VALIDATE_TWILIO_REQUESTS=false: anyone who can reach this bot can pose as Twilio",)


def test_claude_mode_needs_only_the_key() -> None:
    config = bot.load_config({"ANTHROPIC_API_KEY": "sk-ant-test", "CLAUDE_MODEL": "claude-x"})
    assert (config.mode, config.claude_model) == ("claude", "claude-x")


@pytest.mark.parametrize(
    ("env", "problem"),
    [
        ({"PORT": "eighty"}, "PORT='eighty' is not a port number (example: PORT=8080)"),
        ({"PORT": "70000"}, "PORT='70000' is not a port number (example: PORT=8080)"),
        ({"LOG_LEVEL": "loud"},
         "LOG_LEVEL='LOUD' is not one of DEBUG, INFO, WARNING, ERROR, CRITICAL"),
        ({"SPEECH_TIMEOUT": "soon"},
         "SPEECH_TIMEOUT='soon' must be 'auto' or whole seconds (example: SPEECH_TIMEOUT=auto)"),
        ({"VOICE_LANGUAGE": "English"},
         "VOICE_LANGUAGE='English' is not a language tag (example: en-US)"),
        ({"TWILIO_ACCOUNT_SID": "12345"},
         "TWILIO_ACCOUNT_SID does not look like an account SID (example: AC followed by 32 hex "
         "digits, from the Twilio console)"),
        ({"TWILIO_PHONE_NUMBER": "415-555-0123"},
         "TWILIO_PHONE_NUMBER must be in E.164 form (example: +14155550123), not ***0123"),
        ({"PUBLIC_BASE_URL": "bot.example.com", "TWILIO_AUTH_TOKEN": "x"},
         "PUBLIC_BASE_URL='bot.example.com' must be the bare URL Twilio calls "
         "(example: PUBLIC_BASE_URL=https://bot.example.com)"),
        ({"TWILIO_AUTH_TOKEN": "x"},
         "PUBLIC_BASE_URL is needed to check Twilio's signatures: the https URL of your tunnel "
         "(example: PUBLIC_BASE_URL=https://bot.example.com)"),
        ({"VALIDATE_TWILIO_REQUESTS": "maybe"},
         "VALIDATE_TWILIO_REQUESTS='maybe' must be true or false "
         "(example: VALIDATE_TWILIO_REQUESTS=true)"),
        ({"VALIDATE_TWILIO_REQUESTS": "true"},
         "VALIDATE_TWILIO_REQUESTS=true needs TWILIO_AUTH_TOKEN (from the Twilio console)"),
        ({"HOST": "0.0.0.0"},
         "HOST=0.0.0.0 accepts calls from other machines but nothing checks that they come from "
         "Twilio: set TWILIO_AUTH_TOKEN and PUBLIC_BASE_URL (or VALIDATE_TWILIO_REQUESTS=false "
         "to accept the risk)"),
        ({"CRM_DB": "/no/such/folder/crm.sqlite"},
         "CRM_DB='/no/such/folder/crm.sqlite': the folder '/no/such/folder' does not exist"),
        ({"BUSINESS_PROFILE": "/no/such/business.toml"},
         "BUSINESS_PROFILE='/no/such/business.toml' does not exist"),
    ],
)
def test_each_problem_is_one_clear_line(env: dict[str, str], problem: str) -> None:
    with pytest.raises(bot.ConfigError) as caught:
        bot.load_config(env)
    assert caught.value.problems == [problem]


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(bot.ConfigError) as caught:
        bot.load_config({"PORT": "x", "LOG_LEVEL": "y", "HOST": "0.0.0.0"})
    assert len(caught.value.problems) == 3


def test_an_open_host_is_allowed_with_signatures() -> None:
    assert bot.load_config({**GOOD, "HOST": "0.0.0.0"}).host == "0.0.0.0"


def test_the_example_env_file_reads_as_the_defaults(tmp_path: Path) -> None:
    from dotenv import dotenv_values

    values = {k: v or "" for k, v in dotenv_values(ROOT / ".env.example").items()}
    config = bot.load_config(values)
    assert (config.mode, config.host, config.port, config.crm_db, config.business_profile) == (
        "offline", "127.0.0.1", 8080, ROOT / "crm.sqlite", ROOT / "business.toml")


def test_the_sample_profile_loads() -> None:
    profile = bot.load_profile(ROOT / "business.toml")
    assert profile.name == "Maple Street Bikes"
    assert profile.zone.key == "America/Chicago"
    assert [s.name for s in profile.services] == [
        "Basic tune-up", "Flat tire repair", "Full overhaul"]
    assert profile.booking == bot.BookingRules(slot_minutes=30, days_ahead=30, lead_minutes=120)


def test_a_missing_default_profile_falls_back_to_defaults(tmp_path: Path) -> None:
    assert bot.load_profile(tmp_path / "none.toml") == bot.BusinessProfile()


def test_profile_problems_are_named(tmp_path: Path) -> None:
    path = tmp_path / "business.toml"
    path.write_text(
        'timezone = "Mars/Olympus"\nowner_mobile = "555"\nclosed_days = ["someday"]\n'
        '[hours]\nmonday = "17:00-9:00"\nfunday = "9:00-10:00"\n'
        "[[services]]\nprice = 3\n[[faq]]\nquestion = \"q\"\n"
        "[appointments]\nslot_minutes = 0\n"
    )
    with pytest.raises(bot.ProfileError) as caught:
        bot.load_profile(path)
    assert caught.value.problems == [
        "business.toml: timezone 'Mars/Olympus' is unknown (example: America/Chicago)",
        "business.toml: [hours] monday = '17:00-9:00': '17:00-9:00' closes before it opens "
        '(example: "9:00-17:30")',
        "business.toml: [hours] 'funday' is not a weekday (example: monday)",
        "business.toml: closed_days 'someday' is not a date (example: 2026-12-25)",
        "business.toml: every [[services]] needs a name",
        "business.toml: every [[faq]] needs a question and an answer",
        "business.toml: owner_mobile must be in E.164 form (example: +14155550123)",
        "business.toml: [appointments] slot_minutes must be a whole number",
    ]


def test_a_profile_that_is_not_toml_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "business.toml"
    path.write_text("name = \n")
    with pytest.raises(bot.ProfileError) as caught:
        bot.load_profile(path)
    assert len(caught.value.problems) == 1
    assert caught.value.problems[0].startswith("business.toml: not valid TOML: ")


@pytest.mark.parametrize(
    ("env", "voice"),
    [
        ({}, "Polly.Joanna-Neural"),
        ({"VOICE_LANGUAGE": "en-GB"}, "Polly.Amy-Neural"),
        ({"VOICE_LANGUAGE": "fr-FR"}, "Polly.Lea-Neural"),
        ({"VOICE_LANGUAGE": "en-GB", "VOICE": "Polly.Brian-Neural"}, "Polly.Brian-Neural"),
        ({"VOICE": "Google.en-US-Neural2-F"}, "Google.en-US-Neural2-F"),
        ({"VOICE": "Polly.Matthew"}, "Polly.Matthew"),
        ({"VOICE": "alice"}, "alice"),
    ],
)
def test_a_natural_voice_is_chosen_for_the_language(env: dict[str, str], voice: str) -> None:
    assert bot.load_config(env).voice == voice


@pytest.mark.parametrize(
    ("env", "problem"),
    [
        ({"VOICE_LANGUAGE": "fr-FR", "VOICE": "Polly.Joanna-Neural"},
         "VOICE=Polly.Joanna-Neural speaks en-US, not VOICE_LANGUAGE=fr-FR: "
         "use VOICE=Polly.Lea-Neural"),
        ({"VOICE_LANGUAGE": "de-DE", "VOICE": "Google.en-US-Neural2-F"},
         "VOICE=Google.en-US-Neural2-F speaks en-US, not VOICE_LANGUAGE=de-DE: "
         "use VOICE=Polly.Vicki-Neural or a Google.de-DE-… voice"),
        ({"VOICE": "Joanna"},
         "VOICE='Joanna' is not one of Twilio's voices (examples: Polly.Joanna-Neural, "
         "Google.en-US-Neural2-F)"),
        ({"SPEECH_MODEL": "best"},
         "SPEECH_MODEL='best' is not one of Twilio's speech models (default, "
         "numbers_and_commands, phone_call, experimental_conversations, experimental_utterances, "
         "googlev2_long, googlev2_short, googlev2_telephony, deepgram_nova-2, deepgram_nova-3); "
         "leave it empty for Twilio's default"),
        ({"SPEECH_MODEL": "phone_call", "SPEECH_TIMEOUT": "auto"},
         "SPEECH_TIMEOUT=auto cannot be used with SPEECH_MODEL=phone_call (Twilio refuses it, "
         "warning 13335): use whole seconds (example: SPEECH_TIMEOUT=2)"),
    ],
)
def test_voices_and_speech_models_twilio_would_refuse(env: dict[str, str], problem: str) -> None:
    with pytest.raises(bot.ConfigError) as raised:
        bot.load_config(env)
    assert raised.value.problems == [problem]


def test_a_language_without_a_known_voice_uses_the_basic_one_and_says_so() -> None:
    config = bot.load_config({"VOICE_LANGUAGE": "sv-SE"})
    assert config.voice is None
    assert config.warnings[-1] == (
        "no natural voice known for VOICE_LANGUAGE=sv-SE: Twilio's basic voice speaks (set VOICE "
        "to one from Twilio's text-to-speech voice list)")


def test_a_speech_model_gets_a_speech_timeout_it_accepts() -> None:
    config = bot.load_config({"SPEECH_MODEL": "phone_call"})
    assert (config.speech_model, config.speech_timeout) == ("phone_call", "2")
    twiml = str(bot.listen(config, "Hi."))
    assert 'speechModel="phone_call" speechTimeout="2"' in twiml


def test_every_say_uses_the_voice_and_basic_voice_has_none() -> None:
    assert str(bot.hang_up(bot.Config(voice="Polly.Amy-Neural", voice_language="en-GB"), "Bye.")) \
        == ('<?xml version="1.0" encoding="UTF-8"?><Response><Say language="en-GB" '
            'voice="Polly.Amy-Neural">Bye.</Say><Hangup /></Response>')
    assert str(bot.hang_up(bot.Config(voice=None), "Bye.")) == (
        '<?xml version="1.0" encoding="UTF-8"?><Response><Say language="en-US">Bye.</Say>'
        "<Hangup /></Response>")
