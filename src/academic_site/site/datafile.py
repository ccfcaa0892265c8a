"""Reading the site's small YAML data files with their line numbers.

A data problem is reported as a typed warning naming the file and line (so
``-W`` fails the build and ``suppress_warnings`` can silence it), never as a
Python traceback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import yaml
from sphinx.util import logging

from academic_site.site import subtypes
from academic_site.site.escaping import is_safe_url

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

T = TypeVar("T")

# The ``type`` of every warning lives with the subtypes; re-exported here.
WARNING_TYPE = subtypes.WARNING_TYPE


class Mapping(dict):
    """A YAML mapping that remembers the (1-based) line it starts on and the
    line of each of its keys."""

    line: int = 0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.key_lines: dict[Any, int] = {}

    def line_of(self, key: Any) -> int:
        """The line of *key*, or of the mapping if it has no such key."""
        return self.key_lines.get(key, self.line)


class Sequence(list):
    """A YAML sequence that remembers the (1-based) line it starts on and the
    line of each of its items."""

    line: int = 0

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.item_lines: list[int] = []


#: Bounds on what a data file may ask of the parser: its values nested this
#: deep at most, aliases expanding to this many values at most (a "billion
#: laughs" file is a few lines), and numbers of this many characters at most
#: (Python refuses to read an integer of more than 4300 digits).
MAX_DEPTH = 50
MAX_VALUES = 100_000
MAX_NUMBER_CHARS = 20


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _check_expansion(root: yaml.Node) -> None:
    """Refuse a document whose aliases expand past :data:`MAX_VALUES` values
    or refer to the value that contains them (iterative: no recursion)."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        if finished:
            open_nodes.discard(id(node))
            sizes[id(node)] = 1 + sum(sizes[id(child)] for child in _children(node))
            if sizes[id(node)] > MAX_VALUES:
                raise yaml.composer.ComposerError(
                    None,
                    None,
                    f"the aliases expand to more than {MAX_VALUES:,} values",
                    node.start_mark,
                )
            continue
        if id(node) in sizes:
            continue
        if id(node) in open_nodes:
            raise yaml.composer.ComposerError(
                None, None, "an alias refers to the value holding it", node.start_mark
            )
        open_nodes.add(id(node))
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node))


class StrictLoader(yaml.SafeLoader):
    """PyYAML's safe loader, strict and bounded for the site's data files.

    Mappings and lists carry their lines; a duplicate key is recorded in
    :attr:`duplicates` (the first value is kept); nesting, alias expansion
    and numbers are bounded; a value Python cannot represent (``0000-01-01``,
    a 5000-digit integer) is a YAML error at its line, not a traceback.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        #: ``(line, message)`` of each duplicate key.
        self.duplicates: list[tuple[int, str]] = []
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node:
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise yaml.composer.ComposerError(
                    None,
                    None,
                    f"values are nested more than {MAX_DEPTH} levels deep",
                    self.peek_event().start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def compose_document(self) -> yaml.Node:
        node = super().compose_document()
        _check_expansion(node)
        return node

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, OverflowError, TypeError) as error:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"cannot read the value {node.value!r}: {error}",
                node.start_mark,
            ) from None


def _construct_mapping(loader: StrictLoader, node: yaml.MappingNode) -> Mapping:
    own = [(k, v) for k, v in node.value if k.tag != "tag:yaml.org,2002:merge"]
    loader.flatten_mapping(node)  # YAML merge keys (<<: *base)
    merged = node.value[: len(node.value) - len(own)]
    mapping = Mapping()
    mapping.line = node.start_mark.line + 1
    for key_node, value_node in merged:  # own keys override merged ones
        key = loader.construct_object(key_node, deep=True)
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = key_node.start_mark.line + 1
    own_keys: set[Any] = set()
    for key_node, value_node in own:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be text or a number", key_node.start_mark
            ) from None
        if key in own_keys:
            loader.duplicates.append(
                (
                    line,
                    f"duplicate key {key!r} (first on line {mapping.key_lines[key]}):"
                    " the first value is kept",
                )
            )
            continue
        own_keys.add(key)
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = line
    return mapping


def _construct_sequence(loader: StrictLoader, node: yaml.SequenceNode) -> Sequence:
    sequence = Sequence(loader.construct_object(item, deep=True) for item in node.value)
    sequence.line = node.start_mark.line + 1
    sequence.item_lines = [item.start_mark.line + 1 for item in node.value]
    return sequence


def _construct_int(loader: StrictLoader, node: yaml.ScalarNode) -> int:
    if len(node.value) > MAX_NUMBER_CHARS:
        raise yaml.constructor.ConstructorError(
            None,
            None,
            f"a number of {len(node.value)} characters is out of range",
            node.start_mark,
        )
    return loader.construct_yaml_int(node)


class WrittenFloat(float):
    """A number with a decimal point, as the file writes it: read as text (a
    CV's ``dates: 2026.10``), it stays ``2026.10``, not the float's ``2026.1``."""

    written: str


def _construct_float(loader: StrictLoader, node: yaml.ScalarNode) -> float:
    number = WrittenFloat(loader.construct_yaml_float(node))
    number.written = node.value
    return number


StrictLoader.add_constructor("tag:yaml.org,2002:float", _construct_float)
StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping
)
StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence
)
StrictLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)


class DataFileError(Exception):
    """A data file that cannot be used, with the place to look."""

    def __init__(self, path: Path, line: int | None, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.line = line
        self.message = message

    @property
    def location(self) -> str | None:
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


@dataclass(frozen=True)
class Loaded(Generic[T]):
    """What was read from a data file: the usable value (``None`` if
    nothing is), and every problem found on the way, in file order."""

    value: T | None
    problems: tuple[DataFileError, ...] = ()

    def strict(self) -> T:
        """The value, or the first problem raised: for tools that must not
        go on with a file that has any."""
        if self.problems:
            raise self.problems[0]
        return self.value

    def warn(self, subtype: str) -> None:
        """Report every problem, once, as a typed warning."""
        for problem in self.problems:
            problem.warn(subtype)


def modified_ns(path: Path) -> int:
    """*path*'s modification time, ``-1`` if it cannot be read: the key that
    makes an ``lru_cache`` of a file's parsed content forget it on change."""
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return -1


def _decode(path: Path, data: bytes) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise DataFileError(
            path,
            line,
            f"the file is not UTF-8: byte 0x{data[error.start]:02x} at column "
            f"{column} (save it as UTF-8)",
        ) from None
    return text.removeprefix("\ufeff")


def read_yaml(path: Path) -> Loaded[Any]:
    """Parse *path* strictly: the data, with each duplicate key as a problem.

    Raise :class:`DataFileError` if the file is missing, not UTF-8, or not
    YAML the loader accepts.
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        raise DataFileError(
            path, None, f"cannot read data file {path}: {error.strerror}"
        ) from None
    text = _decode(path, data)
    try:
        loader = StrictLoader(text)  # (checks the characters)
        try:
            value = loader.get_single_data()
        finally:
            loader.dispose()
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        raise DataFileError(
            path,
            line,
            f"invalid YAML: character U+{error.character:04X} is not allowed",
        ) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        problem = error.problem or error.context
        raise DataFileError(path, line, f"invalid YAML: {problem}") from None
    except yaml.YAMLError as error:
        raise DataFileError(path, 1, f"invalid YAML in {path.name}: {error}") from None
    except RecursionError:  # (bounded by MAX_DEPTH; never trust one bound)
        raise DataFileError(path, 1, "invalid YAML: nested too deeply") from None
    problems = tuple(
        DataFileError(path, line, message) for line, message in loader.duplicates
    )
    return Loaded(value, problems)


def load_yaml(path: Path) -> Any:
    """Parse *path*; raise :class:`DataFileError` if it is missing or broken,
    or has a duplicate key."""
    return read_yaml(path).strict()


def report_file_problems(env: BuildEnvironment, loaded: Loaded, subtype: str) -> None:
    """Report the problems of a data file once per build (at builder-inited):
    however many directives, pages and outputs use the file, and whether or
    not the pages that show it are read again."""
    env.homepage_missing_reported = set()
    loaded.warn(subtype)


def report_missing_file(env: BuildEnvironment, path: Path, subtype: str) -> None:
    """Report, once per build, that a directive needs *path* and it is not
    there (:func:`report_file_problems` stays quiet about a file no page
    may need)."""
    reported = getattr(env, "homepage_missing_reported", None)
    if reported is None:
        reported = env.homepage_missing_reported = set()
    if path not in reported:
        reported.add(path)
        DataFileError(path, None, f"cannot read data file {path}").warn(subtype)


def wrong_shape(path: Path, value: Any, expected: str) -> DataFileError:
    """The error for a file whose top level is not *expected* (an empty file
    included), naming the file."""
    line = getattr(value, "line", None) or 1
    if value is None:
        return DataFileError(path, 1, f"{path.name} is empty: expected {expected}")
    return DataFileError(path, line, f"{path.name} must be {expected}")


@dataclass(frozen=True)
class FieldReader:
    """Reads typed fields out of one mapping of a data file."""

    #: The file the mapping came from, for messages.
    path: Path
    #: The mapping itself.
    mapping: Mapping

    @classmethod
    def of(
        cls, path: Path, value: Any, what: str, line: int | None = None
    ) -> FieldReader:
        """Wrap *value*, which must be a mapping describing *what* (found at
        *line*, if it is not a mapping that knows its own)."""
        if not isinstance(value, dict):
            line = getattr(value, "line", None) or line
            raise DataFileError(path, line, f"{what} must be a mapping of fields")
        if not isinstance(value, Mapping):
            value = Mapping(value)
            value.line = line or 0
        return cls(path, value)

    @property
    def line(self) -> int:
        return self.mapping.line

    def line_of(self, name: str) -> int:
        """The line of field *name* (of the mapping, if it is not there)."""
        return self.mapping.line_of(name)

    def error(self, name: str, message: str) -> DataFileError:
        """An error about field *name*, at its line."""
        return DataFileError(self.path, self.line_of(name), message)

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
            raise self.error(name, f"field {name!r} must be text, not {value!r}")
        value = getattr(value, "written", None) or str(value)
        if bad := unprintable(value):
            raise self.error(
                name, f"field {name!r} holds the character U+{ord(bad):04X}"
            )
        return value

    def url(self, name: str, *, required: bool = True) -> str | None:
        """Return field *name*, which must be an ``https://`` or ``mailto:`` URL."""
        value = self.text(name, required=required)
        if value is not None and not is_safe_url(value, mailto=True):
            raise self.error(
                name, f"field {name!r} must be an https:// URL, not {value!r}"
            )
        return value

    def unknown_fields(self, known: set[str]) -> None:
        """Refuse fields this reader does not know, so typos are not lost."""
        unknown = sorted(map(str, set(self.mapping) - known))
        if unknown:
            first = min(self.line_of(name) for name in set(self.mapping) - known)
            raise DataFileError(
                self.path,
                first,
                f"unknown field(s) {', '.join(map(repr, unknown))}; "
                f"expected some of {', '.join(sorted(known))}",
            )


#: The characters no page or feed may carry: the C0 controls but tab and
#: the line ends, DEL and the C1 controls (Unicode's "Cc"), lone surrogates
#: ("Cs") and the noncharacters U+FFFE and U+FFFF (not XML 1.0 characters).
UNPRINTABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]"
)


def unprintable(value: str) -> str | None:
    """The first character of *value* no page or feed may carry (a control
    character, a lone surrogate, a noncharacter), or ``None``."""
    found = UNPRINTABLE.search(value)
    return found.group() if found else None
