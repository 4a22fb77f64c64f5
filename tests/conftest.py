"""Hypothesis profiles: the suite draws the same examples on every run, so CI is repeatable.

`HYPOTHESIS_PROFILE=explore` draws new random examples each run (a bug hunt); a failure prints the
`@reproduce_failure` line that replays it.
"""
from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("repeatable", derandomize=True, database=None, print_blob=True)
settings.register_profile("explore", derandomize=False, database=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))
