"""jaxref: the reference for handgrad, written in JAX and never importing handgrad.

The same networks with the same module names where concepts match; gradients
come from ``jax.grad`` in float64.  A bug shared with the engine under test
would pass every comparison, so nothing here is shared with it.
"""

from jaxref.activations import ACTIVATIONS, LEAKY_SLOPE
from jaxref.network import gradients, loss, loss_and_gradients, predict_proba
from jaxref.train import train

__all__ = ["ACTIVATIONS", "LEAKY_SLOPE", "gradients", "loss", "loss_and_gradients",
           "predict_proba", "train"]
