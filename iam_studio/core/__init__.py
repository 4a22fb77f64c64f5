"""The domain: policy language, engine, scenarios and analysis. Never imports Qt, the CLI or the GUI."""
