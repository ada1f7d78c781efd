"""The project configuration: one validated :class:`Config`, read once per run.

Read from ``i18nflow.toml`` at the project root, or ``[tool.i18nflow]`` in ``pyproject.toml``.
The key names are a contract other tools (CI wiring, editors) rely on, so unknown keys are errors
rather than silently ignored: a typo such as ``locale = [...]`` must not leave a site untranslated.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import tomllib

from i18nflow.errors import ConfigError

CONFIG_FILE = "i18nflow.toml"

_TOP_KEYS = {
    "allow_outside_links",
    "source_locale",
    "locales",
    "content",
    "exclude",
    "front_matter",
    "locales_dir",
    "output",
    "domain",
    "render",
    "engines",
    "site",
    "threshold",
    "terms",
    "check",
    "dialect",
    "markup",
    "catalogs",
    "translate",
}
DIALECTS = ("kramdown", "goldmark", "commonmark")
_RENDER_OPTIONS = {"heading_ids", "add_lang"}
# Placeholders of the output pattern: {path} below the content glob's folder, {base} that folder
# (from the project root), {folder} the folder part of {path}, {stem} the file name without its
# extension and language suffix, {slug} and {name} as for domains, {locale} the target locale.
OUTPUT_FIELDS = ("locale", "path", "base", "folder", "stem", "slug", "name")
# Placeholders of the domain pattern; {slug}, {stem} and {name} name one post each, so two posts
# meeting on one of them is an accident (an error), while {dir} or a fixed name groups on purpose.
DOMAIN_FIELDS = ("slug", "stem", "name", "dir")
PER_POST_DOMAIN_FIELDS = ("{slug}", "{stem}", "{name}")


@dataclass(frozen=True)
class RenderOptions:
    """``[render]``: what a localized copy gets on top of the translated text.

    Every key other than the options is a front matter field to set, from a template such as
    ``permalink = "/{locale}{permalink}"`` (placeholders: locale, slug, path and any top-level
    front matter key of the post), which is what jekyll-polyglot style sites need.
    """

    fields: dict[str, str] = field(default_factory=dict)
    heading_ids: str = "none"  # "none" | "source"
    add_lang: bool = True


@dataclass(frozen=True)
class MarkupOptions:
    """``[markup]``: where sites differ in what their dialect's calls hold.

    ``code_shortcodes``: paired shortcodes whose body is code (None: the built-in list);
    ``shortcode_text`` / ``include_text``: per call name (``"*"``: every call), the parameters
    that are visible text, by name or position (``"0"``), as (name, parameters) pairs (None:
    the built-in lists); ``dollar_math``: ``$…$`` is inline math on this site.
    """

    code_shortcodes: tuple[str, ...] | None = None
    shortcode_text: tuple[tuple[str, tuple[str, ...]], ...] | None = None
    include_text: tuple[tuple[str, tuple[str, ...]], ...] | None = None
    dollar_math: bool = False


@dataclass(frozen=True)
class MachineLimits:
    """``[translate]``: how much of one post machine translation takes on.

    A generated table of thousands of cells, or a post of tens of thousands of entries, is data
    rather than prose: sending it costs more than the rest of the site, and nobody reviews it
    entry by entry. Such a block (or post) is still extracted, kept in the catalog for
    translators and rendered, but not machine translated. 0 means no limit. The defaults are far
    above any real post (the largest table of the test corpus has 80 cells, its largest post
    310 entries).
    """

    max_table_cells: int = 5_000
    max_post_entries: int = 20_000


@dataclass(frozen=True)
class Config:
    root: Path
    source_locale: str = "en"
    locales: tuple[str, ...] = ()
    content: tuple[str, ...] = ("content/**/*.md",)
    exclude: tuple[str, ...] = ()  # globs from the project root: files (or folders) that are not posts
    front_matter: tuple[str, ...] = ("title", "description")
    locales_dir: str = "locales"
    output: str = "build/{locale}/{path}"
    domain: str = "{slug}"
    render: RenderOptions = field(default_factory=RenderOptions)
    engines: dict[str, Any] = field(default_factory=dict)
    site: dict[str, Any] = field(default_factory=dict)
    threshold: dict[str, float] = field(default_factory=dict)
    terms: tuple[str, ...] = ()
    check: dict[str, Any] = field(default_factory=dict)
    dialect: str = "commonmark"  # the Markdown the site's builder reads (source/dialects/)
    markup: MarkupOptions = field(default_factory=MarkupOptions)
    wrap: int = 79  # [catalogs] wrap: the page width catalogs are written with; 0 = no wrapping
    machine_limits: MachineLimits = field(default_factory=MachineLimits)  # [translate]
    source_file: Path | None = None
    site_configured: bool = False  # a [site] table exists: the preview's own strings get catalogs
    allow_outside_links: bool = False  # posts may be symlinks to files outside the project

    @cached_property  # asked for every catalog of every post: a no-op run would build Paths for it
    def locales_path(self) -> Path:
        return self.root / self.locales_dir

    @cached_property
    def templates_path(self) -> Path:
        return self.locales_path / "templates"

    @property
    def state_path(self) -> Path:
        return self.root / ".i18nflow"

    def relative(self, path: Path) -> str:
        """A project file as messages and references name it: relative, with '/'."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def po_path(self, locale: str, domain: str) -> Path:
        return self.locales_path / locale / "LC_MESSAGES" / f"{domain}.po"

    def po_file(self, locale: str, domain: str) -> str:
        """:meth:`po_path` as a string, for loops over every catalog of a no-op run (Paths cost)."""
        return f"{self._locales_folder}/{locale}/LC_MESSAGES/{domain}.po"

    @cached_property
    def _locales_folder(self) -> str:
        return str(self.locales_path)

    def pot_path(self, domain: str) -> Path:
        return self.templates_path / f"{domain}.pot"

    @property
    def catalog_width(self) -> int:
        """The writer's page width: ``wrap``, or gettext's INT_MAX (``--no-wrap``) for 0."""
        return self.wrap if self.wrap > 0 else 2**31 - 1

    def threshold_for(self, locale: str) -> float:
        return float(self.threshold.get(locale, self.threshold.get("default", 0.0)))

    @property
    def single_domain(self) -> bool:
        """True when every post shares one catalog (the domain pattern has no per-post field)."""
        return "{" not in self.domain

    @property
    def domain_per_post(self) -> bool:
        """True when the domain pattern names single posts, so two posts sharing one is a mistake."""
        return any(field in self.domain for field in PER_POST_DOMAIN_FIELDS)


SITE_DOMAIN = "site"  # the HTML preview templates' catalog; never a post's domain


def find_config_file(root: Path) -> tuple[Path | None, dict[str, Any]]:
    """Locate the settings: ``i18nflow.toml`` wins over ``[tool.i18nflow]`` in pyproject."""
    own = root / CONFIG_FILE
    if own.is_file():
        return own, _read_toml(own)
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        table = _read_toml(pyproject).get("tool", {}).get("i18nflow")
        if isinstance(table, dict):
            return pyproject, table
    return None, {}


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"not valid UTF-8 ({exc.reason})", path) from None
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        raise ConfigError(f"invalid TOML: {getattr(exc, 'msg', exc)}", path, line) from None


def _fold_locale(locale: str) -> str:
    return locale.replace("-", "_").lower()


def load_config(root: str | Path = ".", *, require_content: bool = True) -> Config:
    """Read and validate the configuration of the project at ``root``."""
    root = Path(root).resolve()
    if not root.is_dir():
        raise ConfigError(f"project directory {root} does not exist")
    path, raw = find_config_file(root)
    if path is None:
        raise ConfigError(f"no {CONFIG_FILE} in {root}; run `i18nflow init`")
    where = path
    unknown = sorted(set(raw) - _TOP_KEYS)
    if unknown:
        raise ConfigError(
            f"unknown key {unknown[0]!r} (known keys: {', '.join(sorted(_TOP_KEYS))})", where
        )
    config = Config(
        root=root,
        source_locale=_locale(raw.get("source_locale", "en"), "source_locale", where),
        locales=tuple(
            _locale(value, "locales", where)
            for value in _string_list(raw.get("locales", []), "locales", where)
        ),
        content=tuple(_string_list(raw.get("content", ["content/**/*.md"]), "content", where)),
        exclude=tuple(_relative(value, "exclude", where) for value in _string_list(raw.get("exclude", []), "exclude", where)),
        front_matter=tuple(
            _string_list(raw.get("front_matter", ["title", "description"]), "front_matter", where)
        ),
        locales_dir=_relative(raw.get("locales_dir", "locales"), "locales_dir", where),
        output=_output_pattern(raw.get("output", "build/{locale}/{path}"), where),
        domain=_domain_pattern(raw.get("domain", "{slug}"), where),
        render=_render_options(raw.get("render", {}), where),
        engines=_engines(raw.get("engines", {}), where),
        site=_table(raw.get("site", {}), "site", where),
        threshold=_thresholds(raw.get("threshold", 0), where),
        terms=tuple(_string_list(raw.get("terms", []), "terms", where)),
        check=_table(raw.get("check", {}), "check", where),
        dialect=_dialect(raw.get("dialect"), root, where),
        markup=_markup(raw.get("markup", {}), where),
        wrap=_catalog_options(raw.get("catalogs", {}), where),
        machine_limits=_machine_limits(raw.get("translate", {}), where),
        source_file=path,
        site_configured="site" in raw,
        allow_outside_links=raw.get("allow_outside_links") is True,
    )
    # Locale folders and catalog names compare case-insensitively on some file systems, and a
    # reader takes "EN" for "en": compare them folded, as those readers do.
    folded = [_fold_locale(locale) for locale in config.locales]
    if _fold_locale(config.source_locale) in folded:
        same = config.locales[folded.index(_fold_locale(config.source_locale))]
        raise ConfigError(
            f"key 'locales' lists the source locale {config.source_locale!r}"
            + (f" (as {same!r})" if same != config.source_locale else ""), where
        )
    if len(set(folded)) != len(folded):
        raise ConfigError("key 'locales' lists a locale twice", where)
    _engine_choices(config.engines, config.locales, where)
    if raw.get("allow_outside_links", False) not in (True, False):
        raise ConfigError("key 'allow_outside_links' must be true or false", where)
    if require_content:
        from i18nflow.fsutil import glob_files

        for pattern in config.content:
            if not glob_files(root, pattern, first_only=True)[0]:
                raise ConfigError(f"key 'content': pattern {pattern!r} matches no file", where)
    return config


def detect_dialect(root: Path) -> str:
    """The Markdown dialect of the site at ``root``, from the builder's own config file.

    Jekyll's ``_config.yml`` means kramdown; Hugo's ``hugo.toml|yaml|json`` (or the older
    ``config.toml|yaml|json`` next to a ``content/`` folder) means goldmark; anything else is
    read as CommonMark.
    """
    if (root / "_config.yml").is_file() or (root / "_config.yaml").is_file():
        return "kramdown"
    if any((root / f"hugo.{ext}").is_file() for ext in ("toml", "yaml", "json")):
        return "goldmark"
    if (root / "content").is_dir() and any((root / f"config.{ext}").is_file() for ext in ("toml", "yaml", "json")):
        return "goldmark"
    return "commonmark"


def _dialect(value: Any, root: Path, where: Path) -> str:
    if value is None:
        return detect_dialect(root)
    if value not in DIALECTS:
        raise ConfigError(f"key 'dialect' must be one of {', '.join(DIALECTS)} (got {value!r})", where)
    return str(value)


def _markup(value: Any, where: Path) -> MarkupOptions:
    table = _table(value, "markup", where)
    known = {"code_shortcodes", "shortcode_text", "include_text", "dollar_math"}
    unknown = sorted(set(table) - known)
    if unknown:
        raise ConfigError(f"unknown key 'markup.{unknown[0]}' (known: {', '.join(sorted(known))})", where)

    def calls(key: str) -> tuple[tuple[str, tuple[str, ...]], ...] | None:
        if key not in table:
            return None
        names = _table(table[key], f"markup.{key}", where)
        return tuple(sorted((call, tuple(_string_list(params, f"markup.{key}.{call}", where)))
                            for call, params in names.items()))

    code = table.get("code_shortcodes")
    dollar = table.get("dollar_math", False)
    if not isinstance(dollar, bool):
        raise ConfigError("key 'markup.dollar_math' must be true or false", where)
    return MarkupOptions(
        code_shortcodes=None if code is None else tuple(_string_list(code, "markup.code_shortcodes", where)),
        shortcode_text=calls("shortcode_text"),
        include_text=calls("include_text"),
        dollar_math=dollar,
    )


def _locale(value: Any, key: str, where: Path) -> str:
    if not isinstance(value, str) or not value:
        raise ConfigError(f"key {key!r}: a locale must be a string like 'es' or 'pt_BR'", where)
    identifier = value.replace("-", "_")
    if _cldr_file_exists(identifier):
        return identifier
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(identifier)
    except (UnknownLocaleError, ValueError, TypeError):
        raise ConfigError(f"key {key!r}: unknown locale {value!r}", where) from None
    return identifier


def _cldr_file_exists(identifier: str) -> bool:
    """Babel keeps one data file per CLDR locale: finding ``es.dat`` answers without importing
    babel, which every command would otherwise do to read its settings (a no-op sync is mostly
    start-up). Anything else (aliases, other spellings) is left to ``Locale.parse``."""
    import importlib.util

    if not identifier.replace("_", "").isalnum():
        return False
    spec = importlib.util.find_spec("babel")
    folders = list(spec.submodule_search_locations or ()) if spec is not None else []
    return any(os.path.isfile(os.path.join(folder, "locale-data", f"{identifier}.dat")) for folder in folders)


def check_locale(value: Any, key: str, where: Path) -> str:
    """A locale as the settings accept it (known to CLDR), spelt ``pt_BR``; else ConfigError."""
    return _locale(value, key, where)


def _string_list(value: Any, key: str, where: Path) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ConfigError(f"key {key!r} must be a list of strings", where)
    return list(value)


def _table(value: Any, key: str, where: Path) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"key {key!r} must be a table", where)
    return dict(value)


def _engines(value: Any, where: Path) -> dict[str, Any]:
    """``[engines]``, with every ``[engines.<name>]`` table's keys checked now, so a typo or a
    secret written into the file is refused by every command, not only when that engine runs."""
    from i18nflow.engine_settings import check_settings

    engines = _table(value, "engines", where)
    for name, table in engines.items():
        if isinstance(table, dict):
            try:
                check_settings(name, table)
            except ConfigError as exc:
                raise ConfigError(exc.message, where) from None
    return engines


def _engine_choices(engines: dict[str, Any], locales: tuple[str, ...], where: Path) -> None:
    """Every ``[engines]`` key is ``default``, a configured locale or an engine's table: a typo
    (``es_ES = "apertium"``) would otherwise leave a locale on the default engine unnoticed."""
    for key, value in engines.items():
        if isinstance(value, dict):
            continue
        if not isinstance(value, str):
            raise ConfigError(f"key 'engines.{key}' must be an engine name or a table", where)
        if key != "default" and key.replace("-", "_") not in locales:
            raise ConfigError(
                f"key 'engines.{key}' is neither 'default', a configured locale ({', '.join(locales)}) "
                "nor an engine table", where
            )


def _relative(value: Any, key: str, where: Path) -> str:
    if not isinstance(value, str) or not value:
        raise ConfigError(f"key {key!r} must be a non-empty string", where)
    if Path(value).is_absolute() or ".." in Path(value).parts:
        raise ConfigError(f"key {key!r} must be a path inside the project", where)
    return value


def _output_pattern(value: Any, where: Path) -> str:
    value = _relative(value, "output", where)
    names = ("{path}", "{stem}", "{slug}", "{name}")
    if "{locale}" not in value or not any(name in value for name in names):
        raise ConfigError(
            "key 'output' must contain {locale} and the post's {path} (or its {folder}/{stem})", where
        )
    try:
        value.format(**{name: "x" for name in OUTPUT_FIELDS})
    except (KeyError, IndexError, ValueError) as exc:
        raise ConfigError(
            f"key 'output': unknown placeholder {exc} (use {', '.join('{' + f + '}' for f in OUTPUT_FIELDS)})", where
        ) from None
    return value


def _domain_pattern(value: Any, where: Path) -> str:
    if not isinstance(value, str) or not value:
        raise ConfigError("key 'domain' must be a non-empty string", where)
    try:
        sample = value.format(**{name: "s" for name in DOMAIN_FIELDS})
    except (KeyError, IndexError, ValueError) as exc:
        raise ConfigError(
            f"key 'domain': unknown placeholder {exc} (use {{slug}}, {{name}}, {{stem}} or {{dir}})", where
        ) from None
    if "/" in sample or "\\" in sample or sample.startswith(".") or sample == "site":
        raise ConfigError("key 'domain' must give a plain file name (and not 'site')", where)
    return value


def _render_options(value: Any, where: Path) -> RenderOptions:
    table = _table(value, "render", where)
    fields = {k: v for k, v in table.items() if k not in _RENDER_OPTIONS}
    for key, template in fields.items():
        if not isinstance(template, str):
            raise ConfigError(f"key 'render.{key}' must be a string template", where)
    heading_ids = table.get("heading_ids", "none")
    if heading_ids not in ("none", "source"):
        raise ConfigError("key 'render.heading_ids' must be 'none' or 'source'", where)
    add_lang = table.get("add_lang", True)
    if not isinstance(add_lang, bool):
        raise ConfigError("key 'render.add_lang' must be true or false", where)
    return RenderOptions(fields=dict(fields), heading_ids=heading_ids, add_lang=add_lang)


def _catalog_options(value: Any, where: Path) -> int:
    """``[catalogs]``: ``wrap = 79`` (msgcat's width), ``0`` for no wrapping (``msgcat --no-wrap``)."""
    table = _table(value, "catalogs", where)
    unknown = sorted(set(table) - {"wrap"})
    if unknown:
        raise ConfigError(f"unknown key 'catalogs.{unknown[0]}' (known keys: wrap)", where)
    wrap = table.get("wrap", 79)
    if isinstance(wrap, bool) or not isinstance(wrap, int) or wrap < 0 or 0 < wrap < 20:
        raise ConfigError("key 'catalogs.wrap' must be a line width of at least 20, or 0 for no wrapping", where)
    return wrap


def _machine_limits(value: Any, where: Path) -> MachineLimits:
    """``[translate]``: ``max_table_cells`` and ``max_post_entries`` (see :class:`MachineLimits`)."""
    table = _table(value, "translate", where)
    known = ("max_table_cells", "max_post_entries")
    unknown = sorted(set(table) - set(known))
    if unknown:
        raise ConfigError(f"unknown key 'translate.{unknown[0]}' (known keys: {', '.join(known)})", where)
    for key in known:
        number = table.get(key, 0)
        if isinstance(number, bool) or not isinstance(number, int) or number < 0:
            raise ConfigError(f"key 'translate.{key}' must be a whole number (0: no limit)", where)
    return MachineLimits(**table)


def _thresholds(value: Any, where: Path) -> dict[str, float]:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = {"default": value}
    table = _table(value, "threshold", where)
    for key, number in table.items():
        if isinstance(number, bool) or not isinstance(number, (int, float)) or not 0 <= number <= 100:
            raise ConfigError(f"key 'threshold.{key}' must be a percentage from 0 to 100", where)
    return {k: float(v) for k, v in table.items()}
