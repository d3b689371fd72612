"""Property-based tests (hypothesis): generated input through every form, the CSV readers, the
rubric loader and the engine's commands, and never a server error, a traceback or a
half-saved record.

The numbers of examples fit the suite's time budget; ``HIRING_PROPERTY_SCALE=5 pytest
tests/property`` searches five times as far (see :data:`tests.property.web.SCALE`)."""
