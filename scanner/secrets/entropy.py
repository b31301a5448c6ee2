"""How random a string looks: Shannon entropy and character classes.

The generic detector (a secret-looking name with a literal value) only accepts values that look
machine-generated, so that ``password = "prod-db-credentials"`` (a name, not a password) stays
quiet while ``password = "Zx8#qL2!vR9@mT4$"`` is reported. These measures are cheap and pure.
"""

from __future__ import annotations

import math
from collections import Counter

#: Minimum Shannon entropy, in bits per character, of a value the generic detector accepts.
HIGH_ENTROPY_BITS = 3.5
#: Minimum length of a value the generic detector accepts (entropy is meaningless on short text).
MIN_GENERIC_LENGTH = 12


def shannon_entropy(text: str) -> float:
    """Shannon entropy of ``text`` in bits per character (0.0 for the empty string).

    A string of ``n`` distinct characters scores ``log2(n)``; ``"aaaa"`` scores 0.
    """
    if not text:
        return 0.0
    length = len(text)
    return -sum((count / length) * math.log2(count / length) for count in Counter(text).values())


def character_classes(text: str) -> int:
    """How many of the classes lower-case, upper-case, digit and other occur in ``text`` (0-4)."""
    lower = upper = digit = other = False
    for char in text:
        if char.islower():
            lower = True
        elif char.isupper():
            upper = True
        elif char.isdigit():
            digit = True
        else:
            other = True
    return lower + upper + digit + other


def looks_random(text: str) -> bool:
    """True when ``text`` is long enough, has high entropy and mixes at least two character classes.

    This is the randomness half of the generic detector; ``values.py`` decides the other half
    (not a placeholder, reference or known non-secret).
    """
    return (
        len(text) >= MIN_GENERIC_LENGTH
        and character_classes(text) >= 2
        and shannon_entropy(text) >= HIGH_ENTROPY_BITS
    )
