"""The same MLP in jax.numpy: forward, loss, and gradients from ``jax.grad``.

Params ``[(W (fan_out, fan_in), b (fan_out,)), ...]``, ``X (m, n)``,
``y (m,)`` in {0, 1}; hidden layers apply the activation, the one output
unit's logit goes into the loss.  Every public function works in float64
inside ``jax.enable_x64(True)``, a context that leaves the caller's global
JAX configuration untouched, and returns NumPy arrays.

Compiled code is reused: the jitted functions are module-level, the
activation enters them as a traced index into :data:`NAMES` (``lax.switch``),
and every problem is padded exactly to a bucket shape (padding.py), so one
compilation serves every activation and every small shape of a given depth.
"""

import jax
import numpy as np

from jaxref.activations import ACTIVATIONS
from jaxref.losses import bce_from_logits
from jaxref.padding import pad, unpad
from jaxref.validate import check_inputs

#: Activation names in the order of the ``lax.switch`` branches.
NAMES = tuple(sorted(ACTIVATIONS))
_BRANCHES = tuple(ACTIVATIONS[name] for name in NAMES)


def forward(params, X, hidden):
    """Logits ``(m,)`` of the network whose hidden layers apply ``hidden(Z)``."""
    A = X
    for W, b in params[:-1]:
        A = hidden(A @ W.T + b)
    W, b = params[-1]
    return (A @ W.T + b)[:, 0]


def loss_fn(params, X, y, weights, hidden):
    """Mean binary cross-entropy (a traced scalar): the function ``jax.grad`` differentiates."""
    return bce_from_logits(forward(params, X, hidden), y, weights)


def _switch(index):
    return lambda z: jax.lax.switch(index, _BRANCHES, z)


@jax.jit
def _value_and_grad(params, X, y, weights, index):
    return jax.value_and_grad(loss_fn)(params, X, y, weights, _switch(index))


@jax.jit
def _logits(params, X, index):
    return forward(params, X, _switch(index))


def loss_and_gradients(params, X, y, activation="tanh"):
    """``(loss, [(dW, db), ...])``: float and NumPy float64 arrays shaped like params."""
    params, X, y = check_inputs(params, X, y, activation)
    with jax.enable_x64(True):
        value, grads = _value_and_grad(*pad(params, X, y), NAMES.index(activation))
        return float(value), [(np.array(dW, dtype=np.float64), np.array(db, dtype=np.float64))
                              for dW, db in unpad(grads, params)]


def gradients(params, X, y, activation="tanh"):
    """``[(dW, db), ...]`` of the mean BCE by ``jax.grad``, NumPy float64."""
    return loss_and_gradients(params, X, y, activation)[1]


def loss(params, X, y, activation="tanh"):
    """Mean binary cross-entropy, a float."""
    return loss_and_gradients(params, X, y, activation)[0]


def predict_proba(params, X, activation="tanh"):
    """P(y = 1 | x), NumPy float64 ``(m,)``."""
    params, X, _ = check_inputs(params, X, None, activation, labels=False)
    padded, Xp, _, _ = pad(params, X)
    with jax.enable_x64(True):
        logits = _logits(padded, Xp, NAMES.index(activation))
        return np.array(jax.nn.sigmoid(logits), dtype=np.float64)[:X.shape[0]]
