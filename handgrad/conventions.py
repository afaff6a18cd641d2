"""Adapters between a gradient function's own layout and handgrad's internal one.

Internal: params ``[(W (fan_out, fan_in), b (fan_out,)), ...]`` and gradients of
exactly that structure.  A convention says how to call a function written in
another layout and how to read its answer back, so a user's function is
audited as it is.  Parameter names are ``W1, b1, W2, b2, ...`` in both.

``notebook``: ``f(X, parameters, Y) -> (gradients, cost)`` with
``parameters = {"W1" (h, n), "b1" (1, h), "W2" (1, h), "b2" (1, 1)}``,
``Y (m,)`` and gradient keys ``dJ_dW1, dJ_db1, dJ_dW2, dJ_db2``; one hidden
layer only.  A gradient may drop or add unit axes (the notebook's ``dJ_db2``
is a 0-d scalar for the ``(1, 1)`` bias); any other shape is reported.

``handgrad``: ``f(params, X, y) -> [(dW, db), ...]`` in the internal layout,
shapes exactly the params'.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from handgrad.validate import param_names


def to_notebook(params):
    """Internal params of a one-hidden-layer network -> the notebook's dict (copies)."""
    if len(params) != 2:
        raise ValueError(f"params: the notebook layout has exactly one hidden layer, "
                         f"got {len(params)} layers")
    (W1, b1), (W2, b2) = params
    return {"W1": W1.copy(), "b1": b1.reshape(1, -1).copy(),
            "W2": W2.copy(), "b2": b2.reshape(1, 1).copy()}


def from_notebook(parameters):
    """The notebook's ``{"W1", "b1", "W2", "b2"}`` dict -> internal params (float64 copies)."""
    try:
        W1, b1, W2, b2 = (np.array(parameters[k], dtype=np.float64) for k in ("W1", "b1", "W2", "b2"))
    except KeyError as exc:
        raise ValueError(f"parameters: expected keys W1, b1, W2, b2, missing {exc}") from None
    return [(W1, b1.reshape(-1)), (W2, b2.reshape(-1))]


@dataclass
class Unpacked:
    """A subject's answer read into the internal layout.

    ``grads[name]``: float64 array in the internal orientation, or the raw
    array when its shape is wrong (so the diagnosis can still look at it), or
    absent when nothing usable came back.  ``problems[name]``: why a parameter
    cannot pass on this probe.  ``notes``: findings that do not fail it.
    """

    grads: dict = field(default_factory=dict)
    problems: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)
    cost: Any = None
    mutated: list = field(default_factory=list)


def _read_array(value, name, expected_shape, label, out, layout_shape):
    """Read one returned gradient into ``out.grads[name]`` (internal ``expected_shape``).

    ``layout_shape`` is the shape the convention's own layout gives the
    parameter; a shape that differs from it only by axes of length 1 is read as
    the same entries in the same order (the notebook's 0-d ``dJ_db2``).  Any
    other shape is a problem, but the raw array is kept for the diagnosis.
    """
    try:
        a = np.asarray(value)
    except Exception as exc:  # the subject returned something numpy cannot read
        out.problems[name] = f"{label}: not an array ({type(value).__name__}: {exc})"
        return
    if a.dtype.kind not in "biuf":
        out.problems[name] = f"{label}: expected a real float64 array, got dtype {a.dtype}"
        return
    if a.dtype != np.float64:
        out.notes.append(f"{label} has dtype {a.dtype}, not float64")
    a = a.astype(np.float64)
    if a.shape == layout_shape or (layout_shape != expected_shape and np.squeeze(a).shape
                                   == tuple(d for d in expected_shape if d != 1)):
        a = a.reshape(expected_shape)
    else:
        out.problems[name] = f"{label}: expected shape {layout_shape}, got {a.shape}"
    out.grads[name] = a


@dataclass(frozen=True)
class Convention:
    """How to call a function written in one layout and read its answer."""

    name: str
    signature: str
    pack: Callable  # (params, X, y) -> {argument name: fresh copy}, in call order
    unpack: Callable  # (raw answer, params) -> Unpacked
    max_hidden_layers: int | None = None


def _notebook_pack(params, X, y):
    return {"X": X.copy(), "parameters": to_notebook(params), "Y": y.copy()}


def _notebook_unpack(raw, params):
    out = Unpacked()
    names = param_names(len(params))
    if not (isinstance(raw, tuple) and len(raw) == 2 and isinstance(raw[0], dict)):
        reason = f"expected (gradients dict, cost), got {type(raw).__name__}"
        out.problems = {name: reason for name in names}
        return out
    grads, out.cost = raw
    expected = {f"dJ_d{name}": name for name in names}
    extra = sorted(set(map(str, grads)) - set(expected))
    if extra:
        out.notes.append(f"unexpected gradient keys {extra}")
    layout = to_notebook(params)
    for key, name in expected.items():
        layer, kind = int(name[1:]) - 1, name[0]
        shape = params[layer][0 if kind == "W" else 1].shape
        if key not in grads:
            out.problems[name] = f"missing key {key!r} (got keys {sorted(map(str, grads))})"
        else:
            _read_array(grads[key], name, shape, key, out, layout[name].shape)
    return out


def _handgrad_pack(params, X, y):
    return {"params": [(W.copy(), b.copy()) for W, b in params], "X": X.copy(), "y": y.copy()}


def _handgrad_unpack(raw, params):
    out = Unpacked()
    names = param_names(len(params))
    if not isinstance(raw, (list, tuple)) or len(raw) != len(params):
        got = f"{type(raw).__name__} of length {len(raw)}" if isinstance(raw, (list, tuple)) \
            else type(raw).__name__
        out.problems = {name: f"expected a list of {len(params)} (dW, db) pairs, got {got}"
                        for name in names}
        return out
    for layer, (pair, (W, b)) in enumerate(zip(raw, params)):
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            for name in names[2 * layer: 2 * layer + 2]:
                out.problems[name] = f"layer {layer + 1}: expected a (dW, db) pair, " \
                                     f"got {type(pair).__name__}"
            continue
        for value, name, shape in zip(pair, names[2 * layer: 2 * layer + 2], (W.shape, b.shape)):
            _read_array(value, name, shape, name, out, shape)
    return out


CONVENTIONS = {
    "notebook": Convention("notebook", "f(X, parameters, Y) -> (gradients, cost)",
                           _notebook_pack, _notebook_unpack, max_hidden_layers=1),
    "handgrad": Convention("handgrad", "f(params, X, y) -> [(dW, db), ...]",
                           _handgrad_pack, _handgrad_unpack),
}
