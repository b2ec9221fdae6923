"""Lecture walkthrough presets: one JSON file per idea, holding a whole training configuration.

A preset file looks like this (a lecturer copies one of ``resources/presets/*.json`` and edits it)::

    {
      "format": 1,
      "key": "01-keras-demo",
      "title": {"en": "The lecture's Keras demo", "zh_TW": "課堂上的 Keras 範例"},
      "watch": {"en": "What to watch for ...", "zh_TW": "..."},
      "view": "loss",
      "config": {"hidden": [500, 500], "activation": "sigmoid", ...},
      "variants": [{"batch_size": 1}, {"batch_size": "all"}]
    }

``config`` holds ``TrainingConfig`` fields; any field left out keeps its default. ``view`` names
the view worth looking at (loss, weights, predictions, speedlab, ...). ``variants`` (optional)
are overrides of ``config`` that the preset compares ("all" as batch size means the whole
training set).
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playground.atomic_file import write_text_atomically
from playground.regular_files import FileTooLargeError, NotRegularFileError, read_regular_text
from playground.resources import resource_path
from playground.training.rich_text import plain_title, sanitize

log = logging.getLogger(__name__)

FORMAT = 1
LANGUAGES = ("en", "zh_TW")

# The TrainingConfig fields and the JSON types each accepts (checked before TrainingConfig is
# built so that a typo in a hand-edited file gets a message naming the field).
CONFIG_FIELDS: dict[str, tuple[type, ...]] = {
    "hidden": (list, tuple),
    "activation": (str,),
    "elu_alpha": (int, float),
    "maxout_pieces": (int,),
    "initializer": (str,),
    "loss": (str,),
    "optimizer": (str,),
    "optimizer_params": (dict,),
    "learning_rate": (int, float),
    "batch_size": (int,),
    "epochs": (int,),
    "seed": (int,),
    "dataset": (str,),
    "train_size": (int, type(None)),
    "validation_split": (int, float),
    "test_size": (int, type(None)),
    "dropout": (int, float),
    "l2": (int, float),
    "schedule": (str,),
    "rotation": (int, float),
    "shift": (int, float),
    "noise": (int, float),
}
MNIST_TRAIN = 60000
MAX_FILE_BYTES = 256 * 1024  # a preset is a few hundred bytes of settings and notes
MAX_FILES = 200  # presets per folder shown in the menu


class PresetError(ValueError):
    """A preset file is missing, unreadable or describes an invalid configuration."""

    def __init__(self, source: str | os.PathLike[str], reason: str) -> None:
        self.source = str(source)
        self.reason = reason
        super().__init__(f"{self.source}: {reason}")


@dataclass(frozen=True)
class Preset:
    key: str
    title: Mapping[str, str]
    watch: Mapping[str, str]
    config: Mapping[str, Any]
    view: str | None = None
    variants: tuple[Mapping[str, Any], ...] = ()
    race: str | None = None  # "SETTING=A,B": the preset can also start as a race of these
    path: Path | None = field(default=None, compare=False)
    builtin: bool = field(default=False, compare=False)

    def title_for(self, language: str) -> str:
        return _pick(self.title, language)

    def watch_for(self, language: str) -> str:
        return _pick(self.watch, language)

    def training_config(self, **overrides: Any):
        """The preset as a ``playground.training.TrainingConfig`` (overrides applied on top)."""
        from playground.training.config import TrainingConfig

        values = {**self.config, **overrides}
        if values.get("batch_size") == "all":
            values["batch_size"] = values.get("train_size") or MNIST_TRAIN
        return TrainingConfig.from_dict(values)

    def variant_configs(self) -> list:
        """One TrainingConfig per variant ("all" as batch size = the whole training set)."""
        return [self.training_config(**dict(v)) for v in self.variants]

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "format": FORMAT,
            "key": self.key,
            "title": dict(self.title),
            "watch": dict(self.watch),
            "view": self.view,
            "config": _jsonable(dict(self.config)),
        }
        if self.variants:
            data["variants"] = [dict(v) for v in self.variants]
        if self.race:
            data["race"] = self.race
        return data


def _pick(texts: Mapping[str, str], language: str) -> str:
    for lang in (language, language.split("_")[0], "en"):
        if texts.get(lang):
            return texts[lang]
    return next(iter(texts.values()), "")


def _jsonable(config: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for name, value in config.items():
        out[name] = list(value) if isinstance(value, tuple) else value
    return out


def builtin_folder() -> Path:
    return resource_path("presets")


def config_to_dict(config: Any) -> dict[str, Any]:
    """A TrainingConfig (or any mapping of its fields) as a JSON-able dict."""
    if isinstance(config, Mapping):
        values = dict(config)
    elif hasattr(config, "to_dict"):
        values = config.to_dict()
    else:
        values = {name: getattr(config, name) for name in CONFIG_FIELDS if hasattr(config, name)}
    return _jsonable(values)


def validate_config(config: Mapping[str, Any], source: str = "<preset>") -> None:
    """Raise PresetError naming the first wrong field; then TrainingConfig's own checks."""
    if not isinstance(config, Mapping):
        raise PresetError(source, '"config" must be an object of training settings')
    for name, value in config.items():
        if name not in CONFIG_FIELDS:
            known = ", ".join(CONFIG_FIELDS)
            raise PresetError(source, f'unknown setting "{name}" in "config" (known: {known})')
        expected = CONFIG_FIELDS[name]
        if isinstance(value, bool) or not isinstance(value, expected):
            kinds = " or ".join("null" if t is type(None) else t.__name__ for t in expected)
            raise PresetError(source, f'"{name}" must be {kinds}, not {value!r}')
    hidden = config.get("hidden", [])
    if not all(isinstance(u, int) and not isinstance(u, bool) and u > 0 for u in hidden):
        raise PresetError(source, f'"hidden" must list positive layer sizes, not {hidden!r}')
    from playground.training.config import TrainingConfig

    try:
        cfg = TrainingConfig.from_dict(config)
        available = MNIST_TRAIN if str(cfg.dataset).lower() == "mnist" else None
        problems = cfg.validate(n_train_available=available)
    except (TypeError, ValueError, OverflowError) as exc:  # say 10**400 as a float setting
        raise PresetError(source, f"invalid configuration: {exc}") from None
    if problems:
        text = "; ".join(f"{p.field}: {p.message}" for p in problems)
        raise PresetError(source, f"invalid configuration: {text}")


def _texts(data: Mapping[str, Any], name: str, source: str) -> dict[str, str]:
    value = data.get(name)
    if isinstance(value, str):
        value = {"en": value}
    if not isinstance(value, Mapping) or not value.get("en"):
        raise PresetError(source, f'"{name}" must be an object with at least an "en" text')
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise PresetError(source, f'"{name}" must map language codes to texts')
    clean = plain_title if name == "title" else sanitize  # the notes are shown as rich text
    return {lang: clean(text) for lang, text in value.items()}


def preset_from_dict(
    data: Any, source: str = "<preset>", path: Path | None = None, builtin: bool = False
) -> Preset:
    if not isinstance(data, Mapping):
        raise PresetError(source, "a preset file must hold one JSON object")
    version = data.get("format", FORMAT)
    if version != FORMAT:
        raise PresetError(source, f"preset format {version!r} is not supported (expected {FORMAT})")
    key = data.get("key") or (path.stem if path else None)
    if not isinstance(key, str) or not key or len(key) > 100:
        raise PresetError(source, '"key" must be a text of 1 to 100 characters')
    if "config" not in data:
        raise PresetError(source, 'missing "config" (the training settings)')
    config = data["config"]
    validate_config(config, source)
    view = data.get("view")
    if view is not None and not isinstance(view, str):
        raise PresetError(source, '"view" must be a text such as "loss"')
    variants = data.get("variants", [])
    if not isinstance(variants, list) or not all(isinstance(v, Mapping) for v in variants):
        raise PresetError(source, '"variants" must be a list of objects')
    for number, variant in enumerate(variants, 1):
        checked = {**config, **variant}
        if checked.get("batch_size") == "all":
            checked["batch_size"] = checked.get("train_size") or MNIST_TRAIN
        validate_config(checked, f"{source} (variant {number})")
    race = data.get("race")
    if race is not None:
        from playground.training.race import parse_variation

        try:
            parse_variation(race if isinstance(race, str) else "")
        except ValueError as exc:
            raise PresetError(source, f'"race": {exc}') from None
    return Preset(
        key=key,
        title=_texts(data, "title", source),
        watch=_texts(data, "watch", source),
        config=dict(config),
        view=view,
        variants=tuple(dict(v) for v in variants),
        race=race,
        path=path,
        builtin=builtin,
    )


def load_preset(path: str | os.PathLike[str], builtin: bool = False) -> Preset:
    """One preset file; PresetError (naming the file and the problem) for anything wrong."""
    path = Path(path)
    try:
        text = read_regular_text(path, MAX_FILE_BYTES)
    except NotRegularFileError as exc:
        raise PresetError(path, f"this is {exc.kind}, not a preset file") from None
    except FileTooLargeError as exc:
        raise PresetError(
            path, f"the file is {exc.size:,} bytes, more than {exc.limit:,}"
        ) from None
    except OSError as exc:
        raise PresetError(path, f"cannot read the file ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise PresetError(path, "the file is not UTF-8 text") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PresetError(path, f"not valid JSON (line {exc.lineno}: {exc.msg})") from None
    except RecursionError:
        raise PresetError(path, "not usable JSON (nested too deeply)") from None
    except ValueError as exc:  # a 5,000-digit number, ...
        raise PresetError(path, f"not usable JSON ({exc})") from None
    try:
        return preset_from_dict(data, str(path), path=path, builtin=builtin)
    except PresetError:
        raise
    except (TypeError, ValueError, OverflowError, RecursionError) as exc:
        raise PresetError(path, f"invalid preset ({type(exc).__name__}: {exc})") from None


def load_presets(
    folder: str | os.PathLike[str] | None = None,
    user_folder: str | os.PathLike[str] | None = None,
    errors: list[PresetError] | None = None,
) -> list[Preset]:
    """The built-in presets (or those in ``folder``), then the user's, sorted by file name.

    A user preset with the same key as a built-in one replaces it. Bad files raise PresetError,
    unless an ``errors`` list is given: then they are skipped and their errors appended.
    """
    found: dict[str, Preset] = {}
    sources: list[tuple[Path, bool]] = [(Path(folder) if folder else builtin_folder(), True)]
    if user_folder is not None:
        sources.append((Path(user_folder), False))
    for directory, builtin in sources:
        try:
            paths = sorted(directory.glob("*.json")) if directory.is_dir() else []
        except OSError as exc:  # an unreadable folder hides its presets, nothing else
            log.warning("presets in %s skipped: %s", directory, exc.strerror or exc)
            continue
        if len(paths) > MAX_FILES:
            log.warning("only the first %d of %d presets in %s", MAX_FILES, len(paths), directory)
            paths = paths[:MAX_FILES]
        for path in paths:
            try:
                preset = load_preset(path, builtin=builtin)
            except PresetError as exc:
                if errors is None:
                    raise
                log.warning("preset skipped: %s", exc)
                errors.append(exc)
                continue
            found.pop(preset.key, None)
            found[preset.key] = preset
    return list(found.values())


def save_preset(path: str | os.PathLike[str], preset: Preset) -> Path:
    """Write the preset as JSON atomically (a crash never leaves half a file behind)."""
    path = Path(path)
    data = preset.to_dict()
    preset_from_dict(data, str(path))  # never write a file that would not load again
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    write_text_atomically(path, text)
    return path


def new_preset(
    config: Any,
    title: str | Mapping[str, str],
    watch: str | Mapping[str, str] = "",
    key: str | None = None,
    view: str | None = None,
) -> Preset:
    """A preset from the current settings (for "Save current settings as preset")."""
    titles = {"en": title} if isinstance(title, str) else dict(title)
    watches = {"en": watch or titles.get("en", "")} if isinstance(watch, str) else dict(watch)
    slug = key or _slug(titles.get("en") or next(iter(titles.values()), "preset"))
    return Preset(slug, titles, watches, config_to_dict(config), view)


def _slug(text: str) -> str:
    chars = [c.lower() if c.isalnum() and c.isascii() else "-" for c in text]
    slug = "-".join(part for part in "".join(chars).split("-") if part)
    return slug or "preset"
