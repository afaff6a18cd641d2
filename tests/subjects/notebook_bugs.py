"""Buggy backward passes in the notebook's layout, one bug class each, for the audit's tests.

Each function declares in its docstring the parameters it corrupts.  They
share the correct forward pass of notebook_correct.
"""

import numpy as np

from notebook_correct import _backward, _forward


def _pieces(X, parameters, Y):
    Z1, A1, A2 = _forward(X, parameters, np.tanh)
    m = X.shape[0]
    dZ2 = A2 - Y
    dZ1 = (parameters["W2"].T @ dZ2) * (1 - A1 ** 2)
    return m, Z1, A1, A2, dZ2, dZ1


def _grads(m, X, A1, dZ2, dZ1):
    return {"dJ_dW2": dZ2 @ A1.T / m, "dJ_db2": dZ2.sum(axis=1, keepdims=True) / m,
            "dJ_dW1": dZ1 @ X / m, "dJ_db1": dZ1.sum(axis=1, keepdims=True).T / m}


def sign_flip_W2(X, parameters, Y):
    """W2"""
    m, Z1, A1, A2, dZ2, dZ1 = _pieces(X, parameters, Y)
    g = _grads(m, X, A1, dZ2, dZ1)
    g["dJ_dW2"] = -g["dJ_dW2"]
    return g, 0.0


def missing_mean_W1(X, parameters, Y):
    """W1"""
    m, Z1, A1, A2, dZ2, dZ1 = _pieces(X, parameters, Y)
    g = _grads(m, X, A1, dZ2, dZ1)
    g["dJ_dW1"] = dZ1 @ X
    return g, 0.0


def double_mean_b2(X, parameters, Y):
    """b2"""
    m, Z1, A1, A2, dZ2, dZ1 = _pieces(X, parameters, Y)
    g = _grads(m, X, A1, dZ2, dZ1)
    g["dJ_db2"] = g["dJ_db2"] / m
    return g, 0.0


def factor_two_all(X, parameters, Y):
    """W1 b1 W2 b2"""
    m, Z1, A1, A2, dZ2, dZ1 = _pieces(X, parameters, Y)
    return {k: 2 * v for k, v in _grads(m, X, A1, dZ2, dZ1).items()}, 0.0


def transposed_W1(X, parameters, Y):
    """W1"""
    m, Z1, A1, A2, dZ2, dZ1 = _pieces(X, parameters, Y)
    g = _grads(m, X, A1, dZ2, dZ1)
    g["dJ_dW1"] = X.T @ dZ1.T / m
    return g, 0.0


def bias_not_summed_b1(X, parameters, Y):
    """b1"""
    m, Z1, A1, A2, dZ2, dZ1 = _pieces(X, parameters, Y)
    g = _grads(m, X, A1, dZ2, dZ1)
    g["dJ_db1"] = dZ1.T / m
    return g, 0.0


def tanh_derivative_on_z(X, parameters, Y):
    """W1 b1"""
    m, Z1, A1, A2, dZ2, _ = _pieces(X, parameters, Y)
    dZ1 = (parameters["W2"].T @ dZ2) * (1 - Z1 ** 2)
    return _grads(m, X, A1, dZ2, dZ1), 0.0


def derivative_dropped(X, parameters, Y):
    """W1 b1"""
    m, Z1, A1, A2, dZ2, _ = _pieces(X, parameters, Y)
    dZ1 = parameters["W2"].T @ dZ2
    return _grads(m, X, A1, dZ2, dZ1), 0.0


def weight_decay_W1(X, parameters, Y):
    """W1"""
    m, Z1, A1, A2, dZ2, dZ1 = _pieces(X, parameters, Y)
    g = _grads(m, X, A1, dZ2, dZ1)
    g["dJ_dW1"] = g["dJ_dW1"] + 1e-4 * parameters["W1"]
    return g, 0.0


def mse_output_delta(X, parameters, Y):
    """W1 b1 W2 b2"""
    m, Z1, A1, A2, _, _ = _pieces(X, parameters, Y)
    dZ2 = (A2 - Y) * A2 * (1 - A2)
    dZ1 = (parameters["W2"].T @ dZ2) * (1 - A1 ** 2)
    return _grads(m, X, A1, dZ2, dZ1), 0.0


def relu_zero_is_one(X, parameters, Y):
    """b1 (a relu network; only the kink probes tell, where X has all-zero rows)"""
    Z1, A1, A2 = _forward(X, parameters, lambda z: np.maximum(z, 0))
    return _backward(X, parameters, Y, Z1, A1, A2, (Z1 >= 0).astype(float))


def raises(X, parameters, Y):
    """W1 b1 W2 b2"""
    raise RuntimeError("not implemented yet")


def wrong_shapes(X, parameters, Y):
    """W1 b1 W2 b2"""
    return {"dJ_dW1": np.zeros((2, 2)), "dJ_db1": 0.0, "dJ_dW2": np.zeros(3), "dJ_db2": [1, 2]}, 0.0


def mutates_input(X, parameters, Y):
    """(the gradients are right; the function changes parameters['W1'])"""
    Z1, A1, A2 = _forward(X, parameters, np.tanh)
    grads, cost = _backward(X, parameters, Y, Z1, A1, A2, 1 - A1 ** 2)
    parameters["W1"] -= 0.01 * grads["dJ_dW1"]
    return grads, cost
