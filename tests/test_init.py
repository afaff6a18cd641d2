"""Init schemes: shapes, determinism, and statistics against their papers."""

import numpy as np
import pytest

import handgrad
from handgrad.init import CONSTANT_VALUE, KERAS_SCALE, NOTEBOOK_SCALE

SCHEMES = sorted(handgrad.INIT_SCHEMES)
BIG = [400, 500, 1]  # a 500 x 400 first layer: 200,000 draws
#: Sample variance of N draws has relative standard error sqrt((kurtosis - 1) / N)
#: <= sqrt(2 / N) for the normal and uniform laws; 6 standard errors.
VAR_RTOL = 6 * np.sqrt(2 / (BIG[0] * BIG[1]))


def test_registry_holds_every_scheme_the_issue_names():
    assert set(SCHEMES) == {"zeros", "zero_weights", "small_random", "constant", "uniform",
                            "normal", "xavier_uniform", "xavier_normal", "he_uniform",
                            "he_normal", "lecun_normal", "orthogonal"}


@pytest.mark.parametrize("scheme", SCHEMES)
def test_shapes_dtypes_and_determinism(scheme):
    sizes = [3, 10, 4, 1]
    params = handgrad.init_params(sizes, scheme, seed=7)
    assert [(W.shape, b.shape) for W, b in params] == [((10, 3), (10,)), ((4, 10), (4,)),
                                                        ((1, 4), (1,))]
    assert all(W.dtype == b.dtype == np.float64 for W, b in params)
    again = handgrad.init_params(sizes, scheme, rng=np.random.default_rng(7))
    for (W, b), (W2, b2) in zip(params, again):
        np.testing.assert_array_equal(W, W2)
        np.testing.assert_array_equal(b, b2)


def test_zeros_is_exactly_zero_and_zero_weights_has_notebook_biases():
    for W, b in handgrad.init_params(BIG, "zeros", seed=0):
        assert not W.any() and not b.any()
    (W, b), _ = handgrad.init_params(BIG, "zero_weights", seed=0)
    assert not W.any()
    assert b.std() == pytest.approx(NOTEBOOK_SCALE, rel=0.2)  # 500 draws: SE 3%


@pytest.mark.parametrize("scheme, expected", [
    ("small_random", NOTEBOOK_SCALE ** 2),
    ("normal", KERAS_SCALE ** 2),
    ("uniform", KERAS_SCALE ** 2 / 3),
    ("xavier_uniform", 2 / (BIG[0] + BIG[1])),
    ("xavier_normal", 2 / (BIG[0] + BIG[1])),
    ("he_uniform", 2 / BIG[0]),
    ("he_normal", 2 / BIG[0]),
    ("lecun_normal", 1 / BIG[0]),
])
def test_weight_variance_matches_the_formula(scheme, expected):
    W = handgrad.init_params(BIG, scheme, seed=1)[0][0]
    assert W.var() == pytest.approx(expected, rel=VAR_RTOL)
    assert abs(W.mean()) < 6 * np.sqrt(expected / W.size)


def test_uniform_schemes_respect_their_limits():
    W = handgrad.init_params(BIG, "xavier_uniform", seed=2)[0][0]
    limit = np.sqrt(6 / (BIG[0] + BIG[1]))
    assert np.abs(W).max() <= limit and np.abs(W).max() > 0.99 * limit
    W = handgrad.init_params(BIG, "he_uniform", seed=2)[0][0]
    assert np.abs(W).max() <= np.sqrt(6 / BIG[0])


@pytest.mark.parametrize("fan_in, fan_out", [(8, 3), (5, 5), (3, 8)])
def test_orthogonal_rows_or_columns_are_orthonormal(fan_in, fan_out):
    W = handgrad.init_params([fan_in, fan_out, 1], "orthogonal", seed=3)[0][0]
    gram = W @ W.T if fan_out <= fan_in else W.T @ W
    np.testing.assert_allclose(gram, np.eye(min(fan_in, fan_out)), atol=1e-14)


def test_constant_takes_its_value_and_ties_every_unit():
    W, b = handgrad.init_params([3, 4, 1], "constant", seed=0)[0]
    assert np.all(W == CONSTANT_VALUE) and not b.any()
    W, _ = handgrad.init_params([3, 4, 1], "constant", seed=0, value=-2.0)[0]
    assert np.all(W == -2.0)


def test_different_seeds_give_different_params():
    a = handgrad.init_params([3, 10, 1], "he_normal", seed=0)[0][0]
    b = handgrad.init_params([3, 10, 1], "he_normal", seed=1)[0][0]
    assert not np.array_equal(a, b)
