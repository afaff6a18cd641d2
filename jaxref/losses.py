"""Mean binary cross-entropy from the logit, in the textbook form.

``y * softplus(-z) + (1 - y) * softplus(z)`` is ``-y log p - (1 - y) log(1 - p)``
with ``p = sigmoid(z)``; ``jax.nn.softplus`` is ``logaddexp(z, 0)``, finite for
every finite ``z``.
"""

import jax
import jax.numpy as jnp


def bce_from_logits(z, y):
    """Mean BCE of logits ``z (m,)`` against labels ``y (m,)``."""
    return jnp.mean(y * jax.nn.softplus(-z) + (1.0 - y) * jax.nn.softplus(z))
