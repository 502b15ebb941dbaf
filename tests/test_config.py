"""Configuration: read once, every problem named on its own line, secure defaults."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import ROOT

import bot

HEX_TOKEN = "0123456789abcdef0123456789abcdef"
GOOD = {
    "TWILIO_AUTH_TOKEN": HEX_TOKEN,
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
        # The owner's own number is shown whole, so the typo can be seen.
        ({"TWILIO_PHONE_NUMBER": "415-555-0123"},
         "TWILIO_PHONE_NUMBER='415-555-0123' must be your Twilio number in E.164 form, with + "
         "and the country code (example: +14155550123)"),
        ({"PUBLIC_BASE_URL": "bot.example.com", "TWILIO_AUTH_TOKEN": HEX_TOKEN},
         "PUBLIC_BASE_URL='bot.example.com' is not a URL "
         "(example: PUBLIC_BASE_URL=https://bot.example.com)"),
        ({"TWILIO_AUTH_TOKEN": HEX_TOKEN},
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
        ({"RETENTION_DAYS": "90d"},
         "RETENTION_DAYS='90d' must be a whole number of days (0 keeps everything; example: "
         "RETENTION_DAYS=365)"),
        ({"RETENTION_DAYS": "-1"},
         "RETENTION_DAYS='-1' must be a whole number of days (0 keeps everything; example: "
         "RETENTION_DAYS=365)"),
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
        "business.toml: timezone 'Mars/Olympus' is not a time zone "
        '(example: timezone = "America/Chicago")',
        "business.toml: [hours] monday = '17:00-9:00': '17:00-9:00' closes before it opens; "
        'write spans like "9:00-17:30" or "9am-5:30pm" '
        '(example: monday = "9:00-17:30", or "closed")',
        "business.toml: [hours] 'funday' is not a weekday (example: monday)",
        "business.toml: closed_days 'someday' is not a date (example: 2026-12-25)",
        "business.toml: every [[services]] needs a name",
        "business.toml: every [[faq]] needs a question and an answer",
        "business.toml: owner_mobile = '555' is not a phone number (example: +14155550123)",
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


# -- Day-one traps (issue 7): each mistake one clear line, with what was probably meant --


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


@pytest.mark.parametrize(
    ("env", "problem"),
    [
        ({**GOOD, "PUBLIC_BASE_URL": "http://bot.example.com"},
         "PUBLIC_BASE_URL='http://bot.example.com' must start with https://: Twilio calls and "
         "signs the https address your tunnel gives you "
         "(example: PUBLIC_BASE_URL=https://bot.example.com)"),
        ({**GOOD, "PUBLIC_BASE_URL": "https://bot.example.com/voice/incoming"},
         "PUBLIC_BASE_URL='https://bot.example.com/voice/incoming' ends in the webhook path "
         "/voice/incoming: set it to the base, without /voice/incoming (the bot adds each path "
         "itself) (example: PUBLIC_BASE_URL=https://bot.example.com)"),
        ({**GOOD, "PUBLIC_BASE_URL": "https://example.com/shop/sms/incoming/"},
         "PUBLIC_BASE_URL='https://example.com/shop/sms/incoming' ends in the webhook path "
         "/sms/incoming: set it to the base, without /sms/incoming (the bot adds each path "
         "itself) (example: PUBLIC_BASE_URL=https://example.com/shop)"),
        ({**GOOD, "PUBLIC_BASE_URL": "https://example.com/shop/relay"},
         "PUBLIC_BASE_URL='https://example.com/shop/relay' ends in the webhook path /relay: set "
         "it to the base, without /relay (the bot adds each path itself) "
         "(example: PUBLIC_BASE_URL=https://example.com/shop)"),
        ({**GOOD, "PUBLIC_BASE_URL": "https://example.com/owner"},
         "PUBLIC_BASE_URL='https://example.com/owner' ends in the webhook path /owner: set it "
         "to the base, without /owner (the bot adds each path itself) "
         "(example: PUBLIC_BASE_URL=https://example.com)"),
        ({**GOOD, "PUBLIC_BASE_URL": "https://example.com/shop?x=1"},
         "PUBLIC_BASE_URL='https://example.com/shop?x=1' must not carry a query or a fragment "
         "(example: PUBLIC_BASE_URL=https://example.com/shop)"),
        ({**GOOD, "PUBLIC_BASE_URL": "https://me:hunter2@bot.example.com"},
         "PUBLIC_BASE_URL='https://me:***@bot.example.com' must not carry a user name or "
         "password (example: PUBLIC_BASE_URL=https://bot.example.com)"),
        ({**GOOD, "TWILIO_AUTH_TOKEN": "AC" + "0123456789abcdef" * 2},
         "TWILIO_AUTH_TOKEN is the account SID (AC…), not the auth token: the auth token is 32 "
         "hex digits (0-9, a-f), shown under 'Auth Token' in the Twilio console"),
        ({**GOOD, "TWILIO_AUTH_TOKEN": "my-password"},
         "TWILIO_AUTH_TOKEN is not an auth token (11 characters): the auth token is 32 hex "
         "digits (0-9, a-f), shown under 'Auth Token' in the Twilio console"),
        ({"PUBLIC_BASE_URL": "https://bot.example.com"},
         "PUBLIC_BASE_URL is set, so Twilio (and anyone) can reach the bot, but there is no "
         "TWILIO_AUTH_TOKEN to check that requests come from Twilio: set TWILIO_AUTH_TOKEN "
         "(or VALIDATE_TWILIO_REQUESTS=false to accept the risk)"),
    ],
)
def test_public_url_and_token_mistakes_are_refused(env: dict[str, str], problem: str) -> None:
    with pytest.raises(bot.ConfigError) as caught:
        bot.load_config(env)
    assert caught.value.problems == [problem]


@pytest.mark.parametrize("base", ["https://example.com/shop", "https://example.com/shop/",
                                  "https://example.com/a/b-c_d"])
def test_a_public_url_with_a_reverse_proxy_prefix_is_accepted(base: str) -> None:
    config = bot.load_config({**GOOD, "PUBLIC_BASE_URL": base})
    prefix = base.rstrip("/")
    assert (config.public_base_url, config.webhook_url("/voice/incoming"), config.relay_url) == (
        prefix, prefix + "/voice/incoming", "wss" + prefix.removeprefix("https") + "/relay")


def test_a_local_public_url_may_be_http_and_unsigned() -> None:
    # The simulator serves the bot on loopback: nothing outside can reach it.
    config = bot.load_config({"PUBLIC_BASE_URL": "http://127.0.0.1:8123"})
    assert (config.public_base_url, config.validate_twilio_requests) == (
        "http://127.0.0.1:8123", False)


def test_public_exposure_without_a_token_needs_explicit_consent() -> None:
    config = bot.load_config({"PUBLIC_BASE_URL": "https://bot.example.com",
                              "VALIDATE_TWILIO_REQUESTS": "false"})
    assert not config.validate_twilio_requests


def test_a_misspelled_variable_in_env_is_named_with_the_intended_one() -> None:
    env = {"TWILLIO_AUTH_TOKEN": HEX_TOKEN, "PUBLIC_BASE_URL": "https://bot.example.com",
           "ANTHROPIC_APIKEY": "sk-ant-x", "MY_OWN_THING": "1"}
    with pytest.raises(bot.ConfigError) as caught:
        bot.load_config(env, dotenv_keys=list(env))
    assert caught.value.problems == [
        "PUBLIC_BASE_URL is set, so Twilio (and anyone) can reach the bot, but there is no "
        "TWILIO_AUTH_TOKEN to check that requests come from Twilio: set TWILIO_AUTH_TOKEN "
        "(or VALIDATE_TWILIO_REQUESTS=false to accept the risk)",
        "TWILLIO_AUTH_TOKEN in .env is not a setting of ours: did you mean TWILIO_AUTH_TOKEN?",
        "ANTHROPIC_APIKEY in .env is not a setting of ours: did you mean ANTHROPIC_API_KEY?",
    ]


def test_the_country_of_typed_numbers_is_the_twilio_numbers() -> None:
    assert bot.load_config({"TWILIO_PHONE_NUMBER": "+442079460958"}).country == "GB"
    assert bot.load_config({}).country is None


@pytest.mark.parametrize(
    ("typed", "country", "number"),
    [
        ("(312) 555-0114", "US", "+13125550114"),
        ("3125550114", "US", "+13125550114"),
        ("312.555.0114", "US", "+13125550114"),
        ("+1 312 555 0114", "GB", "+13125550114"),
        ("020 7946 0958", "GB", "+442079460958"),
        ("3125550114", None, None),
        ("bob", "US", None),
        ("12", "US", None),
        # Seven digits are a number only locally (no area code): Twilio cannot call them.
        ("5550199", "US", None),
        ("555-0199", "US", None),
    ],
)
def test_numbers_typed_by_a_person_are_read_in_the_businesss_country(
    typed: str, country: str | None, number: str | None
) -> None:
    assert bot.typed_number(typed, country) == number


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ('timezone = "Pacific"',
         "business.toml: timezone 'Pacific' is not a time zone "
         '(example: timezone = "America/Los_Angeles")'),
        ('timezone = "Europe/Londn"',
         "business.toml: timezone 'Europe/Londn' is not a time zone "
         '(example: timezone = "Europe/London")'),
        ('[hours]\nmonday = "10am-5pm-6pm"',
         "business.toml: [hours] monday = '10am-5pm-6pm': '5pm-6pm' is not a time of day; write "
         'spans like "9:00-17:30" or "9am-5:30pm" (example: monday = "9:00-17:30", or '
         '"closed")'),
        ('timezone = "EST"',
         "business.toml: timezone 'EST' is a fixed offset from UTC with no daylight saving "
         'time: an hour off from March to November (example: timezone = "America/New_York")'),
        ('timezone = "MST"',
         "business.toml: timezone 'MST' is a fixed offset from UTC with no daylight saving "
         'time: an hour off from March to November (example: timezone = "America/Denver")'),
        ('timezone = "Etc/GMT+5"',
         "business.toml: timezone 'Etc/GMT+5' is a fixed offset from UTC with no daylight "
         'saving time: an hour off from March to November (example: timezone = '
         '"America/Chicago")'),
        ('owner_moblie = "+13125550114"',
         "business.toml: owner_moblie is not a setting of ours: did you mean owner_mobile?"),
        ('adress = "1 Main St"',
         "business.toml: adress is not a setting of ours: did you mean address?"),
        ('[appointments]\nslot_minute = 15',
         "business.toml: [appointments] slot_minute is not a setting of ours: did you mean "
         "slot_minutes?"),
        ('[[services]]\nname = "Tune-up"\nprise = "$79"',
         "business.toml: [[services]] prise is not a setting of ours: did you mean price?"),
        ('colour = "blue"',
         "business.toml: colour is not a setting of ours (business.toml's settings are "
         "listed in the README, 'The business profile')"),
        ('[hours]\ntuesday = "9:00-13:00, 12:00-17:00"',
         "business.toml: [hours] tuesday = '9:00-13:00, 12:00-17:00': two spans overlap; write "
         'spans like "9:00-17:30" or "9am-5:30pm" (example: tuesday = "9:00-17:30", or "closed")'),
        ('[hours]\nfriday = "9:00"',
         "business.toml: [hours] friday = '9:00': '9:00' needs an opening and a closing time; "
         'write spans like "9:00-17:30" or "9am-5:30pm" '
         '(example: friday = "9:00-17:30", or "closed")'),
        ('[hours]\nfriday = "9:00-25:00"',
         "business.toml: [hours] friday = '9:00-25:00': '25:00' is not a time of day; "
         'write spans like "9:00-17:30" or "9am-5:30pm" '
         '(example: friday = "9:00-17:30", or "closed")'),
        ('hours = "9-5"',
         'business.toml: hours must be a [hours] table (monday = "9:00-17:30")'),
        ('services = "bikes"', "business.toml: services must be [[services]] entries with a name"),
        ("name = 3", "business.toml: name must be text in quotes"),
        ('transfer_number = "555-01"',
         "business.toml: transfer_number = '555-01' is not a phone number "
         "(example: +14155550123)"),
        ('owner_mobile = "555-0199"',
         "business.toml: owner_mobile = '555-0199' is not a phone number "
         "(example: +14155550123)"),
        ('[languages]\nSpanish = { staff = "Lucía", number = "555-01" }',
         "business.toml: [languages] Spanish number = '555-01' is not a phone number "
         "(example: +14155550123)"),
        ('[languages]\nSpanish = { who = "Lucía" }',
         'business.toml: [languages] Spanish must be the name of who speaks it, in quotes '
         '(example: Spanish = "Lucía Torres", or Spanish = { staff = "Lucía Torres", '
         'number = "+14155550123" })'),
    ],
)
def test_each_profile_mistake_is_one_line_with_an_example(
    tmp_path: Path, line: str, problem: str
) -> None:
    path = tmp_path / "business.toml"
    path.write_text(line + "\n")
    with pytest.raises(bot.ProfileError) as caught:
        bot.load_profile(path, "US")
    assert caught.value.problems == [problem]


def test_a_language_may_have_its_own_number_beside_who_speaks_it(tmp_path: Path) -> None:
    path = tmp_path / "business.toml"
    path.write_text('transfer_number = "+13125550100"\n[languages]\nFrench = "Amélie"\n'
                    'Spanish = { staff = "Lucía Torres", number = "(312) 555-0177" }\n'
                    'portuguese = { number = "+13125550188" }\n')
    profile = bot.load_profile(path, "US")
    assert profile.languages == {"French": "Amélie", "Spanish": "Lucía Torres"}
    assert profile.language_numbers == {"Spanish": "+13125550177",
                                        "Portuguese": "+13125550188"}
    assert [profile.number_for(language) for language in ("Spanish", "French", None)] == [
        "+13125550177", "+13125550100", "+13125550100"]


def test_the_owners_mobile_cannot_be_the_businesss_own_number(tmp_path: Path) -> None:
    path = tmp_path / "business.toml"
    path.write_text('owner_mobile = "(415) 555-0123"\n')
    with pytest.raises(bot.ProfileError) as caught:
        bot.load_profile(path, "US", business_number="+14155550123")
    assert caught.value.problems == [
        "business.toml: owner_mobile is the Twilio number callers ring (TWILIO_PHONE_NUMBER): "
        "alerts must go to the owner's own mobile (example: owner_mobile = \"+14155550199\")"]
    assert bot.load_profile(path, "US", business_number="+14155550199").owner_mobile == \
        "+14155550123"


@pytest.mark.parametrize(
    ("written", "spans"),
    [
        ("9am-5:30pm", ((9, 0), (17, 30))),
        ("9-5", ((9, 0), (17, 0))),
        ("9:00 AM – 5:30 PM", ((9, 0), (17, 30))),
        ("9 a.m. to 5 p.m.", ((9, 0), (17, 0))),
        ("10am-6pm", ((10, 0), (18, 0))),
        ("12pm-4pm", ((12, 0), (16, 0))),
        ("8:30-12, 1-5:30", ((8, 30), (12, 0), (13, 0), (17, 30))),
        ("9:00-17:30", ((9, 0), (17, 30))),
        ("7am-midnight", ((7, 0), None)),
    ],
)
def test_hours_are_read_as_us_owners_write_them(
    tmp_path: Path, written: str, spans: tuple[tuple[int, int] | None, ...]
) -> None:
    from datetime import time

    path = tmp_path / "business.toml"
    path.write_text(f'[hours]\nmonday = "{written}"\n')
    read = [moment for span in bot.load_profile(path, "US").hours[0] for moment in span]
    assert read == [time(*hm) if hm else time.max for hm in spans]


def test_numbers_in_the_profile_are_read_in_the_businesss_country_without_a_twilio_number(
    tmp_path: Path
) -> None:
    path = tmp_path / "business.toml"
    path.write_text('owner_mobile = "(312) 555-0114"\n')
    assert bot.load_profile(path).owner_mobile == "+13125550114"
    path.write_text('holiday_country = "GB"\nowner_mobile = "020 7946 0958"\n')
    assert bot.load_profile(path).owner_mobile == "+442079460958"


def test_profile_numbers_typed_locally_are_normalised(tmp_path: Path) -> None:
    path = tmp_path / "business.toml"
    path.write_text('owner_mobile = "(312) 555-0114"\ntransfer_number = "312.555.0115"\n')
    profile = bot.load_profile(path, "US")
    assert (profile.owner_mobile, profile.transfer_number) == ("+13125550114", "+13125550115")


def test_mask_url_hides_passwords_and_secret_query_values() -> None:
    assert bot.mask_url("https://user:s3cret@proxy.example.com:8443/v1?api_key=abc&x=1") == (
        "https://user:***@proxy.example.com:8443/v1?api_key=***&x=1")
    assert bot.mask_url("https://tok3n@proxy.example.com/") == "https://***@proxy.example.com/"
    assert bot.mask_url("https://bot.example.com") == "https://bot.example.com"


async def test_a_holiday_that_is_not_one_is_refused_by_check_and_logged_when_serving(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`check` (and every command but serving) refuses a closed_holidays name that is not a
    public holiday; serving starts without loading the holidays library and logs the mistake
    once it has started (issue 8: the library was most of a cold start)."""
    path = tmp_path / "business.toml"
    path.write_text('closed_holidays = ["Thanksgiving", "Boxing Day"]\n')
    this_year = sorted(set(bot.public_holidays("US", date.today().year).values()))
    problem = ("business.toml: closed_holidays: 'Boxing Day' is not a US public holiday "
               f"(known: {', '.join(this_year[:6])}, …)")
    with pytest.raises(bot.ProfileError) as caught:
        bot.load_profile(path, "US")
    assert caught.value.problems == [problem]
    profile = bot.load_profile(path, "US", holidays_checked=False)
    assert profile.closed_holidays == ("Thanksgiving", "Boxing Day")
    monkeypatch.setattr(bot, "HOLIDAYS_CHECK_SECONDS", 0.0)
    await bot.check_holidays_later(profile, path)
    assert [(r.levelname, r.getMessage()) for r in caplog.records] == [("ERROR", problem)]


def test_retention_is_off_unless_asked() -> None:
    """RETENTION_DAYS: 0 (the default) keeps everything; a number of days purges (issue 9)."""
    assert bot.load_config({}).retention_days == 0
    assert bot.load_config({"RETENTION_DAYS": " 365 "}).retention_days == 365


# -- The settings table (issue 19): one row per setting, every other place made from it --


def test_the_configuration_table_is_the_settings_table() -> None:
    """docs/configuration.md's table is `python bot.py settings --markdown`, word for word: a
    setting added to Config is documented by running it (and this test says so until it is)."""
    page = (ROOT / "docs" / "configuration.md").read_text()
    start = page.index("<!-- settings:")
    table = page[page.index("\n", start) + 1:page.index("<!-- /settings -->")]
    assert table == bot.settings_markdown()


def test_the_readmes_few_settings_are_settings() -> None:
    """The README's short table (the settings most owners set) names only real settings."""
    import re

    readme = (ROOT / "README.md").read_text()
    named = set(re.findall(r"^\| `([A-Z_]+)`|, `([A-Z_]+)`|/ `([A-Z_]+)`",
                           readme[readme.index("## Configuration"):
                                  readme.index("## The business profile")], re.M))
    names = {name for group in named for name in group if name}
    assert names and names <= {row.name for row in bot.SETTINGS}, names


def test_the_example_env_file_is_the_settings_table() -> None:
    """.env.example is `python bot.py settings --env-example`, every setting in it."""
    assert (ROOT / ".env.example").read_text() == bot.settings_env_example()


def test_every_setting_is_one_config_field_and_every_field_but_two_a_setting() -> None:
    import dataclasses

    names = [row.name for row in bot.SETTINGS]
    assert len(names) == len(set(names))
    assert {row.group for row in bot.SETTINGS} == set(bot.SETTING_GROUPS)
    unset = {f.name for f in dataclasses.fields(bot.Config)} - {row.field for row in bot.SETTINGS}
    assert unset == {"crm_url", "warnings"}  # both made by load_config from the others


def test_a_setting_at_its_default_reads_as_its_configs_default() -> None:
    """Each row's parser, given the .env.example text of a setting written there, gives the
    field's default: the file and Config agree."""
    from dotenv import dotenv_values

    written = dotenv_values(ROOT / ".env.example")
    config, default = bot.load_config({**written, **GOOD}), bot.Config()
    for row in bot.SETTINGS:
        if row.name in written and row.name not in GOOD:
            assert getattr(config, row.field) == getattr(default, row.field), row.name


def test_secret_settings_are_never_shown_by_check(tmp_path: Path) -> None:
    """A setting the summary does not cover is shown by `check` from the table when set; a
    secret one only as "set"."""
    config = bot.load_config({"LOG_LEVEL": "debug", "OWNER_PASSWORD": "hunter2-hunter2",
                              "TWILIO_WEBHOOK_KEY": "whsec-0123456789"})
    profile = bot.load_profile(config.business_profile, config.country)
    report = bot.describe_config(config, profile).splitlines()
    assert [line for line in report if line.split(" ")[0] in {
        "LOG_LEVEL", "OWNER_PASSWORD", "TWILIO_WEBHOOK_KEY"}] == [
        "TWILIO_WEBHOOK_KEY set", "LOG_LEVEL        DEBUG", "OWNER_PASSWORD   set"]
    assert "hunter2" not in "\n".join(report) and "whsec" not in "\n".join(report)

def test_claude_prices_default_to_haikus_and_may_be_set() -> None:
    assert bot.load_config({}).claude_prices == (1.0, 5.0)
    assert bot.load_config({"CLAUDE_PRICES": ""}).claude_prices == (1.0, 5.0)
    assert bot.load_config({"CLAUDE_PRICES": " 3, 15"}).claude_prices == (3.0, 15.0)
    for wrong in ("cheap", "1", "1,5,7", "1,-5"):
        with pytest.raises(bot.ConfigError) as caught:
            bot.load_config({"CLAUDE_PRICES": wrong})
        assert caught.value.problems == [
            f"CLAUDE_PRICES={wrong!r} must be the USD prices per million input and output "
            "tokens (example: CLAUDE_PRICES=1,5)"]


def test_twilio_prices_default_to_todays_list_prices_and_may_be_set() -> None:
    assert bot.load_config({}).twilio_prices == (0.0085, 0.02, 0.0118)
    assert bot.load_config({"TWILIO_PRICES": "0.014, 0.03,0.0079"}).twilio_prices == (
        0.014, 0.03, 0.0079)
    for wrong in ("cheap", "0.01,0.02", "0.01,-1,0.02"):
        with pytest.raises(bot.ConfigError) as caught:
            bot.load_config({"TWILIO_PRICES": wrong})
        assert caught.value.problems == [
            f"TWILIO_PRICES={wrong!r} must be the USD prices of a voice minute, 15 s of speech "
            "recognition and a text segment (example: TWILIO_PRICES=0.0085,0.02,0.0118)"]


@pytest.mark.parametrize(("body", "segments"), [
    ("x" * 160, 1), ("x" * 161, 2), ("x" * 306, 2), ("x" * 307, 3), ("é" * 70, 1),
    ("🙂" + "x" * 69, 2), ("😀" * 40, 2)])
def test_a_text_is_billed_by_its_segments(body: str, segments: int) -> None:
    assert bot.text_segments(body) == segments


def test_trusted_proxies_are_addresses_or_networks() -> None:
    assert bot.load_config(GOOD).trusted_proxies == ("127.0.0.0/8", "::1/128")
    config = bot.load_config({**GOOD, "TRUSTED_PROXIES": "10.0.0.5, 192.168.1.0/24,"})
    assert config.trusted_proxies == ("10.0.0.5/32", "192.168.1.0/24")
    assert config.trusts_proxy("192.168.1.77") and not config.trusts_proxy("127.0.0.1")
    with pytest.raises(bot.ConfigError) as caught:
        bot.load_config({**GOOD, "TRUSTED_PROXIES": "cloudflare"})
    assert caught.value.problems == [
        "TRUSTED_PROXIES: 'cloudflare' is not an address or a network (example: "
        "TRUSTED_PROXIES=127.0.0.1/8, ::1, 10.0.0.5)"]


def test_a_languages_table_is_a_setting_of_the_profile(tmp_path: Path) -> None:
    # The README documents [languages]; the check for misspelled keys once refused it.
    profile = tmp_path / "business.toml"
    profile.write_text((ROOT / "business.toml").read_text() + '\n[languages]\nSpanish = "Alex"\n')
    assert bot.load_profile(profile).languages == {"Spanish": "Alex"}
