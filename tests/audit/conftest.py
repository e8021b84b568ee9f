from tests.griffie.conftest import frozen, griffier, member_of  # noqa: F401  (the same griffie, on the same day)
