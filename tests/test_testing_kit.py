"""handgrad.testing: the assertion users put in their own test suites, and its README example."""

import pathlib
import re

import pytest
from hypothesis import given

import handgrad_style
import notebook_bugs
from handgrad import legacy
from handgrad.testing import assert_gradients_match
from handgrad.testing import strategies as hs

ROOT = pathlib.Path(__file__).resolve().parent.parent


def test_silent_on_a_correct_backward_pass():
    assert assert_gradients_match(handgrad_style.relu_backprop, activation="relu",
                                  convention="handgrad") is None


def test_the_message_names_the_parameters_and_the_diagnosis():
    with pytest.raises(AssertionError) as info:
        assert_gradients_match(legacy.forward_and_backward_propagation, activation="tanh")
    message = str(info.value)
    assert ": W1, b1 wrong," in message.splitlines()[0]
    assert "relu'(A1) in place of tanh'(Z1)" in message
    assert re.search(r"W1: relative error up to [\d.]+ on random:", message)


def test_a_network_of_the_users_shape():
    with pytest.raises(AssertionError, match="m times the gradient"):
        assert_gradients_match(notebook_bugs.missing_mean_W1, activation="tanh",
                               layer_sizes=[2, 5, 1])


def test_bad_arguments_are_errors_not_assertions():
    with pytest.raises(ValueError, match="convention"):
        assert_gradients_match(handgrad_style.relu_backprop, convention="keras")


@given(hs.problems(max_depth=2, max_batch=8))
def test_strategies_draw_valid_problems(problem):
    p = problem
    assert len(p.layer_sizes) == len(p.params) + 1 and p.layer_sizes[-1] == 1
    assert p.X.shape == (p.y.shape[0], p.layer_sizes[0]) and set(p.y) <= {0.0, 1.0}
    assert [W.shape for W, _ in p.params] == [(o, i) for i, o in zip(p.layer_sizes[:-1],
                                                                     p.layer_sizes[1:])]


def test_the_readme_shows_the_example_file_verbatim():
    example = (ROOT / "tests" / "test_readme_example.py").read_text()
    assert example.strip() in (ROOT / "README.md").read_text()
    assert len(example.strip().splitlines()) <= 12
