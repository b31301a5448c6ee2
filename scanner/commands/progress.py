"""A progress indicator on stderr that appears only when a scan is slow and stderr is a terminal.

Most scans finish in well under a second; flashing a spinner for those is noise. ``LazyStatus``
waits ``delay`` seconds on a timer thread before showing a transient rich status line naming
the current phase, and removes it when the scan ends, so nothing remains in the terminal and
nothing at all is written when stderr is redirected.
"""

from __future__ import annotations

import threading
from types import TracebackType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

#: Seconds a scan runs before the status line appears.
PROGRESS_DELAY = 1.0


class LazyStatus:
    """Context manager: a transient status line shown after ``delay`` seconds, only if ``enabled``.

    Call :meth:`phase` as the scan moves on; it updates the line if it is shown and is a no-op
    otherwise. ``console`` defaults to a rich console on stderr.
    """

    def __init__(self, enabled: bool, delay: float = PROGRESS_DELAY, console: Console | None = None) -> None:
        self.enabled = enabled
        self.delay = delay
        self._console = console
        self._phase = "starting"
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._status: Any = None
        self._closed = False

    @property
    def shown(self) -> bool:
        """True while the status line is on screen."""
        return self._status is not None

    def __enter__(self) -> LazyStatus:
        if self.enabled:
            self._timer = threading.Timer(self.delay, self.show)
            self._timer.daemon = True
            self._timer.start()
        return self

    def phase(self, name: str) -> None:
        """Record the current phase (e.g. "parsing files") and show it if the line is up."""
        with self._lock:
            self._phase = name
            if self._status is not None:
                self._status.update(self._text())

    def show(self) -> None:
        """Put the status line up now (the timer calls this); ignored once the scan has ended."""
        with self._lock:
            if self._closed or self._status is not None or not self.enabled:
                return
            if self._console is None:
                from rich.console import Console

                self._console = Console(stderr=True)
            self._status = self._console.status(self._text())
            self._status.start()

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, trace: TracebackType | None) -> None:
        with self._lock:
            self._closed = True
            if self._timer is not None:
                self._timer.cancel()
            if self._status is not None:
                self._status.stop()
                self._status = None

    def _text(self) -> str:
        """The status line's text."""
        return f"bastion: {self._phase}..."
