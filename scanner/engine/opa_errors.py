"""Errors of the OPA server backend: transport failures and OPA's error answers, made readable.

Two kinds of problem come back from an OPA server:

* the server cannot be used at all (unreachable, too slow, the token is refused, the answer is
  not OPA's): :class:`OpaServerError`, which stops the scan (the CLI exits with code 3);
* the server rejects a policy or fails to evaluate a rule: OPA's JSON error answer
  (``{"code", "message", "errors": [{"code", "message", "location": {"file", "row"}}]}``),
  read by :func:`read_error_answer` and turned by the backend into the same
  ``PolicyCompileError``/``PolicyEvaluationError`` the embedded engine raises.

Messages are one sentence and never carry a Python traceback.
"""

from __future__ import annotations

import errno
import socket
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

_MAX_MESSAGE = 400


class OpaServerError(Exception):
    """The OPA server cannot be used for this scan; ``message`` says why in one sentence.

    Raised by the constructor, ``add_module``/``add_data`` and ``evaluate`` of the OPA backend
    for connection failures, timeouts, refused credentials and answers that are not OPA's. It
    is never raised for a policy's own mistake (those are policy errors).
    """

    def __init__(self, url: str, message: str) -> None:
        super().__init__(message)
        self.url = url
        self.message = message


@dataclass(frozen=True)
class OpaErrorItem:
    """One entry of the ``errors`` list of an OPA error answer (file and row when OPA gives them)."""

    code: str
    message: str
    file: str | None = None
    row: int | None = None


@dataclass(frozen=True)
class OpaErrorAnswer:
    """An OPA error answer: HTTP status, top-level code and message, and the detailed errors."""

    status: int
    code: str
    message: str
    errors: tuple[OpaErrorItem, ...] = ()

    @property
    def is_policy_error(self) -> bool:
        """True when OPA names Rego problems (parse, compile or evaluation errors) in ``errors``."""
        return self.status in (400, 500) and any(item.code.startswith(("rego_", "eval_")) for item in self.errors)

    def summary(self) -> str:
        """``code: message`` of the answer, for messages about the request as a whole."""
        return f"{self.code}: {self.message}" if self.code else self.message


def read_error_answer(status: int, body: Any) -> OpaErrorAnswer:
    """Read OPA's error body (already decoded JSON, or anything else) without ever failing."""
    if not isinstance(body, Mapping):
        return OpaErrorAnswer(status, "", f"HTTP {status}")
    items = []
    for entry in body.get("errors") or ():
        if not isinstance(entry, Mapping):
            continue
        location = entry.get("location") if isinstance(entry.get("location"), Mapping) else {}
        row = location.get("row")
        items.append(
            OpaErrorItem(
                code=str(entry.get("code") or ""),
                message=shorten(str(entry.get("message") or "unknown error")),
                file=str(location["file"]) if location.get("file") else None,
                row=row if isinstance(row, int) and row > 0 else None,
            )
        )
    message = body.get("message")
    return OpaErrorAnswer(
        status=status,
        code=str(body.get("code") or ""),
        message=shorten(str(message)) if message else f"HTTP {status}",
        errors=tuple(items),
    )


def rejected_request(url: str, answer: OpaErrorAnswer) -> OpaServerError:
    """The error for an answer that is not about a policy (refused token, server failure, ...)."""
    if answer.status in (401, 403) or answer.code == "unauthorized":
        return OpaServerError(
            url,
            f"the OPA server at {url} refused the request ({answer.summary()}); check --opa-token",
        )
    return OpaServerError(url, f"the OPA server at {url} answered with an error ({answer.summary()})")


def transport_error(exc: BaseException, url: str, timeout: float) -> OpaServerError:
    """Turn a ``requests`` exception (or the client's wrapper of one) into a clear OpaServerError."""
    import requests

    causes = list(_causes(exc))
    if any(isinstance(cause, (requests.exceptions.Timeout, socket.timeout, TimeoutError)) for cause in causes):
        return OpaServerError(url, f"the OPA server at {url} did not answer within {timeout:g} s")
    if any(isinstance(cause, requests.exceptions.SSLError) for cause in causes):
        return OpaServerError(url, f"cannot reach the OPA server at {url}: the TLS handshake failed")
    if any(isinstance(cause, (requests.exceptions.InvalidJSONError, ValueError)) for cause in causes) and not any(
        isinstance(cause, requests.exceptions.ConnectionError) for cause in causes
    ):
        return OpaServerError(url, f"the OPA server at {url} answered with something that is not OPA's JSON")
    return OpaServerError(url, f"cannot reach the OPA server at {url}: {_connection_reason(causes)}")


def shorten(text: str) -> str:
    """One line of at most a few hundred characters."""
    line = " ".join(text.split())
    return line if len(line) <= _MAX_MESSAGE else line[: _MAX_MESSAGE - 3] + "..."


def _connection_reason(causes: list[BaseException]) -> str:
    """The most specific reason a connection failed, in a few words."""
    for cause in causes:
        if isinstance(cause, ConnectionRefusedError) or getattr(cause, "errno", None) == errno.ECONNREFUSED:
            return "connection refused"
    for cause in causes:
        if isinstance(cause, socket.gaierror):
            return "the host name cannot be resolved"
        if isinstance(cause, ConnectionResetError):
            return "the connection was reset"
    for cause in causes:
        if type(cause).__name__ in ("RemoteDisconnected", "ProtocolError"):
            return "the server closed the connection without answering"
    innermost = causes[-1] if causes else None
    return shorten(str(innermost)) if innermost is not None and str(innermost) else "connection failed"


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """``exc`` and every exception it wraps (cause, context, urllib3 ``reason``, exception args)."""
    seen: set[int] = set()
    pending: list[BaseException] = [exc]
    while pending:
        current = pending.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        linked = [current.__cause__, current.__context__, getattr(current, "reason", None)]
        linked += [arg for arg in getattr(current, "args", ()) if isinstance(arg, BaseException)]
        pending.extend(item for item in linked if isinstance(item, BaseException))
