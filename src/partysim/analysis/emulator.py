"""A Gaussian-process emulator of the calibration moments, for history matching.

One :class:`~sklearn.gaussian_process.GaussianProcessRegressor` per moment, fitted to the
mean moment of each simulated parameter set (inputs: each parameter scaled to [0, 1] on
its prior range). Kernel: a constant times an anisotropic RBF (one length scale per
parameter, so a parameter that does not act gets a long one) plus white noise (the
replications' noise in the set means). The emulator predicts a mean and a standard
deviation at parameter sets never simulated, which is what screening a large candidate
set for the non-implausible region needs::

    em = Emulator.fit(prior_list, runs.sets, runs.moments.mean(axis=1))
    mean, sd = em.predict(candidates)          # arrays (n, M), the moments' units
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from partysim.analysis.priors import Prior

__all__ = ["Emulator"]


@dataclass
class Emulator:
    """Gaussian-process emulators of the moments (one per moment).

    Attributes:
        paths: The parameter paths, in input order.
        lo: Lower end of each parameter's prior range (its unit).
        width: Width of each parameter's prior range (its unit).
        models: One fitted regressor per moment.
    """

    paths: list[str]
    lo: np.ndarray
    width: np.ndarray
    models: list[Any]

    @classmethod
    def fit(cls, prior_list: Sequence[Prior], sets: pd.DataFrame, means: np.ndarray, seed: int = 0) -> Emulator:
        """Fit one Gaussian process per moment.

        Args:
            prior_list: The priors (their ranges scale the inputs to [0, 1]).
            sets: The simulated parameter sets, one column per prior path.
            means: Array (K, M): each set's mean moment over its replications.
            seed: Seed of the hyperparameter search.

        Returns:
            The fitted :class:`Emulator`.
        """
        from sklearn.gaussian_process import GaussianProcessRegressor
        from sklearn.gaussian_process.kernels import RBF, ConstantKernel, WhiteKernel

        paths = [p.path for p in prior_list]
        lo = np.array([p.lo for p in prior_list], float)
        width = np.array([p.hi - p.lo for p in prior_list], float)
        x = (sets[paths].to_numpy(float) - lo) / width
        models = []
        for i in range(means.shape[1]):
            y = means[:, i]
            ok = np.isfinite(y)
            kernel = ConstantKernel(1.0, (1e-3, 1e3)) * RBF(np.ones(len(paths)), (1e-2, 1e3)) + WhiteKernel(
                1e-2, (1e-8, 1.0)
            )
            gp = GaussianProcessRegressor(kernel, normalize_y=True, n_restarts_optimizer=0, random_state=seed)
            with warnings.catch_warnings():  # bounds reached by unused parameters: expected
                warnings.simplefilter("ignore")
                gp.fit(x[ok], y[ok])
            models.append(gp)
        return cls(paths, lo, width, models)

    def predict(self, sets: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        """Emulated mean and standard deviation of every moment at ``sets``.

        Args:
            sets: Parameter sets, one column per path of the emulator.

        Returns:
            ``(mean, sd)``: arrays (n, M) in the moments' units.
        """
        x = (sets[self.paths].to_numpy(float) - self.lo) / self.width
        mean = np.empty((len(x), len(self.models)))
        sd = np.empty_like(mean)
        for i, gp in enumerate(self.models):
            mean[:, i], sd[:, i] = gp.predict(x, return_std=True)
        return mean, sd
