"""Making a file or folder read-only for real in a test, and writable again."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


def set_read_only(path: Path, read_only: bool) -> None:
    """Make `path` unwritable: by its mode bits, or, for root (whom modes do not stop),
    with the immutable attribute, which stops root too."""
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i" if read_only else "-i", str(path)], check=True)
    elif read_only:
        path.chmod(0o555 if path.is_dir() else 0o444)
    else:
        path.chmod(0o755 if path.is_dir() else 0o644)
