"""Candidate gradients: the correct backward pass with one piece swapped.

The diagnosis names a bug by finding which candidate the subject's numbers
equal.  Candidates are computed here in NumPy from handgrad's forward cache;
handgrad's backward pass is itself verified against jax.grad, so a candidate
is "the reference with exactly this one change".

Hidden layer ``k`` (1-based) has pre-activation ``Zk`` and output ``Ak``;
``k = 0`` is the input ``X``.  A derivative candidate is ``(label, fn(Z, A))``
with ``{k}`` in the label standing for the layer.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from handgrad.activations import LEAKY_SLOPE, sigmoid
from handgrad.losses import bce_from_logits_grad
from handgrad.network import forward

#: Derivatives a backward pass might use in place of the right one, as functions of (Z, A).
DERIVATIVES = {
    "relu'(A{k})": lambda Z, A: (A > 0).astype(np.float64),
    "relu'(Z{k})": lambda Z, A: (Z > 0).astype(np.float64),
    "tanh'(Z{k})": lambda Z, A: 1.0 - np.tanh(Z) ** 2,
    "1 - A{k}**2": lambda Z, A: 1.0 - A * A,
    "1 - Z{k}**2": lambda Z, A: 1.0 - Z * Z,
    "tanh'(A{k})": lambda Z, A: 1.0 - np.tanh(A) ** 2,
    "sigmoid'(Z{k})": lambda Z, A: sigmoid(Z) * (1.0 - sigmoid(Z)),
    "A{k} * (1 - A{k})": lambda Z, A: A * (1.0 - A),
    "sigmoid'(A{k})": lambda Z, A: sigmoid(A) * (1.0 - sigmoid(A)),
    "leaky_relu'(Z{k})": lambda Z, A: np.where(Z > 0, 1.0, LEAKY_SLOPE),
    "1 (the derivative left out)": lambda Z, A: np.ones_like(Z),
}

#: The right derivative of each activation, in the same notation.
CORRECT = {"tanh": "tanh'(Z{k})", "relu": "relu'(Z{k})", "sigmoid": "sigmoid'(Z{k})",
           "leaky_relu": "leaky_relu'(Z{k})", "identity": "1"}

#: The kink rule turned round (positive branch at z >= 0), per activation with a kink.
KINK_FLIPPED = {
    "relu": ("relu'(0) = 1", lambda Z, A: (Z >= 0).astype(np.float64)),
    "leaky_relu": ("leaky_relu'(0) = 1", lambda Z, A: np.where(Z >= 0, 1.0, LEAKY_SLOPE)),
}


@dataclass(frozen=True)
class Variant:
    """One change to the backward pass.

    ``derivative``: fn(Z, A) used at the hidden layers in ``layers`` (1-based)
    instead of the activation's derivative; ``output``: ``"bce"`` (the right
    ``(p - y) / m``) or ``"mse"`` (``(p - y) p (1 - p) / m``, the squared-error
    delta); ``transpose_at``: hidden layer ``k`` whose delta is propagated
    through ``W_{k+1}.T`` instead of ``W_{k+1}`` where that matrix is square
    (the only place such a bug runs; elsewhere the pass is unchanged).
    """

    derivative: object = None
    layers: frozenset = frozenset()
    output: str = "bce"
    transpose_at: int | None = None


def variant_pass(params, X, y, activation, variant=Variant()):
    """Forward, then a backward pass changed by ``variant``.

    Returns ``(grads, deltas, cache)``: grads ``[(dW, db), ...]`` in the
    internal layout, ``deltas[l]`` the ``(m, fan_out)`` dLoss/dZ of layer
    ``l`` (0-based; per-example terms, already divided by m), and the forward
    cache ``[(None, X), (Z1, A1), ...]``.
    """
    logits, cache = forward(params, X, activation)
    if variant.output == "mse":
        p = sigmoid(logits)
        delta = ((p - y) * p * (1.0 - p) / y.shape[0])[:, None]
    else:
        delta = bce_from_logits_grad(logits, y)[:, None]
    grads, deltas = [None] * len(params), [None] * len(params)
    for layer in reversed(range(len(params))):
        Z_prev, A_prev = cache[layer]
        deltas[layer] = delta
        grads[layer] = (delta.T @ A_prev, delta.sum(axis=0))
        if layer:
            W = params[layer][0]
            if variant.transpose_at == layer and W.shape[0] == W.shape[1]:
                W = W.T
            if variant.derivative is not None and layer in variant.layers:
                slope = variant.derivative(Z_prev, A_prev)
            else:
                slope = activation.grad(Z_prev, A_prev)
            delta = (delta @ W) * slope
    return grads, deltas, cache
