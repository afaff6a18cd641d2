"""handgrad: a hand-written NumPy backward pass, verified against autodiff.

The engine imports NumPy only; the independent JAX reference lives in the
separate package ``jaxref``.
"""

__version__ = "0.1.0"

from handgrad.activations import ACTIVATIONS, Activation
from handgrad.backprop import gradients, loss, loss_and_gradients
from handgrad.data import blobs, split
from handgrad.init import INIT_SCHEMES
from handgrad.network import predict, predict_proba
from handgrad.params import init_params, load_params, save_params
from handgrad.train import DivergenceError, train
from handgrad.validate import param_names

__all__ = [
    "ACTIVATIONS", "Activation", "INIT_SCHEMES", "DivergenceError", "__version__",
    "blobs", "gradients", "init_params", "load_params", "loss", "loss_and_gradients",
    "param_names", "save_params",
    "predict", "predict_proba", "split", "train",
]


def __getattr__(name):
    # ``handgrad.audit`` imports JAX (through jaxref): loaded on first use only.
    if name == "audit":
        import importlib
        return importlib.import_module("handgrad.audit")
    raise AttributeError(f"module 'handgrad' has no attribute {name!r}")
