"""Untranslated entries → reuse → translation memory → engine → fuzzy entries for review.

Runs in the main process between update and render (see ``pipeline.run``): it gets every
untranslated (msgctxt, msgid) of the chosen locales, sends each distinct msgid once, and returns
what each domain job writes into its PO files. A machine translation is always ``fuzzy`` with a
translator comment naming the engine and pair, so PO editors show it as needing review and
render uses it only when asked. An entry that already has a msgstr is never touched.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from i18nflow.config import Config
from i18nflow.errors import ConfigError
from i18nflow.problems import Problems

if TYPE_CHECKING:  # the catalog code loads only when strings are translated: a no-op sync stays light
    from i18nflow.gettext.catalogs import Key

Fill = tuple[str, str, bool]  # msgstr, translator comment, fuzzy
Fills = dict[str, dict[str, dict["Key", Fill]]]  # domain → locale → key → fill
MAX_MACHINE_CHARS = 100_000  # longer strings are not machine translated (reported)
ONLINE = ("libre", "libretranslate", "google", "deepl", "microsoft", "mymemory", "yandex", "llm")


@dataclass
class EngineSettings:
    """``[engines]``: ``default``, per-locale choices, and ``[engines.<name>]`` tables."""

    default: str = "auto"
    per_locale: dict[str, str] = field(default_factory=dict)
    tables: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def from_config(cls, config: Config) -> EngineSettings:
        settings = cls()
        where = config.source_file
        for key, value in config.engines.items():
            if isinstance(value, dict):
                settings.tables[key] = value
            elif not isinstance(value, str):
                raise ConfigError(f"key 'engines.{key}' must be an engine name or a table", where)
            elif key == "default":
                settings.default = value
            elif key.replace("-", "_") in config.locales:
                settings.per_locale[key.replace("-", "_")] = value
            else:
                raise ConfigError(
                    f"key 'engines.{key}' is neither 'default', a configured locale nor an engine table", where
                )
        return settings

    def choice(self, locale: str, override: str | None) -> str:
        return override or self.per_locale.get(locale) or self.default


@dataclass
class LocaleReport:
    engine: str = ""
    strings: int = 0
    characters: int = 0
    from_memory: int = 0
    reused: int = 0
    translated: int = 0
    failed: int = 0
    requests: int = 0
    cost: float | None = None
    input_tokens: int = 0  # estimated: characters ÷ 4
    output_tokens: int = 0
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Failure:
    """A string the engine could not translate, with the catalog it stays untranslated in."""

    locale: str
    domain: str
    msgctxt: str | None
    msgid: str
    reason: str


@dataclass
class Pretranslator:
    """The ``translate`` callback ``pipeline.run`` calls with every untranslated entry."""

    config: Config
    engine_override: str | None = None
    dry_run: bool = False
    trust_memory: bool = False
    progress: Any = None  # an i18nflow.progress.Progress: strings translated, per locale
    reports: dict[str, LocaleReport] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)

    def wants(self, locale: str) -> bool:
        """False for a locale whose engine is "none": its untranslated keys need not be collected."""
        return EngineSettings.from_config(self.config).choice(locale, self.engine_override) != "none"

    def __call__(self, wanted: Mapping[str, Mapping[str, list[Key]]], problems: Problems) -> Fills:
        settings = EngineSettings.from_config(self.config)
        by_locale: dict[str, dict[str, list[Key]]] = {}
        for domain, locales in wanted.items():
            for locale, keys in locales.items():
                by_locale.setdefault(locale, {})[domain] = keys
        fills: Fills = {}
        for locale, domains in sorted(by_locale.items()):
            self._translate_locale(locale, domains, settings, problems, fills)
        return fills

    def _translate_locale(
        self, locale: str, domains: dict[str, list[Key]], settings: EngineSettings, problems: Problems, fills: Fills
    ) -> None:
        from i18nflow.gettext.catalogs import MACHINE_COMMENT, REUSE_COMMENT

        report = self.reports.setdefault(locale, LocaleReport())
        msgids = list(dict.fromkeys(key[1] for keys in domains.values() for key in keys))
        reused = {} if self.dry_run else reviewed_elsewhere(self.config, locale, set(msgids), problems)
        report.reused = len(reused)
        remaining = [m for m in msgids if m not in reused]
        oversized = [m for m in remaining if len(m) > MAX_MACHINE_CHARS]
        if oversized:
            # A block this big (a data dump pasted as one paragraph, a generated table row) is
            # no text a translator reviews as one entry; splitting and protecting it costs more
            # than the rest of the site. It stays untranslated, and the user hears why.
            remaining = [m for m in remaining if len(m) <= MAX_MACHINE_CHARS]
            problems.warning(
                f"{len(oversized)} string(s) for {locale} longer than {MAX_MACHINE_CHARS:,} characters not sent to "
                f"machine translation (the longest: {max(len(m) for m in oversized):,} characters, "
                f"{oversized[0][:40]!r}...)"
            )
        engine = choose_engine(
            self.config, settings, locale, self.engine_override, problems, bool(remaining), probe=not self.dry_run
        )
        results: dict[str, str] = {}
        failed: dict[str, str] = {}
        if engine is not None and remaining and hasattr(engine, "use_glossary"):
            from i18nflow.translate.glossary import load_glossary

            engine.use_glossary(load_glossary(self.config.root, locale, self.config.source_locale))
        if engine is not None and remaining:
            # an online engine's label asks the server for its language codes: not in a dry run
            source = self.config.source_locale
            asks = self.dry_run and getattr(engine, "label_asks_server", True)
            report.engine = f"{engine.name} {source}→{locale}" if asks else engine.label(source, locale)
            if self.dry_run and getattr(engine, "context_aware", False):
                from i18nflow.translate.batches import estimate_in_context

                estimate = estimate_in_context(self.config, engine, locale, _by_domain(domains, remaining))
                for name, value in vars(estimate).items():
                    setattr(report, name, value)
            elif self.dry_run:
                self._estimate(engine, locale, remaining, report)
            else:
                results, failed = self._run_engine(engine, locale, remaining, report, problems, domains)
        for domain, keys in domains.items():
            for key in keys:
                if key[1] in failed:
                    self.failures.append(Failure(locale, domain, key[0], key[1], failed[key[1]]))
                if key[1] in reused:
                    msgstr, origin = reused[key[1]]
                    fill: Fill = (msgstr, f"{REUSE_COMMENT} {origin}", not self.trust_memory)
                elif key[1] in results:
                    fill = (results[key[1]], f"{MACHINE_COMMENT} {report.engine}", True)
                else:
                    continue
                fills.setdefault(domain, {}).setdefault(locale, {})[key] = fill

    def _estimate(self, engine: Any, locale: str, msgids: list[str], report: LocaleReport) -> None:
        from i18nflow.translate.engines import planned_requests
        from i18nflow.translate.memory import TranslationMemory

        pieces = planned_requests(engine, msgids, self.config.terms)
        with TranslationMemory(self.config.state_path / "memory.sqlite") as memory:
            known = memory.lookup_many(engine.name, self.config.source_locale, locale, pieces)
        report.strings = len(msgids)
        report.from_memory = len(known)
        report.requests = len(pieces) - len(known)
        report.characters = sum(len(p) for p in pieces if p not in known)
        price = getattr(engine, "price_per_million", None)
        if price is not None:
            report.cost = report.characters * price / 1_000_000

    def _run_engine(
        self, engine: Any, locale: str, msgids: list[str], report: LocaleReport, problems: Problems,
        domains: dict[str, list[Key]],
    ) -> tuple[dict[str, str], dict[str, str]]:
        """Translations by msgid, and the reason for each msgid that got none."""
        from i18nflow.translate.engines import EngineFailure, translate_segments
        from i18nflow.translate.memory import TranslationMemory

        source = self.config.source_locale
        report.strings += len(msgids)  # a locale can be asked twice: posts, then the site's strings
        report.characters += sum(len(m) for m in msgids)
        results: dict[str, str] = {}
        failed: dict[str, str] = {}

        def take(batch: list[str], answers: list[Any]) -> None:
            translated = 0
            for msgid, answer in zip(batch, answers, strict=True):
                if isinstance(answer, EngineFailure):
                    failed[msgid] = answer.reason
                else:
                    results[msgid] = answer
                    translated += 1
            step.advance(len(batch), strings=translated)

        with _step(self.progress, f"translate {locale} ({report.engine})", len(msgids)) as step:
            if getattr(engine, "context_aware", False):
                from i18nflow.translate.batches import translate_in_context

                translate_in_context(self.config, engine, locale, _by_domain(domains, msgids), take)
                report_usage(engine, report)
            else:
                with TranslationMemory(self.config.state_path / "memory.sqlite") as memory:
                    for start in range(0, len(msgids), 200):
                        # memory is saved per batch: an interrupted run keeps what was translated
                        batch = msgids[start : start + 200]
                        take(batch, translate_segments(engine, batch, source, locale, self.config.terms, memory))
                if memory.failure is not None:
                    problems.warning(f"translation memory not used ({memory.failure}); the answers of this run "
                                     "are in the catalogs but will be asked for again", self.config.relative(memory.path))
        for warning in getattr(engine, "warnings", []):
            problems.warning(warning)
        report.translated += len(results)
        report.failed += len(failed)
        if failed:
            reasons = sorted(set(failed.values()))
            problems.warning(
                f"{len(failed)} of {len(msgids)} strings for {locale} stay untranslated "
                f"({report.engine}): {'; '.join(reasons[:3])}"
                + ("" if len(msgids) == len(failed) else "; each is listed with -v and in .i18nflow/last-run.json")
            )
        return results, failed


def _by_domain(domains: dict[str, list[Key]], msgids: list[str]) -> list[tuple[str, list[Key], list[str]]]:
    """Each domain with its keys and the msgids to translate that it has first, in post order."""
    left = dict.fromkeys(msgids)
    groups = []
    for domain, keys in domains.items():
        mine = [key[1] for key in keys if key[1] in left]
        for msgid in mine:
            del left[msgid]
        if mine:
            groups.append((domain, keys, list(dict.fromkeys(mine))))
    return groups


def report_usage(engine: Any, report: LocaleReport) -> None:
    """Requests, estimated tokens and retries of an engine that counts them (``llm``)."""
    usage = getattr(engine, "usage", None)
    if usage is None:
        return
    report.requests = usage.requests
    report.input_tokens = usage.input_chars // 4
    report.output_tokens = usage.output_chars // 4
    if usage.retried_http:
        report.notes.append(f"{usage.retried_http} requests retried after HTTP 429/5xx")
    if usage.retried_alone:
        report.notes.append(f"{usage.retried_alone} strings asked again alone after a rejected answer")


def choose_engine(
    config: Config,
    settings: EngineSettings,
    locale: str,
    override: str | None,
    problems: Problems,
    needed: bool,
    probe: bool = True,
) -> Any | None:
    """The engine for a locale: Apertium where its pair is installed, else an online one.

    ``probe=False`` (dry runs) takes an online engine's availability on trust: asking a server
    which languages it has is already a request.
    """
    from i18nflow.translate.engines import create_engine

    name = settings.choice(locale, override)
    source = config.source_locale
    if name == "none":
        return None
    if name != "auto":
        engine = create_engine(name, settings.tables.get(name, {}), config.root)
        if (not probe and _is_online(name, settings.tables.get(name, {}))) or engine.available(source, locale):
            return engine
        if needed:
            why = getattr(engine, "unavailable_reason", None)
            problems.warning(f"machine translation engine {name!r} cannot translate {source}→{locale}"
                             f"{f' ({why})' if why else ''}; entries for {locale} stay untranslated")
        return None
    candidates = ["apertium"] + [n for n, t in settings.tables.items() if _is_online(n, t)]
    for candidate in candidates:
        engine = create_engine(candidate, settings.tables.get(candidate, {}), config.root)
        if (not probe and candidate != "apertium") or engine.available(source, locale):
            return engine
    if needed:
        problems.warning(
            f"no machine translation engine for {locale}: Apertium has no {source}→{locale} pair "
            "installed and no reachable online engine is configured ([engines.<name>]); "
            f"entries for {locale} stay untranslated"
        )
    return None


def _is_online(name: str, table: Mapping[str, Any]) -> bool:
    provider = str(table.get("provider", name)).lower()
    return provider in ONLINE


def reviewed_elsewhere(config: Config, locale: str, msgids: set[str], problems: Problems) -> dict[str, tuple[str, str]]:
    """Reviewed translations of the same msgid in any catalog of the locale: msgid → (msgstr, file)."""
    import sqlite3

    from i18nflow.errors import I18nflowError
    from i18nflow.translate.reuse import reviewed_elsewhere as lookup

    folder = config.locales_path / locale / "LC_MESSAGES"
    database = config.state_path / "memory.sqlite"
    try:
        return lookup(config.root, folder, database, msgids)
    except (sqlite3.Error, OSError, I18nflowError) as exc:
        reason = getattr(exc, "message", None) or getattr(exc, "strerror", None) or str(exc)
        problems.warning(f"reviewed translations of other catalogs not reused ({reason})", config.relative(database))
        return {}


class _NoStep:
    def __enter__(self) -> _NoStep:
        return self

    def __exit__(self, *args: object) -> None:
        return None

    def advance(self, amount: int = 1, strings: int = 0) -> None:
        return None


def _step(progress: Any, label: str, total: int) -> Any:
    """A step of ``progress`` (strings done, strings translated), or nothing to report to."""
    return _NoStep() if progress is None else progress.step(label, total, unit="strings")


def report_json(translator: Pretranslator, dry_run: bool) -> dict[str, Any]:
    """Per locale what ``format_report`` says, for ``--format json``."""
    return {
        "dry_run": dry_run,
        "locales": {locale: asdict(report) for locale, report in sorted(translator.reports.items())},
    }


def format_report(translator: Pretranslator, dry_run: bool) -> str:
    """Per locale: engine, strings, from memory/reused, translated or to send, characters, cost."""
    if not translator.reports:
        return "nothing to translate: every entry has a translation"
    lines = []
    for locale, report in sorted(translator.reports.items()):
        engine = report.engine or "no engine"
        cost = f", cost {report.cost:.4f}" if report.cost is not None else ""
        tokens = (f", ~{report.input_tokens} input + ~{report.output_tokens} output tokens "
                  "(estimated as characters ÷ 4)") if report.input_tokens else ""
        if dry_run and report.input_tokens:
            lines.append(
                f"{locale}: {engine}: {report.strings} strings, {report.reused} reused, "
                f"{report.from_memory} pieces from memory, {report.characters} characters in "
                f"{report.requests} requests would be sent{tokens}{cost}"
            )
        elif dry_run:
            lines.append(
                f"{locale}: {engine}: {report.strings} strings, {report.reused} reused, "
                f"{report.from_memory} pieces from memory, {report.requests} pieces "
                f"({report.characters} characters) would be sent{cost}"
            )
        else:
            sent = f", {report.requests} requests{tokens}" if report.input_tokens else ""
            notes = "".join(f"; {note}" for note in report.notes)
            lines.append(
                f"{locale}: {engine}: {report.translated} machine-translated (fuzzy), "
                f"{report.reused} reused, {report.failed} failed{sent}{notes}"
            )
    return "\n".join(lines)
