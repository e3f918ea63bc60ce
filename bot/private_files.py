"""Files with personal data stay readable by the service's own user only.

The var directory (`KOMM_MIT_VAR`, default `var`) holds the SQLite databases
(conversations, contact details, password hashes) and the internal token. It is
kept at 0700 and its files at 0600, whatever the umask: SQLite gives its `-wal` and
`-shm` files the mode of the database file, so creating that one 0600 is enough for
new files; existing ones are corrected when a process opens them.
"""

from __future__ import annotations

import os
from pathlib import Path

from bot.settings import Settings

DIR_MODE = 0o700
FILE_MODE = 0o600
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def var_dir() -> Path:
    """The var directory, created (or corrected to) 0700."""
    path = Settings.from_env().var_dir
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    os.chmod(path, DIR_MODE)
    return path


def private_database_file(database: str | os.PathLike[str]) -> None:
    """Creates an SQLite database file 0600 before SQLite does (its folder 0700 if new),
    and sets an existing one and its `-wal`/`-shm` files to 0600."""
    path = Path(database)
    if not path.parent.exists():
        path.parent.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE))
    for name in (path, *(Path(f"{path}{suffix}") for suffix in SQLITE_COMPANIONS)):
        if name.exists() and name.stat().st_mode & 0o777 != FILE_MODE:
            os.chmod(name, FILE_MODE)
