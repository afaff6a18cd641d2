"""The benchmark runs end to end and reports every number the README quotes (no timing asserted)."""

import json

from handgrad import bench
from handgrad.cli import main


def test_quick_benchmark_reports_every_measurement(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(bench, "QUICK", dict(bench.QUICK, n_samples=2000, iterations=20,
                                             scaling_rows=(500, 1000), scaling_iterations=3))
    out = tmp_path / "bench.json"
    assert main(["bench", "--quick", "--repeats", "1", "--out", str(out)]) == 0
    text = capsys.readouterr().out
    results = json.loads(out.read_text())
    assert set(results["training_seconds"]) == {
        "notebook (legacy.optimization)", "handgrad.train", "jaxref.train (jit, lax.scan)",
        "plain jitted lax.scan", "scikit-learn MLPClassifier (sgd)"}
    assert all(s > 0 for s in results["training_seconds"].values())
    assert results["history_max_rel_diff"] < 1e-9  # identical maths, not a speed check
    assert results["predict"]["labels_agree"] == 1.0
    assert [row["rows"] for row in results["scaling"]] == [500, 1000]
    assert results["memory"]["peak_mb"] >= results["memory"]["base_mb"] > 0
    assert results["audit_cold_start_seconds"] > 0
    for words in ("handgrad.train is", "plain jitted lax.scan", "predict on", "Peak RSS",
                  "handgrad audit from a cold start"):
        assert words in text
