"""Hypothesis fuzzing of the public boundary: only ValueError or TypeError may ever escape.

Inputs are a valid problem with one part replaced by something malformed
(wrong dtype, rank, size, NaN/inf, huge values, junk objects), or junk
throughout.  Warnings are errors in this suite, so a RuntimeWarning from deep
inside NumPy fails the property too.
"""

import numpy as np
import pytest
from hypothesis import given, note
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import handgrad
import jaxref

DTYPES = [np.float64, np.float32, np.int64, np.uint8, np.bool_, np.complex128, np.dtype("U2"),
          np.dtype(object)]
FLOATS = st.floats(allow_nan=True, allow_infinity=True, width=64)


def malformed_arrays(max_dims=3):
    def build(dtype):
        elements = st.one_of(st.none(), FLOATS) if dtype == np.dtype(object) else None
        if dtype in (np.float64, np.float32):
            elements = st.one_of(FLOATS, st.sampled_from([1e300, -1e300, 1e30, 0.0]))
            elements = elements.map(lambda v: np.float32(v) if dtype == np.float32
                                    and abs(v) < 3e38 else v).filter(
                lambda v: dtype != np.float32 or not np.isfinite(v) or abs(v) < 3e38)
        return hnp.arrays(dtype, hnp.array_shapes(min_dims=0, max_dims=max_dims, min_side=0,
                                                  max_side=4), elements=elements)

    return st.sampled_from(DTYPES).flatmap(build)


JUNK = st.one_of(st.none(), st.text(max_size=3), st.integers(), FLOATS,
                 st.lists(st.lists(FLOATS, max_size=3), max_size=3), malformed_arrays())


@st.composite
def problems(draw):
    """``(params, X, y, activation)``: valid, then (usually) one part made malformed."""
    n, h, m = draw(st.integers(1, 3)), draw(st.integers(1, 3)), draw(st.integers(1, 5))
    params = handgrad.init_params([n, h, 1], draw(st.sampled_from(sorted(handgrad.INIT_SCHEMES))),
                                  seed=draw(st.integers(0, 3)))
    X = np.random.default_rng(0).normal(size=(m, n)) * draw(st.sampled_from([1.0, 1e150, 1e300]))
    y = (np.arange(m) % 2).astype(float)
    activation = draw(st.sampled_from(sorted(handgrad.ACTIVATIONS)))
    part = draw(st.sampled_from(["none", "X", "y", "activation", "params", "W", "b", "layer"]))
    if part == "X":
        X = draw(JUNK)
    elif part == "y":
        y = draw(JUNK)
    elif part == "activation":
        activation = draw(st.one_of(st.text(max_size=6), st.none(), st.integers()))
    elif part == "params":
        params = draw(st.one_of(JUNK, st.lists(JUNK, max_size=3)))
    elif part in ("W", "b"):
        layer = draw(st.integers(0, 1))
        pair = list(params[layer])
        pair[0 if part == "W" else 1] = draw(JUNK)
        params[layer] = tuple(pair)
    elif part == "layer":
        params = params + [draw(st.tuples(JUNK, JUNK))]
    note(f"broken part: {part}")
    return params, X, y, activation


ENGINE = {
    "loss": handgrad.loss, "gradients": handgrad.gradients,
    "loss_and_gradients": handgrad.loss_and_gradients,
    "train": lambda p, X, y, a: handgrad.train(p, X, y, a, iterations=2, record_every=1),
    "predict": lambda p, X, y, a: handgrad.predict(p, X, a),
    "predict_proba": lambda p, X, y, a: handgrad.predict_proba(p, X, a),
}
REFERENCE = {
    "jaxref.loss": jaxref.loss, "jaxref.gradients": jaxref.gradients,
    "jaxref.predict_proba": lambda p, X, y, a: jaxref.predict_proba(p, X, a),
    "jaxref.train": lambda p, X, y, a: jaxref.train(p, X, y, a, iterations=2, record_every=1),
}


def only_clear_errors(fn, *args):
    try:
        fn(*args)
    except (ValueError, TypeError) as exc:
        assert str(exc), "an error without a message"


@pytest.mark.parametrize("name", sorted(ENGINE))
@given(problem=problems())
def test_engine_raises_only_clear_errors(name, problem):
    only_clear_errors(ENGINE[name], *problem)


@pytest.mark.parametrize("name", sorted(REFERENCE))
@given(problem=problems())
def test_reference_raises_only_clear_errors(name, problem):
    only_clear_errors(REFERENCE[name], *problem)


@given(sizes=st.one_of(JUNK, st.lists(st.one_of(st.integers(-2, 4), FLOATS, st.none()),
                                      max_size=4)),
       scheme=st.one_of(st.sampled_from(sorted(handgrad.INIT_SCHEMES)), JUNK),
       seed=st.one_of(st.integers(-3, 3), JUNK))
def test_init_params_raises_only_clear_errors(sizes, scheme, seed):
    only_clear_errors(handgrad.init_params, sizes, scheme, seed)
