"""The zero-initialisation study: the facts it reports, pinned on the seeds used, and its outputs."""

import json
import math

import numpy as np
import pytest

from handgrad import experiment, legacy
from handgrad.audit import audit
from handgrad.cli import main
from handgrad.data import blobs, split


@pytest.fixture(scope="module")
def notebook_data():
    X, y = blobs(100000, seed=0)
    return split(X, y, seed=0)


@pytest.fixture(scope="module")
def small_data():
    X, y = blobs(10000, seed=0)
    return split(X, y, seed=0)


def one(data, activation, scheme, gradient, iterations=1500, samples=100000):
    cfg = experiment.Config(samples=samples, iterations=iterations).validate()
    return experiment.run_one(cfg, activation, scheme, gradient, data)


@pytest.mark.parametrize("activation", ["tanh", "relu"])
@pytest.mark.parametrize("gradient", ["handgrad", "legacy"])
def test_all_zero_init_leaves_everything_but_the_output_bias_at_zero(small_data, activation,
                                                                     gradient):
    r = one(small_data, activation, "zeros", gradient, iterations=200, samples=10000)
    assert r.hidden_weights_zero and not any(r.b1) and r.units_never_moved == len(r.b1)
    assert all(abs(value - math.log(2)) < 1e-12 for value in r.losses)
    assert abs(r.final_loss - math.log(2)) < 1e-12


def test_tanh_from_zero_weights_learns_later_than_from_small_random_weights(notebook_data):
    zero_weights = one(notebook_data, "tanh", "zero_weights", "handgrad")
    small_random = one(notebook_data, "tanh", "small_random", "handgrad")
    below = [next(i for i, v in enumerate(r.losses) if v < 0.1)
             for r in (zero_weights, small_random)]
    assert below[0] < 1500 and below[0] > below[1]
    assert zero_weights.plateau_iterations > small_random.plateau_iterations


@pytest.mark.parametrize("seed", [0, 1])
def test_relu_from_zero_weights_kills_the_negative_bias_units_and_keeps_one_direction(seed):
    X, y = blobs(100000, seed=seed)
    cfg = experiment.Config(iterations=1500, seed=seed).validate()
    r = experiment.run_one(cfg, "relu", "zero_weights", "handgrad", split(X, y, seed=seed))
    assert r.negative_bias_at_start > 0
    assert r.units_never_moved == r.negative_bias_at_start  # dead from the start, and only they
    W1 = np.array(r.W1)
    assert not W1[np.array(r.b1) < 0].any()
    assert r.hidden_rank == 1  # measured for seeds 0 and 1: the live rows stay parallel


def test_the_notebooks_gradient_still_trains_to_over_95_percent_while_wrong(small_data):
    r = one(small_data, "tanh", "small_random", "legacy", samples=10000)
    assert r.losses[-1] < 0.5 * r.losses[0] and r.accuracy > 0.95
    report = audit(legacy.forward_and_backward_propagation, "tanh", "notebook")
    assert report.failing_params == ["W1", "b1"]


def test_the_same_seed_gives_identical_results(small_data):
    a = one(small_data, "relu", "he_normal", "legacy", iterations=50, samples=10000)
    b = one(small_data, "relu", "he_normal", "legacy", iterations=50, samples=10000)
    assert a.losses == b.losses and a.W1 == b.W1 and a.accuracy == b.accuracy


def test_quick_run_writes_every_output(tmp_path, capsys):
    assert main(["experiment", "--quick", "--iterations", "30", "--out", str(tmp_path)]) == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["hidden_units.png", "loss_curves_relu.png", "loss_curves_tanh.png",
                     "metrics.csv", "report.md", "results.json"]
    doc = json.loads((tmp_path / "results.json").read_text())
    assert doc["config"]["iterations"] == 30 and len(doc["runs"]) == 12
    for run in doc["runs"]:
        assert {"activation", "scheme", "gradient", "losses", "final_loss", "accuracy",
                "precision", "recall", "plateau_iterations", "hidden_rank"} <= set(run)
        assert len(run["losses"]) == 30 and run["gradient"] in ("legacy", "handgrad")
    assert {run["scheme"] for run in doc["runs"]} == {"small_random", "zero_weights", "zeros"}
    report = (tmp_path / "report.md").read_text()
    assert "nothing learns* - holds" in report and "![hidden_units](hidden_units.png)" in report
    for png in tmp_path.glob("*.png"):
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (tmp_path / "metrics.csv").read_text().count("\n") == 13


@pytest.mark.parametrize("argv, words", [
    (["--schemes", "zeros,glorot"], "schemes: expected one of"),
    (["--iterations", "0"], "iterations"),
    (["--learning-rate", "-1"], "learning_rate"),
    (["--samples", "5"], "samples"),
])
def test_bad_options_exit_2_with_a_message(tmp_path, capsys, argv, words):
    assert main(["experiment", "--quick", "--out", str(tmp_path), *argv]) == 2
    assert words in capsys.readouterr().err
    assert not list(tmp_path.iterdir())  # nothing written


def test_ctrl_c_names_the_interrupted_run_and_keeps_the_old_files(tmp_path, capsys,
                                                                  monkeypatch):
    assert main(["experiment", "--quick", "--iterations", "5", "--out", str(tmp_path)]) == 0
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    calls = []

    def interrupted_on_the_third(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return original(*args, **kwargs)

    original = experiment.run_one
    monkeypatch.setattr(experiment, "run_one", interrupted_on_the_third)
    assert main(["experiment", "--quick", "--iterations", "7", "--out", str(tmp_path)]) == 130
    err = capsys.readouterr().err
    assert "during run 3 of 12 (tanh/zero_weights/legacy)" in err
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
