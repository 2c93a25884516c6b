"""The simulation: people as arrays, units, random streams, the monthly step plan
(:mod:`partysim.model.engine`), one module per mechanism (:mod:`partysim.model.mechanisms`)
and the Mesa face (:mod:`partysim.model.pipeline_model`). No file I/O and no drawing here.
"""
