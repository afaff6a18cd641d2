"""The audit: verdicts per parameter, the diagnosis of each bug class, and misbehaving subjects."""

import json

import numpy as np
import pytest

import handgrad
import handgrad_style
import notebook_bugs
import notebook_correct
from handgrad import legacy
from handgrad.audit import audit


@pytest.fixture(scope="module")
def notebook_report():
    return audit(legacy.forward_and_backward_propagation, "tanh", "notebook")


def classes(report):
    return {f.bug_class: f for f in report.findings}


def test_the_notebook_fails_on_w1_and_b1_only_with_its_bug_named(notebook_report):
    r = notebook_report
    assert not r.passed
    assert r.failing_params == ["W1", "b1"]
    assert all(c["params"]["W2"]["passed"] and c["params"]["b2"]["passed"] for c in r.checks)
    found = classes(r)["activation_derivative"]
    assert found.params == ("W1", "b1")
    assert "relu'(A1) in place of tanh'(Z1)" in found.sentence
    assert "first wrong layer is layer 1" in classes(r)["localisation"].sentence


def test_the_notebook_cost_is_reported_nan_on_saturated_probes(notebook_report):
    assert any("returned cost is nan" in note and "saturation" in note
               for note in notebook_report.notes)


@pytest.mark.parametrize("fn, activation", [(notebook_correct.tanh_backprop, "tanh"),
                                            (notebook_correct.relu_backprop, "relu")])
def test_correct_notebook_style_functions_pass_every_probe(fn, activation):
    r = audit(fn, activation, "notebook")
    assert r.passed and r.failing_params == [] and r.diagnosis == []
    kinds = {c["kind"] for c in r.checks}
    assert {"random", "shape", "data", "kink", "saturation"} <= kinds
    assert r.reference_summary["disagreements"] == []
    if activation == "relu":  # exact agreement at all-zero init: both take relu'(0) = 0
        zeros = [c for c in r.checks if c["init"] == "zeros"]
        assert zeros and all(p["rel_error"] == 0.0 for c in zeros for p in c["params"].values())


# (subject, activation, failing params, bug class, words in the sentence)
BUGS = [
    (notebook_bugs.sign_flip_W2, "tanh", ["W2"], "sign", "negative"),
    (notebook_bugs.missing_mean_W1, "tanh", ["W1"], "batch_mean", "missing mean"),
    (notebook_bugs.double_mean_b2, "tanh", ["b2"], "batch_mean", "taken twice"),
    (notebook_bugs.factor_two_all, "tanh", ["W1", "W2", "b1", "b2"], "scale", "factor 2"),
    (notebook_bugs.transposed_W1, "tanh", ["W1"], "transpose", "transpose"),
    (notebook_bugs.bias_not_summed_b1, "tanh", ["b1"], "bias_reduction", "not summed"),
    (notebook_bugs.tanh_derivative_on_z, "tanh", ["W1", "b1"], "activation_derivative",
     "1 - Z1**2 in place of tanh'(Z1)"),
    (notebook_bugs.derivative_dropped, "tanh", ["W1", "b1"], "activation_derivative",
     "the derivative left out"),
    (notebook_bugs.weight_decay_W1, "tanh", ["W1"], "weight_decay", "0.0001 x the parameter"),
    (notebook_bugs.mse_output_delta, "tanh", ["W1", "W2", "b1", "b2"], "output_delta",
     "squared-error"),
    (notebook_bugs.relu_zero_is_one, "relu", ["b1"], "kink_convention", "relu'(0) = 1"),
]


@pytest.mark.parametrize("fn, activation, failing, bug_class, words", BUGS,
                         ids=[b[0].__name__ for b in BUGS])
def test_each_bug_class_is_localised_and_named(fn, activation, failing, bug_class, words):
    r = audit(fn, activation, "notebook")
    assert not r.passed
    assert r.failing_params == failing
    found = classes(r)
    assert bug_class in found, r.diagnosis
    assert sorted(found[bug_class].params) == failing
    assert words in found[bug_class].sentence


def test_the_kink_difference_shows_only_on_kink_probes():
    r = audit(notebook_bugs.relu_zero_is_one, "relu", "notebook")
    failed = {c["kind"] for c in r.checks if not c["passed"]}
    assert failed == {"kink"}


def test_a_bug_of_one_part_in_a_million_is_not_hidden_by_rounding():
    def slightly_off(X, parameters, Y):
        grads, cost = notebook_correct.tanh_backprop(X, parameters, Y)
        grads["dJ_dW2"] = grads["dJ_dW2"] * (1 + 1e-6)
        return grads, cost

    r = audit(slightly_off, "tanh", "notebook")
    assert r.failing_params == ["W2"]
    assert "factor 1.000001" in classes(r)["scale"].sentence


def raises_value_error(X, parameters, Y):
    raise ValueError("boom")


def returns_nan(X, parameters, Y):
    grads, cost = notebook_correct.tanh_backprop(X, parameters, Y)
    grads["dJ_db1"] = grads["dJ_db1"] * np.nan
    return grads, cost


def wrong_keys(X, parameters, Y):
    grads, cost = notebook_correct.tanh_backprop(X, parameters, Y)
    grads["dW1"] = grads.pop("dJ_dW1")
    return grads, cost


def float32_result(X, parameters, Y):
    grads, cost = notebook_correct.tanh_backprop(X, parameters, Y)
    return {k: v.astype(np.float32) for k, v in grads.items()}, cost


def integer_result(X, parameters, Y):
    grads, cost = notebook_correct.tanh_backprop(X, parameters, Y)
    grads["dJ_dW2"] = np.array([["a"] * parameters["W2"].shape[1]])
    return grads, cost


def not_a_tuple(X, parameters, Y):
    return [1, 2, 3]


def exits(X, parameters, Y):
    raise SystemExit(3)


def prints_and_warns(X, parameters, Y):
    print("debugging output")
    np.log(np.zeros(1))
    return notebook_correct.tanh_backprop(X, parameters, Y)


@pytest.mark.parametrize("fn, failing, words", [
    (raises_value_error, ["W1", "W2", "b1", "b2"], "raised ValueError: boom"),
    (exits, ["W1", "W2", "b1", "b2"], "raised SystemExit: 3"),
    (returns_nan, ["b1"], "not finite"),
    (wrong_keys, ["W1"], "missing key 'dJ_dW1'"),
    (float32_result, ["W1", "W2", "b1", "b2"], None),
    (integer_result, ["W2"], "dtype <U1"),
    (not_a_tuple, ["W1", "W2", "b1", "b2"], "expected (gradients dict, cost), got list"),
    (notebook_bugs.wrong_shapes, ["W1", "W2", "b1", "b2"], "expected shape (10, 3), got (2, 2)"),
])
def test_a_misbehaving_subject_is_a_finding_not_a_crash(fn, failing, words):
    r = audit(fn, "tanh", "notebook")
    assert not r.passed and r.failing_params == failing
    text = " ".join(r.diagnosis) + " ".join(p["problem"] or "" for c in r.checks
                                            for p in c["params"].values())
    if words:
        assert words in text
    json.loads(r.to_json())


def test_float32_results_are_noted_and_fail_on_precision():
    r = audit(float32_result, "tanh", "notebook")
    assert any("dtype float32" in note for note in r.notes)


def test_printing_and_warnings_are_notes_not_failures():
    r = audit(prints_and_warns, "tanh", "notebook")
    assert r.passed
    assert any("printed" in note for note in r.notes)
    assert any("divide by zero" in note for note in r.notes)


def test_a_subject_that_modifies_its_parameters_fails():
    r = audit(notebook_bugs.mutates_input, "tanh", "notebook")
    assert not r.passed and r.failing_params == []
    assert "parameters['W1']" in classes(r)["side_effect"].sentence


def test_handgrad_convention_covers_deeper_networks():
    r = audit(handgrad_style.relu_backprop, "relu", "handgrad")
    assert r.passed
    assert {len(c["shape"]) for c in r.checks} == {2, 3, 4, 5}  # depths 0 to 3
    r = audit(handgrad_style.relu_zero_is_one, "relu", "handgrad")
    assert not r.passed and classes(r)["kink_convention"]


def test_handgrad_engine_passes_for_every_activation():
    from functools import partial
    for activation in handgrad.ACTIVATIONS:
        r = audit(partial(handgrad.gradients, activation=activation), activation, "handgrad")
        assert r.passed, (activation, r.diagnosis)


def test_wrong_derivative_in_a_deep_network_is_named_at_every_layer():
    r = audit(handgrad_style.sigmoid_slope_for_tanh, "tanh", "handgrad")
    found = classes(r)["activation_derivative"]
    assert "sigmoid'(Zk) in place of tanh'(Zk) at every hidden layer k" in found.sentence


def test_report_json_has_the_documented_fields(notebook_report):
    doc = json.loads(notebook_report.to_json())
    assert doc["passed"] is False and doc["failing_params"] == ["W1", "b1"]
    assert isinstance(doc["diagnosis"], list) and doc["diagnosis"]
    check = doc["checks"][0]
    assert {"init", "seed", "shape", "batch", "params", "passed"} <= set(check)
    assert {"rel_error", "max_abs_error", "cosine", "passed"} <= set(check["params"]["W1"])


def test_training_comparison_reports_the_loss_gap():
    r = audit(legacy.forward_and_backward_propagation, "tanh", "notebook", train=20)
    t = r.training
    assert t["failure"] is None and len(t["subject_losses"]) == 20
    assert t["subject_losses"][0] == pytest.approx(t["reference_losses"][0], rel=1e-12)
    assert t["max_loss_gap"] > 0
    r = audit(notebook_correct.tanh_backprop, "tanh", "notebook", train=20)
    assert r.training["max_loss_gap"] < 1e-10


@pytest.mark.parametrize("kwargs, error, words", [
    (dict(fn=42), TypeError, "fn"),
    (dict(convention="pytorch"), ValueError, "['handgrad', 'notebook']"),
    (dict(activation="gelu"), ValueError, "activation"),
    (dict(layer_sizes=[3, 4, 4, 1]), ValueError, "exactly 1 hidden layer"),
    (dict(rtol=-1.0), ValueError, "rtol"),
    (dict(hidden=0), ValueError, "hidden"),
    (dict(train=0), ValueError, "train"),
    (dict(seed=-1), ValueError, "seed"),
])
def test_audit_rejects_bad_arguments(kwargs, error, words):
    args = dict(fn=notebook_correct.tanh_backprop, activation="tanh", convention="notebook")
    args.update(kwargs)
    with pytest.raises(error) as info:
        audit(args.pop("fn"), **args)
    assert words in str(info.value)
