"""API tokens on SQLite and PostgreSQL: made with a secret shown once, checked by its hash,
revoked; and `prospects token`."""

from __future__ import annotations

import hashlib
import json

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from prospects.cli import app
from prospects.ledger import Ledger, LedgerError, TokenRow, schema

runner = CliRunner()


def test_create_check_revoke(ledger: Ledger) -> None:
    row, secret = ledger.create_token("  newsroom  ")
    assert isinstance(row, TokenRow) and row.name == "newsroom" and not row.revoked
    assert len(secret) == 43  # token_urlsafe(32): 32 random bytes, base64 without padding
    assert ledger.check_token(secret) == row
    assert ledger.token(row.id) == row
    assert ledger.check_token(secret + "x") is None
    assert ledger.check_token("") is None
    assert ledger.token("nosuchid") is None
    # only the hash is kept
    with ledger.engine.connect() as conn:
        stored = conn.execute(select(schema.tokens)).one()
    assert secret not in [str(v) for v in stored]
    assert stored.secret_hash == hashlib.sha256(secret.encode()).hexdigest()

    other, other_secret = ledger.create_token("bot")
    assert other_secret != secret and other.id != row.id
    assert [t.name for t in ledger.tokens()] == ["newsroom", "bot"]

    revoked = ledger.revoke_token("newsroom")
    assert revoked.revoked and revoked.revoked_at is not None
    assert ledger.check_token(secret) is None
    assert ledger.token(row.id) == revoked  # still there, for the record
    assert ledger.check_token(other_secret) == other
    # revoking again changes nothing; by id works too
    assert ledger.revoke_token(row.id) == revoked
    assert ledger.revoke_token(other.id).revoked
    assert [t.revoked for t in ledger.tokens()] == [True, True]


def test_names_are_unique_and_needed(ledger: Ledger) -> None:
    ledger.create_token("newsroom")
    with pytest.raises(LedgerError, match="exists already"):
        ledger.create_token("newsroom")
    with pytest.raises(LedgerError, match="needs a name"):
        ledger.create_token("  ")
    with pytest.raises(LedgerError, match="no token 'nobody'"):
        ledger.revoke_token("nobody")
    assert len(ledger.tokens()) == 1


def test_times_are_utc(ledger: Ledger) -> None:
    row, _ = ledger.create_token("newsroom")
    (listed,) = ledger.tokens()
    assert listed.created_at.utcoffset() is not None
    assert listed.created_at.replace(microsecond=0) == row.created_at.replace(microsecond=0)
    assert ledger.revoke_token("newsroom").to_dict()["revoked"] is True


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_token_commands(db_url: str) -> None:
    code, out, err = run("token", "create", "newsroom", "--db", db_url)
    assert code == 0, err
    secret = out.strip()
    assert len(secret) == 43 and "\n" not in secret
    assert "shown only once" in err and secret not in err
    with Ledger(db_url) as ledger:
        assert ledger.check_token(secret) is not None

    code, out, _ = run("token", "list", "--db", db_url, "--format", "json")
    (listed,) = json.loads(out)
    assert listed["name"] == "newsroom" and listed["revoked"] is False
    assert secret not in out
    code, out, _ = run("token", "list", "--db", db_url)
    assert code == 0 and "newsroom" in out and listed["id"] in out

    code, _, err = run("token", "create", "newsroom", "--db", db_url)
    assert code == 2 and "exists already" in err
    code, _, err = run("token", "revoke", "newsroom", "--db", db_url)
    assert code == 0 and "revoked" in err
    with Ledger(db_url) as ledger:
        assert ledger.check_token(secret) is None
    code, _, err = run("token", "revoke", "nobody", "--db", db_url)
    assert code == 2 and "no token 'nobody'" in err and len(err.strip().splitlines()) == 1
