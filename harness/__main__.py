"""The harness's command line.

    python -m harness                            # the phone simulator (starts bot.py for you)
    python -m harness --relay                    # ...placing ConversationRelay calls (streamed)
    python -m harness --url https://bot.example  # the simulator, driving a bot running elsewhere
    python -m harness run scenarios/             # scripted calls and texts, no screen
    python -m harness eval --offline             # the conversation eval: a score per intent
    python -m harness eval --judge               # ...in Claude mode, with an LLM judge
    python -m harness load --calls 100 --concurrency 10 --turns 3
    python -m harness load --url http://127.0.0.1:8080 --yes-real-crm   # a running bot
    python -m harness screenshot docs/harness.svg

Without ``--url`` bot.py runs as a child on a free loopback port with your ``.env``; it gets a
session auth token when ``.env`` has none (signatures are always checked) and never your
TWILIO_ACCOUNT_SID (owner alerts stay in its outbox instead of going out as real texts).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from harness.evaluation import report as eval_report
from harness.evaluation import scores
from harness.judge import Judge, JudgeUnavailable, judge_from
from harness.load import MAX_CALLS, MAX_CONCURRENCY, MAX_TURNS, is_bounded, run_load
from harness.scenarios import (
    ScenarioResult,
    ScenarioSyntaxError,
    evaluate_scenarios,
    load_scenarios,
    play_scenarios,
    scenario_files,
)
from harness.twilio_sim import (
    ATTESTATIONS,
    BOT_PATH,
    BotStartError,
    Settings,
    connect,
    is_loopback_url,
    is_phone_number,
    load_settings,
    mask_phones_in,
)
from harness.twiml import EventKind, transcript_line


def _common_options(parser: argparse.ArgumentParser, defaults: bool) -> None:
    # Subcommands get SUPPRESS defaults so an option given before the subcommand survives.
    def default(value: object) -> object:
        return value if defaults else argparse.SUPPRESS

    parser.add_argument(
        "--url",
        default=default(None),
        help="drive a bot that is already running at this public URL, signing with "
        "TWILIO_AUTH_TOKEN (default: start bot.py on a free loopback port)",
    )
    parser.add_argument(
        "--env-file",
        type=Path,
        default=default(None),
        help="the .env to read (default: .env beside bot.py)",
    )
    parser.add_argument(
        "--from",
        dest="caller",
        default=default(None),
        metavar="NUMBER",
        help="the caller's number, E.164 (default: +14155550123)",
    )
    parser.add_argument(
        "--caller-id",
        choices=list(ATTESTATIONS),
        default=default("A"),
        help="the SHAKEN/STIR verdict (StirVerstat) the simulator's calls carry: A (attested, "
        "the default: a returning caller is greeted by name), B, C, failed or none (a caller "
        "ID that could be spoofed); F9 changes it. Scenarios use the 'attestation' step",
    )
    parser.add_argument(
        "--crm",
        type=Path,
        default=default(None),
        metavar="PATH",
        help="the CRM file to use and show (default: the simulator's own harness-crm.sqlite "
        "beside bot.py, never the business's; a fresh temporary one for run and load)",
    )
    parser.add_argument(
        "--offline",
        action="store_true",
        default=default(False),
        help="start bot.py without ANTHROPIC_API_KEY: the built-in offline receptionist",
    )
    parser.add_argument(
        "--relay",
        action="store_true",
        default=default(False),
        help="start bot.py with VOICE_MODE=relay: calls stream over ConversationRelay's "
        "WebSocket (the simulator plays Twilio's side of it)",
    )
    parser.add_argument("--bot", type=Path, default=default(BOT_PATH), help=argparse.SUPPRESS)


class ExactParser(argparse.ArgumentParser):
    """An argument parser that takes no abbreviations: a mistyped option is refused in one
    line, not taken for the option it begins."""

    given: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["allow_abbrev"] = False
        super().__init__(*args, **kwargs)

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        self.given = list(sys.argv[1:] if args is None else args)
        return super().parse_known_args(args, namespace)

    def error(self, message: str) -> NoReturn:
        """A mistake in one line, as the bot's command line says it (bot.ExactParser)."""
        import bot  # only now: the harness starts without the bot's imports

        bot.ExactParser.error(self, message)  # type: ignore[arg-type]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser: the simulator by default, and the run, load, screenshot commands."""
    # No abbreviations: `--offlin` is a mistake said in one line, not the simulator started.
    parser = ExactParser(
        prog="python -m harness",
        description="A phone simulator for the receptionist bot: plays Twilio and the caller.",
    )
    _common_options(parser, defaults=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=ExactParser)

    run = commands.add_parser("run", help="play scenario files with no screen")
    _common_options(run, defaults=False)
    run.add_argument(
        "files",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="scenario files, or folders of *.scenario files (subfolders included)",
    )
    run.add_argument(
        "--wait",
        type=float,
        default=5.0,
        metavar="SECONDS",
        help="how long CRM checks wait for background writes (default 5)",
    )
    run.add_argument(
        "-v",
        "--verbose",
        action="count",
        default=0,
        help="print each scenario's transcript (-vv: with every request)",
    )

    evaluate = commands.add_parser(
        "eval", help="grade every caller turn of the eval's scenarios: a score per intent"
    )
    _common_options(evaluate, defaults=False)
    evaluate.add_argument(
        "files",
        nargs="*",
        type=Path,
        metavar="FILE",
        help="scenario files or folders (default: scenarios/eval beside bot.py)",
    )
    evaluate.add_argument(
        "--wait",
        type=float,
        default=2.0,
        metavar="SECONDS",
        help="how long CRM checks wait for background writes (default 2)",
    )
    evaluate.add_argument(
        "--min-score",
        type=float,
        default=0.9,
        metavar="SHARE",
        help="exit status 1 below this share of turns passed, or on any false statement "
        "(default 0.9)",
    )
    evaluate.add_argument(
        "--judge",
        action="store_true",
        help="grade replies with no single right wording with Claude (ANTHROPIC_API_KEY; "
        "JUDGE_MODEL, default claude-haiku-4-5): 'expect judge' lines, and quoted words the "
        "reply says differently",
    )

    load = commands.add_parser("load", help="place many calls and report webhook latency")
    _common_options(load, defaults=False)
    load.add_argument("--calls", type=int, default=20, help=f"calls to place (≤ {MAX_CALLS})")
    load.add_argument(
        "--concurrency", type=int, default=5, help=f"calls at once (≤ {MAX_CONCURRENCY})"
    )
    load.add_argument(
        "--turns",
        type=int,
        default=3,
        help=f"things each caller says before hanging up (≤ {MAX_TURNS})",
    )
    load.add_argument("--texts", type=int, default=0, help="texts to send as well")
    load.add_argument(
        "--yes-real-crm",
        action="store_true",
        help="with --url: yes, write the fake calls and customers into that bot's CRM",
    )
    load.add_argument(
        "--time-limit",
        type=float,
        default=300.0,
        metavar="SECONDS",
        help="stop after this long (default 300)",
    )

    screenshot = commands.add_parser("screenshot", help="save an SVG of the simulator mid-call")
    _common_options(screenshot, defaults=False)
    screenshot.add_argument("output", type=Path, nargs="?", default=Path("docs/harness.svg"))
    return parser


def settings_from(args: argparse.Namespace, crm_path: Path | None) -> Settings:
    """Settings from the command line and the user's .env."""
    settings = load_settings(
        url=args.url,
        env_file=args.env_file,
        caller_number=args.caller,
        crm_path=crm_path,
        bot_path=args.bot,
        offline=args.offline,
        relay=args.relay,
        # Scripted silences should not wait out a real caller's silence timer.
        relay_silence=1.0 if args.command in ("run", "eval", "load") else None,
    )
    settings.stir_verstat = ATTESTATIONS[getattr(args, "caller_id", "A")]
    return settings


def environment(env_file: Path) -> dict[str, str]:
    """The .env's values with the real environment's on top, as the bot reads them."""
    from dotenv import dotenv_values

    values = dotenv_values(env_file) if env_file.is_file() else {}
    return {**{k: v for k, v in values.items() if v is not None}, **os.environ}


def report_start_failure(error: BotStartError) -> int:
    """Show why the bot did not start (its own lines: it names each config problem)."""
    print(f"harness: {error}", file=sys.stderr)
    for line in error.lines[-20:]:
        print(f"  {line}", file=sys.stderr)
    return 2


async def run_scenarios(args: argparse.Namespace, settings: Settings) -> int:
    """Play scenario files (one bot per business profile they need); one PASS/FAIL line
    each; exit status 1 on any failure."""
    try:
        scenarios = load_scenarios(args.files, without_eval=True)
    except ScenarioSyntaxError as error:
        print(f"harness: {error}", file=sys.stderr)
        return 2
    graded = len(scenario_files(args.files)) - len(scenario_files(args.files, without_eval=True))
    if graded:
        print(f"({graded} files of the conversation eval left out: `python -m harness eval` "
              "grades them; name a file to run it)", flush=True)

    def report(result: ScenarioResult) -> None:
        # This output ends up in CI logs: no whole phone numbers in it.
        print(mask_phones_in(result.line()), flush=True)
        if args.verbose:
            for event in result.events:
                if event.kind is not EventKind.REQUEST or args.verbose > 1:
                    print("    " + mask_phones_in(transcript_line(event)))

    results = await play_scenarios(settings, scenarios, report, wait=args.wait)
    failed = sum(not r.passed for r in results)
    print(f"{len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


async def run_eval(args: argparse.Namespace, settings: Settings) -> int:
    """Grade the eval's turns and print the score per intent and the failures."""
    files = args.files or [args.bot.parent / "scenarios" / "eval"]
    judge: Judge | None = None
    try:
        scenarios = load_scenarios(files)
        if args.judge:
            judge = judge_from(environment(args.env_file or args.bot.parent / ".env"))
        results = await evaluate_scenarios(settings, scenarios, wait=args.wait, judge=judge)
    except (ScenarioSyntaxError, JudgeUnavailable) as error:
        print(f"harness: {error}", file=sys.stderr)
        return 2
    finally:
        if judge is not None:
            await judge.aclose()
    print(mask_phones_in(eval_report(results)))
    if judge is not None:
        print(judge.cost_line())
    whole = scores(results)[-1]
    return 0 if whole.ratio >= args.min_score and not any(
        r.false_statement or r.harms for r in results) else 1


async def run_load_command(args: argparse.Namespace, settings: Settings) -> int:
    """Place the calls and print the latency table."""
    async with connect(settings) as bot:
        print(
            f"load: {args.calls} calls × {args.turns} turns, concurrency {args.concurrency}, "
            f"against {bot.client.base_url} ({bot.health.get('mode', '?')} mode)",
            flush=True,
        )
        report = await run_load(
            bot.client,
            settings.account,
            calls=args.calls,
            concurrency=args.concurrency,
            turns=args.turns,
            texts=args.texts,
            time_limit=args.time_limit,
        )
    print(report.table())
    return 1 if report.error_count else 0


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the simulator, the scenarios or the load driver."""
    parser = build_parser()
    args = parser.parse_args(argv)
    command = args.command
    if args.caller is not None and not is_phone_number(args.caller):
        parser.error(f"--from {args.caller!r}: give an E.164 number like +14155550123")
    if command == "load":
        if args.url and not is_loopback_url(args.url):
            parser.error("load only drives a bot on this machine (a loopback --url)")
        if args.url and not args.yes_real_crm:
            # A bot already running here may be the owner's own, with the real CRM behind it.
            parser.error(
                f"--url {args.url}: load writes its fake calls and customers into that bot's "
                "CRM; add --yes-real-crm if that is what you want (without --url, load starts "
                "its own bot on a throwaway CRM)"
            )
        if not is_bounded(args.calls, args.concurrency, args.turns, args.texts):
            parser.error(
                f"--calls and --texts 0..{MAX_CALLS}, --concurrency "
                f"1..{MAX_CONCURRENCY}, --turns 0..{MAX_TURNS}"
            )
        # Load is about the bot's own latency: never spend Claude tokens on it.
        args.offline = True
    with tempfile.TemporaryDirectory(prefix="harness-") as scratch:
        crm_path = args.crm
        if crm_path is None and command in ("run", "eval", "load", "screenshot") and not args.url:
            # Scripted and load calls write into a throwaway CRM, never the user's.
            crm_path = Path(scratch) / "crm.sqlite"
        settings = settings_from(args, crm_path)
        try:
            if command == "run":
                return asyncio.run(run_scenarios(args, settings))
            if command == "eval":
                return asyncio.run(run_eval(args, settings))
            if command == "load":
                return asyncio.run(run_load_command(args, settings))
        except BotStartError as error:
            return report_start_failure(error)
        except KeyboardInterrupt:
            return 130
        from harness.app import PhoneSimulator, save_screenshot

        if command == "screenshot":
            try:
                asyncio.run(save_screenshot(settings, args.output))
            except BotStartError as error:
                return report_start_failure(error)
            print(f"saved {args.output}")
            return 0
        app = PhoneSimulator(settings)
        app.run()
        return app.return_code or 0


if __name__ == "__main__":
    sys.exit(main())
