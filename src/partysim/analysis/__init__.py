"""From runs to answers: the runner, results tables, verdicts on targets, calibration,
the preview's weighted sample and the statistical outlook beside the simulation."""
