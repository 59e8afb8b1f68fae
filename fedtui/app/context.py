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
from fedtui.core.model import Account, Item
from fedtui.core.panes import DEFAULT_PANES, PaneSpec
from fedtui.errors import FedtuiError, StoreError

if TYPE_CHECKING:
    from fedtui.app.explain import Explainer
    from fedtui.app.kept_below import KeptBelow
    from fedtui.app.rank import Ranker
    from fedtui.core.capabilities import ServerCapabilities
    from fedtui.llm.registry import ModelRegistry
    from fedtui.mastodon.actions import Actions, ComposeLimits
    from fedtui.mastodon.client import InstanceClient
    from fedtui.net import Network
    from fedtui.store.accounts import AccountStore
    from fedtui.store.cache import TimelineCache
    from fedtui.store.drafts import DraftStore
    from fedtui.store.judgements import JudgementStore
    from fedtui.store.older import OlderPosts
    from fedtui.store.translations import TranslationStore
    from fedtui.store.ui_state import UiState


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class AccountRef:
    """The account this App shows: where it lives and how to reach it."""

    instance_url: str
    token: str | None = field(repr=False)  # never in a repr, a traceback or a log
    acct: str = ""

    @property
    def key(self) -> str:
        """The same key the account store and the cache use (`alice@host:port`)."""
        from fedtui.store.accounts import account_key, normalize_instance_url

        if self.acct:
            return account_key(self.instance_url, self.acct)
        return normalize_instance_url(self.instance_url).split("://", 1)[-1]


@dataclass
class AccountSession:
    """One account's instance client and what is asked of it once (from worker threads)."""

    account: AccountRef
    connect: Callable[[AccountRef], InstanceClient]
    make_actions: Callable[[Any], Actions] | None = None
    _client: InstanceClient | None = field(default=None, init=False, repr=False)
    _actions: Actions | None = field(default=None, init=False, repr=False)
    _me: Account | None = field(default=None, init=False, repr=False)
    _limits: ComposeLimits | None = field(default=None, init=False, repr=False)
    _explainer: Explainer | None = field(default=None, init=False, repr=False)
    _ranker: Ranker | None = field(default=None, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def client(self) -> InstanceClient:
        with self._lock:
            if self._client is None:
                self._client = self.connect(self.account)
            return self._client

    def actions(self) -> Actions:
        """Posting, interactions, search, markers... for this account."""
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
        if self._me is None:
            self._me = self.client().verify_credentials()
        return self._me

    def limits(self) -> ComposeLimits:
        if self._limits is None:
            self._limits = self.actions().compose_limits()
        return self._limits

    def explainer(self) -> Explainer:
        """"Why am I seeing this" for this account's panes (its data asked on first use)."""
        from fedtui.app.explain import Explainer

        with self._lock:
            if self._explainer is None:
                self._explainer = Explainer(self.client, self.me, utc_now)
            return self._explainer

    def ranker(self) -> Ranker:
        """The For you (local) ranking for this account (rules from ranking.toml)."""
        from fedtui.app.rank import Ranker
        from fedtui.app.rank_rules import RuleBook, ranking_file

        with self._lock:
            if self._ranker is None:
                self._ranker = Ranker(self.client, self.me, self.explainer,
                                      RuleBook(ranking_file()), utc_now)
            return self._ranker


@dataclass
class AppContext:
    """`account` is the main account (its pane layout); panes may show other saved accounts.

    The *acting* account is the one whose pane has the focus: `client()`, `actions()`,
    `me()` and `limits()` answer for it, so a boost or a reply from a pane of another
    account is made as that account.
    """

    config: Config
    account: AccountRef | None
    connect: Callable[[AccountRef], InstanceClient] | None = None
    cache: TimelineCache | None = None
    older: OlderPosts | None = None  # the posts the panes' caps push out of memory
    accounts: AccountStore | None = None
    models: Callable[[], ModelRegistry] | None = None  # on-device models; None: no AI
    translations: TranslationStore | None = None
    judgements: JudgementStore | None = None  # the local model's filter judgements
    clock: Callable[[], datetime] = utc_now
    demo: bool = False
    notices: list[str] = field(default_factory=list)  # said once the screen is up
    drafts: DraftStore | None = None  # unsent posts, saved as they are typed
    #: Builds the write-side adapter for a client (tests: a recorded stand-in).
    make_actions: Callable[[Any], Actions] | None = None
    acting: str = ""  # key of the acting account; "" is the main account
    #: The run's network (proxy) from `cli.network_for`; None: direct (tests only).
    network: Network | None = None
    ui_state: UiState | None = None  # choices made in the app (the theme) for the next start
    _sessions: dict[str, AccountSession] = field(default_factory=dict, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    _kept_below: KeptBelow | None = field(default=None, init=False, repr=False)

    def session(self, key: str = "") -> AccountSession:
        """The session of a saved account by key ("" or the main key: the main account)."""
        if self.account is None or self.connect is None:
            raise RuntimeError("no account is selected")
        main = key in ("", self.account.key)
        with self._lock:
            found = self._sessions.get("" if main else key)
        if found is not None:
            return found
        ref = self.account if main else self._saved_account(key)
        with self._lock:
            return self._sessions.setdefault(
                "" if main else key, AccountSession(ref, self.connect, self.make_actions))

    def _saved_account(self, key: str) -> AccountRef:
        if self.accounts is None:
            raise FedtuiError(f"The account {key} is not available in this session.")
        saved = self.accounts.get(key)
        return AccountRef(saved.instance_url, self.accounts.token(saved.key), saved.acct)

    def known_secrets(self) -> list[str]:
        """The tokens of the main account and of every open session (for redaction)."""
        with self._lock:
            refs = [self.account, *(s.account for s in self._sessions.values())]
        return [ref.token for ref in refs if ref is not None and ref.token]

    def reading_key(self, key: str) -> str:
        """The key a list read as account `key` goes by: "" for the main account."""
        return "" if self.account is None or key == self.account.key else key

    def act_as(self, key: str) -> None:
        """Make the account of the focused pane the acting one."""
        self.acting = self.reading_key(key)

    def client(self) -> InstanceClient:
        """The acting account's instance client, built on first use (from a worker)."""
        return self.session(self.acting).client()

    def actions(self) -> Actions:
        return self.session(self.acting).actions()

    def me(self) -> Account:
        """The acting account (asked once; call from a worker)."""
        return self.session(self.acting).me()

    def limits(self) -> ComposeLimits:
        """The acting account's instance limits for posts (asked once; from a worker)."""
        return self.session(self.acting).limits()

    def known_capabilities(self) -> ServerCapabilities | None:
        """What the acting account's server is known to lack, without connecting (None
        before its client is built: nothing is known yet). Safe on the UI thread."""
        main = self.account is None or self.acting in ("", self.account.key)
        with self._lock:
            session = self._sessions.get("" if main else self.acting)
        client = session._client if session is not None else None
        return client.capabilities if client is not None else None

    @property
    def acting_acct(self) -> str:
        """The acting account's handle as saved (no request; "" when unknown)."""
        try:
            return self.session(self.acting).account.acct
        except (RuntimeError, FedtuiError):
            return ""

    @property
    def account_key(self) -> str:
        """The acting account's key (drafts and markers belong to it)."""
        if self.acting:
            return self.acting
        return self.account.key if self.account is not None else ""

    def switch_account(self, account: AccountRef) -> None:
        with self._lock:
            self.account = account
            self.acting = ""
            self._sessions.clear()

    # -- cache: never fatal, the network answer follows anyway ------------------------

    def _owner(self, spec: PaneSpec) -> str:
        return spec.account or (self.account.key if self.account is not None else "")

    def cached_items(self, spec: PaneSpec) -> list[Any]:
        if self.cache is None or self.account is None:
            return []
        try:
            return list(self.cache.load(self._owner(spec), spec.key))
        except StoreError:  # an unreadable cache must not stop the first paint
            return []

    def kept_below(self) -> KeptBelow | None:
        """Where panes keep the posts their cap pushes out (None without a local cache)."""
        if self.older is None:
            return None
        with self._lock:
            if self._kept_below is None:
                from fedtui.app.kept_below import KeptBelow

                self._kept_below = KeptBelow(self.older, self._owner)
            return self._kept_below

    def end_kept_below(self) -> None:
        """The run ends: the posts the panes pushed out leave the disk (if any were kept)."""
        with self._lock:
            kept, self._kept_below = self._kept_below, None
        if kept is not None:
            kept.close()

    def save_items(self, spec: PaneSpec, items: Sequence[Item]) -> str | None:
        """Keep the page for the next start; the problem, in a sentence, if that failed."""
        if self.cache is not None and self.account is not None:
            try:
                self.cache.save(self._owner(spec), spec.key, items)
            except StoreError as err:
                return f"Could not save the local cache: {err}"
        return None

    def layout(self) -> list[PaneSpec]:
        if self.cache is not None and self.account is not None:
            try:
                saved = self.cache.load_layout(self.account.key)
            except StoreError:
                saved = None
            if saved:
                return list(saved)
        return list(DEFAULT_PANES)

    def save_layout(self, panes: Sequence[PaneSpec]) -> str | None:
        """Remember the panes; the problem, in a sentence, if that failed."""
        if self.cache is not None and self.account is not None:
            try:
                self.cache.save_layout(self.account.key, panes)
            except StoreError as err:
                return f"Could not save the pane layout: {err}"
        return None
