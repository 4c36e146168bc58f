#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into an empty database and an empty files directory.
#   scripts/restore.sh /var/backups/kinerja/2026-05-04
# The target is the app's own settings, as in scripts/backup.sh: DATABASE_URL, KINERJA_INSTANCE, KINERJA_FILES.
# Stop the app and its job consumer first. Nothing is overwritten: the restore refuses, before writing anything,
# when the database holds any table or the files directory holds anything. For PostgreSQL, create the empty
# database first (createdb -O <owner> <name>); the dump is restored in one transaction without its owners
# (pg_restore --no-owner --single-transaction --exit-on-error): an error leaves the database empty.
set -euo pipefail
. "$(dirname "$0")/_settings.sh"
fail() { echo "restore: $*" >&2; exit 2; }

BACKUP="${1:-}"
[ -n "$BACKUP" ] || fail "usage: scripts/restore.sh BACKUP_DIR (made by scripts/backup.sh)"
[ -f "$BACKUP/files.tgz" ] || fail "$BACKUP/files.tgz not found: not a backup made by scripts/backup.sh"

case "$URL" in
  postgres://* | postgresql://* | postgresql+*://*)
    kind=PostgreSQL
    dump="$BACKUP/database.pgdump"
    pg_url="postgresql://${URL#*://}"  # libpq does not know SQLAlchemy's driver suffix
    ;;
  sqlite:///*)
    kind=SQLite
    dump="$BACKUP/database.sqlite"
    db_file="${URL#sqlite:///}"
    db_file="${db_file%%\?*}"
    ;;
  *) fail "DATABASE_URL is neither PostgreSQL nor a SQLite file (${URL%%:*}:…)" ;;
esac
[ -f "$dump" ] || fail "$dump not found: DATABASE_URL names a $kind database, the backup in $BACKUP holds $(
  cd "$BACKUP" && ls database.* 2>/dev/null || echo 'no database')"

# Refuse a target that is not empty, before writing anything.
if [ "$kind" = PostgreSQL ]; then
  relations="$(psql -X -A -t -v ON_ERROR_STOP=1 --dbname="$pg_url" -c "
    SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\_%'")"
  [ "$relations" = 0 ] || fail "the database in DATABASE_URL is not empty ($relations tables, indexes or" \
    "sequences): nothing restored. Restore into a new database (createdb), or drop this one first."
else
  tables="$("$PYTHON" - "$db_file" <<'PY'
import pathlib
import sqlite3
import sys

path = pathlib.Path(sys.argv[1])
print(sqlite3.connect(path).execute("SELECT count(*) FROM sqlite_master").fetchone()[0] if path.exists() else 0)
PY
)"
  [ "$tables" = 0 ] || fail "the SQLite database $db_file is not empty ($tables tables and indexes): nothing" \
    "restored. Restore into a new file, or move this one away first."
fi
if [ -e "$FILES" ] && [ -n "$(ls -A "$FILES")" ]; then
  fail "the files directory $FILES is not empty: nothing restored. Restore into a new directory, or move this one away first."
fi

echo "restore: $dump into the $kind database of DATABASE_URL, $BACKUP/files.tgz into $FILES"
if [ "$kind" = PostgreSQL ]; then
  pg_restore --no-owner --single-transaction --exit-on-error --dbname="$pg_url" "$dump"
else
  # Through SQLite's backup API rather than a file copy: the target connection deals with whatever journal
  # (-wal) an earlier file at that path left behind.
  mkdir -p "$(dirname "$db_file")"
  "$PYTHON" - "$dump" "$db_file" <<'PY'
import sqlite3
import sys

source, target = sqlite3.connect(sys.argv[1]), sqlite3.connect(sys.argv[2])
source.backup(target)
target.close()
source.close()
PY
fi
mkdir -p "$FILES"
tar -xzf "$BACKUP/files.tgz" -C "$FILES"
echo "restore: done"
