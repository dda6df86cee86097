#!/usr/bin/env sh
# Regenerate the lock files from pyproject.toml: every dependency pinned with its hashes.
#   requirements/lock.txt       the runtime dependencies (the spaCy model included)
#   requirements/test-lock.txt  the same plus the `test`, `postgres` and `dask` extras (the
#                               suite runs on PostgreSQL and on a local Dask cluster too)
# Needs uv (`pip install uv`, in any venv; it is not a project dependency).
set -eu
cd "$(dirname "$0")/.."
for extra in "" test; do
    out=requirements/lock.txt
    flag=""
    if [ -n "$extra" ]; then out="requirements/$extra-lock.txt"; flag="--extra $extra --extra postgres --extra dask"; fi
    # shellcheck disable=SC2086
    uv pip compile pyproject.toml $flag --generate-hashes --universal --python-version 3.11 \
        --custom-compile-command scripts/lock.sh --quiet -o "$out"
done
