"""Writing rendered output: to stdout, or atomically to a file so readers never see half a report."""

from __future__ import annotations

import os
import sys
import tempfile


def write_output(text: str, path: str | None) -> None:
    """Write ``text`` to ``path`` atomically (temp file + rename), or to stdout when ``path`` is None."""
    if path is None:
        sys.stdout.write(text)
        if text and not text.endswith("\n"):
            sys.stdout.write("\n")
        sys.stdout.flush()
        return
    directory = os.path.dirname(os.path.abspath(path))
    handle, temp_path = tempfile.mkstemp(prefix=".bastion-", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            if text and not text.endswith("\n"):
                stream.write("\n")
        os.replace(temp_path, path)
    except BaseException:
        if os.path.exists(temp_path):
            os.unlink(temp_path)
        raise
