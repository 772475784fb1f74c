"""Validation: JSON Schema per record kind (schema.py), then the typed model (model.py)."""
