"""Dockerfiles for the synthetic repository: multi-stage builds with RUN chains, per language.

About seven in ten are multi-stage (a build stage, a runtime stage copying ``--from`` it); some
use ``ARG`` in ``FROM``, some a heredoc ``RUN``; a few forget ``USER`` or use ``:latest``, as real
repositories do.
"""

from __future__ import annotations

import random

_LANGUAGES = ("python", "node", "go", "java")


def dockerfile(rng: random.Random, service: str) -> str:
    """The Dockerfile of ``service``, in a language picked by ``rng``."""
    language = rng.choice(_LANGUAGES)
    multi_stage = rng.random() < 0.7
    builder = {"python": _python, "node": _node, "go": _go, "java": _java}[language]
    text = builder(rng, service, multi_stage)
    return f"# {service}: built by CI on every merge to main.\n" + text


def _user_line(rng: random.Random) -> str:
    return "USER app\n" if rng.random() < 0.75 else ""


def _apt_chain(rng: random.Random, packages: list[str]) -> str:
    recommends = " --no-install-recommends" if rng.random() < 0.7 else ""
    return ("RUN apt-get update \\\n"
            f"    && apt-get install -y{recommends} \\\n        " + " \\\n        ".join(packages) + " \\\n"
            "    && rm -rf /var/lib/apt/lists/*\n")


def _heredoc_user(rng: random.Random) -> str:
    if rng.random() < 0.3:
        return ("RUN <<EOF\nset -eux\ngroupadd --system --gid 10001 app\n"
                "useradd --system --uid 10001 --gid app --no-create-home app\nEOF\n")
    return "RUN groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app app\n"


def _python(rng: random.Random, service: str, multi_stage: bool) -> str:
    version = rng.choice(["3.11", "3.12", "3.12", "latest"])
    base = "python:latest" if version == "latest" else "python:${PYTHON_VERSION}-slim-bookworm"
    head = f"ARG PYTHON_VERSION={'3.12' if version == 'latest' else version}\n\n"
    if not multi_stage:
        return (head + f"FROM {base}\nWORKDIR /app\nENV PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1\n"
                + _apt_chain(rng, ["libpq5", "curl", "ca-certificates"]) + _heredoc_user(rng)
                + "COPY requirements.txt .\nRUN pip install --upgrade pip && pip install -r requirements.txt\n"
                + f"COPY src/ ./src/\n{_user_line(rng)}EXPOSE 8000\n"
                + f'CMD ["gunicorn", "--bind", "0.0.0.0:8000", "src.{service.replace("-", "_")}.wsgi:app"]\n')
    return (head + f"FROM {base} AS build\nWORKDIR /build\n"
            + _apt_chain(rng, ["build-essential", "libpq-dev", "git"])
            + "COPY requirements.txt .\nRUN pip wheel --wheel-dir /wheels -r requirements.txt\n"
            + "COPY . .\nRUN python -m compileall -q src\n\n"
            + f"FROM {base} AS runtime\nWORKDIR /app\nENV PYTHONUNBUFFERED=1\n"
            + _apt_chain(rng, ["libpq5", "curl"]) + _heredoc_user(rng)
            + "COPY --from=build /wheels /wheels\n"
            + "RUN pip install --no-cache-dir /wheels/* && rm -rf /wheels\n"
            + "COPY --from=build --chown=app:app /build/src ./src\n"
            + f"{_user_line(rng)}EXPOSE 8000\n"
            + 'HEALTHCHECK --interval=30s --timeout=3s CMD curl -fsS http://localhost:8000/healthz || exit 1\n'
            + f'ENTRYPOINT ["gunicorn", "--bind", "0.0.0.0:8000", "src.{service.replace("-", "_")}.wsgi:app"]\n')


def _node(rng: random.Random, service: str, multi_stage: bool) -> str:
    tag = rng.choice(["20-alpine", "22-alpine", "20-bookworm-slim", "latest"])
    if not multi_stage:
        return (f"FROM node:{tag}\nWORKDIR /usr/src/app\nENV NODE_ENV=production\n"
                "COPY package.json package-lock.json ./\nRUN npm ci --omit=dev && npm cache clean --force\n"
                f"COPY . .\n{_user_line(rng).replace('app', 'node')}EXPOSE 3000\nCMD [\"node\", \"server.js\"]\n")
    return (f"ARG NODE_TAG={tag}\n\nFROM node:${{NODE_TAG}} AS deps\nWORKDIR /app\n"
            "COPY package.json package-lock.json ./\nRUN npm ci\n\n"
            "FROM deps AS build\nCOPY . .\nRUN npm run lint \\\n    && npm run test -- --ci \\\n    && npm run build\n\n"
            f"FROM node:${{NODE_TAG}} AS runtime\nWORKDIR /app\nENV NODE_ENV=production PORT=3000\n"
            "COPY --from=deps /app/node_modules ./node_modules\nRUN npm prune --omit=dev\n"
            "COPY --from=build /app/dist ./dist\n"
            f"LABEL org.opencontainers.image.title=\"{service}\" org.opencontainers.image.vendor=\"acme\"\n"
            f"{_user_line(rng).replace('app', 'node')}EXPOSE 3000\nCMD [\"node\", \"dist/main.js\"]\n")


def _go(rng: random.Random, service: str, multi_stage: bool) -> str:
    final = rng.choice(["gcr.io/distroless/static-debian12:nonroot", "alpine:3.20", "scratch"])
    build = (f"FROM golang:{rng.choice(['1.22', '1.23'])}-bookworm AS build\nWORKDIR /src\n"
             "COPY go.mod go.sum ./\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\n"
             "COPY . .\nRUN --mount=type=cache,target=/root/.cache/go-build \\\n"
             f"    CGO_ENABLED=0 GOOS=linux go build -trimpath -ldflags='-s -w' -o /out/{service} ./cmd/{service}\n")
    if not multi_stage:
        return build + f'EXPOSE 8080\nENTRYPOINT ["/out/{service}"]\n'
    user = "USER 65532:65532\n" if final != "gcr.io/distroless/static-debian12:nonroot" else ""
    extra = "RUN apk add --no-cache ca-certificates tzdata\n" if final.startswith("alpine") else ""
    return (build + f"\nFROM {final}\n{extra}COPY --from=build /out/{service} /usr/local/bin/{service}\n"
            f'{user}EXPOSE 8080\nENTRYPOINT ["/usr/local/bin/{service}"]\n')


def _java(rng: random.Random, service: str, multi_stage: bool) -> str:
    jdk = rng.choice(["21", "17"])
    build = (f"FROM maven:3.9-eclipse-temurin-{jdk} AS build\nWORKDIR /build\nCOPY pom.xml .\n"
             "RUN mvn -B -q dependency:go-offline\nCOPY src ./src\n"
             "RUN mvn -B -q package -DskipTests \\\n    && mkdir -p /out \\\n    && cp target/*.jar /out/app.jar\n")
    if not multi_stage:
        return build + 'EXPOSE 8080\nCMD ["java", "-jar", "/out/app.jar"]\n'
    return (build + f"\nFROM eclipse-temurin:{jdk}-jre-jammy\nWORKDIR /opt/{service}\n"
            + _heredoc_user(rng) + "COPY --from=build /out/app.jar app.jar\n"
            + f'ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"\n{_user_line(rng)}EXPOSE 8080\n'
            + 'ENTRYPOINT ["java", "-jar", "app.jar"]\n')
