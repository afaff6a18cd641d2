"""``handgrad audit``: the exit-code and JSON contract, and load errors as one-line messages."""

import json
import pathlib
import shutil
import subprocess
import sys
import textwrap

import pytest

from conftest import SUBJECTS
from handgrad.cli import main

ROOT = pathlib.Path(__file__).resolve().parent.parent
LEGACY = f"{ROOT / 'handgrad' / 'legacy.py'}:forward_and_backward_propagation"


def run(argv, capsys):
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_no_arguments_audits_the_engine_and_shows_the_notebook_bug(capsys):
    code, out, _ = run(["audit"], capsys)
    assert code == 0
    for activation in ("identity", "leaky_relu", "relu", "sigmoid", "tanh"):
        assert f"  {activation}" in out
    assert out.count(" PASS ") == 5
    assert "relu'(A1) in place of tanh'(Z1)" in out
    assert "W2, b2 match jax.grad on every probe; W1, b1 do not" in out
    assert "handgrad passes every probe; the notebook's fails, as expected (W1, b1)." in out


def test_no_arguments_json(capsys):
    code, out, _ = run(["audit", "--json"], capsys)
    doc = json.loads(out)
    assert code == 0 and doc["passed"] is True and doc["failing_params"] == []
    assert len(doc["engine"]) == 5 and doc["notebook"]["failing_params"] == ["W1", "b1"]


def test_the_notebook_function_exits_1_with_a_json_report(capsys):
    code, out, err = run(["audit", "--impl", LEGACY, "--activation", "tanh", "--json"], capsys)
    assert code == 1
    doc = json.loads(out)  # stdout holds one JSON document and nothing else
    assert doc["passed"] is False and doc["failing_params"] == ["W1", "b1"]
    assert any("relu'(A1) in place of tanh'(Z1)" in s for s in doc["diagnosis"])
    for check in doc["checks"]:
        assert {"init", "seed", "shape", "batch", "params"} <= set(check)
        for stats in check["params"].values():
            assert {"rel_error", "max_abs_error", "cosine", "passed"} <= set(stats)


def test_a_correct_function_exits_0(capsys):
    code, out, _ = run(["audit", "--impl", f"{SUBJECTS / 'notebook_correct.py'}:relu_backprop",
                        "--activation", "relu"], capsys)
    assert code == 0 and ": PASS (" in out


def test_handgrad_convention_from_the_command_line(capsys):
    code, out, _ = run(["audit", "--impl", f"{SUBJECTS / 'handgrad_style.py'}:relu_zero_is_one",
                        "--activation", "relu", "--convention", "handgrad", "--hidden", "4"],
                       capsys)
    assert code == 1 and "relu'(0) = 1" in out and "3-4-1" in out


def test_a_subject_that_raises_gives_a_report_not_a_traceback(capsys, tmp_path):
    (tmp_path / "bad.py").write_text("def grads(X, parameters, Y):\n    raise KeyError('W3')\n")
    code, out, err = run(["audit", "--impl", f"{tmp_path / 'bad.py'}:grads",
                          "--activation", "tanh", "--json"], capsys)
    assert code == 1 and "Traceback" not in out + err
    assert "raised KeyError" in " ".join(json.loads(out)["diagnosis"])


def test_a_sibling_module_is_importable(capsys, tmp_path):
    (tmp_path / "helpers.py").write_text(textwrap.dedent("""
        import numpy as np
        def slope(A1):
            return 1 - A1 ** 2
    """))
    (tmp_path / "subject.py").write_text(textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(SUBJECTS)!r})
        from helpers import slope
        from notebook_correct import _forward, _backward
        import numpy as np
        print("loading prints go to stderr, not into the JSON")
        def grads(X, parameters, Y):
            Z1, A1, A2 = _forward(X, parameters, np.tanh)
            return _backward(X, parameters, Y, Z1, A1, A2, slope(A1))
    """))
    code, out, err = run(["audit", "--impl", f"{tmp_path / 'subject.py'}:grads",
                          "--activation", "tanh", "--json"], capsys)
    assert code == 0 and json.loads(out)["passed"] is True
    assert "loading prints" in err


@pytest.mark.parametrize("source, spec, words", [
    (None, "{dir}/missing.py:f", "no such file"),
    ("def f(X, parameters, Y):\n    return 1\n", "{dir}/s.py:g", "has no function 'g' (it defines: f)"),
    ("def f(X, parameters, Y)\n    return 1\n", "{dir}/s.py:f", "syntax error in"),
    ("raise ImportError('no torch here')\n", "{dir}/s.py:f", "raised ImportError while loading"),
    ("def f(X):\n    return 1\n", "{dir}/s.py:f", "cannot be called as f(X, parameters, Y)"),
    ("f = 3\n", "{dir}/s.py:f", "is a int, not a function"),
    ("def f(X, parameters, Y):\n    return 1\n", "{dir}/s.py", "expected FILE.py:FUNCTION"),
])
def test_load_errors_exit_2_with_one_line(capsys, tmp_path, source, spec, words):
    if source is not None:
        (tmp_path / "s.py").write_text(source)
    code, out, err = run(["audit", "--impl", spec.format(dir=tmp_path), "--activation", "tanh"],
                         capsys)
    assert code == 2 and out == ""
    assert words in err and len(err.strip().splitlines()) == 1


def test_usage_errors_exit_2(capsys):
    code, _, err = run(["audit", "--impl", LEGACY], capsys)
    assert code == 2 and "--activation" in err
    with pytest.raises(SystemExit) as info:
        main(["audit", "--frobnicate"])
    assert info.value.code == 2
    with pytest.raises(SystemExit) as info:
        main(["audit", "--impl", LEGACY, "--activation", "swish"])
    assert info.value.code == 2
    code, _, err = run(["audit", "--impl", LEGACY, "--activation", "tanh", "--rtol", "-1"], capsys)
    assert code == 2 and "rtol" in err


def test_the_installed_command_prints_no_traceback_unless_debug(tmp_path):
    script = shutil.which("handgrad", path=str(pathlib.Path(sys.executable).parent))
    spec = f"{tmp_path / 'nothing.py'}:f"
    quiet = subprocess.run([script, "audit", "--impl", spec, "--activation", "tanh"],
                           capture_output=True, text=True)
    assert quiet.returncode == 2 and quiet.stderr.count("\n") == 1
    loud = subprocess.run([script, "--debug", "audit", "--impl", spec, "--activation", "tanh"],
                          capture_output=True, text=True)
    assert loud.returncode == 2 and "Traceback" in loud.stderr
