"""One pairing between the registration form and one phone: a random token, one device, an idle timeout.

* the token (128 random bits from :mod:`secrets`, URL-safe) is the QR code's secret; a new code
  (:meth:`Pairing.renew`) makes the old one worthless at once;
* the first phone that uses the page's data (not merely loads it: link previews of QR apps run no
  script) claims the pairing with a second secret, kept in a cookie; another device with the same
  token is refused until the laptop makes a new code;
* without a page load or an upload for :data:`IDLE_TIMEOUT_S` the token expires (the page's
  polling alone keeps nothing alive: a phone left on a table does not hold the door open).

Tokens and device keys are compared in constant time.
"""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Callable

TOKEN_BYTES = 16  # 128 bits: 22 URL-safe characters
IDLE_TIMEOUT_S = 20 * 60
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,64}")


class Pairing:
    def __init__(self, idle_timeout: float = IDLE_TIMEOUT_S, clock: Callable[[], float] = time.monotonic) -> None:
        self.idle_timeout = idle_timeout
        self.clock = clock
        self.token = ""
        self.device_key: str | None = None
        self.last_active = 0.0
        self.renew()

    def renew(self) -> str:
        """A new token; the old one and the phone that used it are refused from now on."""
        self.token = secrets.token_urlsafe(TOKEN_BYTES)
        self.device_key = None
        self.last_active = self.clock()
        return self.token

    def expired(self) -> bool:
        return self.clock() - self.last_active > self.idle_timeout

    def seconds_left(self) -> float:
        return max(0.0, self.idle_timeout - (self.clock() - self.last_active))

    def accepts(self, token: str) -> bool:
        """The token is this pairing's and has not expired."""
        return bool(token) and secrets.compare_digest(token.encode(), self.token.encode()) and not self.expired()

    def touch(self) -> None:
        """A page load or an upload: the idle timeout starts again."""
        self.last_active = self.clock()

    @property
    def claimed(self) -> bool:
        return self.device_key is not None

    def admit_device(self, key: str | None) -> tuple[bool, str | None]:
        """(allowed, new key to hand the device): the first device gets a key, later ones must show it."""
        if self.device_key is None:
            self.device_key = secrets.token_urlsafe(TOKEN_BYTES)
            return True, self.device_key
        return bool(key) and secrets.compare_digest(key.encode(), self.device_key.encode()), None
