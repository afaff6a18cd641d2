"""Backward passes in handgrad's layout, f(params, X, y) -> [(dW, db), ...], as users write them."""

import numpy as np


def _passes(params, X, y, slope_fn, act):
    cache, A = [(None, X)], X
    for W, b in params[:-1]:
        Z = A @ W.T + b
        A = act(Z)
        cache.append((Z, A))
    W, b = params[-1]
    p = 1 / (1 + np.exp(-(A @ W.T + b)[:, 0]))
    delta = ((p - y) / len(y))[:, None]
    grads = []
    for layer in reversed(range(len(params))):
        Z, A = cache[layer]
        grads.insert(0, (delta.T @ A, delta.sum(axis=0)))
        if layer:
            delta = (delta @ params[layer][0]) * slope_fn(Z)
    return grads


def relu_backprop(params, X, y):
    return _passes(params, X, y, lambda Z: (Z > 0).astype(float), lambda Z: np.maximum(Z, 0))


def relu_zero_is_one(params, X, y):
    return _passes(params, X, y, lambda Z: (Z >= 0).astype(float), lambda Z: np.maximum(Z, 0))


def sigmoid_slope_for_tanh(params, X, y):
    return _passes(params, X, y, lambda Z: 1 / (1 + np.exp(-Z)) * (1 - 1 / (1 + np.exp(-Z))),
                   np.tanh)
