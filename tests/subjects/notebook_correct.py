"""Correct backward passes written the notebook's way (feature-first, dict params)."""

import numpy as np


def _forward(X, parameters, hidden):
    Z1 = parameters["W1"] @ X.T + parameters["b1"].T          # (h, m)
    A1 = hidden(Z1)
    Z2 = parameters["W2"] @ A1 + parameters["b2"]             # (1, m)
    A2 = 1 / (1 + np.exp(-Z2))
    return Z1, A1, A2


def _backward(X, parameters, Y, Z1, A1, A2, slope):
    m = X.shape[0]
    dZ2 = A2 - Y                                               # (1, m)
    dZ1 = (parameters["W2"].T @ dZ2) * slope                   # (h, m)
    grads = {"dJ_dW2": dZ2 @ A1.T / m, "dJ_db2": dZ2.sum(axis=1, keepdims=True) / m,
             "dJ_dW1": dZ1 @ X / m, "dJ_db1": dZ1.sum(axis=1, keepdims=True).T / m}
    cost = -np.mean(Y * np.log(A2) + (1 - Y) * np.log(1 - A2))
    return grads, cost


def tanh_backprop(X, parameters, Y):
    Z1, A1, A2 = _forward(X, parameters, np.tanh)
    return _backward(X, parameters, Y, Z1, A1, A2, 1 - A1 ** 2)


def relu_backprop(X, parameters, Y):
    Z1, A1, A2 = _forward(X, parameters, lambda z: np.maximum(z, 0))
    return _backward(X, parameters, Y, Z1, A1, A2, (Z1 > 0).astype(float))
