"""What the App is given by `cli.py`: the account, the adapters and the settings.

Tests build an `AppContext` with a client pointed at mastodon-mock instead of patching
globals. The instance client is created lazily, inside a worker, so that start-up paints
before Mastodon.py is even imported.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from fedtui.config import Config
from fedtui.core.model import Account, Notification, Status
from fedtui.core.panes import DEFAULT_PANES, PaneSpec

if TYPE_CHECKING:
    from fedtui.llm.registry import ModelRegistry
    from fedtui.mastodon.actions import Actions, ComposeLimits
    from fedtui.mastodon.client import InstanceClient
    from fedtui.store.accounts import AccountStore
    from fedtui.store.cache import TimelineCache
    from fedtui.store.drafts import DraftStore
    from fedtui.store.translations import TranslationStore

Item = Status | Notification


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class AccountRef:
    """The account this App shows: where it lives and how to reach it."""

    instance_url: str
    token: str | None
    acct: str = ""

    @property
    def key(self) -> str:
        """The same key the account store and the cache use (`alice@host:port`)."""
        from fedtui.store.accounts import account_key, normalize_instance_url

        if self.acct:
            return account_key(self.instance_url, self.acct)
        return normalize_instance_url(self.instance_url).split("://", 1)[-1]


@dataclass
class AppContext:
    config: Config
    account: AccountRef | None
    connect: Callable[[AccountRef], InstanceClient] | None = None
    cache: TimelineCache | None = None
    accounts: AccountStore | None = None
    models: Callable[[], ModelRegistry] | None = None  # on-device models; None: no AI
    translations: TranslationStore | None = None
    clock: Callable[[], datetime] = utc_now
    demo: bool = False
    notices: list[str] = field(default_factory=list)  # said once the screen is up
    drafts: DraftStore | None = None  # unsent posts, saved as they are typed
    #: Builds the write-side adapter for a client (tests: a recorded stand-in).
    make_actions: Callable[[Any], Actions] | None = None
    _client: InstanceClient | None = field(default=None, init=False, repr=False)
    _actions: Actions | None = field(default=None, init=False, repr=False)
    _me: Account | None = field(default=None, init=False, repr=False)
    _limits: ComposeLimits | None = field(default=None, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def client(self) -> InstanceClient:
        """The instance client, built on first use (call from a worker thread)."""
        with self._lock:
            if self._client is None:
                if self.account is None or self.connect is None:
                    raise RuntimeError("no account is selected")
                self._client = self.connect(self.account)
            return self._client

    def actions(self) -> Actions:
        """Posting, interactions, search, markers... for this account (from a worker)."""
        client = self.client()
        with self._lock:
            if self._actions is None:
                if self.make_actions is not None:
                    self._actions = self.make_actions(client)
                else:
                    from fedtui.mastodon.actions import Actions

                    self._actions = Actions(client)
            return self._actions

    def me(self) -> Account:
        """The logged-in account (asked once; call from a worker)."""
        if self._me is None:
            self._me = self.client().verify_credentials()
        return self._me

    def limits(self) -> ComposeLimits:
        """The instance's limits for posts (asked once; call from a worker)."""
        if self._limits is None:
            self._limits = self.actions().compose_limits()
        return self._limits

    @property
    def account_key(self) -> str:
        return self.account.key if self.account is not None else ""

    def switch_account(self, account: AccountRef) -> None:
        with self._lock:
            self.account = account
            self._client = None
            self._actions = None
            self._me = None
            self._limits = None

    # -- cache: never fatal, the network answer follows anyway ------------------------

    def cached_items(self, spec: PaneSpec) -> list[Any]:
        if self.cache is None or self.account is None:
            return []
        try:
            return list(self.cache.load(self.account.key, spec.key))
        except Exception:  # a broken cache row must not stop the first paint
            return []

    def save_items(self, spec: PaneSpec, items: Sequence[Item]) -> None:
        if self.cache is not None and self.account is not None:
            try:
                self.cache.save(self.account.key, spec.key, items)
            except Exception as err:
                self.notices.append(f"Could not save the local cache: {err}")

    def layout(self) -> list[PaneSpec]:
        if self.cache is not None and self.account is not None:
            try:
                saved = self.cache.load_layout(self.account.key)
            except Exception:
                saved = None
            if saved:
                return list(saved)
        return list(DEFAULT_PANES)

    def save_layout(self, panes: Sequence[PaneSpec]) -> None:
        if self.cache is not None and self.account is not None:
            try:
                self.cache.save_layout(self.account.key, panes)
            except Exception as err:
                self.notices.append(f"Could not save the pane layout: {err}")
