"""Bad input gets a TypeError/ValueError naming the argument, never a deep crash or a silent answer."""

import numpy as np
import pytest

import handgrad
import jaxref

P = handgrad.init_params([3, 4, 1], "he_normal", seed=0)
X = np.random.default_rng(0).normal(size=(6, 3))
Y = np.array([0, 1, 1, 0, 1, 0])


def with_nan(a, index):
    a = a.copy()
    a[index] = np.nan
    return a


def replace_layer(layer, W=None, b=None):
    params = [list(pair) for pair in P]
    if W is not None:
        params[layer][0] = W
    if b is not None:
        params[layer][1] = b
    return [tuple(pair) for pair in params]


# (id, keyword overrides of (params, X, y, activation), exception, words the message must hold)
CASES = [
    ("X 1-D", dict(X=X[0]), ValueError, ["X", "2-D", "(3,)"]),
    ("X 3-D", dict(X=X[None]), ValueError, ["X", "2-D", "(1, 6, 3)"]),
    ("X no rows", dict(X=np.empty((0, 3)), y=np.empty(0)), ValueError, ["X", "(0, 3)"]),
    ("X no columns", dict(X=np.empty((6, 0))), ValueError, ["X", "(6, 0)"]),
    ("X NaN", dict(X=with_nan(X, (2, 1))), ValueError, ["X", "finite", "(2, 1)"]),
    ("X inf", dict(X=np.where(X > 1, np.inf, X)), ValueError, ["X", "finite", "inf"]),
    ("X strings", dict(X=np.array([["a", "b", "c"]] * 6)), TypeError, ["X", "dtype <U1"]),
    ("X objects", dict(X=np.array([[None] * 3] * 6)), TypeError, ["X", "object"]),
    ("X complex", dict(X=X + 1j), TypeError, ["X", "complex128"]),
    ("X ragged", dict(X=[[1.0, 2.0, 3.0], [1.0]]), ValueError, ["X", "rectangular"]),
    ("X a string", dict(X="data.csv"), TypeError, ["X", "str"]),
    ("y too short", dict(y=Y[:5]), ValueError, ["y", "6 labels", "got 5"]),
    ("y too long", dict(y=np.r_[Y, 1]), ValueError, ["y", "6 labels", "got 7"]),
    ("y value 2", dict(y=np.r_[Y[:5], 2]), ValueError, ["y", "{0, 1}", "2.0", "(5,)"]),
    ("y value -1", dict(y=np.r_[-1, Y[1:]]), ValueError, ["y", "{0, 1}", "-1.0", "(0,)"]),
    ("y NaN", dict(y=with_nan(Y.astype(float), 3)), ValueError, ["y", "nan", "(3,)"]),
    ("y column", dict(y=Y[:, None]), ValueError, ["y", "(6,)", "(6, 1)", "ravel"]),
    ("y row", dict(y=Y[None, :]), ValueError, ["y", "(6,)", "(1, 6)"]),
    ("y strings", dict(y=np.array(list("010101"))), TypeError, ["y", "dtype"]),
    ("y None", dict(y=None), TypeError, ["y"]),
    ("params empty", dict(params=[]), ValueError, ["params", "empty"]),
    ("params a dict", dict(params={"W1": 1}), TypeError, ["params", "dict"]),
    ("params not pairs", dict(params=[P[0][0], P[1][0]]), TypeError, ["params[0]", "(W, b)"]),
    ("W 1-D", dict(params=replace_layer(0, W=P[0][0][0])), ValueError, ["W1", "2-D", "(3,)"]),
    ("b 2-D", dict(params=replace_layer(0, b=P[0][1][None])), ValueError, ["b1", "1-D", "(1, 4)"]),
    ("b wrong length", dict(params=replace_layer(0, b=np.zeros(5))), ValueError,
     ["b1", "(4,)", "(5,)"]),
    ("layers inconsistent", dict(params=replace_layer(1, W=np.zeros((1, 5)))), ValueError,
     ["W2", "4 columns", "(1, 5)"]),
    ("input width", dict(X=X[:, :2]), ValueError, ["W1", "2 features", "(4, 3)"]),
    ("W NaN", dict(params=replace_layer(1, W=with_nan(P[1][0], (0, 2)))), ValueError,
     ["W2", "finite", "(0, 2)"]),
    ("b inf", dict(params=replace_layer(1, b=np.array([np.inf]))), ValueError, ["b2", "inf"]),
    ("W integers", dict(params=replace_layer(0, W=np.ones((4, 3), dtype=int))), TypeError,
     ["W1", "float64", "int64"]),
    ("W float32", dict(params=replace_layer(0, W=P[0][0].astype(np.float32))), TypeError,
     ["W1", "float64", "float32"]),
    ("two outputs", dict(params=[P[0], (np.zeros((2, 4)), np.zeros(2))]), ValueError,
     ["one output unit", "(2, 4)"]),
    ("unknown activation", dict(activation="swish"), ValueError,
     ["activation", "'swish'", "identity", "leaky_relu", "relu", "sigmoid", "tanh"]),
    ("activation not a name", dict(activation=np.tanh), TypeError, ["activation", "name"]),
]


def call(fn, **overrides):
    args = dict(params=P, X=X, y=Y, activation="tanh")
    args.update(overrides)
    return fn(args["params"], args["X"], args["y"], args["activation"])


@pytest.mark.parametrize("fn", [handgrad.loss, handgrad.gradients, handgrad.loss_and_gradients,
                                handgrad.train], ids=lambda f: f.__name__)
@pytest.mark.parametrize("case, overrides, error, words", CASES, ids=[c[0] for c in CASES])
def test_engine_rejects_bad_input(fn, case, overrides, error, words):
    with pytest.raises(error) as info:
        call(fn, **overrides)
    for word in words:
        assert word in str(info.value), f"{word!r} missing from: {info.value}"


PREDICT_CASES = [c for c in CASES if "y" not in c[1]]


@pytest.mark.parametrize("fn", [handgrad.predict, handgrad.predict_proba],
                         ids=lambda f: f.__name__)
@pytest.mark.parametrize("case, overrides, error, words", PREDICT_CASES,
                         ids=[c[0] for c in PREDICT_CASES])
def test_prediction_rejects_bad_input(fn, case, overrides, error, words):
    args = dict(params=P, X=X, activation="tanh")
    args.update(overrides)
    with pytest.raises(error) as info:
        fn(args["params"], args["X"], args["activation"])
    for word in words:
        assert word in str(info.value)


@pytest.mark.parametrize("fn", [jaxref.loss, jaxref.gradients, jaxref.train],
                         ids=lambda f: f.__name__)
@pytest.mark.parametrize("case, overrides, error, words", CASES, ids=[c[0] for c in CASES])
def test_reference_rejects_bad_input_with_the_same_error_type(fn, case, overrides, error, words):
    with pytest.raises(error) as info:
        call(fn, **overrides)
    assert words[0] in str(info.value)


@pytest.mark.parametrize("kwargs, error, words", [
    (dict(learning_rate=-0.1), ValueError, ["learning_rate", "> 0", "-0.1"]),
    (dict(learning_rate=float("nan")), ValueError, ["learning_rate", "nan"]),
    (dict(learning_rate="0.1"), TypeError, ["learning_rate", "'0.1'"]),
    (dict(iterations=-1), ValueError, ["iterations", ">= 0", "-1"]),
    (dict(iterations=2.5), TypeError, ["iterations", "integer", "2.5"]),
    (dict(iterations=True), TypeError, ["iterations", "True"]),
    (dict(record_every=0), ValueError, ["record_every", ">= 1"]),
])
def test_train_rejects_bad_settings(kwargs, error, words):
    with pytest.raises(error) as info:
        handgrad.train(P, X, Y, **kwargs)
    for word in words:
        assert word in str(info.value)


@pytest.mark.parametrize("kwargs, error, words", [
    (dict(layer_sizes=[3, 0, 1]), ValueError, ["layer_sizes[1]", ">= 1", "0"]),
    (dict(layer_sizes=[3, -2, 1]), ValueError, ["layer_sizes[1]", "-2"]),
    (dict(layer_sizes=[3, 2.5, 1]), TypeError, ["layer_sizes[1]", "2.5"]),
    (dict(layer_sizes=[3]), ValueError, ["layer_sizes", "[3]"]),
    (dict(layer_sizes=[3, 4, 2]), ValueError, ["layer_sizes", "one output"]),
    (dict(layer_sizes="3,4,1"), TypeError, ["layer_sizes", "str"]),
    (dict(layer_sizes=[3, 4, 1], scheme="glorot"), ValueError,
     ["scheme", "'glorot'", "xavier_normal", "he_normal"]),
    (dict(layer_sizes=[3, 4, 1], seed=1, rng=np.random.default_rng(1)), ValueError,
     ["seed", "rng"]),
    (dict(layer_sizes=[3, 4, 1], rng=1), TypeError, ["rng", "Generator"]),
    (dict(layer_sizes=[3, 4, 1], seed="x"), TypeError, ["seed", "'x'"]),
])
def test_init_params_rejects_bad_input(kwargs, error, words):
    with pytest.raises(error) as info:
        handgrad.init_params(**kwargs)
    for word in words:
        assert word in str(info.value)


def test_labels_are_accepted_as_ints_bools_and_floats():
    expected = handgrad.loss(P, X, Y, "tanh")
    for y in (Y.astype(bool), Y.astype(np.float32), Y.tolist()):
        assert handgrad.loss(P, X, y, "tanh") == expected
