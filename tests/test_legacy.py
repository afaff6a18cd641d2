"""The notebook's functions keep their behaviour, defects included."""

import numpy as np
import pytest

import handgrad
import jaxref
from handgrad import legacy
from handgrad.conventions import from_notebook, to_notebook


@pytest.fixture
def problem():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(20, 3))
    y = (rng.random(20) > 0.5).astype(float)
    params = handgrad.init_params([3, 10, 1], "he_normal", seed=0)
    return params, X, y


def test_initialisers_have_the_notebook_layout():
    np.random.seed(0)
    for init in (legacy.initialize_parameters, legacy.initialize_parameters_zeros):
        p = init(3, 10, 1)
        assert {k: v.shape for k, v in p.items()} == {"W1": (10, 3), "b1": (1, 10),
                                                      "W2": (1, 10), "b2": (1, 1)}
    zeros = legacy.initialize_parameters_zeros(3, 10, 1)
    assert not zeros["W1"].any() and not zeros["W2"].any() and zeros["b1"].any()


def test_backward_pass_is_right_for_layer_2_and_wrong_for_layer_1(problem):
    params, X, y = problem
    grads, cost = legacy.forward_and_backward_propagation(X, to_notebook(params), y)
    (dW1, db1), (dW2, db2) = jaxref.gradients(params, X, y, "tanh")
    np.testing.assert_allclose(grads["dJ_dW2"], dW2[None, 0], rtol=1e-12)
    assert np.shape(grads["dJ_db2"]) == ()  # a 0-d scalar for the (1, 1) bias
    assert grads["dJ_db2"] == pytest.approx(db2[0], rel=1e-12)
    assert not np.allclose(grads["dJ_dW1"], dW1, rtol=1e-3)
    assert not np.allclose(grads["dJ_db1"][0], db1, rtol=1e-3)
    assert cost == pytest.approx(jaxref.loss(params, X, y, "tanh"), rel=1e-12)


def test_layer_1_equals_the_step_function_derivative(problem):
    # relu'(A1) = [tanh(Z1) > 0] = [Z1 > 0]: the gradient of a hidden derivative 1[Z1 > 0].
    params, X, y = problem
    grads, _ = legacy.forward_and_backward_propagation(X, to_notebook(params), y)
    (W1, b1), (W2, b2) = params
    Z1 = X @ W1.T + b1
    delta2 = (1 / (1 + np.exp(-(np.tanh(Z1) @ W2.T + b2)))[:, 0] - y) / len(y)
    delta1 = (delta2[:, None] @ W2) * (Z1 > 0)
    np.testing.assert_allclose(grads["dJ_dW1"], delta1.T @ X, rtol=1e-12)
    np.testing.assert_allclose(grads["dJ_db1"][0], delta1.sum(axis=0), rtol=1e-12)


def test_cost_is_nan_once_the_output_saturates(problem):
    params, X, y = problem
    big = [(W * 50, b) for W, b in params]
    with np.errstate(all="ignore"):
        _, cost = legacy.forward_and_backward_propagation(X, to_notebook(big), y)
    assert np.isnan(cost)
    assert np.isfinite(handgrad.loss(big, X, y, "tanh"))


def test_column_labels_broadcast_into_an_m_by_m_matrix_then_crash(problem):
    params, X, y = problem
    # (1, m) - (m, 1) = (m, m); dJ_dW2 is computed from it, dJ_dW1 then fails in np.dot.
    with pytest.raises(ValueError, match=r"shapes \(10,1\) and \(20,20\) not aligned"):
        legacy.forward_and_backward_propagation(X, to_notebook(params), y[:, None])


def test_predict_thresholds_in_a_loop_like_handgrad(problem):
    params, X, _ = problem
    labels = legacy.predict(to_notebook(params), X)
    assert labels.shape == (1, 20)
    np.testing.assert_array_equal(labels[0], handgrad.predict(params, X, "tanh"))


def test_optimization_records_every_100_iterations(problem, capsys):
    params, X, y = problem
    trained, grads, costs = legacy.optimization(to_notebook(params), X, y, 201, 0.01,
                                                print_cost=True)
    assert len(costs) == 3
    assert "Loss/Cost after 200 iterations" in capsys.readouterr().out
    assert set(trained) == {"W1", "W2", "b1", "b2"}


def test_notebook_layout_round_trips(problem):
    params, _, _ = problem
    back = from_notebook(to_notebook(params))
    for (W, b), (W2, b2) in zip(params, back):
        np.testing.assert_array_equal(W, W2)
        np.testing.assert_array_equal(b, b2)
    with pytest.raises(ValueError, match="exactly one hidden layer"):
        to_notebook(handgrad.init_params([3, 4, 4, 1], "he_normal", seed=0))
    with pytest.raises(ValueError, match="W2"):
        from_notebook({"W1": 1, "b1": 1, "b2": 1})
