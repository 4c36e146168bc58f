#!/usr/bin/env bash
# Back up Kinerja into DEST, a new or empty directory: the database first, then the files directory.
#   scripts/backup.sh /var/backups/kinerja/$(date +%F)
# Reads the app's own settings: DATABASE_URL (default: the SQLite file $KINERJA_INSTANCE/kinerja.db),
# KINERJA_INSTANCE (default: ./instance) and KINERJA_FILES (default: $KINERJA_INSTANCE/files).
# Writes DEST/database.pgdump (PostgreSQL: pg_dump's custom format) or DEST/database.sqlite (SQLite's online backup
# API, through Python's sqlite3), and DEST/files.tgz. Both are safe while the app runs. The database goes first: a
# file is stored before the row that names it is committed, so every document in the dump has its file in the tarball.
# scripts/restore.sh reads DEST back.
set -euo pipefail
. "$(dirname "$0")/_settings.sh"
fail() { echo "backup: $*" >&2; exit 2; }

DEST="${1:-}"
[ -n "$DEST" ] || fail "usage: scripts/backup.sh DEST_DIR (a new or empty directory)"

[ -d "$FILES" ] || fail "the files directory $FILES does not exist (set KINERJA_FILES as the app has it)"
mkdir -p "$DEST"
[ -z "$(ls -A "$DEST")" ] || fail "$DEST is not empty: give a new directory"

case "$URL" in
  postgres://* | postgresql://* | postgresql+*://*)
    # libpq does not know SQLAlchemy's driver suffix (postgresql+psycopg://).
    pg_dump --format=custom --file="$DEST/database.pgdump" --dbname="postgresql://${URL#*://}"
    database="$DEST/database.pgdump"
    ;;
  sqlite:///*)
    db_file="${URL#sqlite:///}"
    db_file="${db_file%%\?*}"
    [ -s "$db_file" ] || fail "the SQLite database $db_file does not exist"
    "$PYTHON" - "$db_file" "$DEST/database.sqlite" <<'PY'
import sqlite3
import sys

source, target = sqlite3.connect(sys.argv[1]), sqlite3.connect(sys.argv[2])
source.backup(target)  # a consistent copy, whatever the app writes meanwhile
target.close()
source.close()
PY
    database="$DEST/database.sqlite"
    ;;
  *) fail "DATABASE_URL is neither PostgreSQL nor a SQLite file (${URL%%:*}:…)" ;;
esac

# Half-written files (*.part, renamed into place once complete) are left out.
tar -czf "$DEST/files.tgz" --exclude='*.part' -C "$FILES" .
echo "backup: wrote $database and $DEST/files.tgz"
