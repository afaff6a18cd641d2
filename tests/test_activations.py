"""Each activation against its derivative, the kink rule, and the reference's activations."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import jaxref
from handgrad.activations import ACTIVATIONS, LEAKY_SLOPE, sigmoid

NAMES = sorted(ACTIVATIONS)
#: Central-difference check of a scalar derivative at step 1e-6: truncation
#: ~1e-12 * f''' and rounding ~1e-16 / 1e-6 = 1e-10; 1e-8 is 100x above both.
DERIV_ATOL = 1e-8
#: 1 - tanh(z)**2 cancels as tanh(z) -> 1: relative rounding ~macheps / tanh'(z),
#: 2.2e-14 at |z| = 3 where tanh' = 0.0099 (jax uses another formula).
TAIL_RTOL = 1e-13


def test_the_registries_name_the_same_activations():
    assert sorted(jaxref.ACTIVATIONS) == NAMES
    assert {"tanh", "relu", "sigmoid", "leaky_relu", "identity"} <= set(NAMES)
    assert jaxref.LEAKY_SLOPE == LEAKY_SLOPE == 0.01


@pytest.mark.parametrize("name", NAMES)
def test_derivative_matches_central_difference_away_from_kinks(name):
    act = ACTIVATIONS[name]
    z = np.linspace(-4, 4, 401)
    z = z[np.abs(z) > 1e-3]
    h = 1e-6
    numeric = (act.fn(z + h) - act.fn(z - h)) / (2 * h)
    np.testing.assert_allclose(act.grad(z), numeric, rtol=0, atol=DERIV_ATOL)


@pytest.mark.parametrize("name", NAMES)
def test_derivative_from_the_cached_output_equals_derivative_from_z(name):
    act = ACTIVATIONS[name]
    z = np.array([-30.0, -2.5, -1e-300, 0.0, 1e-300, 0.3, 2.5, 30.0])
    np.testing.assert_array_equal(act.grad(z, act.fn(z)), act.grad(z))


@pytest.mark.parametrize("name", NAMES)
def test_handgrad_and_jaxref_derivatives_agree(name):
    z = np.array([-3.0, -0.5, -1e-12, 0.0, 1e-12, 0.5, 3.0])
    with jax.enable_x64(True):
        ref = jax.vmap(jax.grad(jaxref.ACTIVATIONS[name]))(jnp.asarray(z))
        ref_values = jaxref.ACTIVATIONS[name](jnp.asarray(z))
    np.testing.assert_allclose(ACTIVATIONS[name].grad(z), np.asarray(ref), rtol=TAIL_RTOL, atol=0)
    np.testing.assert_allclose(ACTIVATIONS[name].fn(z), np.asarray(ref_values), rtol=1e-15)


@pytest.mark.parametrize("name, expected", [("relu", 0.0), ("leaky_relu", LEAKY_SLOPE)])
def test_kink_rule_at_exactly_zero_in_both_packages(name, expected):
    assert ACTIVATIONS[name].grad(np.array([0.0]))[0] == expected
    assert ACTIVATIONS[name].grad(np.array([-0.0]))[0] == expected
    with jax.enable_x64(True):
        assert float(jax.grad(jaxref.ACTIVATIONS[name])(0.0)) == expected


def test_jax_library_leaky_relu_differs_at_zero_which_is_why_jaxref_writes_its_own():
    # If this starts failing, JAX changed its convention; jaxref's explicit rule still holds.
    assert float(jax.grad(jax.nn.leaky_relu)(0.0)) == 1.0


def test_sigmoid_keeps_relative_precision_in_both_tails_without_warnings():
    z = np.array([-1e4, -745.0, -40.0, 0.0, 40.0, 1e4])
    s = sigmoid(z)
    assert np.all(np.isfinite(s))
    assert s[2] == pytest.approx(np.exp(-40.0) / (1 + np.exp(-40.0)), rel=1e-15)
    assert s[0] == 0.0 and s[-1] == 1.0 and s[3] == 0.5


@pytest.mark.parametrize("name", NAMES)
def test_out_arguments_give_the_same_bits_even_when_out_is_z(name):
    act = ACTIVATIONS[name]
    z = np.array([[-3.0, -1e-300, 0.0, 2.5], [1e-12, -0.5, 40.0, -40.0]])
    a = act.fn(z)
    out = np.empty_like(z)
    assert act.fn(z, out=out) is out
    np.testing.assert_array_equal(out, a)
    expected = act.grad(z, a)
    assert act.grad(z, a, out=out) is out
    np.testing.assert_array_equal(out, expected)
    alias = z.copy()  # the training loop writes the derivative over Z
    assert act.grad(alias, a, out=alias) is alias
    np.testing.assert_array_equal(alias, expected)
