"""Gradient descent: handgrad against jaxref on the notebook's data, and its contract."""

import numpy as np
import pytest

import handgrad
import jaxref

from conftest import random_problem

#: Loss histories of the two engines over 200 iterations; measured 4e-16 (issue bound 1e-9).
HISTORY_RTOL = 1e-9


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_loss_histories_match_jaxref_on_the_notebook_data(notebook_data, activation):
    X_train, _, y_train, _ = notebook_data
    params = handgrad.init_params([3, 10, 1], "small_random", seed=0)
    ours, history = handgrad.train(params, X_train, y_train, activation, 0.01, 200, 1)
    ref, ref_history = jaxref.train(params, X_train, y_train, activation, 0.01, 200, 1)
    np.testing.assert_array_equal(history["iterations"], np.arange(200))
    np.testing.assert_array_equal(history["iterations"], ref_history["iterations"])
    np.testing.assert_allclose(history["losses"], ref_history["losses"], rtol=HISTORY_RTOL)
    assert history["losses"][-1] < history["losses"][0]
    for (W, b), (W2, b2) in zip(ours, ref):
        np.testing.assert_allclose(W, W2, rtol=HISTORY_RTOL, atol=1e-15)
        np.testing.assert_allclose(b, b2, rtol=HISTORY_RTOL, atol=1e-15)


def test_one_step_is_the_gradient_update():
    params = handgrad.init_params([3, 4, 1], "he_normal", seed=1)
    X, y = random_problem([3], 10, 1)
    grads = handgrad.gradients(params, X, y, "tanh")
    new, history = handgrad.train(params, X, y, "tanh", learning_rate=0.5, iterations=1)
    # The training loop sums in another order than the engine: equal to rounding.
    for (W, b), (dW, db), (W1, b1) in zip(params, grads, new):
        np.testing.assert_allclose(W1, W - 0.5 * dW, rtol=1e-14, atol=1e-17)
        np.testing.assert_allclose(b1, b - 0.5 * db, rtol=1e-14, atol=1e-17)
    assert history["losses"][0] == pytest.approx(handgrad.loss(params, X, y, "tanh"), rel=1e-15)


def test_records_every_k_iterations_and_leaves_inputs_alone():
    params = handgrad.init_params([3, 4, 1], "he_normal", seed=2)
    saved = [(W.copy(), b.copy()) for W, b in params]
    X, y = random_problem([3], 10, 2)
    new, history = handgrad.train(params, X, y, iterations=250, record_every=100)
    assert history["iterations"].tolist() == [0, 100, 200]
    assert history["losses"].dtype == np.float64
    for (W, b), (W0, b0), (W1, _) in zip(params, saved, new):
        np.testing.assert_array_equal(W, W0)
        np.testing.assert_array_equal(b, b0)
        assert W1 is not W
    _, ref_history = jaxref.train(params, X, y, iterations=250, record_every=100)
    np.testing.assert_array_equal(ref_history["iterations"], history["iterations"])


def test_zero_iterations_returns_a_copy_and_an_empty_history():
    params = handgrad.init_params([3, 4, 1], "he_normal", seed=3)
    X, y = random_problem([3], 5, 3)
    new, history = handgrad.train(params, X, y, iterations=0)
    assert history["iterations"].shape == history["losses"].shape == (0,)
    np.testing.assert_array_equal(new[0][0], params[0][0])
    assert new[0][0] is not params[0][0]


def test_divergence_stops_with_the_iteration_named():
    params = handgrad.init_params([3, 10, 1], "he_normal", seed=4)
    X, y = random_problem([3], 50, 4, scale=10.0)
    with pytest.raises(handgrad.DivergenceError, match=r"at iteration \d+") as info:
        handgrad.train(params, X, y, "identity", learning_rate=1e200, iterations=50)
    assert 0 <= info.value.iteration < 50


@pytest.mark.parametrize("activation", sorted(handgrad.ACTIVATIONS))
@pytest.mark.parametrize("sizes", [[3, 1], [4, 6, 1], [3, 5, 4, 1], [3, 4, 1, 1], [2, 3, 3, 2, 1]],
                         ids=str)
def test_the_training_loop_follows_the_engine_and_jaxref_at_every_depth(activation, sizes):
    # handgrad.train has its own buffered loop: it must take the engine's steps exactly.
    params = handgrad.init_params(sizes, "he_normal", seed=7)
    X, y = random_problem(sizes, 50, 7)
    trained, history = handgrad.train(params, X, y, activation, 0.3, 25, 1)
    by_hand = params
    for step in range(25):
        value, grads = handgrad.loss_and_gradients(by_hand, X, y, activation)
        assert history["losses"][step] == pytest.approx(value, rel=1e-12)
        by_hand = [(W - 0.3 * dW, b - 0.3 * db) for (W, b), (dW, db) in zip(by_hand, grads)]
    _, ref_history = jaxref.train(params, X, y, activation, 0.3, 25, 1)
    np.testing.assert_allclose(history["losses"], ref_history["losses"], rtol=HISTORY_RTOL)
    for (W, b), (W2, b2) in zip(trained, by_hand):
        np.testing.assert_allclose(W, W2, rtol=1e-10, atol=1e-14)
        np.testing.assert_allclose(b, b2, rtol=1e-10, atol=1e-14)
