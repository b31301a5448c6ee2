"""ARG/ENV substitution: quoting, escapes, default operators, and what stays unresolved."""

from __future__ import annotations

import pytest

from scanner.parsers.dockerfile.args import UNKNOWN, UNSET, Expanded, Scope, expand_word

SCOPE = Scope(
    {"SET": "value", "EMPTY": "", "DECLARED": UNSET, "FROM_BASE": UNKNOWN, "FILE": "archive.tar.gz"},
    fallback=lambda _name: UNSET,
)


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("plain", Expanded("plain")),
        ("$SET", Expanded("value")),
        ("${SET}-x", Expanded("value-x")),
        ("a${SET}b$SET", Expanded("avalueb" + "value")),
        ("${DECLARED:-fallback}", Expanded("fallback")),
        ("${EMPTY:-fallback}", Expanded("fallback")),
        ("${EMPTY-fallback}", Expanded("")),
        ("${DECLARED-fallback}", Expanded("fallback")),
        ("${SET:+alt}", Expanded("alt")),
        ("${DECLARED:+alt}", Expanded("")),
        ("${SET+alt}", Expanded("alt")),
        ("${DECLARED:-$SET}", Expanded("value")),
        ("${SET:-$FROM_BASE}", Expanded("value")),
        ("${FILE%.gz}", Expanded("archive.tar")),
        ("${FILE%%.*}", Expanded("archive")),
        ("${FILE#*.}", Expanded("tar.gz")),
        ("${FILE##*.}", Expanded("gz")),
        ("${FILE/tar/zip}", Expanded("archive.zip.gz")),
        ("'$SET'", Expanded("$SET")),
        ('"$SET and ${SET}"', Expanded("value and value")),
        ('"quoted \\"inner\\""', Expanded('quoted "inner"')),
        ("\\$SET", Expanded("$SET")),
        ("cost$", Expanded("cost$")),
        ("$DECLARED", Expanded("$DECLARED", ("DECLARED",))),
        ("${FROM_BASE}/bin", Expanded("${FROM_BASE}/bin", ("FROM_BASE",))),
        ("${FROM_BASE:-x}", Expanded("${FROM_BASE:-x}", ("FROM_BASE",))),
        ("${DECLARED:?required}", Expanded("${DECLARED:?required}", ("DECLARED",))),
        ("${DECLARED:-$FROM_BASE}", Expanded("$FROM_BASE", ("FROM_BASE",))),
        ("${SET:bad}", Expanded("${SET:bad}", ("SET",))),
        ("${SET", Expanded("${SET", ("SET",))),
    ],
)
def test_expand_word(word, expected):
    assert expand_word(word, SCOPE.lookup) == expected


def test_backtick_escape_character():
    assert expand_word("`$SET and C:\\dir", SCOPE.lookup, escape="`") == Expanded("$SET and C:\\dir")


def test_scope_falls_back_for_names_it_does_not_hold():
    scope = Scope({"A": "1"}, fallback=lambda name: UNKNOWN)
    assert scope.lookup("A") == "1"
    assert scope.lookup("B") is UNKNOWN
    assert Scope().lookup("B") is UNSET


def test_long_values_are_not_pattern_matched():
    scope = Scope({"BIG": "x" * 5000})
    assert expand_word("${BIG%x}", scope.lookup) == Expanded("${BIG%x}", ("BIG",))
