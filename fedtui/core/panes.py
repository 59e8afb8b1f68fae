"""What a pane shows (`PaneSpec`) and one page of it (`Page`): shared by every ring.

A `PaneSpec` is plain data so that the pane layout can be saved per account and restored.
Cursors in a `Page` are opaque: only the adapter that made them reads them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

from fedtui.core.sanitize import clean_line

T = TypeVar("T")


class PaneKind(StrEnum):
    HOME = "home"
    NOTIFICATIONS = "notifications"
    LOCAL = "local"
    FEDERATED = "federated"
    HASHTAG = "hashtag"
    LIST = "list"
    BOOKMARKS = "bookmarks"
    FAVOURITES = "favourites"
    CONVERSATIONS = "conversations"
    ACCOUNT = "account"
    FOR_YOU = "foryou"  # what the other timelines fetched, ranked by the reader's rules


#: Kinds that need an argument (the tag, the list id, the account id).
KINDS_WITH_ARGUMENT = frozenset({PaneKind.HASHTAG, PaneKind.LIST, PaneKind.ACCOUNT})

#: Kinds with a streaming channel in the Mastodon API.
STREAMABLE = frozenset(
    {PaneKind.HOME, PaneKind.NOTIFICATIONS, PaneKind.LOCAL, PaneKind.FEDERATED,
     PaneKind.HASHTAG, PaneKind.LIST, PaneKind.CONVERSATIONS}
)

#: Kinds whose stream brings their own entities only, not the edits and deletions of the
#: posts they show.
OWN_EVENTS_ONLY = frozenset({PaneKind.NOTIFICATIONS, PaneKind.CONVERSATIONS})

#: The timelines a For you pane ranks (beside what the open panes of these kinds hold).
GATHERED = frozenset({PaneKind.HOME, PaneKind.LIST, PaneKind.HASHTAG})


@dataclass(frozen=True, slots=True)
class PaneSpec:
    kind: PaneKind
    argument: str = ""  # tag name, list id or account id
    label: str = ""  # list title or account handle, for display
    account: str = ""  # the saved account it is read as ("user@host"); "" is the main one

    @property
    def title(self) -> str:
        """What the pane is called on screen, as one safe line (labels and hashtags come
        from servers, from typing and from the saved layout)."""
        if self.kind is PaneKind.HASHTAG:
            base = f"#{self.argument}"
        elif self.kind in (PaneKind.LIST, PaneKind.ACCOUNT):
            base = self.label or self.argument
        elif self.kind is PaneKind.FOR_YOU:
            base = "For you (local)"
        else:
            base = self.kind.value.capitalize()
        return clean_line(f"{base} · {self.account}" if self.account else base)

    @property
    def key(self) -> str:
        """A stable identifier, used for the cache and the saved layout."""
        key = f"{self.kind.value}:{self.argument}" if self.argument else self.kind.value
        return f"{self.account}|{key}" if self.account else key

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind.value, "argument": self.argument, "label": self.label,
                "account": self.account}

    @classmethod
    def from_dict(cls, data: dict[str, str]) -> PaneSpec:
        return cls(PaneKind(data["kind"]), data.get("argument", ""), data.get("label", ""),
                   data.get("account", ""))


DEFAULT_PANES: tuple[PaneSpec, ...] = (
    PaneSpec(PaneKind.HOME),
    PaneSpec(PaneKind.NOTIFICATIONS),
    PaneSpec(PaneKind.LOCAL),
    PaneSpec(PaneKind.FEDERATED),
)


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """Items newest first, with cursors to fetch the next older and newer pages."""

    items: Sequence[T]
    older: object | None = None
    newer: object | None = None
    #: a ranked page's scores, by item id (its items are in the ranking's order)
    scores: Mapping[str, float] | None = None
