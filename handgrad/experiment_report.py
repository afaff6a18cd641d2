"""Writing the study's findings: report.md, metrics.csv, results.json and the figures.

Every file is written atomically (:mod:`handgrad.files`): an interrupted run
leaves the previous file or the new one, never half of one.
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import numpy as np

from handgrad.experiment import PLATEAU_LOSS, results_document
from handgrad.files import atomic_open, write_json, write_text

METRICS = ("activation", "scheme", "gradient", "final_loss", "accuracy", "precision", "recall",
           "plateau_iterations", "hidden_rank", "distinct_hidden_units", "hidden_weights_zero",
           "units_never_moved", "seconds")
#: Figure size in inches and resolution: readable in a README at 100%.
FIGSIZE, DPI = (8.0, 5.0), 110


def _find(runs, activation, scheme, gradient):
    return next((r for r in runs if (r.activation, r.scheme, r.gradient)
                 == (activation, scheme, gradient)), None)


def _plateau(r):
    return "never" if r.plateau_iterations is None else str(r.plateau_iterations)


def _when(r):
    return "never" if r.plateau_iterations is None else f"at iteration {r.plateau_iterations}"


def _claims(runs):
    """Sentences on the notebook's three claims, judged with the correct gradient."""
    out = []
    zeros = [r for r in runs if r.scheme == "zeros" and r.gradient == "handgrad"]
    if zeros:
        stuck = all(abs(r.final_loss - math.log(2)) < 1e-12 and r.hidden_weights_zero
                    for r in zeros)
        out.append(f"1. *With all weights and biases zero, nothing learns* - "
                   f"{'holds' if stuck else 'does not hold'} under the correct gradient: "
                   + "; ".join(f"{r.activation}: final loss {r.final_loss:.12f} (ln 2 = "
                               f"{math.log(2):.12f}), test accuracy {r.accuracy:.4f}, hidden "
                               f"weights {'still exactly zero' if r.hidden_weights_zero else 'moved'}"
                               for r in zeros)
                   + ". Every hidden unit computes the same zero, the output weights are zero, "
                     "so no gradient reaches the hidden layer; only the output bias could "
                     "move, and with the stratified split's balanced classes its gradient, "
                     "the mean of sigmoid(0) - y, is 0 up to rounding.")
    for activation in dict.fromkeys(r.activation for r in runs):
        zw, sr = (_find(runs, activation, s, "handgrad") for s in ("zero_weights", "small_random"))
        if zw and sr:
            if zw.plateau_iterations is None:
                verdict = f"not seen within {len(zw.losses)} iterations"
            elif sr.plateau_iterations is None or zw.plateau_iterations > sr.plateau_iterations:
                verdict = "holds"
            else:
                verdict = "does not hold (it is not slower)"
            out.append(f"2. *With zero weights but non-zero biases it learns, but needs more "
                       f"iterations* ({activation}) - {verdict}: "
                       f"the loss drops below {PLATEAU_LOSS} {_when(zw)} "
                       f"(small random weights: {_when(sr)}), ends at {zw.final_loss:.4f} "
                       f"({sr.final_loss:.4f}), test accuracy {zw.accuracy:.4f} "
                       f"({sr.accuracy:.4f}).")
    sr_tanh = _find(runs, "tanh", "small_random", "handgrad")
    sr_legacy = _find(runs, "tanh", "small_random", "legacy")
    if sr_tanh and sr_legacy:
        out.append(f"3. *Small random weights reach ~98.8% test accuracy* (tanh) - with the "
                   f"notebook's gradient {sr_legacy.accuracy:.4f}, with the correct one "
                   f"{sr_tanh.accuracy:.4f} (final loss {sr_legacy.final_loss:.4f} vs "
                   f"{sr_tanh.final_loss:.4f}): the bug hid because the wrong gradient still "
                   f"points downhill.")
    return out


def _bug_effect(runs):
    """Sentences on what the notebook's gradient changed, per activation."""
    out = []
    for activation in dict.fromkeys(r.activation for r in runs):
        pairs = [(r, _find(runs, activation, r.scheme, "legacy")) for r in runs
                 if r.activation == activation and r.gradient == "handgrad"]
        pairs = [(h, l) for h, l in pairs if l]
        if not pairs:
            continue
        gap = max(max(abs(a - b) for a, b in zip(h.losses, l.losses)) for h, l in pairs)
        if activation == "relu":
            out.append(f"With relu the notebook's backward pass is right (relu'(A1) is relu'(Z1) "
                       f"when A1 = relu(Z1)): its loss curves stay within {gap:.1e} of "
                       f"handgrad's, rounding aside.")
            continue
        worst = max(pairs, key=lambda p: abs(p[0].final_loss - p[1].final_loss))
        out.append(f"With {activation} the notebook's gradient (relu'(A1) in place of "
                   f"tanh'(Z1) in dW1 and db1) changes the outcome: the largest loss gap along "
                   f"the way is {gap:.4f}; the largest at the end is with {worst[0].scheme}: "
                   f"{worst[1].final_loss:.4f} (notebook) vs {worst[0].final_loss:.4f} "
                   f"(correct), test accuracy {worst[1].accuracy:.4f} vs {worst[0].accuracy:.4f}.")
        for h, l in pairs:
            if l.units_never_moved > h.units_never_moved:
                out.append(f"With {activation} and {h.scheme}, the notebook's gradient froze "
                           f"{l.units_never_moved} of {len(l.b1)} hidden units for good (the "
                           f"correct one: {h.units_never_moved}): its step derivative relu'(A1) "
                           f"is 0 wherever tanh(Z1) < 0, so a unit that starts negative on "
                           f"every example never moves, as a dead ReLU unit. Part of the "
                           f"slowness the notebook saw from zero weights came from its bug.")
    return out


def _symmetry(runs):
    out = []
    for r in runs:
        if r.gradient != "handgrad":
            continue
        if r.scheme == "zeros":
            continue  # claim 1 says it
        if r.activation == "relu" and r.scheme == "zero_weights":
            out.append(f"relu from zero weights: {r.negative_bias_at_start} of {len(r.b1)} "
                       f"hidden units start with a negative bias, and {r.units_never_moved} "
                       f"never moved: with W1 = 0 a unit's pre-activation is its bias, so a "
                       f"negative bias means relu' = 0 on every example, dead from the start. "
                       f"W1 ends at numerical rank {r.hidden_rank}: the "
                       f"{len(r.b1) - r.units_never_moved} live units learned one direction, "
                       f"their rows parallel.")
        if r.activation == "tanh" and r.scheme == "zero_weights":
            out.append(f"tanh from zero weights: W1 ends at rank {r.hidden_rank} with "
                       f"{r.distinct_hidden_units} distinct units: different biases give "
                       f"different slopes tanh'(b), which breaks the symmetry.")
    return out


def _table(runs):
    lines = ["| activation | scheme | gradient | final loss | accuracy | precision | recall | "
             "loss < 0.5 at | W1 rank | distinct units | units never moved |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in runs:
        lines.append(f"| {r.activation} | {r.scheme} | {r.gradient} | {r.final_loss:.4f} | "
                     f"{r.accuracy:.4f} | {r.precision:.4f} | {r.recall:.4f} | {_plateau(r)} | "
                     f"{r.hidden_rank} | {r.distinct_hidden_units} | {r.units_never_moved} |")
    return lines


def _loss_table(runs, every=100):
    steps = list(range(0, len(runs[0].losses), every))
    lines = ["| run | " + " | ".join(str(s) for s in steps) + " |",
             "|---|" + "---|" * len(steps)]
    for r in runs:
        lines.append(f"| {r.activation}/{r.scheme}/{r.gradient} | "
                     + " | ".join(f"{r.losses[s]:.4f}" for s in steps) + " |")
    return lines


def report_markdown(cfg, runs, figures):
    """The findings in sentences, with the tables and the figures."""
    lines = ["# The notebook's zero-initialisation study, re-run with correct gradients", "",
             f"Data: make_blobs({cfg.samples} samples, 2 centers, 3 features, seed {cfg.seed}), "
             f"stratified 70/30 split. Network 3 -> {cfg.hidden} -> 1, full-batch gradient "
             f"descent, learning rate {cfg.learning_rate}, {cfg.iterations} iterations, float64. "
             f"Gradient *legacy* is the notebook's backward pass, *handgrad* the correct one; "
             f"every pair of runs starts from the same init. The loss is the true mean binary "
             f"cross-entropy before each update.", "", "## The notebook's claims", ""]
    lines += _claims(runs) + ["", "## What the notebook's gradient changed", ""]
    lines += _bug_effect(runs) + ["", "## Symmetry of the hidden units", ""]
    lines += _symmetry(runs) + ["", "## Every run", ""] + _table(runs)
    lines += ["", "## Loss every 100 iterations", ""] + _loss_table(runs) + [""]
    lines += [f"![{Path(f).stem}]({Path(f).name})" for f in figures]
    return "\n".join(lines) + "\n"


def _save(fig, path):
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight")
    with atomic_open(path, "wb") as handle:
        handle.write(buffer.getvalue())


def loss_figure(runs, activation, path):
    """Loss curves of one activation: every scheme, the notebook's gradient dashed."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=FIGSIZE)
    ax = fig.add_subplot()
    schemes = list(dict.fromkeys(r.scheme for r in runs if r.activation == activation))
    colors = dict(zip(schemes, [f"C{i}" for i in range(len(schemes))]))
    for r in runs:
        if r.activation == activation:
            ax.plot(r.losses, color=colors[r.scheme], linestyle="-" if r.gradient == "handgrad"
                    else "--", linewidth=1.6, label=f"{r.scheme} ({r.gradient})")
    ax.set_yscale("log")
    ax.set_xlabel("iteration")
    ax.set_ylabel("training loss (mean binary cross-entropy)")
    ax.set_title(f"{activation} hidden layer: the notebook's gradient (dashed) vs handgrad's "
                 f"(solid)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8, ncol=2)
    _save(fig, path)


def symmetry_figure(runs, path):
    """Rows of [W1 | b1] at the end of every handgrad run: tied and dead hidden units show.

    Each panel is scaled to its own largest entry (given in its title), so one
    colour bar serves every panel.
    """
    from matplotlib.figure import Figure

    chosen = [r for r in runs if r.gradient == "handgrad"]
    activations = list(dict.fromkeys(r.activation for r in chosen))
    schemes = list(dict.fromkeys(r.scheme for r in chosen))
    fig = Figure(figsize=(2.6 * len(schemes) + 1.2, 3.0 * len(activations)), layout="constrained")
    axes = fig.subplots(len(activations), len(schemes), squeeze=False, sharey=True)
    image = None
    for r in chosen:
        ax = axes[activations.index(r.activation)][schemes.index(r.scheme)]
        M = np.hstack([np.array(r.W1), np.array(r.b1)[:, None]])
        scale = float(np.abs(M).max())
        image = ax.imshow(M / scale if scale else M, cmap="coolwarm", vmin=-1, vmax=1,
                          aspect="auto")
        ax.set_title(f"{r.activation}, {r.scheme}\nrank {r.hidden_rank}, "
                     f"{r.distinct_hidden_units} distinct, max {scale:.2g}", fontsize=9)
        ax.set_xticks(range(M.shape[1]), [f"x{i + 1}" for i in range(M.shape[1] - 1)] + ["b"])
    for row in axes:
        row[0].set_ylabel("hidden unit")
    fig.colorbar(image, ax=axes, shrink=0.8, label="entry / largest |entry| of the panel")
    fig.suptitle("Hidden units after training with handgrad's gradient: rows of [W1 | b1]")
    _save(fig, path)


def write_outputs(cfg, runs, out_dir):
    """Write report.md, metrics.csv, results.json and the PNG figures; returns their paths."""
    out_dir = Path(out_dir)
    figures = []
    for activation in dict.fromkeys(r.activation for r in runs):
        figures.append(out_dir / f"loss_curves_{activation}.png")
        loss_figure(runs, activation, figures[-1])
    figures.append(out_dir / "hidden_units.png")
    symmetry_figure(runs, figures[-1])
    write_json(out_dir / "results.json", results_document(cfg, runs))
    table = io.StringIO()
    writer = csv.writer(table)
    writer.writerow(METRICS)
    for r in runs:
        writer.writerow([getattr(r, name) for name in METRICS])
    write_text(out_dir / "metrics.csv", table.getvalue())
    write_text(out_dir / "report.md", report_markdown(cfg, runs, figures))
    return [out_dir / "report.md", out_dir / "metrics.csv", out_dir / "results.json", *figures]
