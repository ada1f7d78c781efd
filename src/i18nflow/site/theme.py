"""The preview's Jinja2 templates and their own translatable strings (the ``site`` domain).

Templates ship in the package and a project overrides them file by file from its
``templates/`` folder. Their strings ("Other languages", "Back to all articles") go through the
same gettext workflow as the posts: babel's Jinja2 extractor builds ``site.pot``, and pages
read the locale's reviewed ``site.po`` through ``jinja2.ext.i18n`` with babel's
``Translations``. Jinja marks a translated template string as safe HTML, so a ``site.po``
translation passes the same publishing rule as a post's before it is compiled
(:func:`site_string_problem`). And Jinja's new-style gettext formats *every* string with
``%`` (``Volver al 100% de los artículos`` is ``% d`` to it), so a translation is used only when
it formats with the names its msgid uses; otherwise the template's own text is shown.
"""

from __future__ import annotations

import copy
import gettext
import io
import re
from collections.abc import Iterator
from pathlib import Path

import jinja2
import jinja2.bccache
import polib
from babel.messages.catalog import PYTHON_FORMAT
from babel.messages.extract import extract
from babel.support import Translations

from i18nflow.config import SITE_DOMAIN, Config
from i18nflow.errors import CatalogError, I18nflowError
from i18nflow.gettext.catalogs import entry_state, now_stamp, plural_forms, template_header
from i18nflow.gettext.headers import header_line
from i18nflow.gettext.plural_forms import nplurals
from i18nflow.gettext.po import read_po
from i18nflow.problems import Problems
from i18nflow.site.options import SiteOptions, site_options
from i18nflow.site.template_files import PACKAGE_TEMPLATES, TemplateFile, template_files
from i18nflow.source.safety import refusal

SITE_TITLE_CONTEXT = "site title"
_DIRECTIVE = re.compile(r"%(?:\(([^)]*)\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(.?)")
_KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}


class TemplateError(I18nflowError):
    """A preview template cannot be read or rendered; names the template file and line."""

    kind = "template error"


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates shared by the locales' environments of a process: they differ only in
    their gettext, which compiled code looks up when it runs, so a template is compiled once,
    not once per language (Jinja keys it by file name and checks its source's digest)."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        found = self.compiled.get(bucket.key)
        if found is not None:
            bucket.bytecode_from_string(found)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if len(self.compiled) > 256:
            self.compiled.clear()
        self.compiled[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()


def environment(config: Config, options: SiteOptions, translations: gettext.NullTranslations) -> jinja2.Environment:
    """A Jinja2 environment for one locale: autoescaping everywhere, undefined names are errors."""
    search = [str(config.root / options.templates), str(PACKAGE_TEMPLATES)]
    env = jinja2.Environment(
        bytecode_cache=_COMPILED,
        loader=jinja2.FileSystemLoader(search),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        keep_trailing_newline=True,
        auto_reload=False,  # no stat of every template per page: an edited one makes a new environment
    )
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    return env


def site_template(config: Config, date: str | None = None) -> polib.POFile:
    """The ``site`` domain's POT: every string of the templates in use, and the site title."""
    options = site_options(config)
    pot = polib.POFile(wrapwidth=79)
    pot.metadata = template_header(SITE_DOMAIN, date or now_stamp())
    entries: dict[tuple[str | None, str], polib.POEntry] = {}
    if options.title:
        title = polib.POEntry(msgctxt=SITE_TITLE_CONTEXT, msgid=options.title, msgstr="")
        title.comment = "site title ([site] title in the configuration)"
        entries[(SITE_TITLE_CONTEXT, options.title)] = title
        pot.append(title)
    for template in template_files(config, options):
        if not template.name.endswith(".html"):
            continue
        for line, msgid, plural, context, comments in _messages(template):
            entry = entries.get((context, msgid))
            if entry is None:
                entry = polib.POEntry(msgctxt=context, msgid=msgid, msgstr="")
                if plural:
                    entry.msgid_plural = plural
                    entry.msgstr_plural = {0: "", 1: ""}
                entry.comment = "\n".join(comments)
                if PYTHON_FORMAT.search(msgid) or (plural and PYTHON_FORMAT.search(plural)):
                    entry.flags.append("python-format")  # so msgfmt -c checks translations
                entries[(context, msgid)] = entry
                pot.append(entry)
            entry.occurrences.append((template.ref, str(line)))
    return pot


def _messages(template: TemplateFile) -> Iterator[tuple[int, str, str | None, str | None, list[str]]]:
    options = {"trimmed": "true", "newstyle_gettext": "true", "silent": "false"}
    try:
        with template.path.open("rb") as handle:
            for line, message, comments, context in extract(
                "jinja2.ext:babel_extract",
                handle,
                keywords=_KEYWORDS,
                comment_tags=("Translators:",),
                options=options,
            ):
                if isinstance(message, tuple):
                    yield line, message[0], message[1], context, list(comments)
                elif message:
                    yield line, message, None, context, list(comments)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(exc.message or "syntax error", template.ref, exc.lineno) from None
    except OSError as exc:
        raise TemplateError(f"cannot read: {exc.strerror}", template.ref) from None


_ENVIRONMENTS: dict[tuple[str, str, frozenset[str], str], tuple[jinja2.Environment, str]] = {}


def locale_environment(
    config: Config, options: SiteOptions, locale: str, allowed: frozenset[str], problems: Problems, key: str
) -> tuple[jinja2.Environment, str]:
    """The locale's template environment and its site title, made once per process.

    Jinja compiles each template once per environment, so keeping the environment is keeping
    the compiled templates; ``key`` (a digest of the templates and the ``site`` catalogs)
    changes when they do, so a long-running ``watch`` picks up an edited template.
    """
    cache_key = (str(config.root), locale, allowed, key)
    found = _ENVIRONMENTS.get(cache_key)
    if found is None:
        translations = load_translations(config, locale, problems, allowed)
        title = translations.pgettext(SITE_TITLE_CONTEXT, options.title)
        found = environment(config, options, translations), title
        if len(_ENVIRONMENTS) > 64:
            _ENVIRONMENTS.clear()
        _ENVIRONMENTS[cache_key] = found
    return found


def load_translations(
    config: Config, locale: str, problems: Problems, allowed: frozenset[str] = frozenset({"reviewed"})
) -> gettext.NullTranslations:
    """The locale's safe ``site.po`` strings in the ``allowed`` states (reviewed only, unless the
    build shows machine or outdated translations too); the template's own text otherwise."""
    path = config.po_path(locale, SITE_DOMAIN)
    if locale == config.source_locale or not path.exists():
        return gettext.NullTranslations()
    try:
        catalog = read_po(path)
    except CatalogError as exc:
        problems.add(exc)
        return gettext.NullTranslations()
    reviewed = polib.POFile()
    reviewed.metadata = dict(catalog.metadata)
    ref = path.relative_to(config.root).as_posix() if path.is_relative_to(config.root) else str(path)
    for entry in catalog:
        if not entry.msgid or entry.obsolete or entry_state(entry) not in allowed:
            continue
        problem = site_string_problem(entry)
        if problem:
            problems.error(f"template translation for {locale} not used ({problem[1]}): {entry.msgid[:60]!r}",
                           ref, entry.linenum, check=problem[0])
            continue
        if "fuzzy" in entry.flags:  # a machine or outdated one asked for: compiled like any other
            entry = copy.copy(entry)
            entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
        reviewed.append(entry)
    translations = _compiled(reviewed)
    if translations is None:
        # A Plural-Forms gettext's C grammar allows may still be more than Python's gettext
        # compiles (it refuses deep nesting) or divide by zero for some n: the pages are built
        # with CLDR's rule for the locale, never with a crash half-way through the site.
        problems.error(f"the preview cannot use this Plural-Forms for {locale}; CLDR's rule is used "
                       f"(`i18nflow update --fix-headers` sets it)", ref, _plural_forms_line(path),
                       check="header")
        reviewed.metadata["Plural-Forms"] = plural_forms(locale)
        translations = _compiled(reviewed) or gettext.NullTranslations()
    return translations


_PROBE = (*range(0, 201), 1_000, 10_000, 100_000, 1_000_000, 1_000_001)


def _compiled(catalog: polib.POFile) -> gettext.NullTranslations | None:
    """The catalog as gettext translations, or None when its plural rule cannot be compiled
    or gives, for a count a page may show, an error or a form the catalog does not have."""
    try:
        translations = Translations(io.BytesIO(catalog.to_binary()), domain=SITE_DOMAIN)
        count = nplurals(catalog.metadata.get("Plural-Forms", ""))
        rule = getattr(translations, "plural", None)
        if rule is not None and any(not 0 <= rule(n) < count for n in _PROBE):
            return None
    except (ValueError, SyntaxError, RecursionError, ArithmeticError, TypeError, MemoryError):
        return None
    return translations


def _plural_forms_line(path: Path) -> int | None:
    try:
        return header_line(path.read_text(encoding="utf-8", errors="replace").splitlines(), "Plural-Forms")
    except OSError:
        return None


class _Arguments(dict[str, str]):
    """The variables a template passes: the names its msgid uses, and no other."""

    def __missing__(self, key: str) -> str:
        raise KeyError(key)


def site_string_problem(entry: polib.POEntry) -> tuple[str, str] | None:
    """(check, message) when a ``site.po`` translation must not be used; ``check`` reports
    the same. The site title is shown as text, never formatted; every other string is."""
    texts = [entry.msgstr, *entry.msgstr_plural.values()] if entry.msgid_plural else [entry.msgstr]
    texts = [text for text in texts if text]
    for text in texts:
        refused = refusal(entry.msgid, text)
        if refused:
            return refused.check, refused.message
    if entry.msgctxt == SITE_TITLE_CONTEXT:
        return None
    names = {name for name, _ in _directives(entry.msgid) + _directives(entry.msgid_plural or "")}
    arguments = _Arguments({name: "1" for name in names if name})
    if entry.msgid_plural:
        arguments["num"] = "1"
    for text in texts:
        unnamed = [f"%{kind}" for name, kind in _directives(text) if name is None and None not in names]
        if unnamed:  # "%s" formats the whole dict of variables: no crash, but garbage on the page
            return "format", f"it cannot be formatted as the template formats it: {unnamed[0]} has no name (write %% for a literal %)"
        try:
            text % arguments
        except (KeyError, ValueError, TypeError) as exc:
            return "format", f"it cannot be formatted as the template formats it: {_format_error(exc)}"
    return None


def _directives(text: str) -> list[tuple[str | None, str]]:
    """(name or None, conversion) of each %-directive, ``%%`` left out: python-format's view."""
    return [(m.group(1), m.group(2)) for m in _DIRECTIVE.finditer(text) if m.group(2) != "%"]


def _format_error(exc: Exception) -> str:
    if isinstance(exc, KeyError):
        return f"%({exc.args[0]})s is not a name the source uses (write %% for a literal %)"
    return f"{exc} (write %% for a literal %)"
