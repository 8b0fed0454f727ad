"""Restore drill: back up a PostgreSQL database and its stored files the way
docs/OPERATIONS.md says, restore both into fresh places, and prove nothing was lost.

    python tools/restore_drill.py --database-url postgres://postgres@127.0.0.1:5432/scrutiny \
        --media var/uploads

It compares every table's row count and a checksum of all its rows (each row as
text, in order), and every stored file's SHA-256, then prints the comparison and
exits non-zero on any difference. The restored database and folder are removed
afterwards unless --keep. Needs pg_dump, pg_restore and psql on the PATH.
"""

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit


def psql(url, sql):
    return subprocess.run(
        ["psql", url, "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-c", sql],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def tables(url):
    names = psql(
        url,
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
    )
    return names.splitlines()


def fingerprint(url, table):
    """(rows, checksum of every row as text in a fixed order)."""
    row = psql(
        url,
        f"SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) "
        f'FROM "{table}" t',
    )
    count, checksum = row.split("|")
    return int(count), checksum


def file_hashes(folder):
    folder = Path(folder)
    if not folder.exists():
        return {}
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def with_database(url, name):
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def backup(url, media, workdir):
    """What docs/OPERATIONS.md tells an operator to run."""
    dump = workdir / "scrutiny.dump"
    subprocess.run(["pg_dump", "--format=custom", "--file", str(dump), url], check=True)
    archive = workdir / "media.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        if Path(media).exists():
            tar.add(media, arcname="media")
    return dump, archive


def restore(dump, archive, url, workdir):
    subprocess.run(
        ["pg_restore", "--no-owner", "--exit-on-error", "--dbname", url, str(dump)], check=True
    )
    target = workdir / "restored"
    with tarfile.open(archive) as tar:
        tar.extractall(target, filter="data")
    return target / "media"


def compare(source_url, restored_url, media, restored_media):
    problems, lines = [], []
    for table in tables(source_url):
        before = fingerprint(source_url, table)
        after = fingerprint(restored_url, table) if table in tables(restored_url) else None
        same = before == after
        lines.append(f"{'ok ' if same else 'BAD'} {table:<55} {before[0]:>8} rows")
        if not same:
            problems.append(f"table {table}: {before} before, {after} after")
    files_before, files_after = file_hashes(media), file_hashes(restored_media)
    for name, digest in files_before.items():
        if files_after.get(name) != digest:
            problems.append(f"file {name}: missing or changed after the restore")
    lines.append(f"files: {len(files_before)} before, {len(files_after)} after")
    return lines, problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"), required=False)
    parser.add_argument("--media", default=os.environ.get("DJANGO_MEDIA_ROOT", "var/uploads"))
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    if not args.database_url or not args.database_url.startswith("postgres"):
        sys.exit("Give --database-url postgres://… (the drill is for PostgreSQL).")

    workdir = Path(tempfile.mkdtemp(prefix="restore-drill-"))
    restored_name = f"restore_drill_{os.getpid()}"
    restored_url = with_database(args.database_url, restored_name)
    maintenance_url = with_database(args.database_url, "postgres")
    try:
        dump, archive = backup(args.database_url, args.media, workdir)
        psql(maintenance_url, f'CREATE DATABASE "{restored_name}"')
        restored_media = restore(dump, archive, restored_url, workdir)
        lines, problems = compare(args.database_url, restored_url, args.media, restored_media)
        print("\n".join(lines))
        print(
            f"Backup: {dump.stat().st_size:,} bytes of database, "
            f"{archive.stat().st_size:,} bytes of files."
        )
        if problems:
            print("The restore lost or changed:\n  " + "\n  ".join(problems))
            return 1
        print(f"Restore drill passed: {len(lines) - 1} tables and every file identical.")
        return 0
    finally:
        if not args.keep:
            psql(maintenance_url, f'DROP DATABASE IF EXISTS "{restored_name}"')
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
