"""Loading the engine on an OPA server (``--opa-url``): push mode or server-policies mode.

Push mode evaluates the same policies as the embedded engine (the built-in pack and
``--policy`` files, pushed under ``bastion/``), so a scan gives identical findings either way.
Server-policies mode (``--opa-server-policies PATH``) pushes nothing and evaluates only the
policies already deployed under PATH.
"""

from __future__ import annotations

from collections.abc import Sequence

from scanner.engine.engine import Engine, load_engine


def load_remote_engine(
    policy_dirs: Sequence[str],
    namespaces: Sequence[str],
    all_namespaces: bool,
    include_builtin: bool,
    url: str,
    token: str | None = None,
    timeout: float = 10.0,
    server_policies: str | None = None,
) -> Engine:
    """Build an engine whose backend is the OPA server at ``url``.

    Raises :class:`~scanner.engine.opa_errors.OpaServerError` when the server cannot be used
    (unreachable, timeout, refused token); the caller reports it as an error of the scan.
    """
    from scanner.engine.opa_backend import OpaServerBackend, server_policy_sources

    if server_policies is None:
        return load_engine(
            policy_dirs,
            namespaces,
            all_namespaces,
            include_builtin,
            backend_factory=lambda: OpaServerBackend(url, token=token, timeout=timeout),
        )
    backend = OpaServerBackend(url, token=token, timeout=timeout, server_policies=server_policies)
    try:
        sources = server_policy_sources(backend)
        return load_engine((), namespaces, all_namespaces, include_builtin=False, backend=backend, extra_sources=sources)
    except BaseException:
        backend.close()
        raise
