"""Recognize Helm chart templates, which are Go templates and not YAML until rendered.

A file is a Helm template when it contains ``{{`` and sits (at any depth) under a directory
named ``templates`` whose parent directory holds a ``Chart.yaml``. Both directories must lie
inside the scan root: nothing outside it is looked at. Such a file is skipped with the reason
:data:`HELM_SKIP_REASON`, never reported as an error.
"""

from __future__ import annotations

import os

HELM_SKIP_REASON = "Helm template, not rendered"


def _inside(path: str, root: str) -> bool:
    """True when ``path`` is ``root`` or below it (both normalized absolute paths)."""
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def is_helm_template(abs_path: str, text: str, root: str) -> bool:
    """True when the file at ``abs_path`` with content ``text`` is an unrendered chart template."""
    if "{{" not in text:
        return False
    root = os.path.normpath(os.path.abspath(root))
    directory = os.path.dirname(os.path.normpath(os.path.abspath(abs_path)))
    while _inside(directory, root):
        parent = os.path.dirname(directory)
        if (
            os.path.basename(directory) == "templates"
            and _inside(parent, root)
            and os.path.isfile(os.path.join(parent, "Chart.yaml"))
        ):
            return True
        if parent == directory:
            break
        directory = parent
    return False
