"""WTForms forms: static ones per use case, and the scorecard built from the rubric."""
