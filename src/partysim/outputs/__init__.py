"""What planners cite: house style, charts, briefs, provenance footers, file writers and the
Vietnamese/English labels and number formats (:mod:`partysim.outputs.i18n`)."""
