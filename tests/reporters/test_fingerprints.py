"""primaryLocationLineHash: identical to github/codeql-action's values, and read safely by the scan."""

from __future__ import annotations

import os
import random
import re
from pathlib import Path

import pytest

from scanner.findings import Finding
from scanner.reporters.fingerprints import (
    END_OF_FILE,
    hash_units,
    iter_line_hashes,
    line_hashes,
)
from scanner.scan import read_line_hashes

# The unit-test vectors of github/codeql-action's src/fingerprints.test.ts ("hash" test): input text
# and the expected value of every line, in order.
CODEQL_VECTORS: list[tuple[str, list[str]]] = [
    ("", ["c129715d7a2bc9a3:1"]),
    (" a\nb\n  \t\tc\n d", ["271789c17abda88f:1", "54703d4cd895b18:1", "180aee12dab6264:1", "a23a3dc5e078b07b:1"]),
    (
        " hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End",
        ["8b7cf3e952e7aeb2:1", "b1ae1287ec4718d9:1", "bff680108adb0fcc:1", "c6805c5e1288b612:1", "b86d3392aea1be30:1", "e6ceba753e1a442:1"],
    ),
]
_GREETINGS = ["e9496ae3ebfced30:1", "fb7c023a8b9ccb3f:1", "ce8ba1a563dcdaca:1", "e20e36e16fcb0cc8:1", "b3edc88f2938467e:1", "c8e28b0b4002a3a0:1", "c129715d7a2bc9a3:1"]
CODEQL_VECTORS += [
    (" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n", _GREETINGS),
    (" hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r", _GREETINGS),
    (" hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n", _GREETINGS),
    (" hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n", _GREETINGS),
    (
        "Lorem ipsum dolor sit amet.\n" * 10,
        ["a7f2ff13bc495cf2:1", "a7f2ff13bc495cf2:2", "a7f2ff13bc495cf2:3", "a7f2ff13bc495cf2:4", "a7f2ff13bc495cf2:5", "a7f2ff13bc495cf2:6"]
        + ["a7f2ff1481e87703:1", "a9cf91f7bbf1862b:1", "55ec222b86bcae53:1", "cc97dc7b1d7d8f7b:1", "c129715d7a2bc9a3:1"],
    ),
    (
        "x = 2\nx = 1\nprint(x)\nx = 3\nprint(x)\nx = 4\nprint(x)\n",
        ["e54938cc54b302f1:1", "bb609acbe9138d60:1", "1131fd5871777f34:1", "5c482a0f8b35ea28:1", "54517377da7028d2:1", "2c644846cb18d53e:1", "f1b89f20de0d133:1", "c129715d7a2bc9a3:1"],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CODEQL_VECTORS, ids=[f"vector{index}" for index in range(len(CODEQL_VECTORS))])
def test_codeql_action_vectors(text: str, expected: list[str]) -> None:
    produced = list(iter_line_hashes(text))
    assert [line for line, _ in produced] == list(range(1, len(expected) + 1))
    assert [value for _, value in produced] == expected
    # codeql-action also checks that there is one hash per line as JavaScript splits lines.
    assert len(produced) == len(re.split(r"\r\n|\r|\n", text))
    # The reference model below must agree with the action too, or comparing with it proves nothing.
    assert rolling_reference(text) == expected


def rolling_reference(text: str) -> list[str]:
    """An independent, character-by-character model of the action's loop (ring buffer of 100
    units, rolling update, output when a line's first unit leaves the window), for comparison."""
    size, mask = 100, (1 << 64) - 1
    drop = pow(37, size, 1 << 64)
    window, owners = [0] * size, [0] * size
    state = {"hash": 0, "slot": 0, "line": 0, "at_start": True, "after_cr": False}
    counts: dict[int, int] = {}
    out: list[str] = []

    def emit_if_owned() -> None:
        owner = owners[state["slot"]]
        if owner:
            counts[state["hash"]] = counts.get(state["hash"], 0) + 1
            assert owner == len(out) + 1
            out.append(f"{state['hash']:x}:{counts[state['hash']]}")
            owners[state["slot"]] = 0

    def push(unit: int) -> None:
        slot = state["slot"]
        state["hash"] = (state["hash"] * 37 + unit - drop * window[slot]) & mask
        window[slot] = unit
        state["slot"] = (slot + 1) % size

    def feed(unit: int) -> None:
        if unit in (0x20, 0x09) or (state["after_cr"] and unit == 0x0A):
            state["after_cr"] = False
            return
        state["after_cr"] = unit == 0x0D
        unit = 0x0A if unit == 0x0D else unit
        emit_if_owned()
        if state["at_start"]:
            state["at_start"] = False
            state["line"] += 1
            owners[state["slot"]] = state["line"]
        state["at_start"] = unit == 0x0A
        push(unit)

    encoded = text.encode("utf-16-le", "surrogatepass")
    for offset in range(0, len(encoded), 2):
        feed(int.from_bytes(encoded[offset : offset + 2], "little"))
    feed(END_OF_FILE)
    for _ in range(size):
        emit_if_owned()
        push(0)
    return out


def tricky_texts() -> list[str]:
    """Deterministic texts mixing every line-break form, blanks, non-ASCII and astral characters."""
    pieces = ["a", "bc", " ", "\t", "\r", "\n", "\r\n", "\r \n", "é", "😀", "\u2028", "x = 1", "\ufeff", "}" * 40]
    generator = random.Random(20261124)
    texts = ["".join(generator.choice(pieces) for _ in range(length)) for length in (0, 1, 5, 60, 400, 3000)]
    texts += ["\r\n" * 150, " \t" * 300, "😀" * 120 + "\n" + "😀" * 3, "same line\n" * 250]
    return texts


@pytest.mark.parametrize("text", tricky_texts(), ids=lambda text: f"len{len(text)}")
def test_direct_sum_equals_the_rolling_hash(text: str) -> None:
    assert [value for _, value in iter_line_hashes(text)] == rolling_reference(text)


def test_astral_characters_count_as_two_utf16_units() -> None:
    units = hash_units("😀")
    assert units[:3] == [0xD83D, 0xDE00, END_OF_FILE]
    assert len(units) == 2 + 1 + 99


def test_a_space_between_cr_and_lf_makes_two_line_breaks() -> None:
    assert len(list(iter_line_hashes("a\r \nb"))) == 3
    assert len(list(iter_line_hashes("a\r\nb"))) == 2


def test_line_hashes_returns_only_requested_existing_lines() -> None:
    text = "Lorem ipsum dolor sit amet.\n" * 10
    every = dict(iter_line_hashes(text))
    assert line_hashes(text, [2, 7, 0, -3, 99]) == {2: every[2], 7: every[7]}
    assert line_hashes(text, []) == {}
    assert line_hashes(text, [2]) == {2: "a7f2ff13bc495cf2:2"}


def test_stopping_early_does_not_change_values() -> None:
    text = "x = 2\nx = 1\nprint(x)\nx = 3\nprint(x)\n"
    assert list(iter_line_hashes(text, last_line=3)) == list(iter_line_hashes(text))[:3]


def _finding(path: str, line: int) -> Finding:
    return Finding("R1", "HIGH", "t", "m", path, line, line, None, None, "0" * 16)


def test_read_line_hashes_reads_findings_files_below_the_root(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    (root / "sub dir").mkdir(parents=True)
    (root / "sub dir" / "main.tf").write_bytes(b"x = 2\nx = 1\nprint(x)\nx = 3\nprint(x)\nx = 4\nprint(x)\n")
    hashes = read_line_hashes(str(root), [_finding("sub dir/main.tf", 3), _finding("sub dir/main.tf", 0)])
    assert hashes == {"sub dir/main.tf": {1: "e54938cc54b302f1:1", 3: "1131fd5871777f34:1"}}


def test_read_line_hashes_never_leaves_the_root(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    outside = tmp_path / "secret.tf"
    outside.write_text("secret = 1\n", encoding="utf-8")
    os.symlink(outside, root / "link.tf")
    findings = [_finding("../secret.tf", 1), _finding(str(outside), 1), _finding("link.tf", 1), _finding("missing.tf", 1)]
    assert read_line_hashes(str(root), findings) == {}


def test_read_line_hashes_decodes_invalid_utf8_with_replacement(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_bytes(b"a: \xff\xfe\nb: 1\n")
    assert read_line_hashes(str(tmp_path), [_finding("bad.yaml", 2)]) == {"bad.yaml": line_hashes("a: \ufffd\ufffd\nb: 1\n", [2])}
