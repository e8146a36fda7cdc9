"""The one way the app runs work off the GUI thread.

``BackgroundTasks.run(work, on_done, on_error)`` runs ``work()`` on a thread pool and calls
``on_done(result)`` or ``on_error(exception)`` on the GUI thread, through a queued signal.
``work`` must not touch widgets or models; it may emit signals of objects it was given.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThread, QThreadPool, Signal, Slot

logger = logging.getLogger(__name__)


def assert_gui_thread() -> None:
    """Fail loudly when called from a worker: models change on the GUI thread only."""
    application = QCoreApplication.instance()
    assert application is not None, "no Qt application"
    assert QThread.currentThread() is application.thread(), "must run on the GUI thread"


class _Relay(QObject):
    """Carries a task's outcome from the worker to the GUI thread.

    The relay lives on the GUI thread and its signals are connected to its own methods, so
    Qt queues each emission from the worker and runs the handler on the GUI thread.

    Signals:
        succeeded(object): the task's return value.
        failed(object): the exception the task raised.
    """

    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(
        self,
        parent: QObject,
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
        finish: Callable[[_Relay], None],
    ) -> None:
        super().__init__(parent)
        self._on_done = on_done
        self._on_error = on_error
        self._finish = finish
        self.succeeded.connect(self._deliver_result)
        self.failed.connect(self._deliver_error)

    @Slot(object)
    def _deliver_result(self, result: object) -> None:
        try:
            self._on_done(result)
        finally:
            self._finish(self)

    @Slot(object)
    def _deliver_error(self, error: object) -> None:
        try:
            self._on_error(error if isinstance(error, Exception) else RuntimeError(str(error)))
        finally:
            self._finish(self)


class _Task(QRunnable):
    def __init__(self, name: str, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.name = name
        self.work = work
        self.relay = relay

    def run(self) -> None:
        try:
            result = self.work()
        except Exception as error:
            logger.error(
                "Background task %s failed: %s\n%s", self.name, error, traceback.format_exc()
            )
            self.relay.failed.emit(error)
            return
        self.relay.succeeded.emit(result)


class BackgroundTasks(QObject):
    """Runs tasks on a thread pool and delivers their outcome on the GUI thread.

    Signals:
        idle(): emitted when the last running task has delivered its outcome.
    """

    idle = Signal()

    def __init__(self, parent: QObject | None = None, *, max_threads: int = 2) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self._running: set[_Relay] = set()

    def run(
        self,
        name: str,
        work: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
    ) -> None:
        assert_gui_thread()
        relay = _Relay(self, on_done, on_error, self._finished)
        self._running.add(relay)
        logger.debug("Starting background task %s", name)
        self.pool.start(_Task(name, work, relay))

    def _finished(self, relay: _Relay) -> None:
        self._running.discard(relay)
        relay.deleteLater()
        if not self._running:
            self.idle.emit()

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def wait(self, milliseconds: int = 30_000) -> bool:
        """Wait for the pool's threads (at shutdown); outcomes still need the event loop."""
        return self.pool.waitForDone(milliseconds)
