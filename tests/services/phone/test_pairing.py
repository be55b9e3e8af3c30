"""The pairing's secrets: random URL-safe tokens, one device, an idle timeout, a new code refuses the old one."""

from __future__ import annotations

from inventar.services.phone.pairing import IDLE_TIMEOUT_S, TOKEN_PATTERN, Pairing


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_tokens_are_long_url_safe_and_never_repeat():
    tokens = {Pairing().token for _ in range(200)}
    assert len(tokens) == 200
    assert all(TOKEN_PATTERN.fullmatch(t) and len(t) >= 22 for t in tokens)  # 128 bits, nothing to escape in a URL


def test_only_the_current_token_is_accepted():
    pairing = Pairing()
    old = pairing.token
    assert pairing.accepts(old)
    assert not pairing.accepts("") and not pairing.accepts(old[:-1]) and not pairing.accepts(old + "x")
    assert not pairing.accepts(old.swapcase())
    pairing.renew()
    assert not pairing.accepts(old) and pairing.accepts(pairing.token)


def test_the_token_expires_after_inactivity_and_activity_keeps_it():
    clock = Clock()
    pairing = Pairing(clock=clock)
    clock.now += IDLE_TIMEOUT_S - 1
    assert pairing.accepts(pairing.token)
    pairing.touch()
    clock.now += IDLE_TIMEOUT_S - 1
    assert pairing.accepts(pairing.token) and pairing.seconds_left() == 1
    clock.now += 2
    assert pairing.expired() and not pairing.accepts(pairing.token)
    pairing.renew()  # a new code starts a new period
    assert pairing.accepts(pairing.token)


def test_the_first_device_claims_the_pairing_and_others_are_refused():
    pairing = Pairing()
    allowed, key = pairing.admit_device(None)
    assert allowed and key and pairing.claimed
    assert pairing.admit_device(key) == (True, None)
    assert pairing.admit_device(None) == (False, None)
    assert pairing.admit_device("forged") == (False, None)
    assert pairing.admit_device(key + "x") == (False, None)
    pairing.renew()  # »Ny kode«: the next phone may claim it
    assert not pairing.claimed
    assert pairing.admit_device(key) != (False, None)
