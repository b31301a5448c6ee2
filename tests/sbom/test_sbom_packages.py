"""Install commands -> packages: apt-get with flags and pins, apk --no-cache/--virtual, dnf -y,
microdnf, pip with extras and pins, npm scoped, wrappers, and what is skipped and why."""

from __future__ import annotations

import pytest

from sbom.os_packages import split_nevr
from sbom.packages import install_request, unwrap


def summary(argv: list[str]) -> tuple[str, list[tuple], list[tuple[str, str]]] | None:
    """(installer, [(type, scope, name, version, constraint, arch, details)], [(word, reason)])."""
    found = install_request(argv)
    if found is None:
        return None
    manager, request = found
    packages = [(p.ecosystem, p.scope, p.name, p.version, p.constraint, p.arch, p.details) for p in request.packages]
    return manager, packages, [(s.word, s.reason) for s in request.skipped]


def test_apt_get_with_flags_and_pins() -> None:
    argv = ["apt-get", "install", "-y", "--no-install-recommends", "-o", "Dpkg::Options::=--force-confold",
            "curl=7.88.1-10+deb12u5", "libc6:i386", "git/bookworm-backports", "ca-certificates"]
    assert summary(argv) == (
        "apt-get",
        [
            ("deb", None, "curl", "7.88.1-10+deb12u5", None, None, ()),
            ("deb", None, "libc6", None, None, "i386", ()),
            ("deb", None, "git", None, None, None, (("bastion:apt:target-release", "bookworm-backports"),)),
            ("deb", None, "ca-certificates", None, None, None, ()),
        ],
        [],
    )


def test_apt_options_before_the_subcommand_and_target_release() -> None:
    assert summary(["apt", "-qq", "-t", "bullseye-backports", "install", "--yes", "nginx=1.22.*"]) == (
        "apt",
        [("deb", None, "nginx", None, "=1.22.*", None, (("bastion:apt:target-release", "bullseye-backports"),))],
        [],
    )


def test_apt_skips_variables_globs_files_and_removals() -> None:
    assert summary(["apt-get", "install", "-y", "$PKGS", "${EXTRA}", "libpq*", "./local.deb", "/tmp/x.deb", "vim-", "jq"]) == (
        "apt-get",
        [("deb", None, "jq", None, None, None, ())],
        [
            ("$PKGS", "depends on a variable"),
            ("${EXTRA}", "depends on a variable"),
            ("libpq*", "a pattern, not a package name"),
            ("./local.deb", "a local file or URL, not a repository package"),
            ("/tmp/x.deb", "a local file or URL, not a repository package"),
        ],
    )


@pytest.mark.parametrize(
    "argv",
    [["apt-get", "update"], ["apt-get", "-y", "upgrade"], ["apk", "del", "gcc"], ["apk", "update"], ["dnf", "clean", "all"],
     ["dnf", "module", "install", "nodejs:18"], ["pip", "wheel", "-r", "requirements.txt"], ["pip", "download", "x"],
     ["npm", "run", "build"], ["yarn", "build"], ["echo", "apt-get", "install", "x"], []],
)
def test_commands_that_install_nothing(argv: list[str]) -> None:
    assert install_request(argv) is None


def test_apk_no_cache_virtual_pins_and_constraints() -> None:
    argv = ["apk", "add", "--no-cache", "--virtual", ".build-deps", "gcc", "curl=8.5.0-r0", "musl~1.2", "openssl>3", "tini@community",
            "so:libc.musl-x86_64.so.1", "./pkg.apk"]
    assert summary(argv) == (
        "apk",
        [
            ("apk", None, "gcc", None, None, None, ()),
            ("apk", None, "curl", "8.5.0-r0", None, None, ()),
            ("apk", None, "musl", None, "~1.2", None, ()),
            ("apk", None, "openssl", None, ">3", None, ()),
            ("apk", None, "tini", None, None, None, (("bastion:apk:repository-tag", "community"),)),
        ],
        [("so:libc.musl-x86_64.so.1", "a capability, not a package name"), ("./pkg.apk", "a local file or URL, not a repository package")],
    )


def test_apk_virtual_written_inline_and_short() -> None:
    assert summary(["apk", "add", "--virtual=.tmp", "-t", ".other", "make"]) == ("apk", [("apk", None, "make", None, None, None, ())], [])


def test_dnf_yes_versions_arches_groups_and_provides() -> None:
    argv = ["dnf", "-y", "--setopt", "install_weak_deps=False", "install", "--nodocs", "curl-7.76.1-26.el9.x86_64",
            "java-17-openjdk", "glibc.i686", "python3-3.9.18", "@web-server", "/usr/bin/xargs", "perl(Carp)", "x.rpm"]
    assert summary(argv) == (
        "dnf",
        [
            ("rpm", None, "curl", "7.76.1-26.el9", None, "x86_64", ()),
            ("rpm", None, "java-17-openjdk", None, None, None, ()),
            ("rpm", None, "glibc", None, None, "i686", ()),
            ("rpm", None, "python3", "3.9.18", None, None, ()),
        ],
        [
            ("@web-server", "a package group or module, not a package"),
            ("/usr/bin/xargs", "a file provide, not a package name"),
            ("perl(Carp)", "a capability, not a package name"),
            ("x.rpm", "a local file or URL, not a repository package"),
        ],
    )


@pytest.mark.parametrize(
    ("text", "split"),
    [
        ("curl-7.76.1-26.el9", ("curl", "7.76.1-26.el9")),
        ("curl-7.76.1", ("curl", "7.76.1")),
        ("java-17-openjdk", ("java-17-openjdk", None)),
        ("java-17-openjdk-17.0.9.0.9-1.el9", ("java-17-openjdk", "17.0.9.0.9-1.el9")),
        ("libstdc++-devel-11.4.1-2.el9", ("libstdc++-devel", "11.4.1-2.el9")),
        ("bash-2:5.2.26-3.fc40", ("bash", "2:5.2.26-3.fc40")),
        ("python3-pip", ("python3-pip", None)),
        ("shadow-utils", ("shadow-utils", None)),
    ],
)
def test_rpm_name_version_split(text: str, split: tuple[str, str | None]) -> None:
    assert split_nevr(text) == split


def test_yum_and_microdnf() -> None:
    assert summary(["yum", "install", "-y", "epel-release"]) == ("yum", [("rpm", None, "epel-release", None, None, None, ())], [])
    assert summary(["microdnf", "install", "-y", "--nodocs", "tar"]) == ("microdnf", [("rpm", None, "tar", None, None, None, ())], [])


def test_pip_extras_pins_constraints_and_skips() -> None:
    argv = ["pip", "install", "--no-cache-dir", "-U", "--index-url", "https://pypi.example/simple", "requests[socks,Security]==2.31.0",
            "flask>=2", "Django==4.*", "urllib3>=1.26,<3", "a==1.0;python_version<'3.8'", "Typing_Extensions===4.0",
            "-r", "requirements.txt", "-c", "constraints.txt", "-e", ".", "/wheels/*", "pkg.whl", "git+https://host/x.git"]
    assert summary(argv) == (
        "pip",
        [
            ("pypi", None, "requests", "2.31.0", None, None, (("bastion:pip:extras", "security,socks"),)),
            ("pypi", None, "flask", None, ">=2", None, ()),
            ("pypi", None, "Django", None, "==4.*", None, ()),
            ("pypi", None, "urllib3", None, ">=1.26,<3", None, ()),
            ("pypi", None, "a", "1.0", None, None, (("bastion:pip:marker", "python_version<'3.8'"),)),
            ("pypi", None, "Typing_Extensions", "4.0", None, None, ()),
        ],
        [
            ("-r requirements.txt", "a requirements file, which is not read"),
            ("-c constraints.txt", "a constraints file, which is not read"),
            ("-e .", "an editable project, not an index package"),
            ("/wheels/*", "a local path, archive or URL, not an index package"),
            ("pkg.whl", "a local path, archive or URL, not an index package"),
            ("git+https://host/x.git", "a local path, archive or URL, not an index package"),
        ],
    )


@pytest.mark.parametrize(
    ("argv", "manager"),
    [
        (["pip3", "install", "x==1"], "pip"),
        (["pip3.12", "install", "x==1"], "pip"),
        (["/usr/local/bin/pip", "install", "x==1"], "pip"),
        (["python", "-m", "pip", "install", "x==1"], "pip"),
        (["python3.12", "-I", "-m", "pip", "install", "x==1"], "pip"),
        (["uv", "pip", "install", "--system", "x==1"], "uv"),
    ],
)
def test_pip_spellings(argv: list[str], manager: str) -> None:
    assert summary(argv) == (manager, [("pypi", None, "x", "1", None, None, ())], [])


def test_python_running_another_module_installs_nothing() -> None:
    assert install_request(["python", "-m", "venv", "/venv"]) is None
    assert install_request(["python3", "setup.py", "install"]) is None


def test_npm_scoped_pins_ranges_and_skips() -> None:
    argv = ["npm", "i", "-g", "--registry", "https://npm.example", "@angular/cli@17.3.0", "lodash@^4.17.0", "typescript", "left-pad@latest",
            "alias@npm:real-pkg@1.0.0", "github:user/repo", "user/repo", "./local", "pkg.tgz", "@scope"]
    assert summary(argv) == (
        "npm",
        [
            ("npm", "angular", "cli", "17.3.0", None, None, ()),
            ("npm", None, "lodash", None, "^4.17.0", None, ()),
            ("npm", None, "typescript", None, None, None, ()),
            ("npm", None, "left-pad", None, "latest", None, ()),
            ("npm", None, "real-pkg", "1.0.0", None, None, (("bastion:npm:alias", "alias"),)),
        ],
        [
            ("github:user/repo", "a git repository or URL, not a registry package"),
            ("user/repo", "a git repository or URL, not a registry package"),
            ("./local", "a local path, tarball or URL, not a registry package"),
            ("pkg.tgz", "a local path, tarball or URL, not a registry package"),
            ("@scope", "not an npm package name"),
        ],
    )


def test_npm_ci_and_bare_install_read_package_json() -> None:
    reason = "installs what package.json and its lock file list, which are not read"
    assert summary(["npm", "ci"]) == ("npm", [], [("npm ci", reason)])
    assert summary(["npm", "install", "--omit=dev"]) == ("npm", [], [("npm install", reason)])
    assert summary(["yarn"]) == ("yarn", [], [("yarn install", reason)])


def test_yarn_and_pnpm_add() -> None:
    assert summary(["yarn", "global", "add", "typescript@5.4.5"]) == ("yarn", [("npm", None, "typescript", "5.4.5", None, None, ())], [])
    assert summary(["pnpm", "add", "-D", "@types/node@20.11.0"]) == ("pnpm", [("npm", "types", "node", "20.11.0", None, None, ())], [])


@pytest.mark.parametrize(
    ("argv", "unwrapped"),
    [
        (["sudo", "-E", "-u", "root", "apt-get", "install", "x"], ["apt-get", "install", "x"]),
        (["env", "-i", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "x"], ["apt-get", "install", "x"]),
        (["DEBIAN_FRONTEND=noninteractive", "nice", "-n", "5", "apk", "add", "x"], ["apk", "add", "x"]),
        (["command", "exec", "pip", "install", "x"], ["pip", "install", "x"]),
        (["apt-get", "install", "x"], ["apt-get", "install", "x"]),
    ],
)
def test_wrappers_are_removed(argv: list[str], unwrapped: list[str]) -> None:
    assert unwrap(argv) == unwrapped
    assert install_request(argv) is not None
