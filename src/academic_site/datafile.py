"""Reading the site's small YAML data files with their line numbers.

A data problem is reported as a typed warning naming the file and line (so
``-W`` fails the build and ``suppress_warnings`` can silence it), never as a
Python traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: The ``type`` of every warning this package emits; subtypes name the source.
WARNING_TYPE = "homepage"


class Mapping(dict):
    """A YAML mapping that remembers the (1-based) line it starts on."""

    line: int = 0


class Sequence(list):
    """A YAML sequence that remembers the (1-based) line it starts on."""

    line: int = 0


class _LineLoader(yaml.SafeLoader):
    """Safe YAML loader whose mappings and lists carry their line."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> Mapping:
    mapping = Mapping(loader.construct_mapping(node, deep=True))
    mapping.line = node.start_mark.line + 1
    return mapping


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> Sequence:
    sequence = Sequence(loader.construct_sequence(node, deep=True))
    sequence.line = node.start_mark.line + 1
    return sequence


_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping
)
_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence
)


class DataFileError(Exception):
    """A data file that cannot be used, with the place to look."""

    def __init__(self, path: Path, line: int | None, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.line = line
        self.message = message

    @property
    def location(self) -> str:
        """``path:line``, as Sphinx prints locations, or ``None`` with no line.

        (A location without a colon would be taken for a document name, so a
        problem with the whole file names the path in its message instead.)
        """
        return f"{self.path}:{self.line}" if self.line else None

    def warn(self, subtype: str) -> None:
        """Report this error as a typed Sphinx warning at its file and line."""
        logger.warning(
            self.message,
            type=WARNING_TYPE,
            subtype=subtype,
            location=self.location,
        )


def modified_ns(path: Path) -> int:
    """*path*'s modification time, ``-1`` if it cannot be read: the key that
    makes an ``lru_cache`` of a file's parsed content forget it on change."""
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return -1


def load_yaml(path: Path) -> Any:
    """Parse *path*; raise :class:`DataFileError` if it is missing or broken."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise DataFileError(
            path, None, f"cannot read data file {path}: {error.strerror}"
        ) from None
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        raise DataFileError(path, line, f"invalid YAML: {error.problem}") from None
    except yaml.YAMLError as error:
        raise DataFileError(path, None, f"invalid YAML: {error}") from None


@dataclass(frozen=True)
class FieldReader:
    """Reads typed fields out of one mapping of a data file."""

    #: The file the mapping came from, for messages.
    path: Path
    #: The mapping itself.
    mapping: Mapping

    @classmethod
    def of(cls, path: Path, value: Any, what: str) -> FieldReader:
        """Wrap *value*, which must be a mapping describing *what*."""
        if not isinstance(value, dict):
            line = getattr(value, "line", None)
            raise DataFileError(path, line, f"{what} must be a mapping of fields")
        return cls(path, value if isinstance(value, Mapping) else Mapping(value))

    @property
    def line(self) -> int:
        return self.mapping.line

    def text(self, name: str, *, required: bool = True) -> str | None:
        """Return the non-empty string field *name*."""
        value = self.mapping.get(name)
        if value is None or value == "":
            if required:
                raise DataFileError(
                    self.path, self.line, f"missing required field {name!r}"
                )
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise DataFileError(
                self.path, self.line, f"field {name!r} must be text, not {value!r}"
            )
        return str(value)

    def url(self, name: str, *, required: bool = True) -> str | None:
        """Return field *name*, which must be an ``https://`` or ``mailto:`` URL."""
        value = self.text(name, required=required)
        if value is not None and not value.startswith(("https://", "mailto:")):
            raise DataFileError(
                self.path,
                self.line,
                f"field {name!r} must be an https:// URL, not {value!r}",
            )
        return value

    def unknown_fields(self, known: set[str]) -> None:
        """Refuse fields this reader does not know, so typos are not lost."""
        unknown = sorted(set(self.mapping) - known)
        if unknown:
            raise DataFileError(
                self.path,
                self.line,
                f"unknown field(s) {', '.join(map(repr, unknown))}; "
                f"expected some of {', '.join(sorted(known))}",
            )
