#!/usr/bin/env bash
# `make test`'s two passes side by side, one per core: the whole suite on SQLite (browser tests included) in the
# foreground, and, when PostgreSQL answers on 127.0.0.1:5432, the suite again on PostgreSQL with the clock at
# EDGE_NOW (23:30 UTC on 31 December: the agency is already in the next day, month and year), its output
# printed when it ends. Then, on the core the SQLite pass has freed, when PostgreSQL and Redis (127.0.0.1:6379)
# answer, the multi-process pass: two gunicorn servers and two Huey consumers (tests/test_multiprocess.py,
# marker `multiprocess`, left out of the other two passes). Fails when any pass fails.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PG_URL="${1:?the PostgreSQL test database URL}"
EDGE_NOW="${2:?the instant of the PostgreSQL pass}"

answers() {  # does something listen on 127.0.0.1:$1?
  "$BIN/python" -c "import socket,sys; s=socket.socket(); s.settimeout(1); sys.exit(s.connect_ex(('127.0.0.1',$1)))"
}

pg_log=""
if answers 5432; then
  pg_log="$(mktemp)"
  pg_tmp="$(mktemp -d)"  # its own temporary folder: the SQLite pass's clean-up never meets it
  echo "== PostgreSQL pass (the clock at $EDGE_NOW) started beside the SQLite pass; its output follows the SQLite pass"
  KINERJA_TEST_DATABASE_URL="$PG_URL" KINERJA_TEST_NOW="$EDGE_NOW" "$BIN/pytest" -m "not browser and not multiprocess" --basetemp "$pg_tmp/t" >"$pg_log" 2>&1 &
  pg_pid=$!
  trap 'kill "$pg_pid" 2>/dev/null' INT TERM
else
  echo "PostgreSQL is not reachable on 127.0.0.1:5432: PostgreSQL run skipped"
fi

echo "== SQLite pass"
"$BIN/pytest" -m "not multiprocess"
sqlite_rc=$?

multi_rc=0
if answers 5432 && answers 6379; then
  # Its own database, Redis database and temporary folder; the file is named so the suite is not collected
  # again (~10 s) only to deselect everything else.
  echo "== Multi-process pass (two gunicorn servers, two Huey consumers, PostgreSQL and Redis)"
  multi_tmp="$(mktemp -d)"
  "$BIN/pytest" -m multiprocess --basetemp "$multi_tmp/t" tests/test_multiprocess.py
  multi_rc=$?
  rm -rf "$multi_tmp"
else
  echo "PostgreSQL (5432) or Redis (6379) is not reachable on 127.0.0.1: multi-process pass skipped"
fi

pg_rc=0
if [ -n "$pg_log" ]; then
  wait "$pg_pid"
  pg_rc=$?
  echo "== PostgreSQL pass, the clock at $EDGE_NOW"
  cat "$pg_log"
  rm -rf "$pg_log" "$pg_tmp"
fi
echo "== SQLite pass: exit $sqlite_rc; PostgreSQL pass: exit $pg_rc; multi-process pass: exit $multi_rc"
[ "$sqlite_rc" -eq 0 ] && [ "$pg_rc" -eq 0 ] && [ "$multi_rc" -eq 0 ]
