"""Hooks for packages that hold personal data of their own (the mail outbox, for one).

A package that stores something about a person subscribes, instead of this package importing it:
- `erasing(user)`: the account is being anonymised; delete or blank what you hold about it
  (flush only, the caller commits).
- `pruning(now, config)`: the retention command runs; delete what is past its time and return
  {"what": count} so the command can report it.
"""
from __future__ import annotations

from blinker import Namespace

_signals = Namespace()
erasing = _signals.signal("privacy-erasing")
pruning = _signals.signal("privacy-pruning")
