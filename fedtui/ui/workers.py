"""`work`: Textual's worker decorator with fedtui's one error path.

An exception a worker does not handle never takes the app down: it is written to a
redacted report (`fedtui.crashlog`) and the App says so in a notice
(`messages.BackgroundFailed`). Every worker in fedtui uses this decorator, not
`textual.work` (a test checks).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar, cast

from textual import work as textual_work
from textual.dom import DOMNode
from textual.worker import Worker

from fedtui.ui import messages

F = TypeVar("F", bound=Callable[..., Any])


def report_failure(node: DOMNode, error: Exception, name: str) -> None:
    """Write the report (from any thread) and post the notice to the App; nothing when
    the App is closing or the node is gone (a late answer for a closed pane)."""
    from fedtui.crashlog import write_report

    app = node.app
    if not app.is_running or not node.is_attached:
        return
    known: list[str] = getattr(app, "known_secrets", list)()
    path = write_report(error, where=f"background task {name}", secrets=known)
    app.post_message(messages.BackgroundFailed(type(error).__name__, name, path))


def work(*, thread: bool = False, exclusive: bool = False, group: str = "default",
         name: str = "") -> Callable[[F], F]:
    """`textual.work`, where a failure becomes a report and a notice, never an exit. A
    worker is described by its name alone: Textual would otherwise make the `repr` of every
    argument on the UI thread (a batch of posts, their text, for debug logs)."""

    def decorator(method: F) -> F:
        label = name or method.__name__
        if inspect.iscoroutinefunction(method):
            @functools.wraps(method)
            async def guarded_async(node: DOMNode, *args: Any, **kwargs: Any) -> Any:
                try:
                    return await method(node, *args, **kwargs)
                except Exception as error:
                    report_failure(node, error, label)
                    return None

            wrapped: Callable[..., Any] = guarded_async
        else:
            @functools.wraps(method)
            def guarded(node: DOMNode, *args: Any, **kwargs: Any) -> Any:
                return _reporting(node, label, lambda: method(node, *args, **kwargs))

            wrapped = guarded
        result: Any = textual_work(wrapped, thread=thread, exclusive=exclusive, group=group,
                                   name=label, description=label, exit_on_error=False)
        return cast(F, result)

    return decorator


def in_thread(node: DOMNode, function: Callable[[], object], *, group: str,
              exclusive: bool = False, name: str = "") -> Worker[object]:
    """Run `function` on a thread as a worker of `node`, with `work`'s error path: for the
    services a screen or the App holds, which are not DOM nodes (`work` decorates a node's
    methods)."""
    label = name or getattr(function, "__name__", "worker")
    return node.run_worker(lambda: _reporting(node, label, function), thread=True,
                           exclusive=exclusive, group=group, name=label, exit_on_error=False)


def _reporting(node: DOMNode, label: str, call: Callable[[], Any]) -> Any:
    """`call()`, or None after its failure was reported (`report_failure`)."""
    try:
        return call()
    except Exception as error:
        report_failure(node, error, label)
        return None
