"""Validation rejects bad values with Danish messages that name the field."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inventar import i18n
from inventar.domain.items import ItemData, ValidationError, parse_dimension, parse_quantity


def valid(**changes) -> ItemData:
    return ItemData(**{"category": "chair", **changes}).validated()


@pytest.mark.parametrize("text, expected", [("80", 80.0), ("80,5", 80.5), ("ca. 120", 120.0), ("120 cm", 120.0),
                                            (" 45.25 ", 45.2), (1000, 1000.0), (1, 1.0), ("", None)])
def test_dimensions_accept_what_people_type(text, expected):
    assert parse_dimension("width_cm", text) == expected


@pytest.mark.parametrize("value, message", [
    (0, "Bredde (cm): skal være mellem 1 og 1000 cm (fik 0)"),
    (1000.5, "Bredde (cm): skal være mellem 1 og 1000 cm (fik 1000,5)"),
    (-40, "Bredde (cm): skal være mellem 1 og 1000 cm (fik -40)"),
    ("bred", "Bredde (cm): »bred« er ikke et mål i cm"),
    ("12 m", "Bredde (cm): »12 m« er ikke et mål i cm"),
])
def test_impossible_dimensions_are_rejected_naming_the_field(value, message):
    with pytest.raises(ValidationError) as error:
        valid(width_cm=value)
    assert error.value.field == "width_cm"
    assert error.value.message == message


@pytest.mark.parametrize("value", [0, -1, 2.5, "3 stk", "", True])
def test_quantity_must_be_a_whole_number_of_at_least_one(value):
    with pytest.raises(ValidationError) as error:
        parse_quantity(value)
    assert error.value.field == "quantity"
    assert error.value.message.startswith("Antal:")


@given(st.integers(min_value=1, max_value=100_000))
def test_every_positive_quantity_is_kept(number):
    assert parse_quantity(number) == number
    assert parse_quantity(str(number)) == number


def test_category_condition_and_hidden_gold_rules():
    with pytest.raises(ValidationError, match="Kategori"):
        ItemData(category="rocket").validated()
    with pytest.raises(ValidationError, match="Stand: skal være en karakter fra 1 til 5"):
        valid(condition=6)
    with pytest.raises(ValidationError, match="Begrundelse for gemt guld"):
        valid(hidden_gold=True)
    assert valid(hidden_gold=True, hidden_gold_reason=" Teaktræ fra 1962 ").hidden_gold_reason == "Teaktræ fra 1962"
    assert valid(condition="4").condition == 4


def test_messages_follow_the_language():
    i18n.set_language("en")
    with pytest.raises(ValidationError) as error:
        valid(height_cm=2000)
    assert error.value.message == "Height (cm): must be between 1 and 1000 cm (got 2000)"


@pytest.mark.parametrize(("field", "value", "message"), [
    ("title", "x" * 201, "højst 200 tegn"),
    ("colour", "y" * 101, "højst 100 tegn"),
    ("description", "z" * 4001, "højst 4000 tegn"),
    ("title", "Stol\x00", "kontroltegn"),
    ("material", "Teak\x1b[31m", "kontroltegn"),
])
def test_text_fields_have_one_length_and_character_rule_for_every_database(field, value, message):
    with pytest.raises(ValidationError, match=message) as caught:
        ItemData(category="chair", **{field: value}).validated()
    assert caught.value.field == field


def test_multiline_text_keeps_its_line_breaks():
    assert ItemData(category="chair", description="To linjer\nher").validated().description == "To linjer\nher"
