"""Backups: the demo site saved by scripts/backup comes back whole with scripts/restore."""

import os
import subprocess
import uuid
from pathlib import Path

import psycopg
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def server_url(name="postgres"):
    db = settings.DATABASES["default"]
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{name}"


def run(*command, **env):
    return subprocess.run(
        command,
        cwd=ROOT,
        env={**os.environ, **env},
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    )


def counts(url):
    with psycopg.connect(url) as connection:
        return {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
            for table in ("wagtailcore_page", "initiatives_initiativepage", "wagtailcore_revision")
        }


def test_a_backup_restores_into_a_fresh_database(tmp_path):
    """Demo site → backup → restore into a new database and media folder: same content."""
    suffix = uuid.uuid4().hex[:8]
    source, restored = f"cp_backup_src_{suffix}", f"cp_backup_dst_{suffix}"
    media, restored_media = tmp_path / "media", tmp_path / "media-restored"
    (media / "documents").mkdir(parents=True)
    (media / "documents" / "guide.txt").write_text("Guide du pouvoir d'agir", encoding="utf-8")
    with psycopg.connect(server_url(), autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{source}"')
    try:
        env = {
            "DJANGO_SETTINGS_MODULE": "cestpossible.settings.test",
            "DATABASE_URL": server_url(source),
            "MEDIA_ROOT": str(media),
            "TASKS_BACKEND": "immediate",
        }
        env.pop("ELASTICSEARCH_URL", None)
        python = str(ROOT / ".venv" / "bin" / "python")
        run(python, "manage.py", "migrate", "--no-input", **env)
        run(python, "manage.py", "createcachetable", **env)
        run(python, "manage.py", "load_demo", **{**env, "ELASTICSEARCH_URL": ""})
        before = counts(server_url(source))
        assert before["initiatives_initiativepage"] == 9

        folder = (
            run("scripts/backup", str(tmp_path / "backups"), **env).stdout.strip().splitlines()[-1]
        )
        assert (Path(folder) / "database.dump").stat().st_size > 10_000
        result = run(
            "scripts/restore",
            folder,
            DATABASE_URL=server_url(restored),
            MEDIA_ROOT=str(restored_media),
        )
        assert "pages : " in result.stderr
        assert counts(server_url(restored)) == before
        assert (restored_media / "documents" / "guide.txt").read_text(encoding="utf-8") == (
            "Guide du pouvoir d'agir"
        )
        # A second restore into the same, now full, database is refused.
        refused = subprocess.run(
            ["scripts/restore", folder],
            cwd=ROOT,
            env={
                **os.environ,
                "DATABASE_URL": server_url(restored),
                "MEDIA_ROOT": str(restored_media),
            },
            capture_output=True,
            text=True,
        )
        assert refused.returncode == 1
        assert "n'est pas vide" in refused.stderr
    finally:
        with psycopg.connect(server_url(), autocommit=True) as connection:
            for name in (source, restored):
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
