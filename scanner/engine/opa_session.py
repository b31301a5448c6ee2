"""The HTTP side of the OPA backend: opa-python-client calls with every failure made explicit.

:class:`OpaSession` wraps one ``OpaClient`` (persistent ``requests`` session, bearer token,
no retries so a timeout is never multiplied) and exposes the few calls the backend needs.
Each call either returns OPA's answer, raises :class:`PolicyAnswerError` when OPA rejects a
policy or a query because of Rego (parse, compile or evaluation errors, with their file and
row), or raises :class:`~scanner.engine.opa_errors.OpaServerError` for everything else
(unreachable, too slow, token refused, an answer that is not OPA's).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

from scanner.engine.opa_errors import (
    OpaErrorAnswer,
    OpaServerError,
    read_error_answer,
    rejected_request,
    transport_error,
)

T = TypeVar("T")


class PolicyAnswerError(Exception):
    """OPA rejected a policy or a query because of Rego; ``answer`` holds its errors."""

    def __init__(self, answer: OpaErrorAnswer) -> None:
        super().__init__(answer.summary())
        self.answer = answer


class OpaSession:
    """One connection to an OPA server at ``url`` (``scheme://host:port``).

    ``timeout`` (seconds) bounds each request's connection and each wait for data.
    """

    def __init__(self, url: str, token: str | None, timeout: float) -> None:
        from opa_client.opa import OpaClient

        parts = urlsplit(url)
        host = parts.hostname or ""
        self.url = url
        self.timeout = timeout
        self._client = OpaClient(
            host=f"[{host}]" if ":" in host else host,
            port=parts.port or (443 if parts.scheme == "https" else 80),
            ssl=parts.scheme == "https",
            token=token or None,
            retries=0,
            timeout=timeout,
        )
        self._root = f"{url}/v1"

    def policy_inventory(self) -> dict[str, tuple[str, ...]]:
        """Policy ID -> package path segments of every module on the server (``GET /v1/policies``).

        Also the connection check: it fails with OpaServerError when the server is unreachable
        or refuses the token.
        """
        info = self._call(self._client.get_policies_info)
        prefix = f"{self._root}/data/"
        inventory = {}
        for policy_id, entry in info.items():
            path = str(entry.get("path", "")) if isinstance(entry, dict) else ""
            package = path[len(prefix) :] if path.startswith(prefix) else ""
            inventory[str(policy_id)] = tuple(segment for segment in package.split("/") if segment)
        return inventory

    def policy_text(self, policy_id: str) -> str:
        """The Rego text of one deployed module (``GET /v1/policies/<id>``)."""
        try:
            answer = self._call(self._client.get_policy, policy_id, refusals=True)
        except PolicyAnswerError as failure:
            raise OpaServerError(
                self.url, f"cannot read policy '{policy_id}' from the OPA server at {self.url} ({failure.answer.summary()})"
            ) from None
        result = answer.get("result") if isinstance(answer, dict) else None
        raw = result.get("raw") if isinstance(result, dict) else None
        if not isinstance(raw, str):
            raise OpaServerError(self.url, f"the OPA server at {self.url} returned no text for policy '{policy_id}'")
        return raw

    def put_policy(self, policy_id: str, text: str) -> None:
        """Create or replace a module, as written (``PUT /v1/policies/<id>``, never rewritten)."""
        self._call(self._client.update_policy_from_string, text, policy_id, rego_compat=False)

    def delete_policy(self, policy_id: str) -> OpaErrorAnswer | None:
        """Delete a module; None when done, OPA's answer when it refused (e.g. still depended on)."""
        try:
            self._call(self._client.delete_policy, policy_id, refusals=True)
        except PolicyAnswerError as failure:
            return failure.answer
        return None

    def put_data(self, key: str, value: dict[str, Any]) -> None:
        """Create or replace the base document ``data.<key>`` (``PUT /v1/data/<key>``)."""
        try:
            self._call(self._client.update_or_create_data, value, key, refusals=True)
        except PolicyAnswerError as failure:
            raise OpaServerError(
                self.url, f"cannot write data.{key} on the OPA server at {self.url} ({failure.answer.summary()})"
            ) from None

    def delete_data(self, key: str) -> None:
        """Delete the base document ``data.<key>``; a refusal is ignored (it may be gone already)."""
        try:
            self._call(self._client.delete_data, key, refusals=True)
        except PolicyAnswerError:
            pass

    def query(self, query: str, input_value: Any, has_input: bool) -> dict[str, Any]:
        """Run an ad-hoc query (``POST /v1/query``), with ``input_value`` as input when ``has_input``."""
        answer = self._call(self._client.ad_hoc_query, query, input_value if has_input else None)
        if not isinstance(answer, dict):
            raise OpaServerError(self.url, f"the OPA server at {self.url} answered with something that is not OPA's JSON")
        return answer

    def close(self) -> None:
        """Close the underlying HTTP session."""
        self._client.close_connection()

    def _call(self, method: Callable[..., T], *args: Any, refusals: bool = False, **kwargs: Any) -> T:
        """Call the client and sort its failures into PolicyAnswerError and OpaServerError.

        Rego errors are PolicyAnswerError; so are "not found"/"conflict" refusals when
        ``refusals`` is set (the caller decides what they mean); the rest is OpaServerError.
        """
        import requests
        from opa_client import errors as client_errors

        try:
            return method(*args, **kwargs)
        except requests.HTTPError as exc:
            answer = _answer_of_response(exc.response)
        except client_errors.RegoParseError as exc:
            answer = _answer_of_client_error(exc.expression, exc.message, exc.errors)
        except (
            client_errors.DeletePolicyError,
            client_errors.DeleteDataError,
            client_errors.PolicyNotFoundError,
        ) as exc:
            answer = _answer_of_client_error(exc.expression, exc.message, None)
        except (requests.RequestException, client_errors.ConnectionsError, ValueError) as exc:
            raise transport_error(exc, self.url, self.timeout) from None
        except (AttributeError, KeyError, TypeError):
            # The client read an answer of the wrong shape (e.g. a policy list without ASTs).
            raise OpaServerError(self.url, f"the OPA server at {self.url} answered with something that is not OPA's JSON") from None
        if answer.is_policy_error:
            raise PolicyAnswerError(answer)
        if refusals and (answer.status == 404 or answer.code in ("resource_not_found", "resource_conflict")):
            raise PolicyAnswerError(answer)
        raise rejected_request(self.url, answer)


def _answer_of_response(response: Any) -> OpaErrorAnswer:
    """OPA's error answer from an HTTP error response (any body)."""
    if response is None:
        return OpaErrorAnswer(0, "", "no response")
    try:
        body = response.json()
    except ValueError:
        body = None
    return read_error_answer(response.status_code, body)


#: HTTP status OPA uses with each error code (the client's exceptions drop the status).
_STATUS_OF_CODE = {
    "invalid_parameter": 400,
    "unauthorized": 401,
    "resource_not_found": 404,
    "resource_conflict": 404,
    "internal_error": 500,
}


def _answer_of_client_error(code: Any, message: Any, errors: Any) -> OpaErrorAnswer:
    """OPA's error answer rebuilt from one of the client's exceptions."""
    body = {"code": code, "message": message, "errors": errors or []}
    return read_error_answer(_STATUS_OF_CODE.get(str(code), 500), body)
