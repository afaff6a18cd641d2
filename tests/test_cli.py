"""The ``handgrad`` command line."""

import pathlib
import shutil
import subprocess
import sys

import handgrad
from handgrad.cli import main


def test_version_and_help(capsys):
    for argv, expected in ((["--version"], handgrad.__version__), (["--help"], "usage: handgrad")):
        try:
            main(argv)
        except SystemExit as exc:
            assert exc.code == 0
        assert expected in capsys.readouterr().out


def test_no_command_prints_help(capsys):
    assert main([]) == 0
    assert "COMMAND" in capsys.readouterr().out


def test_train_prints_the_loss(capsys):
    assert main(["train", "--samples", "2000", "--iterations", "101"]) == 0
    out = capsys.readouterr().out
    assert "iteration      0  loss 0.69" in out and "test accuracy" in out


def test_train_rejects_bad_numbers_with_exit_2(capsys):
    assert main(["train", "--samples", "200", "--learning-rate", "-1"]) == 2
    assert "learning_rate" in capsys.readouterr().err


def test_console_script_is_installed():
    script = shutil.which("handgrad", path=str(pathlib.Path(sys.executable).parent))
    assert script, "the console script 'handgrad' is not installed beside this Python"
    out = subprocess.run([script, "--version"],
                         capture_output=True, text=True, check=True).stdout
    assert out.strip() == f"handgrad {handgrad.__version__}"
