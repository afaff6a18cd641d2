"""Shared settings: Hypothesis profiles and small helpers for the tests.

Profiles: ``ci`` (default; derandomised, no example database, no deadline, so
a run is repeatable on any machine) and ``thorough`` (10,000 examples per
property), chosen with ``HANDGRAD_HYPOTHESIS_PROFILE=thorough``.
"""

import os
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("ci", derandomize=True, database=None, deadline=None,
                          max_examples=60, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", deadline=None, max_examples=10_000, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HANDGRAD_HYPOTHESIS_PROFILE", "ci"))

#: Gradient functions written as users write them (correct and buggy), audited by the tests.
SUBJECTS = Path(__file__).resolve().parent / "subjects"
sys.path.insert(0, str(SUBJECTS))


def random_problem(layer_sizes, batch, seed, scale=1.0):
    """``(X (batch, n), y (batch,))`` with mixed labels, from a seeded generator."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(batch, layer_sizes[0])) * scale
    y = (rng.random(batch) > 0.5).astype(np.float64)
    return X, y


@pytest.fixture(scope="session")
def notebook_data():
    """The notebook's data set and split at seed 0: X_train, X_test, y_train, y_test."""
    import handgrad
    X, y = handgrad.blobs(100000, seed=0)
    return handgrad.split(X, y, seed=0)
