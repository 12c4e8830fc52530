"""How the Bolt app is put together: cheap listener matching that still matches the same, and
read-only answers on the request's own thread, one at a time in the order they came."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from slack_bolt.listener_matcher.builtins import BuiltinListenerMatcher

from bot.app.container import Services
from bot.app.slack_app import AnswersOnRequestThread, BodyMatcher, InTurn, build_app
from bot.app.standin.slack_api import FakeSlack
from tests.support.production import ProductionLane, wait_for_responses


def test_every_listener_is_matched_on_the_body_without_building_all_arguments(
    services: Services,
) -> None:
    app = build_app(services)
    matchers = [m for listener in app._listeners for m in listener.matchers]
    assert len(matchers) >= len(app._listeners) > 20
    assert not [m for m in matchers if isinstance(m, BuiltinListenerMatcher)]
    assert all(isinstance(m, BodyMatcher) for m in matchers)


def test_commands_actions_and_events_still_reach_their_own_listeners(
    production: ProductionLane, fake_slack: FakeSlack
) -> None:
    assert "/risk list" in production.command("/risk", "help").text
    assert "/standup" in production.command("/standup", "help").text
    assert production.command("/risk", "list").text.startswith("No ")
    assert production.command("/nosuch", "list").status == 404


def test_a_read_only_answer_runs_on_the_request_thread_and_a_write_on_the_listener_pool(
    production: ProductionLane,
    services: Services,
    fake_slack: FakeSlack,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    threads: dict[str, str] = {}
    queries, risks = services.risk_queries, services.risks

    def on_thread(name: str, work: Callable[..., Any]) -> Callable[..., Any]:
        def probe(*args: Any, **kwargs: Any) -> Any:
            threads[name] = threading.current_thread().name
            return work(*args, **kwargs)

        return probe

    monkeypatch.setattr(queries, "list_page", on_thread("list", queries.list_page))
    monkeypatch.setattr(risks, "add", on_thread("add", risks.add))
    assert production.command("/risk", "list").status == 200
    answered = len(fake_slack.responses)
    production.command("/risk", "add Vendor API may slip p:3 i:4")
    wait_for_responses(fake_slack, answered + 1)
    # Bolt would hand `list` to its pool and poll for the ack every 10 ms; its answer is all
    # ack, so it runs where the request is. `add` acks first and works on in the pool.
    assert not threads["list"].startswith("tandem-listener")
    assert threads["add"].startswith("tandem-listener")


def test_the_read_only_mark_is_used_once_and_never_outlives_its_request() -> None:
    pool = ThreadPoolExecutor(1, thread_name_prefix="pool")
    executor = AnswersOnRequestThread(pool)
    where = lambda: threading.current_thread().name  # noqa: E731
    executor.mark(True)
    assert executor.submit(where).result() == threading.current_thread().name
    assert executor.submit(where).result().startswith("pool")  # the mark was consumed
    executor.mark(True)
    executor.mark(False)  # the next request, which is not read-only
    assert executor.submit(where).result().startswith("pool")
    executor.shutdown()


def _until(condition: Callable[[], bool]) -> None:
    """Spin (no sleep) until another thread has made `condition` true."""
    deadline = time.monotonic() + 5
    while not condition():
        assert time.monotonic() < deadline, "the other thread never got there"


def test_read_only_answers_on_two_request_threads_never_run_at_once() -> None:
    executor = AnswersOnRequestThread(ThreadPoolExecutor(1))
    first_done, ran = threading.Event(), []

    def answer(name: str, wait: threading.Event | None = None) -> None:
        if wait is not None:
            wait.wait(5)
        ran.append(name)

    def request(*work: Any) -> None:
        executor.mark(True)
        executor.submit(*work).result()

    first = threading.Thread(target=request, args=(answer, "first", first_done))
    first.start()
    _until(lambda: executor._in_turn._busy)
    second = threading.Thread(target=request, args=(answer, "second"))
    second.start()
    _until(lambda: len(executor._in_turn._waiting) == 1)  # waiting, not running
    assert ran == []
    first_done.set()
    first.join(5)
    second.join(5)
    assert ran == ["first", "second"]
    executor.shutdown()


def test_every_commands_read_only_answers_are_marked_for_the_request_thread() -> None:
    import importlib
    import pkgutil

    import handlers
    from bot.app.slack_app import READ_ONLY

    declared = {}
    for module_info in pkgutil.iter_modules(handlers.__path__):
        module = importlib.import_module(f"handlers.{module_info.name}")
        if isinstance(getattr(module, "READ_ONLY", None), frozenset):
            declared[module_info.name] = module.READ_ONLY
    assert declared  # the handler modules that answer some sub-commands in the ack body
    assert sorted(map(id, declared.values())) == sorted(map(id, READ_ONLY.values()))


def test_read_only_answers_that_wait_their_turn_run_in_the_order_they_came() -> None:
    in_turn = InTurn(patience=5)
    first_done = threading.Event()
    order: list[int] = []
    first = threading.Thread(target=in_turn.run, args=(first_done.wait,))
    first.start()
    _until(lambda: in_turn._busy)
    later = []
    for n in range(6):
        waiter = threading.Thread(target=in_turn.run, args=(order.append, n))
        waiter.start()
        later.append(waiter)
        _until(lambda: len(in_turn._waiting) == n + 1)  # noqa: B023 - read before the next
    first_done.set()
    for thread in [first, *later]:
        thread.join(5)
    assert order == [0, 1, 2, 3, 4, 5]
    assert not in_turn._busy  # the last one let go: the next call runs at once
    assert in_turn.run(lambda: "now") == "now"


def test_an_answer_that_waits_past_its_patience_runs_beside_the_one_ahead() -> None:
    in_turn = InTurn(patience=0.01)
    holder_done = threading.Event()
    holder = threading.Thread(target=in_turn.run, args=(holder_done.wait, 5))
    holder.start()
    _until(lambda: in_turn._busy)
    assert in_turn.run(lambda: "beside") == "beside"  # did not wait for the holder
    assert not in_turn._waiting
    holder_done.set()
    holder.join(5)
    assert not in_turn._busy


def test_an_answer_that_raises_still_hands_on_its_turn() -> None:
    in_turn = InTurn(patience=5)

    def fails() -> None:
        raise ValueError("boom")

    with pytest.raises(ValueError, match="boom"):
        in_turn.run(fails)
    assert not in_turn._busy
    assert in_turn.run(lambda: 1) == 1
