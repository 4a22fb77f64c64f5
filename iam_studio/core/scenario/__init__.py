"""Scenario files: the model, loading and saving (ruamel.yaml), validation."""
