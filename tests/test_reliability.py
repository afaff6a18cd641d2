"""Numerically sound, reproducible, nothing lost: the guarantees of the README's "Errors and guarantees"."""

import hashlib
import subprocess
import sys
from decimal import Decimal, getcontext

import numpy as np
import pytest

import handgrad
import jaxref
from handgrad.activations import ACTIVATIONS, sigmoid
from handgrad.files import write_json, write_text
from handgrad.losses import bce_from_logits

#: Loss against a Decimal reference with enough digits: float64 rounding of softplus and of
#: the mean, a few ulp (2.2e-16 each).
LOSS_RTOL = 1e-15


def _digits(z):
    # Enough digits that 1 + exp(-|z|) does not round to 1: |z| log10(e) + 40.
    getcontext().prec = int(abs(z) * 0.4343) + 40


def decimal_softplus(s):
    _digits(s)
    return float((Decimal(1) + Decimal(float(s)).exp()).ln())


def decimal_sigmoid_minus(z, label):
    _digits(z)
    return float(Decimal(1) / (Decimal(1) + Decimal(-float(z)).exp()) - Decimal(label))


@pytest.mark.parametrize("logit", [-1e4, -745.0, -709.0, -40.0, -1.0, -1e-12, 0.0, 1e-12, 1.0,
                                   36.0, 40.0, 709.0, 745.0, 1e4])
@pytest.mark.parametrize("label", [0.0, 1.0])
def test_loss_is_finite_and_correct_for_logits_up_to_1e4(logit, label):
    # Depth 0 (logistic regression) with W = [[1]], b = [0]: the logit is X itself.
    params = [(np.array([[1.0]]), np.array([0.0]))]
    X, y = np.array([[logit]]), np.array([label])
    expected = decimal_softplus(logit if label == 0 else -logit)
    for value in (handgrad.loss(params, X, y, "tanh"), bce_from_logits(X[:, 0], y)):
        assert np.isfinite(value)
        assert value == pytest.approx(expected, rel=LOSS_RTOL, abs=0)
    grads = handgrad.gradients(params, X, y, "tanh")
    assert all(np.isfinite(g).all() for pair in grads for g in pair)
    # d loss / d logit = sigmoid(logit) - y, with full relative precision in the tails
    assert grads[0][1][0] == pytest.approx(decimal_sigmoid_minus(logit, label), rel=1e-14, abs=0)


def test_sigmoid_and_activations_raise_no_floating_point_error_at_any_finite_input():
    z = np.array([-1.7e308, -1e300, -746.0, -745.0, -709.8, -1e-310, 0.0, 5e-324, 709.8,
                  746.0, 1e300, 1.7e308])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        s = sigmoid(z)
        for act in ACTIVATIONS.values():
            assert np.isfinite(act.fn(z)).all() and np.isfinite(act.grad(z, act.fn(z))).all()
    assert ((s >= 0) & (s <= 1)).all() and s[0] == 0.0 and s[-1] == 1.0


def test_saturated_network_gradients_stay_finite_and_match_the_reference():
    from handgrad.audit.compare import GRAD_RTOL, compare
    from handgrad.audit.rounding import rounding_floor
    params = [(W * 100, b) for W, b in handgrad.init_params([3, 10, 1], "he_normal", seed=0)]
    X = np.random.default_rng(0).normal(size=(50, 3)) * 10
    y = (np.arange(50) % 2).astype(float)
    for act in ACTIVATIONS:
        ours = handgrad.gradients(params, X, y, act)
        ref = jaxref.gradients(params, X, y, act)
        floors = rounding_floor(params, X, y, ACTIVATIONS[act])
        flat = [(a, b) for pair, ref_pair in zip(ours, ref) for a, b in zip(pair, ref_pair)]
        for (a, b), floor in zip(flat, floors.values()):
            assert np.isfinite(a).all()
            # Saturated tanh/sigmoid units: 1 - A**2 of A rounded to 1 is rounding noise
            # on both sides, covered by the floor; the others agree to GRAD_RTOL.
            assert compare(a, b, floor).passed(GRAD_RTOL), act


def test_an_overflowing_forward_pass_is_a_clear_error_not_inf():
    params = [(np.full((2, 3), 1e200), np.zeros(2)), (np.full((1, 2), 1e200), np.zeros(1))]
    X, y = np.full((4, 3), 1e200), np.array([0, 1, 0, 1])
    for fn in (handgrad.loss, handgrad.gradients, handgrad.loss_and_gradients):
        with pytest.raises(ValueError, match="overflowed float64"):
            fn(params, X, y, "relu")
    with pytest.raises(ValueError, match="overflowed float64"):
        handgrad.predict(params, X, "relu")


def test_divergence_names_the_iteration_and_returns_no_nan_params():
    params = handgrad.init_params([3, 10, 1], "he_normal", seed=1)
    X = np.random.default_rng(1).normal(size=(40, 3)) * 50
    y = (np.arange(40) % 2).astype(float)
    with pytest.raises(handgrad.DivergenceError, match=r"at iteration \d+ \(learning_rate="):
        handgrad.train(params, X, y, "relu", learning_rate=1e300, iterations=100)


REPRO = """
import hashlib, numpy as np, handgrad
X, y = handgrad.blobs(2000, seed=3)
h = hashlib.sha256()
for scheme in sorted(handgrad.INIT_SCHEMES):
    p = handgrad.init_params([3, 10, 4, 1], scheme, seed=5)
    p, hist = handgrad.train(p, X, y, "tanh", 0.05, 30, 1)
    loss, grads = handgrad.loss_and_gradients(p, X, y, "relu")
    for a in [hist["losses"], np.array([loss])] + [g for pair in p + grads for g in pair]:
        h.update(np.ascontiguousarray(a).tobytes())
print(h.hexdigest())
"""


def test_same_seed_gives_bit_identical_results_across_processes():
    runs = {subprocess.run([sys.executable, "-c", REPRO], capture_output=True, text=True,
                           check=True).stdout for _ in range(2)}
    assert len(runs) == 1 and len(runs.pop().strip()) == 64


def test_same_seed_gives_bit_identical_results_across_calls():
    X, y = handgrad.blobs(500, seed=1)
    a = handgrad.init_params([3, 10, 1], "xavier_uniform", seed=9)
    b = handgrad.init_params([3, 10, 1], "xavier_uniform", seed=9)
    ga, gb = handgrad.gradients(a, X, y), handgrad.gradients(b, X, y)
    for x, z in zip([v for pair in a + ga for v in pair], [v for pair in b + gb for v in pair]):
        assert x.tobytes() == z.tobytes()


def _digest(*arrays):
    h = hashlib.sha256()
    for a in arrays:
        h.update(np.ascontiguousarray(a).tobytes())
    return h.hexdigest()


def test_no_public_function_modifies_its_inputs():
    params = handgrad.init_params([3, 5, 1], "he_normal", seed=2)
    X, y = handgrad.blobs(64, seed=2)
    sizes = [3, 5, 1]
    before = _digest(X, y, *[a for pair in params for a in pair])
    calls = [lambda: handgrad.loss(params, X, y), lambda: handgrad.gradients(params, X, y),
             lambda: handgrad.loss_and_gradients(params, X, y),
             lambda: handgrad.train(params, X, y, iterations=3),
             lambda: handgrad.predict(params, X), lambda: handgrad.predict_proba(params, X),
             lambda: handgrad.split(X, y), lambda: handgrad.init_params(sizes, "zeros", seed=0),
             lambda: jaxref.loss(params, X, y), lambda: jaxref.gradients(params, X, y),
             lambda: jaxref.train(params, X, y, iterations=3),
             lambda: jaxref.predict_proba(params, X)]
    for call in calls:
        call()
        assert _digest(X, y, *[a for pair in params for a in pair]) == before
    assert sizes == [3, 5, 1]


def test_an_interrupted_write_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "results.json"
    write_json(target, {"run": 1})
    for failure in (RuntimeError("disk full"), KeyboardInterrupt()):
        with pytest.raises(type(failure)):
            from handgrad.files import atomic_open
            with atomic_open(target) as handle:
                handle.write('{"run": 2, "half')
                raise failure
        assert target.read_text() == '{\n  "run": 1\n}\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results.json"]
    write_text(target, "new")
    assert target.read_text() == "new"
    assert oct(target.stat().st_mode & 0o777) != "0o600"


def test_params_files_round_trip_and_refuse_pickles(tmp_path):
    params = handgrad.init_params([3, 4, 4, 1], "orthogonal", seed=0)
    handgrad.save_params(tmp_path / "p.npz", params)
    back = handgrad.load_params(tmp_path / "p.npz")
    assert all(np.array_equal(a, b) for x, z in zip(params, back) for a, b in zip(x, z))
    np.savez(tmp_path / "evil.npz", W1=np.array([object()], dtype=object))
    with pytest.raises(ValueError, match="not a params file"):
        handgrad.load_params(tmp_path / "evil.npz")
    np.savez(tmp_path / "odd.npz", W1=np.ones((1, 3)), c1=np.ones(1))
    with pytest.raises(ValueError, match="expected arrays W1, b1"):
        handgrad.load_params(tmp_path / "odd.npz")
    with pytest.raises(FileNotFoundError):
        handgrad.load_params(tmp_path / "missing.npz")


def test_cli_train_saves_and_resumes_and_reports_interrupts(tmp_path, capsys, monkeypatch):
    from handgrad.cli import main
    path = tmp_path / "p.npz"
    assert main(["train", "--samples", "500", "--iterations", "5", "--save", str(path)]) == 0
    assert main(["train", "--samples", "500", "--iterations", "5", "--params", str(path)]) == 0
    assert main(["train", "--samples", "500", "--params", str(tmp_path / "no.npz")]) == 2
    assert main(["train", "--samples", "500", "--learning-rate", "1e300",
                 "--activation", "identity", "--iterations", "50"]) == 2
    err = capsys.readouterr().err
    assert "No such file" in err and "at iteration" in err

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(handgrad, "train", interrupted)
    assert main(["train", "--samples", "500"]) == 130
    assert "interrupted (train --samples 500)" in capsys.readouterr().err
