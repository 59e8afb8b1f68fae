"""A "describe what to hide" filter judged by the real embedded model (Gemma 3 270M, base,
few-shot): through the service and the model's scheduler, as the App does it, and
through `fedtui timeline --explain` against mastodon-mock."""

from __future__ import annotations

import html
import json
import threading
from pathlib import Path
from typing import Any

import pytest

from fedtui.app.local_filters import FILE_NAME, LocalFilters, filters_file
from fedtui.cli import main
from fedtui.core.model import Account, Status
from fedtui.llm.llama_cpp import LlamaCppModel
from fedtui.llm.scheduler import ModelScheduler

pytestmark = [pytest.mark.model, pytest.mark.xdist_group("model")]

RULE = '[[filter]]\nname = "crypto"\ndescribe = "crypto giveaways"\n'
SPAM = ("🚀 GIVEAWAY! We are giving away 5 ETH to 10 lucky followers. Follow and send "
        "your wallet address to win!")
SOUP = "Made a big pot of lentil soup tonight, the recipe is in the replies"
ZOE = Account(id="1", username="zoe", acct="zoe@example.social", display_name="Zoe",
              url="https://example.social/@zoe")



def test_the_model_hides_a_crypto_giveaway_and_keeps_a_soup_recipe(
        gemma: LlamaCppModel, tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    path.write_text(RULE, encoding="utf-8")
    scheduler = ModelScheduler(lambda: gemma)
    judged: list[str] = []
    both = threading.Event()

    def settled(status_id: str) -> None:
        judged.append(status_id)
        if len(judged) == 2:
            both.set()

    local = LocalFilters(path, scheduler=lambda: scheduler, on_judged=settled)
    spam, soup = (Status(id=sid, account=ZOE, content=f"<p>{html.escape(text)}</p>")
                  for sid, text in (("1", SPAM), ("2", SOUP)))
    try:
        assert local.decide(spam).pending and local.decide(soup).pending
        assert both.wait(300)
    finally:
        scheduler.shutdown(wait=False)
    hidden, kept = local.decide(spam), local.decide(soup)
    assert hidden.title == "crypto", hidden
    assert kept.title == "" and kept.facts()[0].detail == "kept:describe", kept
    assert "judged it and kept it (“yes” in" in kept.facts()[0].sentence()


def test_timeline_explain_says_the_model_hid_it(
        mock_server: Any, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    mock_server.client("bob").status_post(SPAM)
    monkeypatch.setenv("FEDTUI_INSTANCE", mock_server.base_url)
    monkeypatch.setenv("FEDTUI_TOKEN", "alice_token")
    path = filters_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(RULE, encoding="utf-8")
    assert main(["timeline", "local", "--json", "--explain"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    spam = next(r for r in records if "GIVEAWAY" in r["text"])
    decided = [f for f in spam["why"] if f["reason"] == "local_filter"]
    assert [(f["names"], f["detail"]) for f in decided] == [(["crypto"], "hidden:describe")]
