"""Authentication, authorization and the trace that explains them."""
