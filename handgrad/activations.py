"""Hidden-layer activations, each function written next to its derivative.

Every entry maps a pre-activation ``Z`` (float64, any shape) to ``A = fn(Z)``
of the same shape, and ``grad(Z, A=None)`` to dA/dZ element-wise.  The
derivative is a function of the pre-activation ``Z``; the caller may pass the
already computed ``A = fn(Z)`` so that it is reused instead of recomputed
(tanh' = 1 - A**2), which is what the backward pass does.

One rule at kinks (DESIGN.md): the positive branch is taken only when
``Z > 0``.  So relu'(0) = 0, as ``jax.nn.relu``, PyTorch and scikit-learn, and
leaky_relu'(0) = LEAKY_SLOPE, as PyTorch.  For relu and leaky relu,
``fn(Z) > 0`` exactly when ``Z > 0``, so the rule reads the same from ``A``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

#: Negative-side slope of leaky ReLU (PyTorch's and Keras' default).
LEAKY_SLOPE = 0.01


@dataclass(frozen=True)
class Activation:
    """A hidden activation: ``fn(Z) -> A`` and its derivative ``grad(Z, A=None)``."""

    name: str
    fn: Callable[[np.ndarray], np.ndarray]
    grad: Callable[..., np.ndarray]
    kinks: tuple = ()  #: points where fn is not differentiable


def tanh(z):
    return np.tanh(z)


def tanh_grad(z, a=None):
    a = np.tanh(z) if a is None else a
    return 1.0 - a * a


def relu(z):
    return np.maximum(z, 0.0)


def relu_grad(z, a=None):
    return (z > 0).astype(np.float64)


def leaky_relu(z):
    return np.where(z > 0, z, LEAKY_SLOPE * z)


def leaky_relu_grad(z, a=None):
    return np.where(z > 0, 1.0, LEAKY_SLOPE)


def sigmoid(z):
    # exp(-|z|) never overflows; each branch is the accurate form on its side,
    # so sigmoid(-40) keeps its relative precision instead of rounding to 0.
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_grad(z, a=None):
    a = sigmoid(z) if a is None else a
    return a * (1.0 - a)


def identity(z):
    return np.array(z, dtype=np.float64, copy=True)


def identity_grad(z, a=None):
    return np.ones_like(z, dtype=np.float64)


ACTIVATIONS: dict[str, Activation] = {
    "tanh": Activation("tanh", tanh, tanh_grad),
    "relu": Activation("relu", relu, relu_grad, kinks=(0.0,)),
    "sigmoid": Activation("sigmoid", sigmoid, sigmoid_grad),
    "leaky_relu": Activation("leaky_relu", leaky_relu, leaky_relu_grad, kinks=(0.0,)),
    "identity": Activation("identity", identity, identity_grad),
}
