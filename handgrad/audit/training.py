"""Does the mismatch matter?  Train subject and reference from one init and compare losses."""

from __future__ import annotations

import numpy as np
from sklearn.metrics import accuracy_score

import jaxref
from handgrad.audit.subject import run_subject
from handgrad.backprop import loss
from handgrad.data import blobs, split
from handgrad.network import predict
from handgrad.params import init_params
from handgrad.validate import param_names

#: The notebook's learning rate and data-set size.
LEARNING_RATE = 0.01
N_SAMPLES = 100000
#: The loss curves are compared at about this many points.
CURVE_POINTS = 100


def compare_training(fn, convention, activation, layer_sizes, iterations, seed,
                     learning_rate=LEARNING_RATE, n_samples=N_SAMPLES):
    """Gradient descent with the subject's gradients and with jax.grad, from one init.

    Both start from ``small_random`` params (seed ``seed``) on the notebook's
    data and split; the loss of both is the true mean BCE (handgrad's loss),
    recorded every ``iterations // CURVE_POINTS`` steps.  Returns a dict with
    both curves, the final losses and test accuracies, the largest gap, and a
    sentence.
    """
    if layer_sizes[0] != 3:
        raise ValueError(f"train: the notebook's data have 3 features, the network takes "
                         f"{layer_sizes[0]}")
    X, y = blobs(n_samples, seed=seed)
    X_train, X_test, y_train, y_test = split(X, y, seed=seed)
    y_fit = y_train.astype(np.float64)
    start = init_params(layer_sizes, "small_random", seed=seed)
    every = max(1, iterations // CURVE_POINTS)
    ref_params, ref_history = jaxref.train(start, X_train, y_fit, activation, learning_rate,
                                           iterations, every)
    names = param_names(len(start))
    params = [(W.copy(), b.copy()) for W, b in start]
    steps, losses, failure = [], [], None
    for i in range(iterations):
        if i % every == 0:
            steps.append(i)
            losses.append(loss(params, X_train, y_fit, activation))
        answer = run_subject(fn, convention, params, X_train, y_fit)
        if answer.problems:
            failure = f"at iteration {i}: {sorted(answer.problems.values())[0]}"
            break
        params = [(W - learning_rate * answer.grads[f"W{k}"], b - learning_rate * answer.grads[f"b{k}"])
                  for k, (W, b) in enumerate(params, start=1)]
        if not all(np.isfinite(W).all() and np.isfinite(b).all() for W, b in params):
            failure = f"at iteration {i}: the parameters became non-finite"
            break
    result = {"iterations": iterations, "learning_rate": learning_rate, "init": "small_random",
              "seed": seed, "record_every": every, "steps": steps, "subject_losses": losses,
              "reference_losses": ref_history["losses"].tolist(), "failure": failure,
              "param_names": names}
    ref_final = loss(ref_params, X_train, y_fit, activation)
    ref_accuracy = accuracy_score(y_test, predict(ref_params, X_test, activation))
    if failure:
        result["sentence"] = (f"Training with the subject's gradients stopped {failure}; the "
                              f"reference reached loss {ref_final:.4f} after {iterations} "
                              f"iterations.")
        return result
    final = loss(params, X_train, y_fit, activation)
    accuracy = accuracy_score(y_test, predict(params, X_test, activation))
    gaps = np.abs(np.array(losses) - ref_history["losses"][:len(losses)])
    gap_at = int(np.argmax(gaps)) if gaps.size else 0
    result.update(subject_final_loss=final, reference_final_loss=ref_final,
                  subject_accuracy=accuracy, reference_accuracy=ref_accuracy,
                  max_loss_gap=float(max(gaps.max(initial=0.0), abs(final - ref_final))),
                  max_gap_iteration=steps[gap_at] if steps else 0)
    result["sentence"] = (
        f"Trained {iterations} iterations from one small_random init on the notebook's data "
        f"({X_train.shape[0]} rows): with the subject's gradients the loss ends at {final:.4f} "
        f"(test accuracy {accuracy:.4f}), with jax.grad at {ref_final:.4f} ({ref_accuracy:.4f}); "
        f"the largest loss gap is {result['max_loss_gap']:.4f}.")
    return result
