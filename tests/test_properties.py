"""Property tests over every activation and init scheme (Hypothesis; the `ci` profile by default).

handgrad against jax.grad on every draw (kinks included: both take ReLU'(0) = 0),
jax.grad against finite differences where the pre-activations clear every kink,
metamorphic relations, and the symmetry that keeps tied hidden units tied.
"""

import numpy as np
from hypothesis import assume, event, find, given, settings
from hypothesis import strategies as st

import handgrad
import jaxref
from handgrad.activations import ACTIVATIONS
from handgrad.audit.compare import GRAD_RTOL, compare
from handgrad.audit.finite_diff import central_differences, fd_agrees, kink_clearance
from handgrad.audit.rounding import rounding_floor
from handgrad.mutants import MUTANTS
from handgrad.network import forward
from handgrad.losses import bce_from_logits
from handgrad.testing import strategies as hs
from handgrad.validate import param_names


def flat(grads):
    return [g for pair in grads for g in pair]


def assert_close(ours, ref, problem, what):
    """Every parameter within GRAD_RTOL of the reference, or within the rounding floor."""
    floors = rounding_floor(problem.params, problem.X, problem.y, ACTIVATIONS[problem.activation])
    for name, a, b in zip(param_names(len(ours)), flat(ours), flat(ref)):
        assert a.shape == b.shape, f"{what}: d{name} shape {a.shape} != {b.shape}"
        c = compare(a, b, floors[name])
        assert c.passed(GRAD_RTOL), (f"{what}: d{name} relative error {c.rel_error:.3g} "
                                     f"(abs {c.abs_error:.3g}, floor {c.rounding_floor:.3g})")


@given(hs.problems())
def test_handgrad_matches_jax_grad_on_every_draw(problem):
    p = problem
    assert_close(handgrad.gradients(p.params, p.X, p.y, p.activation),
                 jaxref.gradients(p.params, p.X, p.y, p.activation), p, "handgrad vs jax.grad")


# Finite differences lose accuracy with |X|**3 (truncation), so no large rows here.
@given(hs.problems(zero_rows=False, large=False, max_width=8, max_batch=16))
def test_jax_grad_matches_finite_differences_clear_of_kinks(problem):
    p = problem
    act = ACTIVATIONS[p.activation]
    clearance = kink_clearance(p.params, p.X, act)
    event(f"kinks: {'none' if clearance == np.inf else 'cleared' if clearance > 1 else 'near'}")
    assume(clearance > 1)  # the margin is measured, not assumed from the activation's name
    fd = central_differences(lambda q: bce_from_logits(forward(q, p.X, act)[0], p.y), p.params)
    ref = jaxref.gradients(p.params, p.X, p.y, p.activation)
    for name, f, g in zip(param_names(len(ref)), flat(fd), flat(ref)):
        assert fd_agrees(f, g), f"d{name}: finite differences {f} vs jax.grad {g}"


@given(hs.problems())
def test_duplicating_every_example_leaves_the_gradient_unchanged(problem):
    p = problem
    twice = handgrad.gradients(p.params, np.vstack([p.X, p.X]), np.concatenate([p.y, p.y]),
                               p.activation)
    assert_close(twice, handgrad.gradients(p.params, p.X, p.y, p.activation), p, "duplicated")


@given(hs.problems(), st.randoms(use_true_random=False))
def test_permuting_examples_leaves_the_gradient_unchanged(problem, random):
    p = problem
    order = list(range(p.X.shape[0]))
    random.shuffle(order)
    shuffled = handgrad.gradients(p.params, p.X[order], p.y[order], p.activation)
    assert_close(shuffled, handgrad.gradients(p.params, p.X, p.y, p.activation), p, "shuffled")


@given(hs.problems(), st.data())
def test_permuting_hidden_units_permutes_the_gradient(problem, data):
    p = problem
    layer = data.draw(st.integers(0, len(p.params) - 2), label="hidden layer (0-based)")
    width = p.params[layer][0].shape[0]
    perm = np.array(data.draw(st.permutations(range(width)), label="permutation"))
    permuted = [list(pair) for pair in p.params]
    permuted[layer] = [p.params[layer][0][perm], p.params[layer][1][perm]]
    permuted[layer + 1][0] = p.params[layer + 1][0][:, perm]
    ours = handgrad.gradients([tuple(pair) for pair in permuted], p.X, p.y, p.activation)
    expected = [list(pair) for pair in handgrad.gradients(p.params, p.X, p.y, p.activation)]
    expected[layer] = [expected[layer][0][perm], expected[layer][1][perm]]
    expected[layer + 1][0] = expected[layer + 1][0][:, perm]
    assert_close(ours, expected, p, f"hidden units of layer {layer + 1} permuted")


def tied_pairs(params, layer):
    """Pairs of units of hidden layer ``layer`` with identical incoming and outgoing weights."""
    (W, b), (W_next, _) = params[layer], params[layer + 1]
    return [(i, j) for i in range(W.shape[0]) for j in range(i + 1, W.shape[0])
            if np.array_equal(W[i], W[j]) and b[i] == b[j]
            and np.array_equal(W_next[:, i], W_next[:, j])]


def assert_tied_units_get_tied_gradients(problem, params, grads, layer, pairs):
    # Tied in exact arithmetic; BLAS may sum two tied columns along different kernel
    # paths (a remainder column of a blocked GEMM), so a cancelling sum can give 0 for
    # one unit and 7e-18 for its twin: equal within the rounding floor.
    act = ACTIVATIONS[problem.activation]
    floors = rounding_floor(params, problem.X, problem.y, act)
    (dW, db), (dW_next, _) = grads[layer], grads[layer + 1]
    for i, j in pairs:
        for name, a, b in ((f"W{layer + 1}", dW[i], dW[j]),
                           (f"b{layer + 1}", db[i:i + 1], db[j:j + 1]),
                           (f"W{layer + 2}", dW_next[:, i], dW_next[:, j])):
            c = compare(a, b, floors[name])
            assert c.passed(GRAD_RTOL), f"d{name}: units {i} and {j} of layer {layer + 1}: {c}"


@given(hs.problems(schemes_=hs.TIE_SCHEMES))
def test_schemes_that_tie_hidden_units_give_them_identical_gradients(problem):
    p = problem
    grads = handgrad.gradients(p.params, p.X, p.y, p.activation)
    for layer in range(len(p.params) - 1):
        pairs = tied_pairs(p.params, layer)
        assert len(pairs) == p.params[layer][0].shape[0] * (p.params[layer][0].shape[0] - 1) // 2
        assert_tied_units_get_tied_gradients(p, p.params, grads, layer, pairs)


@given(hs.problems(min_depth=1), st.data())
def test_a_copied_hidden_unit_gets_the_same_gradient_for_every_scheme(problem, data):
    p = problem
    layer = data.draw(st.integers(0, len(p.params) - 2), label="hidden layer (0-based)")
    width = p.params[layer][0].shape[0]
    assume(width >= 2)
    i, j = data.draw(st.lists(st.integers(0, width - 1), min_size=2, max_size=2, unique=True),
                     label="source and copy")
    params = [(W.copy(), b.copy()) for W, b in p.params]
    params[layer][0][j], params[layer][1][j] = params[layer][0][i], params[layer][1][i]
    params[layer + 1][0][:, j] = params[layer + 1][0][:, i]
    grads = handgrad.gradients(params, p.X, p.y, p.activation)
    assert_tied_units_get_tied_gradients(p, params, grads, layer, [(i, j)])


@given(hs.problems(schemes_=["zeros"], max_batch=16))
def test_all_zero_init_keeps_the_hidden_units_tied_through_training(problem):
    # Why all-zero init cannot learn: the tie survives every gradient step.
    p = problem
    trained, _ = handgrad.train(p.params, p.X, p.y, p.activation, learning_rate=0.5, iterations=5)
    for layer in range(len(trained) - 1):
        W, b = trained[layer]
        np.testing.assert_allclose(W, np.broadcast_to(W[0], W.shape), rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(b, np.full_like(b, b[0]), rtol=1e-12, atol=1e-15)


def test_a_failing_property_shrinks_to_a_small_counterexample_with_its_configuration():
    mutant = next(m for m in MUTANTS if m.name == "derivative_dropped")

    def disagrees(p):
        ours, ref = mutant.gradients(p.params, p.X, p.y), jaxref.gradients(p.params, p.X, p.y, "tanh")
        return any(not compare(a, b).passed(GRAD_RTOL) for a, b in zip(flat(ours), flat(ref)))

    smallest = find(hs.problems(activations_=["tanh"], schemes_=["he_normal"]), disagrees,
                    settings=settings(max_examples=500, database=None, derandomize=True))
    assert smallest.layer_sizes == (1, 1, 1) and smallest.X.shape[0] == 1
    text = repr(smallest)
    assert "layer_sizes=[1, 1, 1]" in text and "activation='tanh'" in text
    assert "scheme='he_normal'" in text and "X=[[" in text
