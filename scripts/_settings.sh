# Sourced by scripts/backup.sh and scripts/restore.sh: the app's own settings as the app reads them, with its
# defaults (the SQLite file in the instance directory, the files directory inside it), and the Python to use.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
[ -x "$PYTHON" ] || PYTHON=python3
INSTANCE="${KINERJA_INSTANCE:-$ROOT/instance}"
FILES="${KINERJA_FILES:-$INSTANCE/files}"
URL="${DATABASE_URL:-sqlite:///$INSTANCE/kinerja.db}"
