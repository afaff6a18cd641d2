"""Full-batch gradient descent as one jitted ``lax.scan`` over iterations."""

from functools import partial

import jax
import jax.numpy as jnp
import numpy as np

from jaxref.activations import ACTIVATIONS
from jaxref.network import loss_fn
from jaxref.validate import check_inputs


@partial(jax.jit, static_argnums=(4, 5))
def _descend(params, X, y, learning_rate, iterations, activation):
    value_and_grad = jax.value_and_grad(loss_fn)

    weights = jnp.full(y.shape, 1.0 / y.shape[0])

    def step(p, _):
        value, grads = value_and_grad(p, X, y, weights, ACTIVATIONS[activation])
        return jax.tree.map(lambda a, g: a - learning_rate * g, p, grads), value

    return jax.lax.scan(step, params, None, length=iterations)


def train(params, X, y, activation="tanh", learning_rate=0.01, iterations=1000,
          record_every=100):
    """The same ``(params, history)`` as ``handgrad.train``, computed by XLA.

    ``history = {"iterations": int64 (k,), "losses": float64 (k,)}``: the loss
    before the update at every iteration ``i`` with ``i % record_every == 0``.
    Raises ``ValueError`` naming the first iteration whose loss is not finite.
    """
    params, X, y = check_inputs(params, X, y, activation)
    for name, value in (("iterations", iterations), ("record_every", record_every)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise TypeError(f"{name}: expected an integer, got {value!r}")
    if iterations < 0 or record_every < 1:
        raise ValueError(f"iterations/record_every: expected >= 0 and >= 1, "
                         f"got {iterations} and {record_every}")
    if isinstance(learning_rate, bool) or not isinstance(learning_rate, (int, float, np.floating)):
        raise TypeError(f"learning_rate: expected a positive real number, got {learning_rate!r}")
    if not np.isfinite(learning_rate) or learning_rate <= 0:
        raise ValueError(f"learning_rate: expected a finite number > 0, got {learning_rate!r}")
    with jax.enable_x64(True):
        final, losses = _descend(params, X, y, float(learning_rate), int(iterations), activation)
        losses = np.asarray(losses, dtype=np.float64)
        final = [(np.asarray(W, dtype=np.float64), np.asarray(b, dtype=np.float64))
                 for W, b in final]
    bad = np.flatnonzero(~np.isfinite(losses))
    if bad.size:
        raise ValueError(f"train: the loss became {losses[bad[0]]} at iteration {bad[0]}")
    steps = np.arange(0, iterations, record_every, dtype=np.int64)
    return final, {"iterations": steps, "losses": losses[steps]}
