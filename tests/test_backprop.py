"""handgrad's backward pass against the hand-worked example, jax.grad and finite differences."""

import numpy as np
import pytest

import handgrad
import jaxref
from handgrad.audit.compare import GRAD_RTOL, rel_error
from handgrad.audit.finite_diff import central_differences, fd_agrees, kink_clearance
from handgrad.validate import check_activation

from conftest import random_problem

ACTIVATIONS = sorted(handgrad.ACTIVATIONS)
SCHEMES = sorted(handgrad.INIT_SCHEMES)
#: Depth 0 (logistic regression) to 3 hidden layers, the notebook's shape among them.
SHAPES = [[3, 1], [3, 10, 1], [2, 5, 3, 1], [4, 3, 5, 2, 1]]


def assert_grads_match(ours, ref, rtol=GRAD_RTOL):
    assert len(ours) == len(ref)
    for layer, (pair, ref_pair) in enumerate(zip(ours, ref), start=1):
        for name, a, b in zip("Wb", pair, ref_pair):
            assert a.shape == b.shape and a.dtype == np.float64, f"{name}{layer}"
            assert rel_error(a, b) <= rtol, f"{name}{layer}: rel error {rel_error(a, b):.3g}"
            # Structural zeros (zero weights, dead units) are exactly zero on both sides.
            np.testing.assert_array_equal(a == 0, b == 0, err_msg=f"{name}{layer} zeros")


def test_tiny_network_worked_by_hand():
    # The numbers of the comment at the top of handgrad/backprop.py.
    X, y = np.array([[1.0, 2.0]]), np.array([1.0])
    params = [(np.array([[0.1, 0.2], [-0.3, -0.4]]), np.zeros(2)),
              (np.array([[2.0, -1.0]]), np.array([-1.0]))]
    value, grads = handgrad.loss_and_gradients(params, X, y, "relu")
    assert value == pytest.approx(np.log(2), rel=1e-15)
    (dW1, db1), (dW2, db2) = grads
    np.testing.assert_allclose(dW2, [[-0.25, 0.0]], rtol=1e-15)
    np.testing.assert_allclose(db2, [-0.5], rtol=1e-15)
    np.testing.assert_allclose(dW1, [[-1.0, -2.0], [0.0, 0.0]], rtol=1e-15)
    np.testing.assert_allclose(db1, [-1.0, 0.0], rtol=1e-15)


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("sizes", SHAPES, ids=str)
def test_matches_jax_grad_for_every_scheme_seed_and_batch(activation, sizes):
    for scheme in SCHEMES:
        for seed in (0, 1):
            for batch in (1, 17):
                params = handgrad.init_params(sizes, scheme, seed=seed)
                X, y = random_problem(sizes, batch, seed)
                value, ours = handgrad.loss_and_gradients(params, X, y, activation)
                ref_value, ref = jaxref.loss_and_gradients(params, X, y, activation)
                assert value == pytest.approx(ref_value, rel=1e-13, abs=1e-15)
                assert_grads_match(ours, ref)


def test_all_zero_init_gives_exactly_equal_gradients_with_exact_zeros():
    params = handgrad.init_params([3, 10, 1], "zeros", seed=0)
    X, y = random_problem([3], 9, 0)
    for activation in ACTIVATIONS:
        ours = handgrad.gradients(params, X, y, activation)
        ref = jaxref.gradients(params, X, y, activation)
        for pair, ref_pair in zip(ours, ref):
            for a, b in zip(pair, ref_pair):
                np.testing.assert_array_equal(a, b)
        assert not ours[0][0].any()  # no signal reaches W1 through zero W2


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_finite_differences_agree_with_both_away_from_kinks(activation):
    checked = 0
    for sizes in ([3, 10, 1], [2, 4, 3, 1]):
        for seed in range(3):
            params = handgrad.init_params(sizes, "xavier_normal", seed=seed)
            X, y = random_problem(sizes, 13, seed)
            if kink_clearance(params, X, check_activation(activation)) <= 1:
                continue
            fd = central_differences(lambda p: handgrad.loss(p, X, y, activation), params)
            for grads in (handgrad.gradients(params, X, y, activation),
                          jaxref.gradients(params, X, y, activation)):
                for pair, fd_pair in zip(grads, fd):
                    assert all(fd_agrees(f, g) for f, g in zip(fd_pair, pair))
            checked += 1
    assert checked >= 4  # the margin test must leave most random draws in


def test_finite_differences_would_catch_a_wrong_gradient():
    params = handgrad.init_params([3, 10, 1], "xavier_normal", seed=0)
    X, y = random_problem([3], 13, 0)
    fd = central_differences(lambda p: handgrad.loss(p, X, y, "tanh"), params)
    grads = handgrad.gradients(params, X, y, "tanh")
    assert fd_agrees(fd[0][0], grads[0][0])
    assert not fd_agrees(fd[0][0], grads[0][0] * 1.001)


def test_kink_clearance_sees_pre_activations_at_zero():
    params = handgrad.init_params([3, 4, 1], "zeros", seed=0)
    X = np.ones((2, 3))
    assert kink_clearance(params, X, check_activation("relu")) == 0.0
    assert kink_clearance(params, X, check_activation("tanh")) == np.inf


def test_loss_gradients_and_their_combination_agree():
    params = handgrad.init_params([3, 10, 1], "he_normal", seed=4)
    X, y = random_problem([3], 20, 4)
    value, grads = handgrad.loss_and_gradients(params, X, y, "relu")
    assert handgrad.loss(params, X, y, "relu") == value
    for pair, other in zip(grads, handgrad.gradients(params, X, y, "relu")):
        for a, b in zip(pair, other):
            np.testing.assert_array_equal(a, b)
    assert jaxref.loss(params, X, y, "relu") == pytest.approx(value, rel=1e-14)


def test_inputs_are_not_modified():
    params = handgrad.init_params([3, 10, 1], "he_normal", seed=5)
    X, y = random_problem([3], 8, 5)
    copies = [(W.copy(), b.copy()) for W, b in params], X.copy(), y.copy()
    handgrad.loss_and_gradients(params, X, y, "tanh")
    handgrad.predict_proba(params, X, "tanh")
    for (W, b), (W0, b0) in zip(params, copies[0]):
        np.testing.assert_array_equal(W, W0)
        np.testing.assert_array_equal(b, b0)
    np.testing.assert_array_equal(X, copies[1])
    np.testing.assert_array_equal(y, copies[2])


def test_predict_is_the_thresholded_probability():
    params = handgrad.init_params([3, 10, 1], "he_normal", seed=6)
    X, _ = random_problem([3], 50, 6)
    proba = handgrad.predict_proba(params, X, "tanh")
    labels = handgrad.predict(params, X, "tanh")
    assert proba.shape == labels.shape == (50,)
    np.testing.assert_array_equal(labels, (proba > 0.5).astype(np.int64))
    np.testing.assert_allclose(proba, jaxref.predict_proba(params, X, "tanh"), rtol=1e-14)
