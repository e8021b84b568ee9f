"""Verification codes: unguessable, readable, and forgiving of how people type them back."""
import math
import re

import pytest

from app.certificates.codes import ALPHABET, LENGTH, new_code, normalise

PRINTED = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$")


def test_a_new_code_is_four_groups_of_four():
    assert PRINTED.match(new_code())


def test_the_alphabet_is_crockford_base32():
    assert len(ALPHABET) == len(set(ALPHABET)) == 32
    assert not set("ILOU") & set(ALPHABET)


def test_codes_do_not_repeat():
    assert len({new_code() for _ in range(1000)}) == 1000


def test_a_code_carries_at_least_80_bits():
    assert math.log2(len(ALPHABET) ** LENGTH) >= 80


def test_codes_use_the_whole_alphabet():
    # A generator stuck on a few characters would still pass the format test.
    assert set("".join(new_code() for _ in range(200)).replace("-", "")) == set(ALPHABET)


@pytest.mark.parametrize("typed", [
    "7K3M-Q9TX-2D8H-VRWN",
    "7k3m-q9tx-2d8h-vrwn",
    "7K3MQ9TX2D8HVRWN",
    "7K3M Q9TX 2D8H VRWN",
    "  7k3m q9tx-2d8h vrwn \n",
])
def test_what_people_type_comes_back_printed(typed):
    assert normalise(typed) == "7K3M-Q9TX-2D8H-VRWN"


def test_a_new_code_survives_normalising():
    code = new_code()
    assert normalise(code.lower().replace("-", "")) == code


def test_look_alike_letters_are_read_as_digits():
    assert normalise("OOOO-IIII-LLLL-oil0") == "0000-1111-1111-0110"


@pytest.mark.parametrize("typed", [
    "",
    "7K3M-Q9TX-2D8H-VRW",
    "7K3M-Q9TX-2D8H-VRWNA",
    "7K3M-Q9TX-2D8H-VRWU",
    "7K3M-Q9TX-2D8H-VRW!",
    "7K3M_Q9TX_2D8H_VRWN",
])
def test_what_cannot_be_a_code_is_refused(typed):
    assert normalise(typed) is None
