"""One module per mechanism of the monthly step plan, in its order: demography, migration,
employment, pipeline, outflow (see :data:`partysim.model.engine.STEP_PLAN`)."""
