"""A small OPA-compatible HTTP server on 127.0.0.1 for tests, evaluating with regorus.

It implements the endpoints the OPA backend uses, with OPA's status codes and error shapes:
``GET /health``, ``GET /v1/policies[/<id>]``, ``PUT``/``DELETE /v1/policies/<id>``,
``PUT``/``DELETE /v1/data/<path>``, ``POST /v1/data/<path>`` and ``POST /v1/query``. Policy
semantics are real (regorus evaluates), and like OPA it checks a pushed module against all the
others at once: parse errors (``rego_parse_error``), calls to undefined functions
(``rego_type_error``) and unsafe variables (``rego_unsafe_var_error``) are answered with 400.

Options: ``token`` (requests without ``Authorization: Bearer <token>`` get 401),
``v0_compatible`` (parse modules as Rego v0 unless they import rego.v1, like
``opa run --v0-compatible``; a module using ``if``/``contains`` without an import is refused),
``delay`` (seconds to wait before answering, to test timeouts; may be changed at any time) and
``not_opa`` (answer every request with a web page, as a wrong URL would).
Every request is recorded in ``requests``. Use it as a context manager: the server and its
threads stop when the block ends, waiting sleepers are woken.

A regorus engine may only be used, and dropped, by the thread that created it. So all regorus
work happens on one worker thread, only plain values leave it, and automatic garbage
collection is paused while the stub runs (and done on the test's thread when it stops): a
collection running on a server thread could otherwise drop a regorus engine that the test's
own thread left in a reference cycle.
"""

from __future__ import annotations

import gc
import json
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self
from urllib.parse import unquote, urlsplit

from scanner.engine.regorus_backend import (
    MAX_POLICY_BYTES,
    MAX_POLICY_COLUMNS,
    MAX_POLICY_LINES,
    import_regorus,
    parse_engine_message,
)

_V0_PARSE = re.compile(r"^\s*import\s+(rego\.v1|future\.keywords)\b", re.MULTILINE)
_STRINGS_AND_COMMENTS = re.compile(r'"(?:\\.|[^"\\])*"|`[^`]*`|#[^\n]*')
_V1_KEYWORD = re.compile(r"\b(if|contains)\b")


@dataclass(frozen=True)
class RecordedRequest:
    """One request the stub received."""

    method: str
    path: str
    authorization: str | None
    body: bytes


class _Answer(Exception):
    """Raised inside a handler to answer with ``status`` and a JSON ``body`` (None: no body)."""

    def __init__(self, status: int, body: Any = None) -> None:
        super().__init__(status)
        self.status = status
        self.body = body


def _error(status: int, code: str, message: str, errors: list[dict[str, Any]] | None = None) -> _Answer:
    body: dict[str, Any] = {"code": code, "message": message}
    if errors:
        body["errors"] = errors
    return _Answer(status, body)


def _item(code: str, message: str, file: str | None, row: int | None) -> dict[str, Any]:
    item: dict[str, Any] = {"code": code, "message": message}
    if file:
        item["location"] = {"file": file, "row": row or 0, "col": 1}
    return item


class OpaStub:
    """An OPA look-alike on 127.0.0.1 (port chosen by the OS); see the module docstring."""

    def __init__(self, token: str | None = None, v0_compatible: bool = False, delay: float = 0.0, not_opa: bool = False) -> None:
        self.token = token
        self.v0_compatible = v0_compatible
        self.delay = delay
        self.not_opa = not_opa
        self.policies: dict[str, str] = {}
        self.data: dict[str, Any] = {}
        self.requests: list[RecordedRequest] = []
        self.answers: list[tuple[str, int, Any]] = []
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="opa-stub-regorus")
        self._stopping = threading.Event()
        self._engine: Any = None
        self._asts: dict[str, tuple[str, dict[str, Any]]] = {}
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="opa-stub", daemon=True)

    @property
    def url(self) -> str:
        """``http://127.0.0.1:<port>``."""
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> Self:
        self._gc_was_enabled = gc.isenabled()
        gc.disable()
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
        self._worker.submit(self._drop_engine).result()
        self._worker.shutdown(wait=True)
        gc.collect()
        if self._gc_was_enabled:
            gc.enable()

    def _drop_engine(self) -> None:
        """Release the regorus engine on the thread that made it."""
        self._engine = None

    def count(self, method: str, path_prefix: str) -> int:
        """How many requests with this method had a path starting with ``path_prefix``."""
        return sum(1 for request in self.requests if request.method == method and request.path.startswith(path_prefix))

    # -- request handling ------------------------------------------------------------------

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # as Go servers do; else small answers wait for delayed ACKs

            def log_message(self, *_args: Any) -> None:
                return

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                path = urlsplit(self.path).path
                stub.requests.append(RecordedRequest(self.command, path, self.headers.get("Authorization"), body))
                if stub.delay and stub._stopping.wait(stub.delay):
                    return
                if stub.not_opa:
                    self._reply(200, b"<html>a web page, not OPA</html>", "text/html")
                    return
                status, answer = stub._worker.submit(stub._answer, self.command, path, self.headers.get("Authorization"), body).result()
                stub.answers.append((path, status, answer))
                self._reply(status, b"" if answer is None else json.dumps(answer).encode(), "application/json")

            def _reply(self, status: int, payload: bytes, content_type: str) -> None:
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except OSError:
                    self.close_connection = True

            do_GET = do_PUT = do_POST = do_DELETE = _serve

        return Handler

    def _answer(self, method: str, path: str, authorization: str | None, body: bytes) -> tuple[int, Any]:
        """Handle one request on the worker thread; return (status, JSON body or None).

        Only plain values leave the worker: an exception (with its traceback holding regorus
        objects) must not, because a regorus engine may only be dropped on its own thread.
        """
        try:
            self._route(method, path, authorization, body)
        except _Answer as answer:
            return answer.status, answer.body
        except (ValueError, UnicodeDecodeError) as exc:
            return 400, {"code": "invalid_parameter", "message": f"error(s) occurred while decoding request: {exc}"}
        except Exception as exc:  # noqa: BLE001 - a stub bug must show up in the test, not reset the connection
            return 500, {"code": "internal_error", "message": f"stub failure: {type(exc).__name__}: {exc}"}
        return 200, {}

    def _route(self, method: str, path: str, authorization: str | None, body: bytes) -> None:
        """Dispatch one request; always ends by raising :class:`_Answer`."""
        if path == "/health":
            raise _Answer(200, {})
        if self.token is not None and authorization != f"Bearer {self.token}":
            raise _error(401, "unauthorized", "request rejected by administrative policy")
        if path.rstrip("/") == "/v1/policies" and method == "GET":
            raise _Answer(200, {"result": [self._policy_entry(pid) for pid in sorted(self.policies)]})
        if path.startswith("/v1/policies/"):
            self._policies_call(method, unquote(path[len("/v1/policies/") :]), body)
        if path.startswith("/v1/data/") and method in ("PUT", "DELETE"):
            self._data_write(method, [unquote(s) for s in path[len("/v1/data/") :].split("/") if s], body)
        if path.startswith("/v1/data") and method == "POST":
            segments = [unquote(s) for s in path[len("/v1/data") :].split("/") if s]
            self._evaluate_path(segments, json.loads(body or b"{}"))
        if path == "/v1/query" and method == "POST":
            self._query(json.loads(body or b"{}"))
        raise _error(404, "resource_not_found", f"{method} {path} is not implemented by the stub")

    def _policies_call(self, method: str, policy_id: str, body: bytes) -> None:
        if method == "GET":
            if policy_id not in self.policies:
                raise _error(404, "resource_not_found", f'storage_not_found_error: policy id "{policy_id}"')
            raise _Answer(200, {"result": self._policy_entry(policy_id)})
        if method == "DELETE" and policy_id not in self.policies:
            raise _error(404, "resource_not_found", f'storage_not_found_error: policy id "{policy_id}"')
        asts = dict(self._asts)
        if method == "DELETE":
            del asts[policy_id]
            self._check_functions(asts)
            self._engine = None  # rebuilt when next needed
            del self.policies[policy_id]
        else:
            text = body.decode("utf-8")
            asts[policy_id] = (text, self._parse(policy_id, text))
            self._check_functions(asts)
            engine = self._extended(policy_id, text) if policy_id not in self.policies and self._engine else self._build(asts)
            self._check_unsafe(engine, asts[policy_id][1])
            self._engine = engine
            self.policies[policy_id] = text
        self._asts = asts
        raise _Answer(200, {})

    def _data_write(self, method: str, segments: list[str], body: bytes) -> None:
        parent = self.data
        for segment in segments[:-1]:
            parent = parent.setdefault(segment, {})
        if method == "PUT":
            parent[segments[-1]] = json.loads(body)
        elif segments[-1] in parent:
            del parent[segments[-1]]
        else:
            raise _error(404, "resource_not_found", f"storage_not_found_error: /{'/'.join(segments)}: document does not exist")
        self._engine = None  # rebuilt with the new data when next needed
        raise _Answer(204)

    def _evaluate_path(self, segments: list[str], request: dict[str, Any]) -> None:
        reference = "data" + "".join(f"[{json.dumps(segment)}]" for segment in segments)
        rows = self._run(f"__result := {reference}", request)
        raise _Answer(200, {"result": rows[0]["__result"]} if rows else {})

    def _query(self, request: dict[str, Any]) -> None:
        rows = self._run(request.get("query", ""), request)
        raise _Answer(200, {"result": rows} if rows else {})

    def _run(self, query: str, request: dict[str, Any]) -> list[dict[str, Any]]:
        """Evaluate ``query`` on a clone of the compiled engine; map errors to OPA's answers."""
        if self._engine is None:
            self._engine = self._build(self._asts)
        engine = self._engine.clone()
        if "input" in request:
            engine.set_input_json(json.dumps(request["input"]))
        try:
            answer = json.loads(engine.eval_query_as_json(query))
        except (RuntimeError, ValueError) as exc:
            file, row, message = parse_engine_message(str(exc))
            if file == "<query.rego>":
                code = "rego_parse_error" if re.search(r"expect|unexpected|invalid", message) else "rego_type_error"
                raise _error(
                    400, "invalid_parameter", "error(s) occurred while parsing query", [_item(code, message, None, None)]
                ) from None
            code = "eval_conflict_error" if "conflict" in message else "eval_builtin_error"
            raise _error(500, "internal_error", "error(s) occurred while evaluating query", [_item(code, message, file, row)]) from None
        return [row.get("bindings", {}) for row in answer.get("result", [])]

    # -- compiling -------------------------------------------------------------------------

    def _parse(self, policy_id: str, text: str) -> dict[str, Any]:
        """The AST of one module parsed as this server would; raise 400 like OPA when it does not parse."""
        engine = self._new_engine()
        self._add(engine, policy_id, text)
        return json.loads(engine.get_ast_as_json())[0]["ast"]

    def _build(self, asts: dict[str, tuple[str, dict[str, Any]]]) -> Any:
        """A fresh engine with every module (already parsed once) and the data."""
        engine = self._new_engine()
        for policy_id in sorted(asts):
            self._add(engine, policy_id, asts[policy_id][0])
        engine.add_data_json(json.dumps(self.data))
        return engine

    def _extended(self, policy_id: str, text: str) -> Any:
        """The current engine plus one new module (cloning is cheap; parsing everything is not)."""
        engine = self._engine.clone()
        self._add(engine, policy_id, text)
        return engine

    @staticmethod
    def _new_engine() -> Any:
        engine = import_regorus().Engine()
        engine.set_gather_prints(True)
        # Queries are one long line; OPA has no column limit, regorus' default is 1,024.
        engine.set_policy_length_config(max_col=MAX_POLICY_COLUMNS, max_file_bytes=MAX_POLICY_BYTES, max_lines=MAX_POLICY_LINES)
        return engine

    def _add(self, engine: Any, policy_id: str, text: str) -> None:
        """Add one module in this server's Rego mode (see ``v0_compatible``)."""
        v0 = self.v0_compatible and not re.search(r"^\s*import\s+rego\.v1\b", text, re.MULTILINE)
        if v0 and not _V0_PARSE.search(text):
            keyword = _V1_KEYWORD.search(_STRINGS_AND_COMMENTS.sub('""', text))
            if keyword:
                row = text.count("\n", 0, keyword.start()) + 1
                raise self._module_error("rego_parse_error", f"unexpected {keyword.group(1)} keyword", policy_id, row)
        engine.set_rego_v0(v0)
        try:
            engine.add_policy(policy_id, text)
        except (RuntimeError, ValueError) as exc:
            file, row, message = parse_engine_message(str(exc))
            raise self._module_error("rego_parse_error", message, file or policy_id, row) from None
        finally:
            engine.set_rego_v0(False)

    def _module_error(self, code: str, message: str, file: str | None, row: int | None) -> _Answer:
        return _error(400, "invalid_parameter", "error(s) occurred while compiling module(s)", [_item(code, message, file, row)])

    def _check_functions(self, asts: dict[str, tuple[str, dict[str, Any]]]) -> None:
        """Refuse calls to ``data...`` functions that no module defines (OPA's type check)."""
        defined = set()
        for _, ast in asts.values():
            package = _ref_parts(ast["package"]["refr"])[0]
            for rule in ast.get("rules", []):
                body = next(iter(rule.values()))
                head = body.get("head", {}) if isinstance(body, dict) else {}
                if "Func" in head:
                    defined.add(".".join(["data", *package, _ref_parts(head["Func"]["refr"])[0][0]]))
        for policy_id, (text, ast) in sorted(asts.items()):
            aliases = {}
            for entry in ast.get("imports", []):
                parts = _ref_parts(entry["refr"])[0]
                if parts and parts[0] == "data":
                    alias = text[entry["as"]["start"] : entry["as"]["end"]] if entry.get("as") else parts[-1]
                    aliases[alias] = parts
            for parts, row in _calls(ast.get("rules", [])):
                if parts[0] in aliases:
                    parts = aliases[parts[0]] + parts[1:]
                if parts[0] != "data":
                    continue  # a built-in, or a function of the module's own package
                name = ".".join(parts)
                if name not in defined:
                    raise self._module_error("rego_type_error", f"undefined function {name}", policy_id, row)

    def _check_unsafe(self, engine: Any, ast: dict[str, Any]) -> None:
        """Refuse rules with unsafe variables, which OPA finds when compiling (regorus lazily)."""
        package, rules = _outline(ast)
        for rule in rules:
            reference = "data" + "".join(f"[{json.dumps(p)}]" for p in (*package, rule))
            try:
                engine.clone().eval_query_as_json(f"__x := [v | v := {reference}]")
            except (RuntimeError, ValueError) as exc:
                file, row, message = parse_engine_message(str(exc))
                if "unsafe" in message:
                    raise self._module_error("rego_unsafe_var_error", message, file, row) from None

    def _policy_entry(self, policy_id: str) -> dict[str, Any]:
        """A ``GET /v1/policies`` entry: id, raw text, and the package and rule names of the AST."""
        package, rules = _outline(self._asts[policy_id][1])
        path = [{"type": "var", "value": "data"}] + [{"type": "string", "value": p} for p in package]
        ast = {"package": {"path": path}, "rules": [{"head": {"name": name}} for name in rules]}
        return {"id": policy_id, "raw": self.policies[policy_id], "ast": ast}


def _outline(ast: dict[str, Any]) -> tuple[list[str], list[str]]:
    """Package segments and sorted rule names (functions excluded) of a regorus module AST."""
    package = _ref_parts(ast["package"]["refr"])[0]
    names = set()
    for rule in ast.get("rules", []):
        ((kind, body),) = rule.items()
        if kind == "Default":
            names.add(_ref_parts(body["refr"])[0][0])
            continue
        ((head_kind, head),) = body["head"].items()
        if head_kind != "Func":
            names.add(_ref_parts(head["refr"])[0][0])
    return package, sorted(names)


def _ref_parts(ref: dict[str, Any]) -> tuple[list[str], int]:
    """Segments of a regorus reference and the line where it starts."""
    ((kind, node),) = ref.items()
    if kind == "Var":
        return [node["value"]], node["span"]["line"]
    if kind == "RefDot":
        parts, line = _ref_parts(node["refr"])
        return parts + [node["field"][1]], line
    if kind == "RefBrack" and "String" in node.get("index", {}):
        parts, line = _ref_parts(node["refr"])
        return parts + [node["index"]["String"]["value"]], line
    return ["?"], 0


def _calls(node: Any) -> list[tuple[list[str], int]]:
    """Every called function reference in an AST fragment, with its line."""
    found: list[tuple[list[str], int]] = []
    if isinstance(node, dict):
        call = node.get("Call")
        if isinstance(call, dict) and isinstance(call.get("fcn"), dict):
            found.append(_ref_parts(call["fcn"]))
        for value in node.values():
            found += _calls(value)
    elif isinstance(node, list):
        for value in node:
            found += _calls(value)
    return found
