"""test_backprop.py: check your backward pass against autodiff (pip install "handgrad[test]")."""
import pytest
from handgrad import legacy
from handgrad.testing import assert_gradients_match
from notebook_correct import tanh_backprop as my_backprop  # <- your function here

def test_my_backprop_matches_autodiff():
    assert_gradients_match(my_backprop, activation="tanh", convention="notebook")

def test_the_notebook_backprop_fails_with_its_bug_named():
    with pytest.raises(AssertionError, match=r"relu'\(A1\) in place of tanh'\(Z1\)"):
        assert_gradients_match(legacy.forward_and_backward_propagation, activation="tanh")
