"""Command line: parse options, call the pipeline, print what happened. Nothing else lives here.

Imports of the heavy modules happen inside the commands, so ``i18nflow --help`` starts fast.
Exit status: 0 all well, 1 some file had an error (the others were still processed), 2 usage
or configuration error.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from i18nflow.config import Config
    from i18nflow.fsutil import Stats
    from i18nflow.problems import Problems
    from i18nflow.progress import Progress
    from i18nflow.source.project import Project


class Context:
    def __init__(self, directory: Path, verbose: bool, quiet: bool, wait: float):
        self.directory = directory
        self.verbose = verbose
        self.quiet = quiet
        self.wait = wait
        self.fmt = "text"  # --format of the command: json output is alone on stdout
        self.untranslated: list[Any] = []  # run_report.Untranslated, named with -v and in last-run.json
        self.extra: dict[str, Any] = {}  # a command's own part of the JSON report

    def config(self) -> Config:
        from i18nflow.config import load_config

        return load_config(self.directory)

    def progress(self) -> Progress:
        """Progress on stderr for long steps; silent with -q."""
        from i18nflow.progress import Progress

        return Progress(enabled=not self.quiet)


pass_ctx = click.make_pass_decorator(Context)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-C", "directory", type=click.Path(file_okay=False, path_type=Path), default=".",
              help="Run in this project directory instead of the current one.")
@click.option("-v", "--verbose", is_flag=True, help="Print every file written, and every string left untranslated.")
@click.option("-q", "--quiet", is_flag=True, help="Print only problems (no progress either).")
@click.option("--wait", type=float, default=0.0, metavar="SECONDS",
              help="Wait this long for another run's project lock instead of refusing.")
@click.version_option(package_name="i18nflow")
@click.pass_context
def cli(ctx: click.Context, directory: Path, verbose: bool, quiet: bool, wait: float) -> None:
    """Publish Markdown posts in many languages through gettext catalogs."""
    ctx.obj = Context(directory, verbose, quiet, wait)


def locale_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--locale", "-l", "locales", multiple=True, metavar="LOCALE",
                        help="Only this locale (repeatable). Default: all configured.")(func)


def render_options(func: Callable[..., Any]) -> Callable[..., Any]:
    func = click.option("--include-fuzzy", is_flag=True,
                        help="Also use fuzzy entries (machine and outdated), for previews.")(func)
    func = click.option("--include-machine", is_flag=True,
                        help="Also use machine translations awaiting review (not outdated ones).")(func)
    return func


@contextmanager
def run(ctx: Context, lock: bool = True) -> Iterator[tuple[Config, Problems, Stats]]:
    """Load config, hold the lock, and turn problems into output and an exit status.

    Writing commands (``lock``) keep their report in ``.i18nflow/last-run.json``; with
    ``--format json`` it is also the only thing printed on stdout.
    """
    from i18nflow.errors import ConfigError, I18nflowError
    from i18nflow.fsutil import Stats
    from i18nflow.problems import Problems
    from i18nflow.sync.lock import project_lock

    try:
        config = ctx.config()
    except ConfigError as exc:
        click.echo(f"i18nflow: {exc}", err=True)
        sys.exit(2)
    from i18nflow.fsutil import confined

    problems = Problems(root=config.root)
    # read-only commands print their own report; json lists every file written
    stats = Stats(reported=lock, keep_paths=ctx.verbose or ctx.fmt == "json")
    with confined(config.root):  # no file outside the project is read, written or deleted
        try:
            if lock:
                with project_lock(config.state_path, ctx.wait):
                    yield config, problems, stats
            else:
                yield config, problems, stats
        except ConfigError as exc:
            click.echo(f"i18nflow: {exc}", err=True)
            sys.exit(2)
        except I18nflowError as exc:
            problems.add(exc)
        _finish(ctx, config, problems, stats, lock)


def _finish(ctx: Context, config: Config, problems: Problems, stats: Stats, lock: bool) -> None:
    if stats.to_flush:
        from i18nflow.fsutil import flush_to_disk

        flush_to_disk()
    if lock or ctx.fmt == "json":
        from i18nflow.sync.run_report import run_report, save_last_run

        command = click.get_current_context().command.name or ""
        report = run_report(command, config, problems, stats, ctx.untranslated, ctx.extra)
        if lock:
            save_last_run(config, report)
        if ctx.fmt == "json":
            click.echo(json.dumps(report, indent=2, ensure_ascii=False))
    for problem in problems.items:
        click.echo(str(problem), err=True)
    if ctx.verbose:
        for item in ctx.untranslated:
            click.echo(str(item), err=True)
    if ctx.verbose and ctx.fmt != "json":
        for path in stats.written:
            click.echo(f"wrote {path.relative_to(config.root) if path.is_relative_to(config.root) else path}")
    if not ctx.quiet and stats.reported and ctx.fmt != "json":
        skipped = f", {stats.skipped} posts up to date" if stats.skipped else ""
        click.echo(f"{stats.written_count} files written, {stats.unchanged} unchanged{skipped}")
    if problems.errors:
        click.echo(f"i18nflow: {len(problems.errors)} error(s); the other files were processed", err=True)
        sys.exit(1)


def _project(config: Config, problems: Problems, progress: Progress | None = None) -> Project:
    from i18nflow.source.project import load_project

    if progress is None:
        return load_project(config, problems)
    from i18nflow.source.content import iter_post_paths

    with progress.step("reading posts", sum(1 for _ in iter_post_paths(config))) as step:
        return load_project(config, problems, advance=step.advance)


def format_option(func: Callable[..., Any]) -> Callable[..., Any]:
    def remember(click_ctx: click.Context, _param: click.Parameter, value: str) -> str:
        click_ctx.ensure_object(Context).fmt = value
        return value

    return click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
                        expose_value=False, callback=remember, is_eager=False,
                        help="json: files written and skipped, every problem and untranslated string "
                             "(docs/run-json.md), alone on stdout.")(func)


@cli.command()
@pass_ctx
def extract(ctx: Context) -> None:
    """Write a POT template per domain from the posts."""
    from i18nflow.sync import pipeline

    with run(ctx) as (config, problems, stats):
        progress = ctx.progress()
        try:
            pipeline.extract(_project(config, problems, progress), problems, stats, progress=progress)
        finally:
            progress.stop()


def scale_options(func: Callable[..., Any]) -> Callable[..., Any]:
    func = click.option("--shard", metavar="I/N", default=None,
                        help="Only the I-th of N shards of the posts (1-based), for one CI job each.")(func)
    func = click.option("--jobs", "-j", "workers", type=int, default=None, metavar="N",
                        help="Worker processes (default: one per core).")(func)
    func = click.option("--no-cache", is_flag=True,
                        help="Ignore .i18nflow/state and redo every post.")(func)
    return func


def _shard(value: str | None) -> tuple[int, int] | None:
    if value is None:
        return None
    try:
        index, count = (int(part) for part in value.split("/"))
    except ValueError:
        raise click.BadParameter("use I/N, e.g. 1/4", param_hint="--shard") from None
    if not 1 <= index <= count:
        raise click.BadParameter("I must be between 1 and N", param_hint="--shard")
    return index - 1, count


def _run_pipeline(ctx: Context, config: Config, options: Any, problems: Problems, stats: Stats) -> None:
    """The run with progress on stderr, and the strings machine translation left untranslated named."""
    from i18nflow.sync import pipeline
    from i18nflow.sync.run_report import locate_failures

    progress = ctx.progress()
    options.progress = progress
    if options.translate is not None:
        options.translate.progress = progress
    try:
        pipeline.run(config, options, problems, stats)
    finally:
        progress.stop()
        if options.translate is not None and options.translate.failures and options.write:
            ctx.untranslated = locate_failures(config, options.translate.failures)


@cli.command()
@locale_option
@scale_options
@click.option("--fix-headers", is_flag=True,
              help="Set Language and Plural-Forms from CLDR where they do not fit the locale "
                   "(plural translations re-sized, none lost).")
@format_option
@pass_ctx
def update(ctx: Context, locales: tuple[str, ...], shard: str | None, workers: int | None, no_cache: bool,
           fix_headers: bool) -> None:
    """Extract, then merge into each locale's PO files like msgmerge."""
    from i18nflow.sync import pipeline

    with run(ctx) as (config, problems, stats):
        options = pipeline.RunOptions(tuple(pipeline.target_locales(config, locales)), render=False,
                                      shard=_shard(shard), workers=workers,
                                      use_state=not (no_cache or fix_headers), fix_headers=fix_headers, label="update")
        _run_pipeline(ctx, config, options, problems, stats)


def html_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--html", is_flag=True,
                        help="Also build the HTML preview site ([site] output, default build/site).")(func)


@cli.command()
@locale_option
@render_options
@html_option
@format_option
@pass_ctx
def render(ctx: Context, locales: tuple[str, ...], include_fuzzy: bool, include_machine: bool, html: bool) -> None:
    """Write the localized copy of every post from the PO files."""
    from i18nflow.sync import pipeline

    with run(ctx) as (config, problems, stats):
        chosen = pipeline.target_locales(config, locales)
        options = pipeline.RunOptions(tuple(chosen), update=False, use_state=False, include_fuzzy=include_fuzzy,
                                      include_machine=include_machine, preview=html, label="render")
        _run_pipeline(ctx, config, options, problems, stats)


def sync_options(config: Config, ctx: Context, locales: tuple[str, ...], include_fuzzy: bool,
                 include_machine: bool, html: bool, shard: str | None, workers: int | None,
                 no_cache: bool) -> Any:
    """What ``sync`` (and each round of ``watch``) runs."""
    from i18nflow.sync import pipeline
    from i18nflow.translate.pretranslate import Pretranslator

    return pipeline.RunOptions(tuple(pipeline.target_locales(config, locales)), include_fuzzy=include_fuzzy,
                               include_machine=include_machine, shard=_shard(shard), workers=workers,
                               use_state=not no_cache, translate=Pretranslator(config), site=html, preview=html,
                               preview_state=not no_cache)


@cli.command()
@locale_option
@render_options
@html_option
@scale_options
@format_option
@pass_ctx
def sync(ctx: Context, locales: tuple[str, ...], include_fuzzy: bool, include_machine: bool, html: bool,
         shard: str | None, workers: int | None, no_cache: bool) -> None:
    """Extract, update and render in one go (only what changed since the last run)."""
    with run(ctx) as (config, problems, stats):
        options = sync_options(config, ctx, locales, include_fuzzy, include_machine, html, shard, workers, no_cache)
        _run_pipeline(ctx, config, options, problems, stats)


@cli.command()
@locale_option
@render_options
@html_option
@click.option("--debounce", type=click.IntRange(50), default=400, show_default=True, metavar="MS",
              help="Wait until files have been quiet this long before a run.")
@pass_ctx
def watch(ctx: Context, locales: tuple[str, ...], include_fuzzy: bool, include_machine: bool, html: bool,
          debounce: int) -> None:
    """Sync (and with --html rebuild the preview) whenever posts, catalogs or templates change.

    Runs one sync at start, then one per burst of changes, until interrupted (Ctrl-C).
    """
    from i18nflow.sync.watch import watch_project

    def one_run() -> None:
        with run(ctx) as (config, problems, stats):
            options = sync_options(config, ctx, locales, include_fuzzy, include_machine, html, None, None, False)
            _run_pipeline(ctx, config, options, problems, stats)

    def guarded() -> None:
        try:
            one_run()
        except SystemExit:  # a run with errors: reported; keep watching for the fix
            pass

    try:
        config = ctx.config()
    except Exception as exc:  # noqa: BLE001 - ConfigError: the same message and status as any command
        from i18nflow.errors import ConfigError

        if isinstance(exc, ConfigError):
            click.echo(f"i18nflow: {exc}", err=True)
            sys.exit(2)
        raise
    watch_project(config, guarded, debounce=debounce, html=html,
                  announce=None if ctx.quiet else lambda text: click.echo(f"i18nflow: {text}", err=True),
                  reload=ctx.config)


@cli.command()
@locale_option
@click.option("--engine", default=None, metavar="NAME",
              help="Use this engine for every chosen locale (apertium, pseudo, libre, google, deepl, llm, ...).")
@click.option("--dry-run", is_flag=True, help="Print what would be sent and what it costs; call and write nothing.")
@click.option("--strict", is_flag=True, help="Exit 1 when any string could not be translated.")
@click.option("--trust-memory", is_flag=True,
              help="Fill reviewed translations of identical msgids from other catalogs as reviewed, not fuzzy.")
@click.option("--refresh", is_flag=True,
              help="Also translate again machine translations nobody has reviewed yet (after a change of "
                   "engine, model, prompt or glossary).")
@format_option
@pass_ctx
def translate(ctx: Context, locales: tuple[str, ...], engine: str | None, dry_run: bool, strict: bool,
              trust_memory: bool, refresh: bool) -> None:
    """Fill untranslated entries by machine translation, marked fuzzy for review."""
    from i18nflow.sync import pipeline
    from i18nflow.translate.pretranslate import Pretranslator, format_report, report_json

    with run(ctx) as (config, problems, stats):
        translator = Pretranslator(config, engine, dry_run, trust_memory)
        options = pipeline.RunOptions(tuple(pipeline.target_locales(config, locales)), render=False,
                                      write=not dry_run, use_state=False, translate=translator, refresh=refresh,
                                      label="translate")
        _run_pipeline(ctx, config, options, problems, stats)
        ctx.extra = {"translate": report_json(translator, dry_run)}
        if ctx.fmt == "text" and (not ctx.quiet or dry_run):
            click.echo(format_report(translator, dry_run))
        if strict and translator.failures:
            problems.error(f"{len(translator.failures)} strings could not be machine translated (--strict)")


@cli.command()
@locale_option
@click.option("--posts", is_flag=True, help="Also count per post.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              help="Output format (json: same as --json).")
@click.option("--html", "html", is_flag=True,
              help="Write the progress page alone (the preview's home page) to the [site] output folder.")
@pass_ctx
def status(ctx: Context, locales: tuple[str, ...], posts: bool, as_json: bool, fmt: str, html: bool) -> None:
    """Reviewed, machine, imported, outdated and untranslated entries and words per locale."""
    from i18nflow.gettext.stats import collect_status, format_status_table

    with run(ctx, lock=html) as (config, problems, stats):
        from i18nflow.sync.pipeline import target_locales

        chosen = target_locales(config, locales)
        if html:
            from i18nflow.site.dashboard import write_status_page

            write_status_page(_project(config, problems), chosen, problems, stats)
            return
        report = collect_status(_project(config, problems), chosen, problems, posts)
        if as_json or fmt == "json":
            click.echo(json.dumps(report, indent=2, ensure_ascii=False))
        else:
            click.echo(format_status_table(report, posts))


@cli.command(name="import")
@click.argument("files", nargs=-1, metavar="[SOURCE_POST TRANSLATED_POST]")
@click.option("--locale", "-l", required=True, metavar="LOCALE", help="The language of the translations.")
@click.option("--from", "source_from", metavar="PATTERN|FOLDER",
              help="Pair every post with a translation: a path pattern such as "
                   "'content/es/{path}' ({path} {dir} {stem} {slug} {name} {locale}), or a folder "
                   "searched by shared page_id/ref/translationKey, path, file name or slug.")
@click.option("--trust", is_flag=True,
              help="Import as reviewed when the alignment is certain (same blocks, same links).")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=0.25, show_default=True,
              help="Pairs below this confidence are reported, not imported.")
@click.option("--dry-run", is_flag=True, help="Print the report; write nothing.")
@format_option
@pass_ctx
def import_(ctx: Context, files: tuple[str, ...], locale: str, source_from: str | None, trust: bool,
            min_confidence: float, dry_run: bool) -> None:
    """Bring hand-translated posts into the locale's catalogs, aligned block by block."""
    from i18nflow.importer import importer

    if files and (len(files) != 2 or source_from):
        raise click.UsageError("give SOURCE_POST and TRANSLATED_POST, or --from (not both)")
    with run(ctx, lock=not dry_run) as (config, problems, stats):
        stats.reported = not dry_run
        result = importer.import_translations(
            config, problems, stats, locale, files=files, source_from=source_from, trust=trust,
            dry_run=dry_run, min_confidence=min_confidence)
        ctx.extra = importer.report_json(result)
        if ctx.fmt == "text":
            click.echo(importer.format_report(result))


@cli.command()
@locale_option
@click.option("--fuzzy", is_flag=True,
              help="Also check fuzzy entries (machine translations and outdated ones).")
@click.option("--style", is_flag=True,
              help="Also warn about style, like pofilter: repeated words, end punctuation, "
                   "untranslated text, sentence count (Markdown-aware).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text",
              help="text (grouped by file), json (docs/check-json.md) or github (annotations).")
@click.option("--no-cache", is_flag=True,
              help="Recompute everything instead of reusing the cache in ~/.cache/i18nflow/check/.")
@click.option("--workers", type=click.IntRange(1), default=None, metavar="N",
              help="Worker processes (default: one per core, when the site is large).")
@pass_ctx
def check(ctx: Context, locales: tuple[str, ...], fuzzy: bool, style: bool, fmt: str, no_cache: bool,
          workers: int | None) -> None:
    """Are the locales in order? Stale catalogs, broken files, translation QA, thresholds.

    Writes nothing to the project. Exit status 0 when no error is found (warnings are fine),
    1 when any is, 2 for usage or configuration errors.
    """
    import os

    from i18nflow.check.report import format_github, format_json, format_text
    from i18nflow.check.runner import check_options, run_check

    ok = True
    with run(ctx, lock=False) as (config, _problems, _stats):
        from i18nflow.sync.pipeline import target_locales

        options = check_options(config, target_locales(config, locales), fuzzy=True if fuzzy else None,
                                cache=False if no_cache else None, workers=workers,
                                style=True if style else None)
        progress = ctx.progress()  # stderr: stdout is the report
        try:
            report = run_check(config, options, progress)
        finally:
            progress.stop()
        ok = report.ok
        if fmt == "json":
            click.echo(format_json(report))
        elif fmt == "github":
            click.echo(format_github(report))
        elif not (ctx.quiet and ok and not report.findings):
            color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
            click.echo(format_text(report, color=color), color=color)
    if not ok:
        sys.exit(1)


@cli.command(name="compile")
@locale_option
@click.option("--include-fuzzy", is_flag=True, help="Also compile fuzzy entries (for previews).")
@click.option("--output-dir", "-o", type=click.Path(file_okay=False, path_type=Path), default=None,
              metavar="DIR", help="Write DIR/<locale>/LC_MESSAGES/<domain>.mo (DIR relative to the "
                                  "project) instead of next to each PO file.")
@pass_ctx
def compile_(ctx: Context, locales: tuple[str, ...], include_fuzzy: bool, output_dir: Path | None) -> None:
    """Compile every PO file into a .mo file for gettext consumers (reviewed entries only)."""
    from i18nflow.gettext.mo import compile_catalogs

    with run(ctx) as (config, problems, stats):
        from i18nflow.sync.pipeline import target_locales

        compile_catalogs(config, target_locales(config, locales), problems, stats,
                         include_fuzzy=include_fuzzy, output_dir=output_dir)


@cli.group()
def glossary() -> None:
    """The project's glossary (glossary/<locale>.csv or .tbx)."""


@glossary.command()
@locale_option
@click.option("--min-count", type=click.IntRange(1), default=2, show_default=True,
              help="Only terms found at least this often.")
@pass_ctx
def suggest(ctx: Context, locales: tuple[str, ...], min_count: int) -> None:
    """Print candidate terms (capitalized words and phrases, product names) as a glossary CSV,
    with counts, leaving out what the glossary of every chosen locale already has."""
    from i18nflow.translate.glossary import load_glossary
    from i18nflow.translate.glossary_suggest import candidates_csv, suggest_terms

    with run(ctx, lock=False) as (config, problems, stats):
        from i18nflow.sync.pipeline import target_locales

        project = _project(config, problems)
        texts = [segment.msgid for segments in project.segments.values() for segment in segments]
        glossaries = [load_glossary(config.root, locale, config.source_locale)
                      for locale in target_locales(config, locales)]
        subjects = [domain.replace("-", " ") for domain in project.domains()]
        click.echo(candidates_csv(suggest_terms(texts, glossaries, min_count, subjects)), nl=False)


@cli.command()
@click.option("--locale", "-l", "locales", multiple=True, metavar="LOCALE",
              help="A language to translate into (repeatable). Default: the site's other languages.")
@click.option("--source-locale", default=None, metavar="LOCALE", help="The pages' language (default: detected, else en).")
@click.option("--layout", type=click.Choice(["polyglot", "jekyll-folders", "filename", "directory", "build"]),
              default=None, help="Where localized pages go (default: the generator's convention).")
@click.option("--pyproject", is_flag=True, help="Write [tool.i18nflow] into pyproject.toml instead of i18nflow.toml.")
@click.option("--dry-run", is_flag=True, help="Print the settings; write nothing.")
@pass_ctx
def init(ctx: Context, locales: tuple[str, ...], source_locale: str | None, layout: str | None, pyproject: bool,
         dry_run: bool) -> None:
    """Adopt an existing Jekyll, Hugo or Markdown site: detect it and write commented settings."""
    from i18nflow.adopt.init import init_project
    from i18nflow.adopt.report import format_result
    from i18nflow.errors import ConfigError

    try:
        result = init_project(ctx.directory, list(locales), layout=layout, source_locale=source_locale,
                              pyproject=pyproject, dry_run=dry_run)
    except ConfigError as exc:
        click.echo(f"i18nflow: {exc}", err=True)
        sys.exit(2)
    click.echo(format_result(result, quiet=ctx.quiet))


def _stop_on_sigterm() -> None:
    """SIGTERM (a CI timeout, ``kill``, systemd) ends a run as Ctrl-C does: the interruption
    unwinds the run, which stops its workers and releases the lock, and exits 1 ("Aborted!")."""
    import signal

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


def _global_options_after_subcommand() -> None:
    """``i18nflow sync -q`` as well as ``i18nflow -q sync``: each command also takes the global
    options, which update the group's settings (parsed first) when given."""

    def setter(name: str) -> Callable[[click.Context, click.Parameter, Any], None]:
        def set_value(click_ctx: click.Context, _param: click.Parameter, value: Any) -> None:
            if value not in (None, False):
                setattr(click_ctx.ensure_object(Context), name, value)

        return set_value

    for command in cli.commands.values():
        command.params += [
            click.Option(["-C", "directory"], type=click.Path(file_okay=False, path_type=Path), default=None,
                         expose_value=False, callback=setter("directory"),
                         help="Run in this project directory instead of the current one."),
            click.Option(["-v", "--verbose"], is_flag=True, expose_value=False, callback=setter("verbose"),
                         help="Print every file written, and every string left untranslated."),
            click.Option(["-q", "--quiet"], is_flag=True, expose_value=False, callback=setter("quiet"),
                         help="Print only problems (no progress either)."),
            click.Option(["--wait"], type=float, default=None, metavar="SECONDS", expose_value=False,
                         callback=setter("wait"), help="Wait this long for another run's project lock."),
        ]


_global_options_after_subcommand()


def _fewer_full_collections() -> None:
    """Full passes of the cycle collector a hundredth as often (default thresholds 700, 10, 10):
    each catalog a run builds and drops set one off over everything alive (33 passes, a third of
    a sync of 100,000 entries). The data is acyclic; young collections stay; workers inherit it."""
    import gc

    young, middle, _old = gc.get_threshold()
    gc.set_threshold(young, middle, 1000)


def main() -> None:
    _stop_on_sigterm()
    _fewer_full_collections()
    cli(prog_name="i18nflow")


if __name__ == "__main__":
    main()
