"""`t` in the real App with the real embedded model: key press to first token on screen,
to the finished translation, and to a cached translation on screen.

Runs the App headless against the demo instance; the model is loaded by a first `t` that
is not counted (its time is reported as the load). The key's action is invoked directly
(`StatusList.action_translate`, what `t` is bound to): Pilot's own bookkeeping around a
simulated key press costs ~100 ms and would hide what is measured. Prints a table; JSON
to results/.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import time
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).parent / "results"
POSTS = [
    ("de", "Danke für die Einladung! Ich komme gerne zum Konzert am Samstag."),
    ("es", "Mañana hay mercado de artesanía en la plaza mayor."),
    ("fr", "Le basilic a survécu à l'hiver sur le rebord de la fenêtre."),
    ("ja", "今日は雨なので、家で本を読みます。"),
    ("pt", "Hoje plantei alfaces num vaso da varanda. Primeira vez!"),
    ("it", "Stasera cena con gli amici, porto il tiramisù."),
]


def card(pane: Any, index: int) -> str:
    return str(pane.status_list.card_at(index).content)


async def until(predicate: Any, timeout: float = 120.0) -> float:
    """Seconds until `predicate()` holds, checking after every event-loop turn."""
    start = time.perf_counter()
    while not predicate():
        if time.perf_counter() - start > timeout:
            raise TimeoutError("condition not reached")
        await asyncio.sleep(0.001)
    return time.perf_counter() - start


async def measure(server: Any) -> dict[str, Any]:
    from fedtui.app.context import AccountRef
    from fedtui.cli import build_context
    from fedtui.config import default_config
    from fedtui.ui.app import FedtuiApp

    context = build_context(default_config({"LANG": "en_US.UTF-8"}),
                            AccountRef(server.base_url, server.token, server.username), demo=True)
    app = FedtuiApp(context)
    first_token: list[float] = []
    finished: list[float] = []
    cached: list[float] = []
    async with app.run_test(size=(160, 48)) as pilot:
        pane = app.screen.panes[0]
        await until(lambda: len(pane.status_list.items) >= len(POSTS) + 1)
        press_t = pane.status_list.action_translate
        pane.status_list.highlighted = len(POSTS)  # a warm-up post: loads the model
        await pilot.pause()
        press_t()
        load = await until(lambda: "· on this device" in card(pane, len(POSTS))
                           and "translating" not in card(pane, len(POSTS)))
        for index in range(len(POSTS)):
            pane.status_list.highlighted = index
            await pilot.pause()
            pressed = time.perf_counter()
            press_t()
            await until(lambda i=index: "▍" in card(pane, i)
                        or ("· on this device" in card(pane, i)
                            and "translating" not in card(pane, i)))
            first_token.append(time.perf_counter() - pressed)
            await until(lambda i=index: "· on this device" in card(pane, i)
                        and "▍" not in card(pane, i) and "translating" not in card(pane, i))
            finished.append(time.perf_counter() - pressed)
            press_t()  # back to the original
            await until(lambda i=index: "machine translation" not in card(pane, i))
            pressed = time.perf_counter()
            press_t()  # again: from the cache
            await until(lambda i=index: "· on this device" in card(pane, i)
                        and "translating" not in card(pane, i))
            cached.append(time.perf_counter() - pressed)
    return {
        "first_t_with_model_load_s": round(load, 3),
        "first_token_on_screen_ms": [round(x * 1000, 1) for x in first_token],
        "translation_done_s": [round(x, 3) for x in finished],
        "cached_on_screen_ms": [round(x * 1000, 2) for x in cached],
    }


def main() -> int:
    argparse.ArgumentParser(description=__doc__).parse_args()
    from fedtui.demo import start_demo
    from fedtui.demo.accounts import ACCOUNTS
    from fedtui.demo.world import make_client

    with start_demo() as server:
        writer = next(a.username for a in ACCOUNTS if a.followed)
        client = make_client(server.base_url, server.token_for(writer))
        client.status_post("Guten Morgen aus Hamburg! Nebel über der Elbe.", language="de")
        for lang, text in reversed(POSTS):
            client.status_post(text, language=lang)
        result = asyncio.run(measure(server))
    p50 = statistics.median
    rows = [
        ("model load + first translation (s)", result["first_t_with_model_load_s"], "<= 2 (load)"),
        ("key -> first token on screen p50 (ms)", p50(result["first_token_on_screen_ms"]),
         "<= 200"),
        ("key -> translation done p50 (s)", p50(result["translation_done_s"]), "<= 0.5"),
        ("key -> cached translation p50 (ms)", p50(result["cached_on_screen_ms"]), "<= 5"),
    ]
    print(f"translate_ui: {len(POSTS)} posts, load average {os.getloadavg()}")
    for name, value, target in rows:
        print(f"{name:<42} {value:>8}   target {target}")
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"translate_ui-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(result, indent=2))
    print(f"results: {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
