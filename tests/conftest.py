"""Suite-wide settings: the parse cache lives in a throwaway directory, never in the user's home."""

from __future__ import annotations

import os
import tempfile


def pytest_configure(config) -> None:
    """Point the parse cache at a fresh temporary directory for the whole run (workers inherit it)."""
    os.environ["BASTION_CACHE_DIR"] = tempfile.mkdtemp(prefix="bastion-test-cache-")
