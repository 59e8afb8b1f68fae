"""One object for each distinct post and author a session holds.

The same post reaches fedtui many times: Home, Local and Federated stream it each, a
mention brings it again inside a notification, and every author comes with each of their
posts. `SharedModels.item` hands back the object already held when an equal one is alive
(same id, same fields), so four panes showing one post keep one copy of it and of its
author. A post that changed (an edit, new counts) is a new object and replaces the old one
for what follows, sharing the fields that did not change (an author whose counts moved keeps
one copy of their name, note and avatar). Only weak references are held: a post no pane
shows any more is freed. Safe to call from several threads (each feed parses in its own).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import fields, replace
from typing import TypeVar, cast
from weakref import WeakValueDictionary

from fedtui.core.model import Account, Item, Notification, Status
from fedtui.core.notification_group import NotificationGroup

Shared = TypeVar("Shared", Account, Status)
ItemT = TypeVar("ItemT", bound=Item)


class SharedModels:
    """The posts and accounts alive in one session, by id."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._accounts: WeakValueDictionary[str, Account] = WeakValueDictionary()
        self._statuses: WeakValueDictionary[str, Status] = WeakValueDictionary()

    def account(self, account: Account) -> Account:
        """The held copy of `account` when an equal one is alive, else `account` (held
        from now on)."""
        return self._held(self._accounts, account)

    def status(self, status: Status) -> Status:
        """`status` with its author and boosted post shared, itself shared."""
        account = self.account(status.account)
        reblog = self.status(status.reblog) if status.reblog is not None else None
        if account is not status.account or reblog is not status.reblog:
            status = replace(status, account=account, reblog=reblog)
        return self._held(self._statuses, status)

    def item(self, item: ItemT) -> ItemT:
        """A status or a notification (its account, sample accounts and post) shared."""
        if isinstance(item, Status):
            return cast(ItemT, self.status(item))
        if not isinstance(item, Notification):
            return item
        account = self.account(item.account)
        status = self.status(item.status) if item.status is not None else None
        if isinstance(item, NotificationGroup):
            sample = tuple(self.account(a) for a in item.sample_accounts)
            return replace(item, account=account, status=status, sample_accounts=sample)
        if account is item.account and status is item.status:
            return item
        return replace(item, account=account, status=status)

    def items(self, items: Iterable[ItemT]) -> list[ItemT]:
        return [self.item(item) for item in items]

    def _held(self, table: WeakValueDictionary[str, Shared], fresh: Shared) -> Shared:
        if not fresh.id:
            return fresh
        with self._lock:
            known = table.get(fresh.id)
            if known is not None:
                if known == fresh:
                    return known
                fresh = _sharing_unchanged(known, fresh)
            table[fresh.id] = fresh
            return fresh


def _sharing_unchanged(known: Shared, fresh: Shared) -> Shared:
    """`fresh` holding `known`'s value of every field that did not change: an author whose
    counts moved keeps one copy of their name, note, avatar and fields."""
    same = {name: old for name in _FIELDS[type(fresh)]
            if (old := getattr(known, name)) is not (new := getattr(fresh, name)) and old == new}
    return replace(fresh, **same) if same else fresh


_FIELDS = {cls: tuple(f.name for f in fields(cls) if f.init) for cls in (Account, Status)}
