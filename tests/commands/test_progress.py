"""The lazy progress line: nothing unless enabled and slow, transient, and phase-aware."""

from __future__ import annotations

import io

from rich.console import Console

from scanner.commands.progress import LazyStatus


def terminal() -> tuple[Console, io.StringIO]:
    sink = io.StringIO()
    return Console(file=sink, force_terminal=True, width=80), sink


def test_disabled_status_never_shows_or_writes() -> None:
    console, sink = terminal()
    with LazyStatus(enabled=False, delay=0.0, console=console) as status:
        status.show()
        status.phase("parsing files")
        assert not status.shown
    assert sink.getvalue() == ""


def test_fast_scan_ends_before_the_line_appears() -> None:
    console, sink = terminal()
    with LazyStatus(enabled=True, delay=3600.0, console=console) as status:
        status.phase("parsing files")
        assert not status.shown
    assert sink.getvalue() == ""


def test_slow_scan_shows_the_current_phase_and_removes_it() -> None:
    console, sink = terminal()
    with LazyStatus(enabled=True, delay=3600.0, console=console) as status:
        status.phase("parsing files")
        status.show()  # what the timer does once the delay has passed
        assert status.shown
        status.phase("evaluating rules")
    assert not status.shown
    written = sink.getvalue()
    assert "bastion: evaluating rules..." in written
    assert written.endswith("\x1b[2K")  # transient: the line is erased when the scan ends


def test_show_after_the_end_is_ignored() -> None:
    console, sink = terminal()
    with LazyStatus(enabled=True, delay=3600.0, console=console) as status:
        pass
    status.show()
    assert not status.shown and sink.getvalue() == ""
