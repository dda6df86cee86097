"""MinHash sketches of article texts: what syndication (near-duplicate) matching compares.

An article's text is cut into word 5-gram shingles, hashed into a MinHash
signature of `NUM_PERM` values (datasketch), and the signature into LSH bands
(`band_hashes`): two articles that share a band are candidates, and they are one
story when their estimated Jaccard similarity (`similarity`) is at least
`THRESHOLD`. The band shape (`BANDS` of `ROWS`) is the one datasketch's `MinHashLSH`
picks for the threshold (a test checks it), so a store's bands find the candidates a
`MinHashLSH` would. datasketch is imported only when a text is sketched: it brings
scipy, a second and more to import, which the read commands do without; numpy only
when a signature is made or compared (0.16 s of every command's start-up otherwise).
"""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    from datasketch import MinHash

SHINGLE_WORDS = 5
NUM_PERM = 128
THRESHOLD = 0.6
BANDS, ROWS = 18, 7  # what MinHashLSH(threshold=0.6, num_perm=128) chooses
SIGNATURE_TYPE = "uint64"  # the numpy type datasketch's MinHash hash values fit in

_WORDS = re.compile(r"\w+")


def minhash(text: str) -> MinHash:
    """The MinHash of a text's word shingles (a text shorter than one shingle is one)."""
    from datasketch import MinHash

    words = _WORDS.findall(text.casefold())
    n = min(SHINGLE_WORDS, len(words)) or 1
    shingles = {" ".join(words[i : i + n]) for i in range(max(len(words) - n + 1, 1))}
    sketch = MinHash(num_perm=NUM_PERM)
    sketch.update_batch([shingle.encode("utf-8") for shingle in shingles])
    return sketch


def signature(text: str) -> np.ndarray:
    """A text's MinHash hash values, as stored."""
    return minhash(text).hashvalues.astype(SIGNATURE_TYPE)


def to_bytes(values: np.ndarray) -> bytes:
    return values.astype(SIGNATURE_TYPE).tobytes()


def from_bytes(blob: bytes) -> np.ndarray:
    import numpy as np

    return np.frombuffer(blob, dtype=SIGNATURE_TYPE)


def band_hashes(values: np.ndarray) -> list[int]:
    """One signed 64-bit hash per LSH band of a signature."""
    return [
        int.from_bytes(
            hashlib.blake2b(to_bytes(values[i * ROWS : (i + 1) * ROWS]), digest_size=8).digest(),
            "big",
            signed=True,
        )
        for i in range(BANDS)
    ]


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """The Jaccard similarity two signatures estimate."""
    return float((a == b).sum()) / len(a)
