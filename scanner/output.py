"""Writing rendered output: to stdout, or atomically to a file so readers never see half a report.

Only a regular file (or a path that does not exist yet) is replaced atomically; a device or a pipe
such as ``/dev/null`` or ``/dev/stdout`` is written to in place, never replaced.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterable
from typing import TextIO


def write_output(text: str | Iterable[str], path: str | None) -> None:
    """Write ``text`` (a string or string chunks) to ``path`` atomically (temp file + rename), or to
    stdout when ``path`` is None; the output always ends with a newline."""
    if path is None:
        _write_all(text, sys.stdout)
        sys.stdout.flush()
        return
    if os.path.exists(path) and not os.path.isfile(path):
        with open(path, "w", encoding="utf-8") as stream:
            _write_all(text, stream)
        return
    directory = os.path.dirname(os.path.abspath(path))
    handle, temp_path = tempfile.mkstemp(prefix=".bastion-", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            _write_all(text, stream)
        os.replace(temp_path, path)
    except BaseException:
        if os.path.exists(temp_path):
            os.unlink(temp_path)
        raise


def _write_all(text: str | Iterable[str], stream: TextIO) -> None:
    """Write the string or chunks, then a newline unless the output already ends with one."""
    last = ""
    for chunk in [text] if isinstance(text, str) else text:
        if chunk:
            stream.write(chunk)
            last = chunk
    if last and not last.endswith("\n"):
        stream.write("\n")
