"""The same MLP in jax.numpy: forward, loss, and gradients from ``jax.grad``.

Params ``[(W (fan_out, fan_in), b (fan_out,)), ...]``, ``X (m, n)``,
``y (m,)`` in {0, 1}; hidden layers apply ``activation``, the one output
unit's logit goes into the loss.  Every public function works in float64
inside ``jax.enable_x64(True)``, a context that leaves the caller's global
JAX configuration untouched, and returns NumPy arrays.  The jitted functions
are module-level, so repeated shapes reuse their compiled code.
"""

import jax
import numpy as np

from jaxref.activations import ACTIVATIONS
from jaxref.losses import bce_from_logits
from jaxref.validate import check_inputs


def forward(params, X, activation):
    """Logits ``(m,)`` of the network."""
    A = X
    for W, b in params[:-1]:
        A = ACTIVATIONS[activation](A @ W.T + b)
    W, b = params[-1]
    return (A @ W.T + b)[:, 0]


def loss_fn(params, X, y, activation):
    """Mean binary cross-entropy (a traced scalar): the function ``jax.grad`` differentiates."""
    return bce_from_logits(forward(params, X, activation), y)


_loss = jax.jit(loss_fn, static_argnums=3)
_value_and_grad = jax.jit(jax.value_and_grad(loss_fn), static_argnums=3)
_forward = jax.jit(forward, static_argnums=2)


def _to_numpy(grads):
    return [(np.asarray(dW, dtype=np.float64), np.asarray(db, dtype=np.float64))
            for dW, db in grads]


def loss_and_gradients(params, X, y, activation="tanh"):
    """``(loss, [(dW, db), ...])``: float and NumPy float64 arrays shaped like params."""
    params, X, y = check_inputs(params, X, y, activation)
    with jax.enable_x64(True):
        value, grads = _value_and_grad(params, X, y, activation)
        return float(value), _to_numpy(grads)


def gradients(params, X, y, activation="tanh"):
    """``[(dW, db), ...]`` of the mean BCE by ``jax.grad``, NumPy float64."""
    return loss_and_gradients(params, X, y, activation)[1]


def loss(params, X, y, activation="tanh"):
    """Mean binary cross-entropy, a float."""
    params, X, y = check_inputs(params, X, y, activation)
    with jax.enable_x64(True):
        return float(_loss(params, X, y, activation))


def predict_proba(params, X, activation="tanh"):
    """P(y = 1 | x), NumPy float64 ``(m,)``."""
    params, X, _ = check_inputs(params, X, None, activation)
    with jax.enable_x64(True):
        return np.asarray(jax.nn.sigmoid(_forward(params, X, activation)), dtype=np.float64)
