"""Mean binary cross-entropy from the logit, in the textbook form.

``y * softplus(-z) + (1 - y) * softplus(z)`` is ``-y log p - (1 - y) log(1 - p)``
with ``p = sigmoid(z)``; ``jax.nn.softplus`` is ``logaddexp(z, 0)``, finite for
every finite ``z``.  The mean is a weighted sum, ``weights`` being ``1 / m``
for each of the ``m`` real examples and 0 for padding (see padding.py).
"""

import jax
import jax.numpy as jnp


def bce_from_logits(z, y, weights):
    """Mean BCE of logits ``z (M,)`` against labels ``y (M,)``: ``sum(weights * terms)``."""
    return jnp.sum(weights * (y * jax.nn.softplus(-z) + (1.0 - y) * jax.nn.softplus(z)))
