"""The local filters service: the rules file, each post's decision, the model's judgements.

The rules live in `filters.toml` beside the config file (as `ranking.toml`); `reload()`
reads it again when it changed (the App's rules watcher calls it, in a worker). A broken
rule gets a problem that names its line, and the rules in force before stay. Describe
rules are judged on the model's queue at `Priority.BACKGROUND` (after every translation),
once per post and description; the answers are kept in memory and, given a store, on
disk across restarts. `on_judged(status_id)` says that a post's decision changed, from the
model's thread. No Textual here.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from fedtui.core.bounded import Recent
from fedtui.core.local_filters import (
    NOTHING,
    Decision,
    Judgement,
    Rule,
    RuleKind,
    decide,
    full_acct,
    mute_block,
    parse_rules,
    post_text,
)
from fedtui.core.model import Item, Notification, Status
from fedtui.errors import FedtuiError
from fedtui.paths import file_stamp

if TYPE_CHECKING:
    from fedtui.llm.backend import CancelToken, LocalModel
    from fedtui.llm.scheduler import ModelScheduler
    from fedtui.store.judgements import JudgementStore

FILE_NAME = "filters.toml"


def filters_file() -> Path:
    """`filters.toml`, beside the config file (`$FEDTUI_CONFIG` moves both)."""
    from fedtui import paths

    return paths.rules_file(FILE_NAME)

TEMPLATE = '''\
# fedtui's local filters: rules that stay on this machine (your server never sees them).
# A post a rule matches is folded behind one line naming the rule; `s` shows it, `w` says
# which rule decided. fedtui reads this file again when you save it.
#
# Each rule is a [[filter]] table with a name and exactly one of:
#   keywords = ["giveaway", "airdrop"]   whole words or phrases, any case
#   regex = "\\\\bbuy now\\\\b"                one regular expression (Python syntax; any
#                                        case unless (?-i:...) says otherwise)
#   accounts = ["spam@bad.example"]      muted accounts (their posts and their boosts)
#   domains = ["bad.example"]            muted servers (and their subdomains)
#   describe = "crypto giveaways"        judged post by post by the on-device model
# A describe rule also takes `threshold` (share of "yes" answers that hides a post,
# default 0.5) and `judge_before_showing = true` (hold a post back until it is judged).
#
# [[filter]]
# name = "giveaways"
# keywords = ["giveaway", "airdrop"]
#
# [[filter]]
# name = "crypto giveaways"
# describe = "crypto giveaways"
# threshold = 0.6
'''


class LocalFilters:
    """One rules file, the decisions it makes, and the judgements of its describe rules."""

    def __init__(self, path: Path, *,
                 scheduler: Callable[[], ModelScheduler | None] | None = None,
                 on_judged: Callable[[str], None] = lambda status_id: None,
                 store: JudgementStore | None = None) -> None:
        self.path = path
        self.store = store  # judgements kept across restarts (None: this session only)
        self._scheduler = scheduler
        self._on_judged = on_judged
        self._lock = threading.Lock()  # the judgements
        self._file_lock = threading.Lock()  # reading the file
        self._cache_lock = threading.Lock()  # the texts and decisions kept
        self._rules: tuple[Rule, ...] = ()
        self._stamp: tuple[int, int] | None = None
        self._loaded = False
        self._problems: tuple[str, ...] = ()
        self._judged: dict[tuple[str, str, str], Judgement] = Recent()
        self._texts: dict[tuple[str, str], str] = Recent()
        #: by item id and version: the decision, and the rules and judgements it was made on
        self._decisions: dict[tuple[str, str], tuple[tuple[int, int], Decision]] = Recent()
        self._generation = 0  # one more with every change of the rules
        self._judged_times: dict[str, int] = Recent()  # judgements settled, by status id
        self.asking = True  # False: describe rules wait (before the App's first frame)

    @property
    def rules(self) -> tuple[Rule, ...]:
        if not self._loaded:
            self.reload()
        return self._rules

    @property
    def problems(self) -> tuple[str, ...]:
        """What is wrong with the file, one sentence each, naming the line."""
        if not self._loaded:
            self.reload()
        return self._problems

    # -- the file -------------------------------------------------------------------------

    def reload(self) -> bool:
        """Read the file again if it changed; True when the rules or problems changed.
        A file with problems leaves the rules in force before (at the first read, its
        good rules apply: there were none before). Any thread may call it."""
        with self._file_lock:
            return self._reload()

    def _reload(self) -> bool:
        try:
            stamp = file_stamp(self.path)
        except OSError:  # unreadable: as if there were no file
            stamp = None
        if self._loaded and stamp == self._stamp:
            return False
        first, self._loaded, self._stamp = not self._loaded, True, stamp
        if stamp is None:
            text = ""
        else:
            try:
                text = self.path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as err:
                self._problems = (f"Could not read {self.path}: {err}",)
                return True
        rules, problems = parse_rules(text, str(self.path))
        if problems:
            problems = (*problems, "The rules in force before stay until this is fixed."
                        if not first else "The other rules apply.")
        changed = (rules, problems) != (self._rules, self._problems)
        self._problems = problems
        if first or not problems:
            self._rules = rules
            self._generation += 1
        return changed or first

    def ensure_file(self) -> Path:
        """The rules file, written with commented examples if there is none yet."""
        if not self.path.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(TEMPLATE, encoding="utf-8")
            os.chmod(self.path, 0o600)
        return self.path

    def mute(self, kind: RuleKind, status: Status) -> str:
        """Add a rule muting the post's author (ACCOUNTS) or their domain (DOMAINS); the
        sentence to show. OSError when the file cannot be written."""
        acct = full_acct(status.shown.account)
        value = acct if kind is RuleKind.ACCOUNTS else acct.rpartition("@")[2]
        if not value:
            return "This account's server is not known: nothing was muted."
        for rule in self.rules:
            if rule.kind is kind and value in rule.terms:
                return f"{value} is already muted by your filter “{rule.name}”."
        path = self.ensure_file()
        with path.open("a", encoding="utf-8") as handle:
            handle.write(mute_block(kind, value))
        self.reload()
        return f"Muted {'@' if kind is RuleKind.ACCOUNTS else ''}{value} here: {path}."

    # -- decisions ------------------------------------------------------------------------

    def decide(self, item: Item) -> Decision:
        """The decision for a post now; describe rules not judged yet are queued."""
        rules = self.rules
        status = item.status if isinstance(item, Notification) else item
        if not rules or status is None:
            return NOTHING
        shown = status.shown
        with self._cache_lock:
            known = self._decisions.get((item.id, str(shown.edited_at)))
            version = (self._generation, self._judged_times.get(shown.id, 0))
        if known is not None and known[0] == version:
            return known[1]
        key = (shown.id, str(shown.edited_at))
        with self._cache_lock:
            text = self._texts.get(key)
        if text is None:
            text = post_text(shown)
            with self._cache_lock:
                self._texts[key] = text
        found = decide(item, rules, lambda rule, post: self._judgement(rule, post, text), text)
        with self._cache_lock:
            self._decisions[(item.id, key[1])] = (version, found)
        return found

    def decide_ahead(self, items: Iterable[Item | None]) -> None:
        """Decide `items` now and keep the decisions (from a worker: drawing the list on the
        UI thread then only looks them up)."""
        if self.rules:
            for item in items:
                if item is not None:
                    self.decide(item)

    def judge_now(self, items: Iterable[Item], model: LocalModel) -> None:
        """Judge what the describe rules have not judged yet of these posts, with `model`,
        now (blocking: the headless `fedtui timeline`)."""
        for item in items:
            status = item.status if isinstance(item, Notification) else item
            if status is None:
                continue
            shown = status.shown
            for rule in self.decide(item).pending:
                text = self._texts.get((shown.id, str(shown.edited_at))) or post_text(shown)
                try:
                    found = judge(model, rule.terms[0], text)
                except Exception as err:  # the model failed on this post: said, not raised
                    found = Judgement(0.0, 0, str(err) or type(err).__name__)
                self._settle(_key(rule, shown), found)

    def _judgement(self, rule: Rule, status: Status, text: str) -> Judgement | None:
        key = _key(rule, status)
        with self._lock:
            found = self._judged.get(key)
        if found is None and (found := self._stored(status, rule)) is not None:
            with self._lock:
                self._judged[key] = found
        if found is None:
            self._ask(key, rule, text, _stored_key(rule, status))
            with self._lock:  # settled at once when there is no model
                found = self._judged.get(key)
        return found

    def start_asking(self) -> None:
        """Describe rules may ask the model from now on (what waited is asked again)."""
        self.asking = True
        if any(rule.kind is RuleKind.DESCRIBE for rule in self._rules):
            self._generation += 1

    def _stored(self, status: Status, rule: Rule) -> Judgement | None:
        """The judgement kept on disk in an earlier session, if any."""
        if self.store is None:
            return None
        try:
            return self.store.get(_stored_key(rule, status))
        except FedtuiError:  # an unreadable cache: judged again
            return None

    def _ask(self, key: tuple[str, str, str], rule: Rule, text: str,
             stored_key: tuple[str, str, str]) -> None:
        if self._scheduler is None or not self.asking:  # no model, or not yet
            return
        scheduler = self._scheduler()
        if scheduler is None:
            self._settle(key, Judgement(0.0, 0, "no on-device model in this session"))
            return
        from fedtui.llm.scheduler import Priority

        def run(model: LocalModel, cancel: CancelToken) -> Judgement:
            found = judge(model, rule.terms[0], text, cancel)
            if self.store is not None and not cancel.cancelled:
                # not kept on disk (a cache that cannot be written): judged again next time
                with contextlib.suppress(FedtuiError):
                    self.store.put(stored_key, found)
            return found

        def failed(err: BaseException) -> None:
            self._settle(key, Judgement(0.0, 0, str(err) or type(err).__name__))

        try:
            scheduler.submit(("filter", *key), Priority.BACKGROUND, run,
                             on_done=lambda found: self._settle(key, found), on_error=failed)
        except RuntimeError as err:  # the scheduler was shut down (the App is closing)
            failed(err)

    def _settle(self, key: tuple[str, str, str], judgement: Judgement) -> None:
        with self._lock:
            self._judged[key] = judgement
        with self._cache_lock:  # this post's decisions are made again, no others
            self._judged_times[key[0]] = self._judged_times.get(key[0], 0) + 1
        self._on_judged(key[0])


def _key(rule: Rule, status: Status) -> tuple[str, str, str]:
    """A judgement is kept per post (and version) and description."""
    return status.id, str(status.edited_at), rule.terms[0]


def _stored_key(rule: Rule, status: Status) -> tuple[str, str, str]:
    """On disk, a post is named by its URI (ids are per server, and a reader has several)."""
    return status.uri or status.url or status.id, str(status.edited_at), rule.terms[0]


def judge(model: LocalModel, description: str, text: str,
          cancel: CancelToken | None = None) -> Judgement:
    """Ask `model` whether a post's text is about `description` (blocking)."""
    from fedtui.core.filter_judge import judge_tasks, judgement
    from fedtui.core.prompts import clean_answer
    from fedtui.llm.backend import GenerationParams
    from fedtui.llm.formats import run_task

    answers = []
    for task in judge_tasks(description, text):
        if cancel is not None and cancel.cancelled:
            break
        pieces = run_task(model, task, GenerationParams(max_tokens=3), cancel)
        answers.append(clean_answer("".join(pieces), task))
    return judgement(answers)
