"""The dashboard's login on a small Pi: how much memory N wrong passwords at once cost.

Starts `python bot.py` offline (a throwaway CRM, the dashboard on with a password hash), then
posts N wrong passwords at once (each from its own address, via
the tunnel's X-Forwarded-For, so the per-address limit does not stop them before the check;
past 20 in a quarter hour the limit for everyone does) and prints the bot's resident memory
at peak before (idle) and after (Linux's VmHWM).

    python bench/bench_login_memory.py                       # scrypt (what set-password writes)
    python bench/bench_login_memory.py --hash argon2 -n 5 19 # an argon2 hash (written before)

Each run starts a fresh bot, so the peaks are comparable. Not a test: the figure is for people.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import aiohttp

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import bot  # noqa: E402

PASSWORD = "correct horse battery"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def memory_kb(pid: int, name: str) -> int:
    """VmRSS (resident now) or VmHWM (resident at peak) of a process, in kB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(name + ":"):
            return int(line.split()[1])
    return 0


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def stored_hash(kind: str) -> str:
    """The OWNER_PASSWORD_HASH to serve with: scrypt as set-password writes it, or argon2 with
    argon2-cffi's defaults (64 MiB, t=3, p=4), as it wrote before."""
    if kind == "argon2":
        from argon2 import PasswordHasher

        return PasswordHasher().hash(PASSWORD)
    return bot.hash_password(PASSWORD)


async def wrong_login(http: aiohttp.ClientSession, url: str, address: str) -> int:
    """One visitor: the login page (its CSRF cookie and token), then a wrong password."""
    headers = {"X-Forwarded-For": address}
    async with http.get(url + "/owner/login", headers=headers) as page:
        token = CSRF.search(await page.text())
        cookie = page.cookies.get("owner_session")
    assert token and cookie, "the login page had no form"
    # The cookie is Secure (the dashboard is served over the tunnel's https): sent by hand here.
    headers["Cookie"] = f"owner_session={cookie.value}"
    async with http.post(url + "/owner/login", headers=headers,
                         data={"csrf": token[1], "password": "not the password"}) as answer:
        return answer.status


async def logins_at_once(url: str, count: int) -> list[int]:
    async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as http:
        return await asyncio.gather(*(wrong_login(http, url, f"198.51.100.{n + 1}")
                                      for n in range(count)))


def run(kind: str, count: int) -> str:
    """One fresh bot, `count` wrong logins at once: the line to print."""
    port = free_port()
    with tempfile.TemporaryDirectory() as scratch:
        env = {"PATH": "/usr/bin:/bin", "PORT": str(port), "CRM_DB": f"{scratch}/crm.sqlite",
               "OWNER_PASSWORD_HASH": stored_hash(kind), "LOG_LEVEL": "WARNING"}
        process = subprocess.Popen([sys.executable, str(REPO / "bot.py")], cwd=scratch, env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(url + "/health", timeout=2):
                        break
                except OSError:
                    if time.monotonic() > deadline:
                        raise SystemExit("the bot did not start") from None
                    time.sleep(0.1)
            # The cookie's secret is made on the first visit: concurrent first visits each made
            # their own, and all but one got "This form had expired".
            urllib.request.urlopen(url + "/owner/login", timeout=10).close()
            before = memory_kb(process.pid, "VmHWM")
            started = time.monotonic()
            statuses = asyncio.run(logins_at_once(url, count))
            took = time.monotonic() - started
            after = memory_kb(process.pid, "VmHWM")
        finally:
            process.terminate()
            process.wait(timeout=20)
    refused = {status: statuses.count(status) for status in sorted(set(statuses))}
    return (f"{kind:<7} {count:>3} wrong logins at once: peak {before / 1024:.0f} MB -> "
            f"{after / 1024:.0f} MB (+{(after - before) / 1024:.0f} MB) in {took:.1f} s, "
            f"answers {refused}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--hash", choices=["scrypt", "argon2"], nargs="+",
                        default=["scrypt"], help="the kind of stored hash (default scrypt)")
    parser.add_argument("-n", type=int, nargs="+", default=[5, 19],
                        help="wrong logins at once (default 5 and 19: 20 a quarter hour in all)")
    args = parser.parse_args()
    for kind in args.hash:
        for count in args.n:
            print(run(kind, count), flush=True)


if __name__ == "__main__":
    main()
