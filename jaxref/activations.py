"""Hidden activations in jax.numpy; derivatives come from ``jax.grad``, not from here.

Rule at kinks, stated and followed explicitly rather than inherited from a
library default: the positive branch is taken only when ``z > 0``.  Written
as ``jnp.where(z > 0, ...)``, autodiff differentiates the branch that was
taken, so relu'(0) = 0 and leaky_relu'(0) = LEAKY_SLOPE.  (``jax.nn.leaky_relu``
itself gives 1 at 0, which is why it is not used.)
"""

import jax
import jax.numpy as jnp

#: Negative-side slope of leaky ReLU (PyTorch's and Keras' default).
LEAKY_SLOPE = 0.01

ACTIVATIONS = {
    "tanh": jnp.tanh,
    "relu": lambda z: jnp.where(z > 0, z, 0.0),
    "sigmoid": jax.nn.sigmoid,
    "leaky_relu": lambda z: jnp.where(z > 0, z, LEAKY_SLOPE * z),
    "identity": lambda z: z,
}
