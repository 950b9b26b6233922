"""Short codes: a session's link that a person can type from a poster or a projector.

A code is 8 characters from Crockford's base 32 (digits and capital letters without I, L,
O or U), 40 random bits from `secrets`. Typing is forgiving: any case, spaces and hyphens
are ignored, O reads as 0 and I or L as 1 (`normalise`), so `k7m2-xq9d` and `K7M2XQ9D`
open the same session. Guessing one stays impractical because wrong codes are
rate-limited per address (engage/sessions/code_limits.py).
"""

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 8
LOOK_ALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_code():
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(typed):
    """The code a person meant, in capitals, or None when it cannot be a code."""
    cleaned = "".join(typed.split()).replace("-", "").upper().translate(LOOK_ALIKES)
    if len(cleaned) != LENGTH or any(c not in ALPHABET for c in cleaned):
        return None
    return cleaned


def spaced(code):
    """A code as shown in big type: two groups of four, `K7M2 XQ9D`."""
    return f"{code[:4]} {code[4:]}"
