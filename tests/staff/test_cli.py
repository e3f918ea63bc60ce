"""`python -m bot staff`: an administrator creates and manages console accounts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bot.db.engine import make_engine
from bot.db.migrate import upgrade
from bot.staff.accounts import StaffAccounts

ROOT = Path(__file__).resolve().parents[2]


def staff(url: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "staff", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"KOMM_MIT_DATABASE_URL": url, "PATH": "/usr/bin:/bin"},
        timeout=120,
    )


def test_the_first_account_can_be_made_before_the_service_ever_ran(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.db'}"  # no database yet: not migrated, never served
    made = staff(
        url,
        "add",
        "a.meyer",
        "--service",
        "foreigners_office",
        "--password-stdin",
        stdin="a very long password\n",
    )
    assert made.returncode == 0, made.stderr
    assert "created a.meyer" in made.stdout and "Traceback" not in made.stderr
    assert [p.username for p in StaffAccounts(make_engine(url)).all()] == ["a.meyer"]


def test_accounts_are_created_listed_and_disabled(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    upgrade(url)
    made = staff(
        url,
        "add",
        "amira",
        "--name",
        "Amira K.",
        "--service",
        "migration_centre",
        "--password-stdin",
        stdin="a very long password\n",
    )
    assert made.returncode == 0, made.stderr
    short = staff(
        url, "add", "bob", "--service", "migration_centre", "--password-stdin", stdin="x\n"
    )
    assert short.returncode == 2 and "at least 12" in short.stderr
    listed = staff(url, "list")
    assert "amira\tAmira K.\tmigration_centre" in listed.stdout
    accounts = StaffAccounts(make_engine(url))
    assert accounts.authenticate("amira", "a very long password", "127.0.0.1") is not None
    assert staff(url, "disable", "amira").returncode == 0
    assert accounts.authenticate("amira", "a very long password", "127.0.0.1") is None
