"""Presentation helpers for reports: charts and exports that return plain text or bytes."""
