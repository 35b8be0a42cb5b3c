"""Finding and reading configuration files for the command line.

Where the settings come from, in order of precedence:

1. ``--config FILE`` (any TOML file: a ``[tool.healthscore]`` table, or the settings at its
   top level);
2. otherwise the nearest directory, from the working directory upward, that holds either
   ``.healthscore.toml`` (top-level settings, or a ``[tool.healthscore]`` table inside it) or a
   ``pyproject.toml`` *with* a ``[tool.healthscore]`` table. ``.healthscore.toml`` wins over
   ``pyproject.toml`` in the same directory; a ``pyproject.toml`` without the table does not stop
   the search (a monorepo's sub-project need not repeat the content settings);
3. otherwise the defaults.

The directory of the file found is the *config root*: ``include``/``exclude`` globs,
``per_file_ignores`` and baseline paths are relative to it, and the cache lives under it. That
makes a run give the same result from any sub-directory.

:class:`~healthscore.config.Config` validates the scoring keys. This module handles the keys
that only the command line uses (``fail_on``), the ``target_grade`` shortcut, which it maps onto
``[tool.healthscore.readability]``, and options of dimensions that this version does not
implement yet (ignored with a warning, so a configuration written for a newer healthscore does
not break an older one).
"""
from __future__ import annotations

import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path
from typing import Any

from .config import Config
from .errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

#: File names searched in each directory, in order of precedence.
DEDICATED_FILE = ".healthscore.toml"
PYPROJECT_FILE = "pyproject.toml"

FAIL_ON_LEVELS = ("error", "warning", "info", "never")
DEFAULT_FAIL_ON = "error"

#: Keys that only the command line reads; they never reach :class:`Config`.
_CLI_KEYS = ("fail_on", "target_grade")
_SELECTOR = re.compile(r"^(?:ALL|HS\d{0,3})$", re.IGNORECASE)

Warn = Callable[[str], None]


@dataclass(frozen=True)
class Settings:
    """Everything a command-line run needs from configuration.

    ``config`` is the validated scoring configuration; ``root`` is the directory that relative
    paths in the configuration are relative to; ``path`` the file it came from (None: defaults).
    """

    config: Config
    root: Path
    path: Path | None = None
    fail_on: str = DEFAULT_FAIL_ON


def find_config_file(start: Path) -> tuple[Path, Mapping[str, Any]] | None:
    """The nearest configuration file at or above *start*, with its healthscore table."""
    start = start.resolve()
    for directory in (start, *start.parents):
        dedicated = directory / DEDICATED_FILE
        if dedicated.is_file():
            return dedicated, _table(dedicated, _load_toml(dedicated), dedicated_file=True)
        pyproject = directory / PYPROJECT_FILE
        if pyproject.is_file():
            data = _load_toml(pyproject)
            tool = data.get("tool")
            if isinstance(tool, Mapping) and "healthscore" in tool:
                return pyproject, _table(pyproject, data, dedicated_file=False)
    return None


def project_root(start: Path) -> Path:
    """Without a configuration file, the root is the nearest directory at or above *start*
    holding ``.git`` or ``pyproject.toml`` (where a cache and relative paths belong), else
    *start* itself."""
    for directory in (start, *start.parents):
        if (directory / ".git").exists() or (directory / PYPROJECT_FILE).is_file():
            return directory
    return start


def load_settings(
    config_file: str | Path | None = None,
    *,
    cwd: str | Path | None = None,
    target_grade: float | None = None,
    overrides: Mapping[str, Any] | None = None,
    warn: Warn | None = None,
) -> Settings:
    """Find, read and validate the configuration.

    Parameters
    ----------
    config_file:
        An explicit file (``--config``); when omitted the file is searched for from *cwd* up.
    target_grade:
        ``--target-grade``: overrides the readability target grade.
    overrides:
        Other command-line settings, as ``[tool.healthscore]`` keys (``{"min_score": 70}``).
    warn:
        Called with each warning (for example options of a dimension this version lacks).

    Raises
    ------
    ConfigError
        The file cannot be read or parsed, or a key or value is invalid; the message names the
        file and the key.
    """
    cwd = Path(cwd or Path.cwd()).resolve()
    if config_file is not None:
        path: Path | None = Path(config_file)
        if not path.is_absolute():
            path = cwd / path
        if not path.is_file():
            raise ConfigError(f"{config_file}: configuration file not found")
        table = _table(path, _load_toml(path), dedicated_file=path.name != PYPROJECT_FILE)
        root = path.parent.resolve()
    else:
        found = find_config_file(cwd)
        if found is None:
            path, table, root = None, {}, project_root(cwd)
        else:
            path, table = found
            root = path.parent
    messages: list[str] = []
    try:
        settings = _build(table, root, path, target_grade, overrides or {}, messages.append)
    except ConfigError as error:
        where = _display(path, cwd) if path is not None else "command line"
        raise ConfigError(f"{where}: {error}") from None
    for message in messages:
        if warn is not None:
            warn(message)
    return settings


def _build(
    table: Mapping[str, Any],
    root: Path,
    path: Path | None,
    target_grade: float | None,
    overrides: Mapping[str, Any],
    warn: Warn,
) -> Settings:
    from .dimensions import DIMENSIONS, is_implemented, options_type

    data: dict[str, Any] = {}
    for key, value in {**table, **overrides}.items():
        data[key.replace("-", "_")] = value
    fail_on = data.pop("fail_on", DEFAULT_FAIL_ON)
    if fail_on not in FAIL_ON_LEVELS:
        raise ConfigError(f"fail_on: {fail_on!r} is not one of {', '.join(FAIL_ON_LEVELS)}")
    grade = data.pop("target_grade", None)
    if target_grade is not None:
        grade = target_grade
    for key in ("select", "ignore"):
        _check_selectors(key, data.get(key, ()))
    for key in ("severity", "per_file_ignores"):
        value = data.get(key)
        if isinstance(value, Mapping):
            for inner, codes in value.items():
                if key == "severity":
                    _check_selectors(f"severity.{inner}", [inner])
                else:
                    _check_selectors(f"per_file_ignores.{inner!r}", codes)
    # Dimension sections: copy (they are validated by Config against the dimension's Options).
    for name in DIMENSIONS:
        if isinstance(data.get(name), Mapping):
            data[name] = {k.replace("-", "_"): v for k, v in data[name].items()}
    if grade is not None:
        if isinstance(grade, bool) or not isinstance(grade, (int, float)):
            raise ConfigError(f"target_grade: must be a number, got {grade!r}")
        if "target_grade" in _option_names(options_type("readability")):
            data["readability"] = {**(data.get("readability") or {}), "target_grade": grade}
        else:
            warn("target_grade ignored: readability has no target grade in this version")
    for name in DIMENSIONS:
        section = data.get(name)
        if isinstance(section, Mapping) and section and not is_implemented(name):
            warn(
                f"[tool.healthscore.{name}] ignored: the {name} dimension is not implemented "
                "in this version"
            )
            del data[name]
    config = Config.from_mapping(data)
    return Settings(config=config, root=root, path=path, fail_on=fail_on)


def _option_names(options_cls: type) -> set[str]:
    return {f.name for f in fields(options_cls)} if is_dataclass(options_cls) else set()


def _check_selectors(key: str, value: Any) -> None:
    """Rule selectors are ``ALL`` or a code prefix such as ``HS2`` or ``HS201``; anything else
    is almost always a typo that would otherwise silently select nothing."""
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, (list, tuple)):
        return  # Config reports the wrong type
    for item in values:
        if isinstance(item, str) and not _SELECTOR.match(item.strip()):
            raise ConfigError(
                f"{key}: {item!r} is not a rule code or prefix (use ALL, HS2, HS201, ...)"
            )


def _load_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from None


def _table(path: Path, data: Mapping[str, Any], *, dedicated_file: bool) -> Mapping[str, Any]:
    tool = data.get("tool")
    if isinstance(tool, Mapping) and "healthscore" in tool:
        table = tool["healthscore"]
        extra = [k for k in data if k != "tool"] if dedicated_file else []
        if extra:
            raise ConfigError(
                f"{path}: unknown configuration key {extra[0]!r} beside [tool.healthscore]"
            )
        if not isinstance(table, Mapping):
            raise ConfigError(f"{path}: [tool.healthscore] must be a table")
        return table
    if not dedicated_file:
        raise ConfigError(f"{path}: no [tool.healthscore] table")
    return data


def _display(path: Path, cwd: Path) -> str:
    try:
        return path.relative_to(cwd).as_posix()
    except ValueError:
        return str(path)
