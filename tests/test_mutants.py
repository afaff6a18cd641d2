"""The mutation score: the audit kills every known backprop bug and names it."""

import json

import pytest

from handgrad.activations import ACTIVATIONS
from handgrad.audit.mutation import mutation_score
from handgrad.cli import main
from handgrad.mutants import MUTANTS

#: Bug classes the diagnosis can name (handgrad/audit/diagnose.py).
CLASSES = {"sign", "batch_mean", "scale", "weight_decay", "transpose", "bias_reduction",
           "wrong_parameter", "kink_convention", "activation_derivative", "output_delta",
           "wrong_input", "backward_weights"}


@pytest.fixture(scope="module")
def score():
    return mutation_score()


def test_the_catalogue_has_at_least_20_distinct_declared_mutants():
    assert len(MUTANTS) >= 20
    assert len({m.name for m in MUTANTS}) == len(MUTANTS)
    for m in MUTANTS:
        assert m.bug_class in CLASSES and m.activation in ACTIVATIONS and m.description
        assert m.corrupts(4), f"{m.name} declares no parameter"


def test_every_mutant_is_killed_without_false_positives(score):
    missed = [r["mutant"] for r in score["results"] if not r["killed"]]
    assert score["killed"] == score["mutants"] == len(MUTANTS), missed
    assert score["false_positives"] == 0


def test_the_bug_class_is_named_for_at_least_90_percent(score):
    wrong = {r["mutant"]: (r["class_named"], r["diagnosis"]) for r in score["results"]
             if not r["class_correct"]}
    assert score["correctly_diagnosed"] >= 0.9 * score["mutants"], wrong


def test_the_flagged_parameters_are_the_declared_ones(score):
    wrong = {r["mutant"]: (r["params_flagged"], r["params_declared"]) for r in score["results"]
             if not r["params_correct"]}
    assert not wrong


def test_cli_prints_the_table_and_the_json(capsys):
    assert main(["audit", "--mutants"]) == 0
    out = capsys.readouterr().out
    assert "notebook_relu_of_tanh_output" in out and "0 false positives" in out
    assert main(["audit", "--mutants", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert {"mutants", "killed", "false_positives", "correctly_diagnosed", "results"} <= set(doc)
    assert doc["killed"] == doc["mutants"] and len(doc["results"]) == doc["mutants"]
