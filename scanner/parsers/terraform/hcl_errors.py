"""The one exception the Terraform readers raise for malformed files.

The Terraform parser module catches :class:`HclSyntaxError` and turns it into an
``InputError(path, line, "terraform", message)``; the scan carries on with other files.
"""

from __future__ import annotations


class HclSyntaxError(Exception):
    """A syntax error in HCL or Terraform JSON: ``message`` is one sentence, ``line`` is 1-based."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message, line)
        self.message = message
        self.line = line

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"
