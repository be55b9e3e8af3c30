"""Label codes: ``HTK-KB0042-T``, unique across laptops, with a check character.

A code has four parts:

* ``HTK``: the municipality tag, the same on every code (a scanner that reads
  something else knows at once it is not one of ours);
* ``KB``: the *series prefix* of the database (or laptop) that made the code,
  two letters; every series is claimed once (see ``README.md``, "Label codes");
* ``0042``: the serial number inside that series, at least four digits;
* ``T``: the check character.

Only 31 symbols are used, ``0-9`` and the letters without ``I O Q S Z`` (they
look like ``1 0 0 5 2``).  The check character makes the weighted sum
``Σ position × value`` of the whole code (without hyphens) divisible by 31.  31
is prime and every weight is below 31, so every single wrong character and every
swap of two neighbouring different characters changes the sum: both are caught.

Hyphens, spaces, ``+`` and ``/`` are ignored when reading a code, so a scanner
that sends ``+`` for ``-`` (US keyboard layout on a Danish laptop) still works,
and lower case is accepted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from inventar.errors import UserError
from inventar.i18n import _

ALPHABET = "0123456789ABCDEFGHJKLMNPRTUVWXY"
LETTERS = ALPHABET[10:]
MODULUS = len(ALPHABET)  # 31, a prime
ORG = "HTK"
SERIAL_DIGITS = 4
MAX_SERIAL = 9_999_999
_VALUE = {symbol: value for value, symbol in enumerate(ALPHABET)}
_SEPARATORS = re.compile(r"[\s\-+/_.]")
_COMPACT = re.compile(rf"^({ORG})([{LETTERS}]{{2}})([0-9]{{{SERIAL_DIGITS},7}})([{ALPHABET}])$")


class LabelCodeError(UserError, ValueError):
    """The text is not a valid label code; ``reason`` says why (in the current language)."""

    def __init__(self, text: str, reason: str) -> None:
        self.text = text
        self.reason = reason
        super().__init__(_("»{text}« er ikke en gyldig etiketkode: {reason}", text=text, reason=reason))


def _weighted_sum(compact: str) -> int:
    return sum(position * _VALUE[symbol] for position, symbol in enumerate(compact, start=1)) % MODULUS


def check_character(body: str) -> str:
    """The character that, appended to the compact ``body``, makes the weighted sum 0 (mod 31)."""
    weight = len(body) + 1
    partial = _weighted_sum(body)
    # find c with partial + weight*c == 0 (mod 31): c = -partial * weight^-1
    value = (-partial * pow(weight, -1, MODULUS)) % MODULUS
    return ALPHABET[value]


def is_valid_prefix(prefix: str) -> bool:
    return len(prefix) == 2 and all(ch in LETTERS for ch in prefix)


@dataclass(frozen=True, slots=True)
class LabelCode:
    prefix: str
    serial: int

    @property
    def text(self) -> str:
        body = f"{ORG}{self.prefix}{self.serial:0{SERIAL_DIGITS}d}"
        return f"{ORG}-{self.prefix}{self.serial:0{SERIAL_DIGITS}d}-{check_character(body)}"

    def __str__(self) -> str:
        return self.text


def make_code(prefix: str, serial: int) -> str:
    """The printed text of code number ``serial`` in series ``prefix``."""
    if not is_valid_prefix(prefix):
        raise ValueError(f"invalid series prefix {prefix!r}")
    if not 1 <= serial <= MAX_SERIAL:
        raise ValueError(f"serial {serial} out of range")
    return LabelCode(prefix, serial).text


def compact(text: str) -> str:
    return _SEPARATORS.sub("", text).upper()


def parse_code(text: str) -> LabelCode:
    """Read a typed or scanned code; raises :class:`LabelCodeError` with the reason."""
    raw = compact(text or "")
    if not raw:
        raise LabelCodeError(text, _("koden er tom"))
    match = _COMPACT.match(raw)
    if not match:
        if not raw.startswith(ORG):
            raise LabelCodeError(text, _("en etiketkode begynder med {org}-", org=ORG))
        raise LabelCodeError(text, _("forkert opbygning; en etiketkode ser ud som {example}",
                                     example=make_code("KB", 42)))
    digits = match.group(3)
    if len(digits) > SERIAL_DIGITS and digits.startswith("0"):
        raise LabelCodeError(text, _("forkert opbygning; en etiketkode ser ud som {example}",
                                     example=make_code("KB", 42)))
    if _weighted_sum(raw) != 0:
        raise LabelCodeError(text, _("kontroltegnet passer ikke, så koden er tastet eller læst forkert"))
    return LabelCode(match.group(2), int(match.group(3)))


def normalise(text: str) -> str:
    """The canonical printed form of a typed or scanned code (raises :class:`LabelCodeError`)."""
    return parse_code(text).text


def is_valid(text: str) -> bool:
    try:
        parse_code(text)
    except LabelCodeError:
        return False
    return True
