"""``SHA256SUMS``-style files: one ``<hex digest>  <file name>`` per line."""

from __future__ import annotations

import re
from pathlib import Path

from playground.data.dataset import DatasetError

_LINE = re.compile(r"^([0-9a-fA-F]{64}) [ *]?(.+)$")


def read_sums(path: str | Path) -> dict[str, str]:
    """Map each file name to its lower-case SHA-256; DatasetError on a malformed line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DatasetError(path, f"cannot read checksums: {exc}") from None
    sums: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        match = _LINE.match(line.strip())
        if match is None:
            raise DatasetError(path, f"line {number} is not '<sha256>  <file name>'")
        sums[match.group(2).strip()] = match.group(1).lower()
    return sums
