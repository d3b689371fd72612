"""The panel debrief from the command line: print a candidate's debrief (the agenda with every
interviewer's score and evidence, the consensus notes and the summary) to prepare or file the
meeting, and record what the panel agreed in a named recruiter's name."""

from __future__ import annotations

import json
from typing import Any

import click
from flask.cli import with_appcontext

from hiring.cli.common import fail


@click.group("debrief", help="The panel debrief of a candidate: show it, record its notes.")
def debrief_cli() -> None:
    pass


def _load(candidate_id: int) -> tuple[Any, Any]:
    from hiring.catalogue_cache import current_catalogue
    from hiring.extensions import db
    from hiring.models import Candidate
    from hiring.services.results import results_for

    candidate = db.session.get(Candidate, candidate_id)
    if candidate is None or candidate.purpose != "application":
        fail(f"no candidacy with id {candidate_id}")
    return candidate, results_for([candidate], current_catalogue())[0]


@debrief_cli.command("show")
@click.argument("candidate_id", type=click.IntRange(1, 2**31 - 1))
@click.option("--lang", type=click.Choice(["en", "fi"]), default="en", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@with_appcontext
def show_command(candidate_id: int, lang: str, as_json: bool) -> None:
    """Print the debrief of candidate CANDIDATE_ID: the competencies where the panel
    disagrees first, with every interviewer's score and evidence, then the agreed ones, red
    flags, recommendations, the self-assessment gap and the notes recorded so far. Before
    every scorecard is in, it names who is still to submit (exit 1)."""
    from hiring.services.debriefs import debrief_data

    _candidate, result = _load(candidate_id)
    data = debrief_data(result, lang)
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        if not data["open"]:
            raise SystemExit(1)
        return
    click.echo(f"Debrief of candidate {candidate_id}: {data['candidate']}")
    if not data["open"]:
        click.echo("not open: every scorecard must be submitted first")
        if data["pending"]:
            click.echo("still to submit: " + ", ".join(data["pending"]))
        raise SystemExit(1)

    def item(entry: dict[str, Any]) -> None:
        flag = f"  (disagreement: range {entry['range']})" if entry["disagreement"] else ""
        value = "-" if entry["value"] is None else f"{entry['value']:.2f}"
        click.echo(f"\n{entry['name']}: panel {value}, target {entry['target']}{flag}")
        for score in entry["scores"]:
            shown = "not assessed" if score["score"] is None else score["score"]
            click.echo(f"  {score['rater']}: {shown}  {score['note']}".rstrip())
        if entry["consensus"]:
            note = entry["consensus"]
            click.echo(f"  consensus ({note['by']}, {note['at']}): {note['text']}")

    click.echo(f"\nThe panel disagrees on {len(data['disputed'])} competencies")
    for entry in data["disputed"]:
        item(entry)
    click.echo("\nWhere the panel agrees")
    for entry in data["agreed"]:
        item(entry)
    if data["unassessed"]:
        click.echo("\nnobody assessed: " + ", ".join(data["unassessed"]))
    click.echo(
        "\nRed flags: "
        + (
            ", ".join(f"{f['name']} ({', '.join(f['raters'])})" for f in data["red_flags"])
            or "none"
        )
    )
    click.echo("Recommendations:")
    for entry in data["recommendations"]:
        click.echo(
            f"  {entry['rater']}: {entry['recommendation'] or '-'}  {entry['takeaways']}".rstrip()
        )
    if data["self_gap"]:
        click.echo("Self-assessment beside the panel (never part of any figure):")
        for gap in data["self_gap"]:
            panel = "-" if gap["panel"] is None else f"{gap['panel']:.1f}"
            difference = "" if gap["gap"] is None else f", gap {gap['gap']:+.1f}"
            click.echo(f"  {gap['competency']}: self {gap['self']:.1f}, panel {panel}{difference}")
    summary = data["summary"]
    written = f"({summary['by']}, {summary['at']}) {summary['text']}" if summary else "none yet"
    click.echo(f"\nSummary: {written}")
    newest = data["newest_note"]
    click.echo(f"newest note: {newest} (debrief record --seen {newest})")


@debrief_cli.command("record")
@click.argument("candidate_id", type=click.IntRange(1, 2**31 - 1))
@click.option("--by", "email", required=True, help="The recruiter (or administrator) who records.")
@click.option("--summary", default="", help="The debrief summary.")
@click.option(
    "--note", "notes", multiple=True, metavar="KEY=TEXT",
    help="A consensus note on one competency (repeat for several).",
)  # fmt: skip
@click.option(
    "--seen", type=click.IntRange(0, 2**31 - 1), default=None,
    help="The newest note you read ('debrief show' prints it): a note on the same subject "
    "recorded after it refuses yours. Without it, yours supersedes whatever is there.",
)  # fmt: skip
@with_appcontext
def record_command(
    candidate_id: int, email: str, summary: str, notes: tuple[str, ...], seen: int | None
) -> None:
    """Record consensus notes and a summary of candidate CANDIDATE_ID's debrief in the name of
    the recruiter EMAIL, checked as the page checks them. A note on a subject that has one
    supersedes it; the earlier stays readable."""
    from sqlalchemy import func, select

    from hiring.extensions import db
    from hiring.models import User
    from hiring.services import ServiceError
    from hiring.services.debriefs import (
        DebriefConflict,
        debrief_input,
        debrief_of,
        record_debrief,
    )
    from hiring.services.policy import can

    by = db.session.scalar(select(User).where(func.lower(User.email) == email.lower()))
    if by is None or not can(by, "recruiting.manage"):
        fail(f"{email}: not an active recruiter or administrator")
    parsed: dict[str, str] = {}
    for note in notes:
        key, sep, text = note.partition("=")
        if not sep or not key.strip():
            fail(f"--note {note!r}: write KEY=TEXT, e.g. persuasion='Convincing with KOLs'")
        parsed[key.strip()] = text
    candidate, result = _load(candidate_id)
    try:
        newest = debrief_of(candidate.id).newest_id
        data = debrief_input(
            {"notes": parsed, "summary": summary, "seen": newest if seen is None else seen}
        )
        added = record_debrief(candidate, data, result, by)
    except DebriefConflict:
        db.session.rollback()
        fail(
            f"someone recorded a note on the same subject after note {seen}: read it with "
            f"'hiring debrief show {candidate_id}' and record again"
        )
    except ServiceError as error:
        db.session.rollback()
        fail(str(error.message))
    db.session.commit()
    click.echo(f"recorded {len(added)} note(s) for candidate {candidate_id} by {by.name}")
