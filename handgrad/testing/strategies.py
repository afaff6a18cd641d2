"""Hypothesis strategies for property tests of backward passes.

Draw whole configurations: depth (hidden layers), widths, input size, batch,
activation, init scheme, seed, and data with duplicated rows, all-zero rows
and large values, labels in {0, 1}.  Everything is float64.  A failing
property shrinks towards one hidden layer of one unit, one input, one
example, and prints the :class:`Problem` with its configuration.

    from hypothesis import given
    from handgrad.testing import strategies as hs

    @given(hs.problems(activations=["tanh"]))
    def test_my_backprop(problem):
        ...  # problem.params, problem.X, problem.y, problem.activation
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

try:
    from hypothesis import strategies as st
except ImportError as exc:  # a runtime install without the test extra
    raise ImportError("handgrad.testing.strategies needs Hypothesis: "
                      "pip install \"handgrad[test]\"") from exc

from handgrad.activations import ACTIVATIONS
from handgrad.init import INIT_SCHEMES
from handgrad.params import init_params

#: Schemes that give several hidden units identical incoming and outgoing weights.
TIE_SCHEMES = ("zeros", "constant")


@dataclass(frozen=True, eq=False)
class Problem:
    """One drawn configuration: the network, its params and a batch."""

    layer_sizes: tuple
    activation: str
    scheme: str
    seed: int
    params: list
    X: np.ndarray
    y: np.ndarray

    def __repr__(self):
        return (f"Problem(layer_sizes={list(self.layer_sizes)}, activation={self.activation!r}, "
                f"scheme={self.scheme!r}, seed={self.seed}, batch={self.X.shape[0]}, "
                f"X={np.array2string(self.X, precision=4, threshold=200)}, "
                f"y={self.y.astype(int).tolist()})")


def layer_sizes(min_depth=1, max_depth=3, max_width=16, max_inputs=8):
    """``[n_in, h1, ..., hk, 1]`` with ``min_depth <= k <= max_depth`` hidden layers."""
    return st.builds(lambda n, hidden: [n, *hidden, 1], st.integers(1, max_inputs),
                     st.lists(st.integers(1, max_width), min_size=min_depth, max_size=max_depth))


def activations(names=None):
    """A hidden activation name (default: every registered one)."""
    return st.sampled_from(sorted(names or ACTIVATIONS))


def schemes(names=None):
    """An init scheme name (default: every registered one)."""
    return st.sampled_from(sorted(names or INIT_SCHEMES))


def params(sizes, scheme=None):
    """Params for ``sizes`` from a drawn (or given) scheme and seed: ``(scheme, seed, params)``."""
    scheme = schemes() if scheme is None else st.just(scheme)
    return st.builds(lambda s, seed: (s, seed, init_params(sizes, s, seed=seed)), scheme,
                     st.integers(0, 2 ** 16))


@st.composite
def data(draw, n_features, max_batch=64, zero_rows=True, large=True):
    """``(X (m, n_features), y (m,))``: Gaussian rows, some duplicated, some all zero, some large."""
    m = draw(st.integers(1, max_batch))
    rng = np.random.default_rng(draw(st.integers(0, 2 ** 16)))
    X = rng.standard_normal((m, n_features))
    rows = st.lists(st.integers(0, m - 1), max_size=min(m, 8), unique=True)
    for i, j in zip(draw(rows), draw(rows)):
        X[j] = X[i]  # duplicated rows
    if zero_rows:
        X[draw(rows)] = 0.0
    if large:
        X[draw(rows)] *= draw(st.sampled_from([10.0, 100.0, 1000.0]))
    y = np.array(draw(st.lists(st.integers(0, 1), min_size=m, max_size=m)), dtype=np.float64)
    return X, y


@st.composite
def problems(draw, activations_=None, schemes_=None, min_depth=1, max_depth=3, max_width=16,
             max_inputs=8, max_batch=64, zero_rows=True, large=True):
    """A whole :class:`Problem`: network, activation, init scheme, params and data."""
    sizes = draw(layer_sizes(min_depth, max_depth, max_width, max_inputs))
    activation = draw(activations(activations_))
    scheme, seed, p = draw(params(sizes, draw(schemes(schemes_))))
    X, y = draw(data(sizes[0], max_batch, zero_rows, large))
    return Problem(tuple(sizes), activation, scheme, seed, p, X, y)
