"""The notebook's data set and split, made by scikit-learn."""

from __future__ import annotations

import numpy as np
from sklearn.datasets import make_blobs
from sklearn.model_selection import train_test_split

from handgrad.validate import check_int, check_X, check_y

#: The notebook's test share (``train_test_split(..., test_size=0.3, stratify=y)``).
TEST_SIZE = 0.3


def blobs(n_samples=100000, seed=0):
    """Two Gaussian blobs in 3-D: ``X (n_samples, 3)`` float64, ``y (n_samples,)`` int64 in {0, 1}."""
    n_samples = check_int(n_samples, "n_samples", 2)
    X, y = make_blobs(n_samples=n_samples, centers=2, n_features=3, random_state=seed)
    return X.astype(np.float64), y.astype(np.int64)


def split(X, y, seed=0):
    """Stratified 70/30 split: ``X_train, X_test, y_train, y_test``."""
    X_checked = check_X(X)
    check_y(y, X_checked.shape[0])
    return train_test_split(X, y, test_size=TEST_SIZE, stratify=y, random_state=seed)
