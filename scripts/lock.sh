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
    # weasel needs smart-open[http]. The pip that `python3 -m venv` brings (23.2) checks a
    # dependency's extras against the pins by name, so "smart-open==X" does not pin
    # "smart-open[http]": it takes PyPI's newest release and refuses it for want of a hash.
    # Pin the extra itself. (uv's --no-strip-extras would also write lxml[html-clean],
    # which that pip fails on with an internal error, so only this line is rewritten.)
    sed -i 's/^smart-open==/smart-open[http]==/' "$out"
done
