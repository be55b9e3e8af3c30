"""Label codes: format, parsing, and a check character that catches typos and swaps (property tests)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inventar.domain.labels.codes import (
    ALPHABET,
    LETTERS,
    MAX_SERIAL,
    LabelCodeError,
    compact,
    is_valid,
    make_code,
    normalise,
    parse_code,
)

prefixes = st.text(alphabet=LETTERS, min_size=2, max_size=2)
serials = st.integers(min_value=1, max_value=MAX_SERIAL)
# every character a keyboard or scanner may produce except the separators the parser ignores
typed_chars = st.characters(min_codepoint=33, max_codepoint=0x17F, blacklist_characters="-+/_.")


def test_format_and_round_trip():
    code = make_code("KB", 42)
    assert code.startswith("HTK-KB0042-") and len(code) == 12
    assert parse_code(code).prefix == "KB" and parse_code(code).serial == 42
    assert make_code("KB", 1234567).startswith("HTK-KB1234567-")


@pytest.mark.parametrize("typed", ["htk-kb0042-{c}", " HTK KB0042 {c} ", "HTK+KB0042+{c}", "htkkb0042{c}"])
def test_scanner_and_typing_variants_are_read(typed):
    code = make_code("KB", 42)
    assert normalise(typed.format(c=code[-1].lower())) == code


@pytest.mark.parametrize("text", ["", "ABC-KB0042-G", "HTK-K10042-G", "HTK-KB042-G", "HTK-KBO042-G",
                                  "HTK-KB00042-G", "HTK-IB0042-G", "12345"])
def test_malformed_codes_are_refused_with_a_reason(text):
    with pytest.raises(LabelCodeError) as error:
        parse_code(text)
    assert error.value.reason
    assert not is_valid(text)


@settings(max_examples=400)
@given(prefixes, serials, st.data())
def test_every_single_character_typo_is_caught(prefix, serial, data):
    code = compact(make_code(prefix, serial))
    position = data.draw(st.integers(0, len(code) - 1))
    wrong = data.draw(typed_chars.filter(lambda c: c.upper() != code[position]))
    typo = code[:position] + wrong + code[position + 1:]
    assert not is_valid(typo), f"{typo} accepted although {code} was meant"


@settings(max_examples=400)
@given(prefixes, serials, st.data())
def test_every_adjacent_swap_is_caught(prefix, serial, data):
    code = compact(make_code(prefix, serial))
    position = data.draw(st.integers(0, len(code) - 2))
    a, b = code[position], code[position + 1]
    swapped = code[:position] + b + a + code[position + 2:]
    if a == b:
        assert parse_code(swapped) == parse_code(code)
    else:
        assert not is_valid(swapped), f"{swapped} accepted although {code} was meant"


@given(prefixes, serials, st.data())
def test_swaps_in_the_printed_text_never_give_another_code(prefix, serial, data):
    """Swapping a hyphen with its neighbour changes nothing the parser sees; any other swap is refused."""
    code = make_code(prefix, serial)
    position = data.draw(st.integers(0, len(code) - 2))
    swapped = code[:position] + code[position + 1] + code[position] + code[position + 2:]
    assert not is_valid(swapped) or normalise(swapped) == code


def test_check_character_uses_the_whole_alphabet():
    seen = {make_code("KB", serial)[-1] for serial in range(1, 400)}
    assert seen == set(ALPHABET)


def test_non_ascii_digits_and_letters_are_refused():
    code = make_code("KB", 42)
    assert not is_valid(code.replace("0042", "٠٠٤٢"))  # Arabic-Indic digits
    assert not is_valid(code.replace("KB", "ＫＢ"))  # full-width letters
