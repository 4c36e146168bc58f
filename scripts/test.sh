#!/usr/bin/env bash
# `make test`'s two passes side by side, one per core: the whole suite on SQLite (browser tests included) in the
# foreground, and, when PostgreSQL answers on 127.0.0.1:5432, the suite again on PostgreSQL with the clock at
# EDGE_NOW (23:30 UTC on 31 December: the agency is already in the next day, month and year), its output
# printed when it ends. Fails when either pass fails.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PG_URL="${1:?the PostgreSQL test database URL}"
EDGE_NOW="${2:?the instant of the PostgreSQL pass}"

pg_log=""
if "$BIN/python" -c "import socket,sys; s=socket.socket(); s.settimeout(1); sys.exit(s.connect_ex(('127.0.0.1',5432)))"; then
  pg_log="$(mktemp)"
  pg_tmp="$(mktemp -d)"  # its own temporary folder: the SQLite pass's clean-up never meets it
  echo "== PostgreSQL pass (the clock at $EDGE_NOW) started beside the SQLite pass; its output follows the SQLite pass"
  KINERJA_TEST_DATABASE_URL="$PG_URL" KINERJA_TEST_NOW="$EDGE_NOW" "$BIN/pytest" -m "not browser" --basetemp "$pg_tmp/t" >"$pg_log" 2>&1 &
  pg_pid=$!
  trap 'kill "$pg_pid" 2>/dev/null' INT TERM
else
  echo "PostgreSQL is not reachable on 127.0.0.1:5432: PostgreSQL run skipped"
fi

echo "== SQLite pass"
"$BIN/pytest"
sqlite_rc=$?

pg_rc=0
if [ -n "$pg_log" ]; then
  wait "$pg_pid"
  pg_rc=$?
  echo "== PostgreSQL pass, the clock at $EDGE_NOW"
  cat "$pg_log"
  rm -rf "$pg_log" "$pg_tmp"
fi
echo "== SQLite pass: exit $sqlite_rc; PostgreSQL pass: exit $pg_rc"
[ "$sqlite_rc" -eq 0 ] && [ "$pg_rc" -eq 0 ]
