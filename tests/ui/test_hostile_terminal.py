"""The whole UI against a hostile instance (issue #8): the real `fedtui` on a
pseudo-terminal, mastodon-mock behind a relay that puts escape sequences, C1 controls, bidi
overrides, invisible characters and markup into every string of every answer (error bodies
too). Real keys drive every screen; the raw bytes written to the terminal must hold no
escape sequence fedtui did not mean to write, no C1 control and no bidi control."""

from __future__ import annotations

import base64
import os
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.hostile_relay import HostileRelay, Terminal
from tests.hostile_support import unsafe

#: The only sequences Textual writes: SGR, cursor moves, private modes and their queries,
#: the kitty keyboard protocol, the pointer shape (OSC 22) and a clipboard write (OSC 52,
#: checked on its own below).
TEXTUAL_ESCAPES = re.compile(
    rb"\x1b\[[0-9;:]*m|\x1b\[[0-9]+;[0-9]+H|\x1b\[\?[0-9;]+[hl]|\x1b\[\?[0-9]+\$p"
    rb"|\x1b\[>[0-9]+u|\x1b\[<u|\x1b\]22;[a-z-]+\x07|\x1b\]52;c;([A-Za-z0-9+/=]*)\x07"
)
C1_OR_BIDI = re.compile("[\x80-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
ESC = 0x1B
ESCAPE = "\x1b[27u"  # the escape key, unambiguous (Textual turns the kitty protocol on)
DOWN = "\x1b[B"
#: A pane's header once its page is in (the config polls: `streaming = false`).
SETTLED = ("· up to date", "· polling")


def seed_world(server: Any) -> None:
    """Beyond `seeded`: a poll, alice's own post, notifications, a list, a filter and a
    scheduled post, so that every screen has server text to show."""
    alice, bob = server.client("alice"), server.client("bob")
    alice_id = alice.account_verify_credentials()["id"]
    bob_id = bob.account_verify_credentials()["id"]
    for number in range(12):
        bob.status_post(f"#hostile post {number} for @alice https://example.org/{number}")
    mine = alice.status_post("Alice's own post, to delete")
    bob.status_favourite(mine["id"])
    bob.status_post("@alice are you there?")
    bob.status_post("Markup poll", poll=bob.make_poll(["yes [/]", "[bold]no"], 3600))
    alice.status_post("Alice's newest post")
    friends = alice.list_create("Friends")
    alice.list_accounts_add(friends["id"], [bob_id])
    alice.create_filter_v2("Hostile filter", ["home"], "warn",
                           keywords_attributes=[{"keyword": "zebra"}])
    alice.status_post("Later, maybe", scheduled_at=datetime.now(UTC) + timedelta(days=2))
    assert alice_id


@pytest.fixture
def world(seeded: Any, tmp_path: Path) -> dict[str, Any]:
    seed_world(seeded)
    config = tmp_path / "config.toml"
    config.write_text("[timeline]\nstreaming = false\npage_size = 40\n", "utf-8")
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "browser.sh"
    browser.write_text(f'#!/bin/sh\nprintf "%s\\n" "$1" >> "{opened}"\n', "utf-8")
    browser.chmod(0o755)
    return {"server": seeded, "config": config, "opened": opened, "browser": browser}


def terminal_env(relay: HostileRelay, world: dict[str, Any]) -> dict[str, str]:
    keep = ("PATH", "HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME",
            "XDG_STATE_HOME", "PYTHON_KEYRING_BACKEND", "NO_PROXY")
    env = {key: os.environ[key] for key in keep if key in os.environ}
    env.update(TERM="xterm-256color", COLORTERM="truecolor", LANG="en_US.UTF-8",
               FEDTUI_INSTANCE=relay.url, FEDTUI_TOKEN="alice_token",
               FEDTUI_CONFIG=str(world["config"]), BROWSER=f"{world['browser']} %s",
               DISPLAY=":0",  # a desktop session: the App launches only window browsers
               PYTHONPATH=str(Path(__file__).parents[2]))
    return env


def drive(term: Terminal, relay: HostileRelay, server: Any) -> None:
    """Every screen, with real keys; each step waits for what the screen shows."""
    def screen(name: str) -> int:
        relay.screen = name
        return term.mark()

    def back(*keys: str, to: tuple[str, ...] = SETTLED) -> None:
        """Press `keys` and wait until the screen under shows again."""
        mark = term.mark()
        term.press(*keys)
        term.wait_for(*to, since=mark)

    screen("timelines and notifications")
    panes = ("Home", "Notifications", "Local", "Federated")
    term.wait(lambda text: all(any(f"{pane} {said}" in text for said in SETTLED)
                               for pane in panes), timeout=60)
    mark = screen("timelines and notifications")
    term.press("j", "j", "k", "l", "j", "h")

    screen("timeline reloads")
    for _ in range(2 * len(panes)):  # ctrl+r on each pane, twice round, back to Home
        before = relay.injected["timeline reloads"]
        term.press("\x12")
        term.wait(lambda _, before=before: relay.injected["timeline reloads"] > before + 300)
        term.press("l")  # l from the last pane goes to the first

    mark = screen("delete dialog")
    term.press("g", "d")
    term.wait_for("Delete this post?", since=mark)
    back(ESCAPE)

    mark = screen("vote")
    term.press("j", "v")  # the poll, just below alice's newest post
    term.wait_for("Vote: choose one", since=mark)
    term.press("\r")
    term.wait_for("Voted.", "not counted", since=mark)

    mark = screen("copy")
    term.press("y")
    term.wait_for("Copied the link", "no web link", since=mark)

    mark = screen("open")
    term.press("k", "o")  # notices wrap: wait for single words
    seen = term.wait_for("Open which link?", "Opened", "opened", "browser", "links.",
                         since=mark)
    if "Open which link?" in seen:
        mark = term.mark()
        term.press("\r")
        term.wait_for("Opened", "opened", "browser", since=mark)

    mark = screen("thread")
    term.press("\r")
    term.wait_for(" before  · ", "could not load", since=mark)
    back(ESCAPE)

    mark = screen("profile")
    term.press("j", "p")  # bob's (the poll's): alice's own profile offers no mute or report
    term.wait_for(" follower", since=mark)
    term.wait(lambda text: text.count(" follower") >= 2, since=mark)  # and reloaded
    mark = screen("profile dialogs")
    term.press("M")
    term.wait_for("Until I unmute", since=mark)
    back(ESCAPE, to=(" follower",))
    term.press("R")
    term.wait_for("Send report", since=mark)
    back(ESCAPE, to=(" follower",))
    back(ESCAPE)

    mark = screen("compose error")
    with server.fault(path="/api/v1/statuses", methods=["POST"], status=422,
                      body={"error": "Validation failed: [/] \x1b]52;c;SE9TVElMRQ==\x07 "
                                     "\u202e[bold red]x\x9b2J"}):
        term.press("c")
        term.wait_for("ctrl+s send", since=mark)
        term.press(*"hello")
        term.wait_for("5/50", since=mark)  # typed, and the server's limits arrived
        term.press("\x13")  # ctrl+s
        term.wait_for("Not sent", since=mark)
    back(ESCAPE, to=("Close the editor?",))
    back("\r")  # keep the draft

    mark = screen("search")
    term.press("/")
    term.wait_for("Search  ·", since=mark)
    term.press(*"bob", "\r")
    term.wait_for(" found  ·", "failed", since=mark)
    back(ESCAPE)

    mark = screen("filters")
    term.press("\x06")  # ctrl+f
    term.wait_for("Hostile filter", since=mark)
    term.press("\r")
    term.wait_for("Edit filter", since=mark)
    back(ESCAPE, to=("Hostile filter",))
    back(ESCAPE)

    mark = screen("scheduled")
    term.press("U")
    term.wait_for("Later, maybe", since=mark)
    back(ESCAPE)

    mark = screen("lists")
    term.press("+")
    term.wait_for("Add a pane", since=mark)
    term.press(*[DOWN] * 5, "\r")  # "One of your lists…"
    term.wait_for("Friends", since=mark)
    mark = term.mark()
    term.press(DOWN, "\r")
    term.wait(lambda text: any("Friends" in line and any(said in line for said in SETTLED)
                               for line in text.splitlines()), since=mark)


def check_output(raw: bytes, opened: list[str]) -> dict[str, int]:
    """Every escape sequence is one of Textual's; no C1, bidi or stray control."""
    text = raw.decode("utf-8")  # strict: a lone surrogate or a raw C1 byte fails here
    copies = 0
    position = raw.find(ESC)
    while position != -1:
        match = TEXTUAL_ESCAPES.match(raw, position)
        assert match, f"an escape sequence fedtui did not write: {raw[position:position + 40]!r}"
        if match.group(1) is not None:  # OSC 52: what was copied must be a safe web link
            copied = base64.b64decode(match.group(1)).decode("utf-8")
            assert not unsafe(copied) and copied.startswith(("http://", "https://")), copied
            copies += 1
        assert b"31337" not in match.group(0)  # no hostile cursor move or style
        position = raw.find(ESC, match.end())
    assert not C1_OR_BIDI.search(text), C1_OR_BIDI.findall(text)[:10]
    stray = {c for c in text if ord(c) < 0x20 and c not in "\x1b\r\n\x07"}
    assert not stray, stray
    for url in opened:
        assert url.startswith(("http://", "https://")) and not unsafe(url), url
    return {"escape sequences": raw.count(ESC), "clipboard writes": copies}


def test_a_hostile_instance_cannot_write_to_the_terminal(world: dict[str, Any],
                                                         tmp_path: Path) -> None:
    server = world["server"]
    with HostileRelay(server.base_url) as relay:
        term = Terminal(terminal_env(relay, world), tmp_path)
        try:
            drive(term, relay, server)
        finally:
            code = term.close()
    raw = term.raw()
    visible = term.text()
    assert code == 0, visible[-3000:]
    assert "Traceback" not in visible and "MarkupError" not in visible
    opened = world["opened"].read_text("utf-8").split() if world["opened"].exists() else []
    seen = check_output(raw, opened)
    assert "[/]" in visible and "[bold red]" in visible  # markup shown as written
    total = sum(relay.injected.values())
    print(f"\nhostile inputs through the whole UI: {total} "
          f"({', '.join(f'{k}: {v}' for k, v in relay.injected.items())}); "
          f"terminal: {len(raw)} bytes, {seen['escape sequences']} escape sequences, all "
          f"Textual's; {seen['clipboard writes']} clipboard writes; 0 C1/bidi; "
          f"browser handed {len(opened)} link(s)")
    assert total >= 10_000
