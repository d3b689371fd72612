"""``hiring backup`` and ``hiring restore``: consistent copies while the database is written,
refusals that change nothing, and the round trip."""

from __future__ import annotations

import os
import sqlite3
import stat
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import text

from hiring.app import MIGRATIONS
from hiring.extensions import db
from hiring.models import Candidate
from tests.factories import make_candidate

SCRIPTS = ScriptDirectory(MIGRATIONS)
HEAD = SCRIPTS.get_current_head()
OLDEST = next(iter(SCRIPTS.get_bases()))


@pytest.fixture
def live(app, database) -> Path:
    """The app's SQLite file (the tests using it are SQLite's: PostgreSQL has pg_dump)."""
    if database != "sqlite":
        pytest.skip("hiring backup and restore work on SQLite files")
    return Path(db.engine.url.database)


@pytest.fixture
def postgres(app, database) -> None:
    if database != "postgresql":
        pytest.skip("the PostgreSQL refusals need HIRING_TEST_DATABASE_URL")


def stamp(revision: str) -> None:
    """What ``hiring db upgrade`` leaves (the test database is made by ``create_all``)."""
    db.session.execute(
        text("CREATE TABLE IF NOT EXISTS alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
    )
    db.session.execute(text("DELETE FROM alembic_version"))
    db.session.execute(text("INSERT INTO alembic_version VALUES (:r)"), {"r": revision})
    db.session.commit()


def dump(path: Path) -> list[str]:
    """Everything a database holds, as SQL, read without the app."""
    with sqlite3.connect(path) as connection:
        return list(connection.iterdump())


def names(path: Path) -> list[str]:
    with sqlite3.connect(path) as connection:
        return [row[0] for row in connection.execute("SELECT name FROM candidates ORDER BY id")]


def candidate_names() -> list[str]:
    """What the running app (its pooled connection, opened before any restore) reads."""
    return list(db.session.execute(db.select(Candidate.name).order_by(Candidate.id)).scalars())


def other_files(folder: Path, *keep: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p not in keep)


class Ledger:
    """Another writer on the live database: entry ``n`` is one row in ``ledger`` and two in
    ``ledger_lines``, written in one transaction, so a copy taken mid-entry would show an
    entry with fewer than two lines. Entries carry 1 kB each, so that a long transaction
    spills uncommitted pages into the WAL file the backup reads."""

    def __init__(self, path: Path) -> None:
        self.connection = sqlite3.connect(
            path, isolation_level=None, timeout=10, check_same_thread=False
        )
        self.connection.executescript(
            "CREATE TABLE ledger (n INTEGER PRIMARY KEY, payload BLOB NOT NULL);"
            "CREATE TABLE ledger_lines (n INTEGER NOT NULL REFERENCES ledger (n), side TEXT);"
        )
        self.written = 0
        self.committed = 0
        self.stop = threading.Event()
        self.error: BaseException | None = None

    def entry(self) -> None:
        n = self.written + 1
        self.connection.execute("INSERT INTO ledger VALUES (?, ?)", (n, os.urandom(1024)))
        self.connection.executemany(
            "INSERT INTO ledger_lines VALUES (?, ?)", [(n, "debit"), (n, "credit")]
        )
        self.written = n

    def commit_entries(self, count: int) -> None:
        for _ in range(count):
            self.connection.execute("BEGIN IMMEDIATE")
            self.entry()
            self.connection.execute("COMMIT")
            self.committed = self.written

    def run(self, work: Callable[[], None]) -> threading.Thread:
        def guarded() -> None:
            try:
                work()
            except BaseException as error:
                self.error = error

        thread = threading.Thread(target=guarded, daemon=True)
        thread.start()
        return thread

    def until(self, condition: Callable[[], bool]) -> None:
        deadline = time.monotonic() + 10
        while not (condition() or self.error) and time.monotonic() < deadline:
            time.sleep(0.005)
        assert self.error is None, self.error
        assert condition()

    def finish(self, thread: threading.Thread) -> None:
        self.stop.set()
        thread.join(timeout=30)
        self.connection.close()
        assert self.error is None, self.error


def ledger_of(path: Path) -> tuple[list[int], dict[int, int]]:
    """The entries in a database, and how many lines each has."""
    with sqlite3.connect(path) as connection:
        entries = [row[0] for row in connection.execute("SELECT n FROM ledger ORDER BY n")]
        lines = dict(
            connection.execute("SELECT n, count(*) FROM ledger_lines GROUP BY n").fetchall()
        )
    return entries, lines


@pytest.fixture
def ledger(live) -> Iterator[Ledger]:
    ledger = Ledger(live)
    yield ledger
    ledger.stop.set()


def test_backup_while_a_write_transaction_is_open_copies_the_last_commit(
    runner, live, ledger, tmp_path
):
    ledger.commit_entries(100)

    def open_transaction() -> None:
        ledger.connection.execute("BEGIN IMMEDIATE")
        while not ledger.stop.is_set():
            ledger.entry()
        ledger.connection.execute("COMMIT")

    thread = ledger.run(open_transaction)
    ledger.until(lambda: ledger.written >= 3000)  # 3 MB: more than SQLite's page cache
    before = ledger.written
    result = runner.invoke(args=["backup", str(tmp_path / "copy.sqlite")])
    during = ledger.written
    ledger.finish(thread)

    assert result.exit_code == 0, result.output
    assert during > before  # the writer went on while the copy was made
    entries, lines = ledger_of(tmp_path / "copy.sqlite")
    assert entries == list(range(1, 101))
    assert set(lines.values()) == {2}
    assert sorted(lines) == entries
    assert ledger_of(live)[0] == list(range(1, ledger.written + 1))


def test_backup_while_commits_go_on_copies_one_whole_commit(runner, live, ledger, tmp_path):
    def keep_committing() -> None:
        while not ledger.stop.is_set():
            ledger.commit_entries(1)

    thread = ledger.run(keep_committing)
    ledger.until(lambda: ledger.committed >= 50)
    before = ledger.committed
    result = runner.invoke(args=["backup", str(tmp_path / "copy.sqlite")])
    after = ledger.committed
    ledger.until(lambda: ledger.committed >= after + 20)  # and goes on after it
    ledger.finish(thread)

    assert result.exit_code == 0, result.output
    entries, lines = ledger_of(tmp_path / "copy.sqlite")
    assert before <= len(entries) <= after + 1
    assert entries == list(range(1, len(entries) + 1))
    assert sorted(lines) == entries
    assert set(lines.values()) == {2}


def test_backup_says_what_it_wrote_and_leaves_one_private_checked_file(runner, live, tmp_path):
    stamp(HEAD)
    make_candidate(name="Aino Backup")
    target = tmp_path / "copies" / "monday.sqlite"
    target.parent.mkdir()

    result = runner.invoke(args=["backup", str(target)])

    assert result.exit_code == 0, result.output
    size = target.stat().st_size
    assert result.output == (
        f"wrote {target}: {size} bytes, migration revision {HEAD}, integrity check ok\n"
    )
    assert os.listdir(target.parent) == ["monday.sqlite"]  # no temporary or journal file
    assert stat.S_IMODE(target.stat().st_mode) == 0o600  # it holds personal data
    with sqlite3.connect(target) as copy:
        assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        assert copy.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert names(target) == ["Aino Backup"]


def test_backup_of_a_database_without_alembic_version_warns_that_restore_will_refuse_it(
    runner, live, tmp_path
):
    target = tmp_path / "copy.sqlite"
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    assert f"wrote {target}: {target.stat().st_size} bytes, no migration revision, " in (
        result.output
    )
    assert "warning: the database has no alembic_version table" in result.output
    assert "hiring restore will refuse this copy" in result.output


def test_backup_refuses_to_replace_a_file_unless_forced(runner, live, tmp_path):
    target = tmp_path / "copy.sqlite"
    target.write_text("last week's copy", encoding="utf-8")

    refused = runner.invoke(args=["backup", str(target)])
    assert refused.exit_code == 2
    assert refused.output == (
        f"error: {target} exists already: choose another name, or add --force to replace it\n"
    )
    assert target.read_text(encoding="utf-8") == "last week's copy"

    forced = runner.invoke(args=["backup", str(target), "--force"])
    assert forced.exit_code == 0, forced.output
    assert dump(target) == dump(live)


@pytest.mark.parametrize(
    ("target", "message"),
    [
        (
            ".",
            "{tmp} is a folder: give the name of the file to write, e.g. {tmp}/hiring.sqlite",
        ),
        (
            "missing/copy.sqlite",
            "there is no folder {tmp}/missing: create it or choose another path",
        ),
        (
            "test.sqlite",
            "{tmp}/test.sqlite is the app's live database: write the copy to another file",
        ),
    ],
    ids=["a folder", "a missing folder", "the live database"],
)
def test_backup_refuses_a_path_it_cannot_write(runner, live, tmp_path, target, message):
    stamp(HEAD)
    before, files = dump(live), other_files(tmp_path)
    path = os.path.normpath(tmp_path / target)

    result = runner.invoke(args=["backup", path, "--force"])

    assert result.exit_code == 2
    assert result.output == f"error: {message.format(tmp=tmp_path)}\n"
    assert "Traceback" not in result.output
    assert dump(live) == before
    assert other_files(tmp_path) == files


def test_backup_of_a_damaged_database_writes_nothing_and_says_so(runner, live, tmp_path):
    target = tmp_path / "copy.sqlite"
    unindexed(live)

    result = runner.invoke(args=["backup", str(target)])

    assert result.exit_code == 1
    assert result.output.startswith("error: the copy fails SQLite's integrity check (Page ")
    assert result.output.endswith("), so the live database is damaged; nothing was written\n")
    assert not target.exists()
    assert [name for name in other_files(tmp_path) if "copy" in name] == []  # no temporary


def write_copy(runner, path: Path) -> Path:
    result = runner.invoke(args=["backup", str(path)])
    assert result.exit_code == 0, result.output
    return path


def with_revision(path: Path, revision: str) -> Path:
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    return path


def other_program(path: Path) -> Path:
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE bookmarks (url TEXT)")
        connection.execute("INSERT INTO bookmarks VALUES ('https://example.test')")
    return path


def truncated(path: Path) -> Path:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def damaged(path: Path) -> Path:
    """A copy whose candidates table's first page is overwritten: the file is whole, its
    content is not."""
    with sqlite3.connect(path) as connection:
        (page_size,) = connection.execute("PRAGMA page_size").fetchone()
        (root,) = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'candidates'"
        ).fetchone()
    data = bytearray(path.read_bytes())
    data[(root - 1) * page_size : root * page_size] = b"\xff" * page_size
    path.write_bytes(bytes(data))
    return path


def unindexed(path: Path) -> Path:
    """A copy whose index of candidates' names is cut out of the schema: every page reads,
    but SQLite's integrity check finds the index's pages used by nothing."""
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA writable_schema = ON")
        connection.execute("DELETE FROM sqlite_master WHERE name = 'ix_candidates_name'")
    return path


def empty(path: Path) -> Path:
    """SQLite itself would open an empty file as an empty database."""
    path.write_bytes(b"")
    return path


def text_file(path: Path) -> Path:
    path.write_text("name,email\nAino,aino@example.test\n", encoding="utf-8")
    return path


RESTORE_REFUSALS: list[tuple[str, Callable[[object, Path], Path], str]] = [
    ("a missing file", lambda runner, tmp: tmp / "nothing.sqlite", "there is no file {path}"),
    (
        "a missing folder",
        lambda runner, tmp: tmp / "missing" / "copy.sqlite",
        "there is no file {path}",
    ),
    ("a folder", lambda runner, tmp: tmp, "{path} is a folder, not a copy of a database"),
    (
        "a text file",
        lambda runner, tmp: text_file(tmp / "copy.sqlite"),
        "{path} is not an SQLite database",
    ),
    (
        "an empty file",
        lambda runner, tmp: empty(tmp / "copy.sqlite"),
        "{path} is not an SQLite database",
    ),
    (
        "the live database",
        lambda runner, tmp: tmp / "test.sqlite",
        "{path} is the app's live database, not a copy",
    ),
    (
        "a truncated copy",
        lambda runner, tmp: truncated(write_copy(runner, tmp / "copy.sqlite")),
        "{path} is cut short: it has {half} bytes of the {size} its header declares",
    ),
    (
        "a damaged copy",
        lambda runner, tmp: damaged(write_copy(runner, tmp / "copy.sqlite")),
        "{path} is damaged: SQLite says database disk image is malformed",
    ),
    (
        "a copy failing the integrity check",
        lambda runner, tmp: unindexed(write_copy(runner, tmp / "copy.sqlite")),
        "{path} is damaged: SQLite's integrity check finds Page ",
    ),
    (
        "another program's database",
        lambda runner, tmp: other_program(tmp / "copy.sqlite"),
        "{path} has no alembic_version table: it is not a database of this app, or it was not "
        "made with hiring db upgrade",
    ),
    (
        "a revision from the future",
        lambda runner, tmp: with_revision(write_copy(runner, tmp / "copy.sqlite"), "9999"),
        "{path} is at migration revision 9999, which this version of the app does not know "
        "(its newest is {head}): the copy comes from a newer version or another app; restore "
        "it with the version that made it",
    ),
]


@pytest.mark.parametrize(
    ("make", "message"),
    [(make, message) for _, make, message in RESTORE_REFUSALS],
    ids=[name for name, _, _ in RESTORE_REFUSALS],
)
def test_restore_refuses_what_it_cannot_restore_and_changes_nothing(
    runner, live, tmp_path, make, message
):
    stamp(HEAD)
    make_candidate(name="Aino Live")
    size = (write_copy(runner, tmp_path / "reference.sqlite")).stat().st_size
    path = make(runner, tmp_path)
    before, files = dump(live), other_files(tmp_path)

    result = runner.invoke(args=["restore", str(path), "--yes"])

    assert result.exit_code == 2
    expected = message.format(path=path, half=size // 2, size=size, head=HEAD)
    assert result.output.startswith(f"error: {expected}")
    assert result.output.count("\n") == 1
    assert "Traceback" not in result.output
    assert dump(live) == before
    assert other_files(tmp_path) == files  # no before-restore copy, nothing beside the copy
    assert candidate_names() == ["Aino Live"]


def test_restore_puts_the_copy_back_into_the_running_app_and_keeps_what_it_replaced(
    runner, live, tmp_path
):
    stamp(HEAD)
    make_candidate(name="Aino Before")
    copy = write_copy(runner, tmp_path / "copy.sqlite")
    make_candidate(name="Bertta After")
    assert candidate_names() == ["Aino Before", "Bertta After"]

    result = runner.invoke(args=["restore", str(copy), "--yes"])

    assert result.exit_code == 0, result.output
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("test.sqlite.before-restore-")]
    assert len(kept) == 1
    assert kept[0].name[len("test.sqlite.before-restore-") :].endswith("Z")
    assert result.output == (
        f"{copy}: {copy.stat().st_size} bytes, migration revision {HEAD}, integrity check ok\n"
        f"restored {copy} into {live}\n"
        f"the replaced database is kept as {kept[0]}\n"
    )
    assert candidate_names() == ["Aino Before"]  # the app's open connection reads it at once
    assert names(live) == ["Aino Before"]
    assert names(kept[0]) == ["Aino Before", "Bertta After"]
    with sqlite3.connect(live) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    make_candidate(name="Cecilia Later")  # the app goes on writing
    assert candidate_names() == ["Aino Before", "Cecilia Later"]


def test_restore_asks_before_it_replaces_the_database(runner, live, tmp_path):
    stamp(HEAD)
    make_candidate(name="Aino Before")
    copy = write_copy(runner, tmp_path / "copy.sqlite")
    make_candidate(name="Bertta After")
    before = dump(live)

    declined = runner.invoke(args=["restore", str(copy)], input="n\n")

    assert declined.exit_code == 1
    assert f"Replace the database {live} with this copy? What it holds now is kept as" in (
        declined.output
    )
    assert declined.output.endswith("Aborted!\n")
    assert dump(live) == before
    assert not [p for p in tmp_path.iterdir() if ".before-restore-" in p.name]

    accepted = runner.invoke(args=["restore", str(copy)], input="y\n")
    assert accepted.exit_code == 0, accepted.output
    assert candidate_names() == ["Aino Before"]


def test_restore_of_an_older_revision_says_to_upgrade(runner, live, tmp_path):
    stamp(HEAD)
    copy = with_revision(write_copy(runner, tmp_path / "copy.sqlite"), OLDEST)

    result = runner.invoke(args=["restore", str(copy), "--yes"])

    assert result.exit_code == 0, result.output
    assert result.output.endswith(
        f"the copy is at migration revision {OLDEST} and this version's newest is {HEAD}: "
        "run hiring db upgrade now\n"
    )
    with sqlite3.connect(live) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (OLDEST,)
        ]


def test_backup_on_postgresql_names_the_pg_dump_command(runner, postgres, tmp_path):
    target = tmp_path / "hiring.dump"
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 2
    url = db.engine.url
    assert result.output == (
        "error: hiring backup copies SQLite databases; back up PostgreSQL with pg_dump, which "
        "makes a consistent copy while the app runs: pg_dump --format=custom "
        f"--file={target} postgresql://{url.username}@{url.host}:{url.port}/{url.database}\n"
    )
    assert not target.exists()


def test_restore_on_postgresql_names_the_pg_restore_command(runner, postgres, tmp_path):
    dump_file = tmp_path / "hiring.dump"
    dump_file.write_bytes(b"PGDMP")
    result = runner.invoke(args=["restore", str(dump_file), "--yes"])
    assert result.exit_code == 2
    url = db.engine.url
    libpq = f"postgresql://{url.username}@{url.host}:{url.port}/{url.database}"
    assert result.output == (
        "error: hiring restore restores SQLite databases; restore PostgreSQL from a pg_dump "
        "file with pg_restore: pg_restore --clean --if-exists --no-owner --single-transaction "
        f"--dbname={libpq} {dump_file} (a plain SQL dump: psql --single-transaction "
        f"--dbname={libpq} --file={dump_file})\n"
    )
