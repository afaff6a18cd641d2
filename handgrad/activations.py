"""Hidden-layer activations, each function written next to its derivative.

Every entry maps a pre-activation ``Z`` (float64, any shape) to ``A = fn(Z)``
of the same shape, and ``grad(Z, A=None)`` to dA/dZ element-wise.  The
derivative is a function of the pre-activation ``Z``; the caller may pass the
already computed ``A = fn(Z)`` so that it is reused instead of recomputed
(tanh' = 1 - A**2), which is what the backward pass does.  Like a NumPy
ufunc, both take ``out=`` to write into an existing array (the training loop
reuses its buffers): ``fn``'s ``out`` may be ``Z``, and ``grad``'s may be ``Z``
(never ``A``): every function reads ``Z`` before writing.

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


def tanh(z, out=None):
    return np.tanh(z, out=out)


def tanh_grad(z, a=None, out=None):
    a = np.tanh(z) if a is None else a
    out = np.multiply(a, a, out=out)
    return np.subtract(1.0, out, out=out)


def relu(z, out=None):
    return np.maximum(z, 0.0, out=out)


def relu_grad(z, a=None, out=None):
    out = np.empty(np.shape(z)) if out is None else out
    return np.greater(z, 0.0, out=out)


def leaky_relu(z, out=None):
    # max(z, slope z) is z for z > 0 and slope z otherwise, as slope < 1.
    out = np.multiply(z, LEAKY_SLOPE, out=out)
    return np.maximum(z, out, out=out)


def leaky_relu_grad(z, a=None, out=None):
    positive = z > 0  # read z before writing out, which may be z itself
    out = np.empty(np.shape(z)) if out is None else out
    out.fill(LEAKY_SLOPE)
    np.copyto(out, 1.0, where=positive)
    return out


def sigmoid(z, out=None):
    # exp(-|z|) never overflows; each branch is the accurate form on its side,
    # so sigmoid(-40) keeps its relative precision instead of rounding to 0.
    e = np.exp(-np.abs(z))
    s = np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    if out is None:
        return s
    np.copyto(out, s)
    return out


def sigmoid_grad(z, a=None, out=None):
    a = sigmoid(z) if a is None else a
    out = np.subtract(1.0, a, out=out)
    return np.multiply(a, out, out=out)


def identity(z, out=None):
    out = np.empty(np.shape(z)) if out is None else out
    np.copyto(out, z)
    return out


def identity_grad(z, a=None, out=None):
    out = np.empty(np.shape(z)) if out is None else out
    out.fill(1.0)
    return out


ACTIVATIONS: dict[str, Activation] = {
    "tanh": Activation("tanh", tanh, tanh_grad),
    "relu": Activation("relu", relu, relu_grad, kinks=(0.0,)),
    "sigmoid": Activation("sigmoid", sigmoid, sigmoid_grad),
    "leaky_relu": Activation("leaky_relu", leaky_relu, leaky_relu_grad, kinks=(0.0,)),
    "identity": Activation("identity", identity, identity_grad),
}
