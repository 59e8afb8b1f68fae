"""The command palette's actions: every binding that works where the palette was opened
(the focused post, its pane, the screen, the app), named by its description, with its key
and binding id as help. Generated from the bindings, so a new key is a new command."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

from fedtui.ui.keymap import specs_by_id

SKIPPED = frozenset({"app.command_palette"})  # the palette itself


@dataclass(frozen=True, slots=True)
class KeyCommand:
    label: str
    help: str
    run: Callable[[], Any]


class KeysProvider(Provider):
    """One command per action bound where the palette was opened."""

    def commands(self) -> Iterator[KeyCommand]:
        specs = specs_by_id()
        seen: set[str] = set()
        for active in self.screen.active_bindings.values():
            binding = active.binding
            spec = specs.get(binding.id or "")
            if spec is None or spec.id in seen or spec.id in SKIPPED or not active.enabled:
                continue
            seen.add(spec.id)
            keys = self.app.get_key_display(binding)
            yield KeyCommand(spec.description, f"{keys}  ·  {spec.id}",
                             partial(self.app.run_action, binding.action, active.node))

    async def discover(self) -> Hits:
        for command in self.commands():
            yield DiscoveryHit(command.label, command.run, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self.commands():
            score = max(matcher.match(command.label), matcher.match(command.help))
            if score > 0:
                yield Hit(score, matcher.highlight(command.label), command.run, help=command.help)
