"""Gender evidence for pronoun agreement: honorifics and gendered titles written with a name,
then common first names (US Census lists); undecided when the evidence is shared or absent."""

from __future__ import annotations

import pytest

from chorus.attribution.gender import first_name_gender, gender_of


@pytest.mark.parametrize(
    ("first", "gender"),
    [("Thomas", "male"), ("Margaret", "female"), ("Kelly", None), ("Sauli", None)],
)
def test_a_first_name_tells_a_gender_only_when_one_gender_dominates(first, gender) -> None:
    assert first_name_gender(first) == gender


def test_an_honorific_or_title_outweighs_the_first_name() -> None:
    assert gender_of("Kelly Pell", ["Mrs. Pell"]) == "female"
    assert gender_of("Thomas Pell", ["Congresswoman Thomas Pell"]) == "female"
    assert gender_of("Pell", ["Mr. Pell", "Mrs. Pell"]) is None  # two people merged: no call


def test_a_surname_alone_tells_nothing() -> None:
    assert gender_of("Pell") is None
    assert gender_of("Pell", ["Pell"]) is None
