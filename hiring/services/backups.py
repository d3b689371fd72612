"""Consistent copies of the SQLite database while the app runs, and putting one back
(``hiring backup``, ``hiring restore``).

Both go through SQLite's online backup API (:meth:`sqlite3.Connection.backup`): a copy is read
in one step inside one read transaction, so it is the database as of a commit, whatever the
app is writing meanwhile (in WAL mode the app's writers are not held up). A restore writes
into the live file the same way, in one write transaction, so a running app sees the restored
data on its next transaction and never a half-written file. PostgreSQL has its own tools
(``pg_dump``, ``pg_restore``); for it these functions refuse with the command to run.

Copies hold personal data: they are written readable by their owner only."""

from __future__ import annotations

import os
import shlex
import sqlite3
import tempfile
import urllib.parse
import urllib.request
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy.engine import URL

from hiring.i18n import lazy_gettext as _l
from hiring.services import ServiceError

SQLITE_MAGIC = b"SQLite format 3\x00"
"""The first 16 bytes of every SQLite database file."""


class BackupRefused(ServiceError):
    """The command cannot use what it was given (a path, a file, the configured database);
    nothing was changed."""


class BackupFailed(ServiceError):
    """Copying failed part-way (the disk, a damaged live database); nothing was changed."""


@dataclass(frozen=True)
class DatabaseCopy:
    path: Path
    size: int
    """In bytes."""
    revision: str | None
    """The migration revision recorded in its ``alembic_version`` table; None without one."""


@dataclass(frozen=True)
class CheckedCopy:
    """A copy that passed every check of :func:`check_copy`: what :func:`restore` takes."""

    copy: DatabaseCopy
    revision: str
    heads: tuple[str, ...]
    """The newest revisions of this version's migration scripts (one in a linear history)."""

    @property
    def needs_upgrade(self) -> bool:
        return self.revision not in self.heads


@dataclass(frozen=True)
class Restored:
    copy: CheckedCopy
    live: Path
    kept: Path | None
    """Where the replaced database was kept; None when there was none."""


def back_up(url: URL, target: Path, *, force: bool = False) -> DatabaseCopy:
    """Copy the app's SQLite database to ``target``: into a temporary file beside it, checked
    with ``PRAGMA integrity_check``, then renamed into place, so ``target`` is either the
    previous file or a complete, checked copy. An existing ``target`` is replaced only with
    ``force``."""
    if url.get_backend_name() == "postgresql":
        raise BackupRefused(
            _l(
                "hiring backup copies SQLite databases; back up PostgreSQL with pg_dump, which "
                "makes a consistent copy while the app runs: %(command)s",
                command=_postgres_command(
                    url, "pg_dump --format=custom --file={path} {url}", target
                ),
            )
        )
    live = sqlite_file(url, "backup")
    if not live.is_file():
        raise BackupRefused(
            _l("there is no database at %(path)s yet (hiring db upgrade creates it)", path=live)
        )
    if target.is_dir():
        raise BackupRefused(
            _l(
                "%(path)s is a folder: give the name of the file to write, e.g. %(example)s",
                path=target,
                example=target / "hiring.sqlite",
            )
        )
    if not target.parent.is_dir():
        raise BackupRefused(
            _l(
                "there is no folder %(folder)s: create it or choose another path",
                folder=target.parent,
            )
        )
    if _same_file(target, live):
        raise BackupRefused(
            _l("%(path)s is the app's live database: write the copy to another file", path=target)
        )
    if target.exists() and not force:
        raise BackupRefused(
            _l(
                "%(path)s exists already: choose another name, or add --force to replace it",
                path=target,
            )
        )
    try:
        with closing(sqlite3.connect(_uri(live, mode="rw"), uri=True, timeout=30)) as source:
            revision = _copy(source, target, check=True)
    except sqlite3.Error as error:
        raise BackupFailed(
            _l(
                "could not read the database %(path)s: %(reason)s; nothing was written",
                path=live,
                reason=error,
            )
        ) from None
    except OSError as error:
        raise BackupFailed(
            _l("could not write %(path)s: %(reason)s", path=target, reason=error.strerror)
        ) from None
    return DatabaseCopy(target, target.stat().st_size, revision)


def check_copy(url: URL, path: Path, migrations: Path) -> CheckedCopy:
    """What ``hiring restore`` checks before it changes anything: ``path`` is an SQLite
    database (and no WAL file beside it holds part of it), complete, passing
    ``PRAGMA integrity_check``, with an ``alembic_version`` table whose one revision is one of
    the migration scripts in ``migrations`` (so at or below their head). The copy is opened
    read-only and immutable: checking it writes nothing, not even beside it."""
    if url.get_backend_name() == "postgresql":
        raise BackupRefused(
            _l(
                "hiring restore restores SQLite databases; restore PostgreSQL from a pg_dump "
                "file with pg_restore: %(command)s (a plain SQL dump: %(plain)s)",
                command=_postgres_command(
                    url,
                    "pg_restore --clean --if-exists --no-owner --single-transaction "
                    "--dbname={url} {path}",
                    path,
                ),
                plain=_postgres_command(
                    url, "psql --single-transaction --dbname={url} --file={path}", path
                ),
            )
        )
    live = sqlite_file(url, "restore")
    if not path.exists():
        raise BackupRefused(_l("there is no file %(path)s", path=path))
    if path.is_dir():
        raise BackupRefused(_l("%(path)s is a folder, not a copy of a database", path=path))
    if _same_file(path, live):
        raise BackupRefused(_l("%(path)s is the app's live database, not a copy", path=path))
    try:
        size = path.stat().st_size
        with path.open("rb") as file:
            header = file.read(100)
    except OSError as error:
        raise BackupRefused(
            _l("could not read %(path)s: %(reason)s", path=path, reason=error.strerror)
        ) from None
    if not header.startswith(SQLITE_MAGIC):
        raise BackupRefused(_l("%(path)s is not an SQLite database", path=path))
    declared = _declared_size(header)
    if declared is not None and declared > size:
        raise BackupRefused(
            _l(
                "%(path)s is cut short: it has %(size)d bytes of the %(declared)d its header "
                "declares",
                path=path,
                size=size,
                declared=declared,
            )
        )
    wal = Path(f"{path}-wal")
    if header[18:20] == b"\x02\x02" and wal.is_file() and wal.stat().st_size > 0:
        raise BackupRefused(
            _l(
                "%(path)s is in WAL mode and %(wal)s beside it holds changes the file does "
                "not: make copies with hiring backup",
                path=path,
                wal=wal,
            )
        )
    try:
        with closing(_open_copy(path)) as copy:
            problems = _integrity(copy)
            if problems:
                raise BackupRefused(
                    _l(
                        "%(path)s is damaged: SQLite's integrity check finds %(problem)s",
                        path=path,
                        problem=problems[0],
                    )
                )
            revisions = _revisions(copy)
    except sqlite3.DatabaseError as error:
        raise BackupRefused(
            _l("%(path)s is damaged: SQLite says %(reason)s", path=path, reason=error)
        ) from None
    if revisions is None:
        raise BackupRefused(
            _l(
                "%(path)s has no alembic_version table: it is not a database of this app, or "
                "it was not made with hiring db upgrade",
                path=path,
            )
        )
    if len(revisions) != 1:
        raise BackupRefused(
            _l(
                "%(path)s records %(count)d migration revisions in alembic_version, not one",
                path=path,
                count=len(revisions),
            )
        )
    revision = revisions[0]
    scripts = ScriptDirectory(str(migrations))
    heads = tuple(scripts.get_heads())
    if revision not in {script.revision for script in scripts.walk_revisions()}:
        raise BackupRefused(
            _l(
                "%(path)s is at migration revision %(revision)s, which this version of the app "
                "does not know (its newest is %(head)s): the copy comes from a newer version or "
                "another app; restore it with the version that made it",
                path=path,
                revision=revision,
                head=", ".join(heads),
            )
        )
    return CheckedCopy(DatabaseCopy(path, size, revision), revision, heads)


def kept_path(url: URL, now: datetime) -> Path:
    """Where :func:`restore` keeps the database it replaces: ``<db>.before-restore-<UTC>``."""
    live = sqlite_file(url, "restore")
    return live.with_name(f"{live.name}.before-restore-{now:%Y%m%dT%H%M%SZ}")


def restore(url: URL, checked: CheckedCopy, now: datetime) -> Restored:
    """Put a checked copy in place of the app's SQLite database. The database it replaces is
    first copied to :func:`kept_path` (as it is, checked or not: it may be why one restores);
    then the copy is written into the live file with the backup API, in one write transaction
    (the app's connections wait for it, then read the restored data). Changes the app commits
    between those two steps are in neither: stop the app, or pick a quiet moment."""
    live = sqlite_file(url, "restore")
    kept = None
    if live.is_file() and live.stat().st_size > 0:
        kept = kept_path(url, now)
        if kept.exists():
            raise BackupRefused(
                _l("%(path)s exists already: wait a second and try again", path=kept)
            )
        try:
            with closing(sqlite3.connect(_uri(live, mode="rw"), uri=True, timeout=30)) as source:
                _copy(source, kept, check=False)
        except (sqlite3.Error, OSError) as error:
            raise BackupFailed(
                _l(
                    "could not keep the current database as %(path)s (%(reason)s); nothing "
                    "was restored",
                    path=kept,
                    reason=getattr(error, "strerror", None) or error,
                )
            ) from None
    try:
        with (
            closing(_open_copy(checked.copy.path)) as copy,
            closing(sqlite3.connect(live, timeout=30)) as target,
        ):
            copy.backup(target)
    except sqlite3.Error as error:
        raise BackupFailed(
            _l(
                "restoring failed (%(reason)s); the database was not changed",
                reason=error,
            )
        ) from None
    return Restored(checked, live, kept)


def _copy(source: sqlite3.Connection, target: Path, *, check: bool) -> str | None:
    """Copy ``source`` to ``target`` through a temporary file beside it (the rename is the
    last step, so a failure or a crash leaves ``target`` as it was); returns the copy's
    migration revision. With ``check``, a copy failing ``PRAGMA integrity_check`` is thrown
    away and refused."""
    handle, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    os.close(handle)
    try:
        with closing(sqlite3.connect(temporary)) as copy:
            source.backup(copy)
            # one self-contained file, whatever mode the live database is in
            copy.execute("PRAGMA journal_mode=DELETE")
            problems = _integrity(copy) if check else []
            revisions = _revisions(copy)
        if problems:
            raise BackupFailed(
                _l(
                    "the copy fails SQLite's integrity check (%(problem)s), so the live "
                    "database is damaged; nothing was written",
                    problem=problems[0],
                )
            )
        with open(temporary, "rb") as written:
            os.fsync(written.fileno())
        os.replace(temporary, target)
        _sync_folder(target.parent)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return revisions[0] if revisions else None


def _integrity(connection: sqlite3.Connection) -> list[str]:
    """The problems ``PRAGMA integrity_check`` reports, one line each; none when it says
    ``ok``."""
    lines = [
        line
        for row in connection.execute("PRAGMA integrity_check")
        for line in str(row[0]).splitlines()
        if line.strip() and not line.startswith("*** in database")
    ]
    return [] if lines == ["ok"] else lines


def _revisions(connection: sqlite3.Connection) -> list[str] | None:
    """The revisions in ``alembic_version``; None when there is no such table."""
    table = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
    ).fetchone()
    if table is None:
        return None
    return [str(row[0]) for row in connection.execute("SELECT version_num FROM alembic_version")]


def _declared_size(header: bytes) -> int | None:
    """The file size a database header declares (page size times page count), when the header
    holds a valid count (SQLite's rule: the version-valid-for number matches the change
    counter)."""
    if len(header) < 100 or header[24:28] != header[92:96]:
        return None
    page_size = int.from_bytes(header[16:18], "big")
    pages = int.from_bytes(header[28:32], "big")
    return (65536 if page_size == 1 else page_size) * pages or None


def sqlite_file(url: URL, command: str) -> Path:
    """The app's SQLite file, absolute; other databases are refused, naming ``command``."""
    if url.get_backend_name() != "sqlite":
        raise BackupRefused(
            _l(
                "hiring %(command)s works on SQLite databases; use the tools of %(backend)s",
                command=command,
                backend=url.get_backend_name(),
            )
        )
    if not url.database or url.database == ":memory:":
        raise BackupRefused(_l("the app's database is in memory: there is no file to copy"))
    return Path(os.path.abspath(url.database))


def _same_file(path: Path, other: Path) -> bool:
    if os.path.abspath(path) == os.path.abspath(other):
        return True
    return path.exists() and other.exists() and os.path.samefile(path, other)


def _uri(path: Path, **params: str) -> str:
    quoted = urllib.request.pathname2url(os.path.abspath(path))
    return f"file:{quoted}?{urllib.parse.urlencode(params)}"


def _open_copy(path: Path) -> sqlite3.Connection:
    """Read-only and immutable: no lock, no journal or WAL file made beside the copy."""
    return sqlite3.connect(_uri(path, mode="ro", immutable="1"), uri=True)


def _sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` survive a power cut."""
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _postgres_command(url: URL, template: str, path: Path) -> str:
    """A pg_dump, pg_restore or psql command line for the app's database, ready to paste: the
    libpq URL without the driver name and without the password (libpq reads it from
    ``PGPASSWORD`` or ``~/.pgpass``)."""
    plain = URL.create(
        "postgresql",
        username=url.username,
        host=url.host,
        port=url.port,
        database=url.database,
        query=url.query,
    )
    return template.format(
        url=shlex.quote(plain.render_as_string(hide_password=False)),
        path=shlex.quote(str(path)),
    )
