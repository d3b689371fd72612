"""The ``hiring`` command line: the Flask CLI bound to the app, plus the commands of
:mod:`hiring.cli.rubrics`, which work without the app (``hiring rubric check`` must run when the
rubrics are broken and the app therefore cannot start). The console script's entry point is
:func:`hiring.cli.main.main`; this module only lists the commands, so the app factory can
register them without an import circle."""

from __future__ import annotations

from hiring.cli.backups import backup_command, restore_command
from hiring.cli.debriefs import debrief_cli
from hiring.cli.documents import (
    job_description_command,
    report_batch_command,
    report_command,
    worker_command,
)
from hiring.cli.people import demo_command, user_cli
from hiring.cli.privacy import person_cli, purge_command
from hiring.cli.reminders import remind_command
from hiring.cli.reps import reps_cli
from hiring.cli.results import results_cli
from hiring.cli.rubrics import ENGINE_COMMANDS
from hiring.cli.self_assessments import self_assessment_cli
from hiring.cli.validity import validity_command

COMMANDS = ENGINE_COMMANDS
"""Registered on the console script itself, so they run even when the app cannot start."""

APP_COMMANDS = (
    user_cli,
    demo_command,
    report_command,
    report_batch_command,
    job_description_command,
    worker_command,
    results_cli,
    self_assessment_cli,
    reps_cli,
    remind_command,
    backup_command,
    restore_command,
    person_cli,
    purge_command,
    validity_command,
    debrief_cli,
)
"""Registered on the app (``app.cli``); they need its configuration and database."""
