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
    from .config import Config
    from .pipeline import Project, Stats
    from .problems import Problems


class Context:
    def __init__(self, directory: Path, verbose: bool, quiet: bool, wait: float):
        self.directory = directory
        self.verbose = verbose
        self.quiet = quiet
        self.wait = wait

    def config(self) -> Config:
        from .config import load_config

        return load_config(self.directory)


pass_ctx = click.make_pass_decorator(Context)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-C", "directory", type=click.Path(file_okay=False, path_type=Path), default=".",
              help="Run in this project directory instead of the current one.")
@click.option("-v", "--verbose", is_flag=True, help="Print every file written.")
@click.option("-q", "--quiet", is_flag=True, help="Print only problems.")
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
    """Load config, hold the lock, and turn problems into output and an exit status."""
    from .errors import ConfigError, I18nflowError
    from .fsutil import project_lock
    from .pipeline import Stats
    from .problems import Problems

    try:
        config = ctx.config()
    except ConfigError as exc:
        click.echo(f"i18nflow: {exc}", err=True)
        sys.exit(2)
    problems = Problems(root=config.root)
    stats = Stats()
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
    _finish(ctx, config, problems, stats)


def _finish(ctx: Context, config: Config, problems: Problems, stats: Stats) -> None:
    for problem in problems.items:
        click.echo(str(problem), err=True)
    if ctx.verbose:
        for path in stats.written:
            click.echo(f"wrote {path.relative_to(config.root) if path.is_relative_to(config.root) else path}")
    if not ctx.quiet and (stats.written or stats.unchanged):
        click.echo(f"{len(stats.written)} files written, {stats.unchanged} unchanged")
    if problems.errors:
        click.echo(f"i18nflow: {len(problems.errors)} error(s); the other files were processed", err=True)
        sys.exit(1)


def _project(config: Config, problems: Problems) -> Project:
    from .pipeline import load_project

    return load_project(config, problems)


@cli.command()
@pass_ctx
def extract(ctx: Context) -> None:
    """Write a POT template per domain from the posts."""
    from . import pipeline

    with run(ctx) as (config, problems, stats):
        pipeline.extract(_project(config, problems), problems, stats)


@cli.command()
@locale_option
@pass_ctx
def update(ctx: Context, locales: tuple[str, ...]) -> None:
    """Extract, then merge into each locale's PO files like msgmerge."""
    from . import pipeline

    with run(ctx) as (config, problems, stats):
        project = _project(config, problems)
        templates = pipeline.extract(project, problems, stats)
        pipeline.update(project, templates, pipeline.target_locales(config, locales), problems, stats)


@cli.command()
@locale_option
@render_options
@pass_ctx
def render(ctx: Context, locales: tuple[str, ...], include_fuzzy: bool, include_machine: bool) -> None:
    """Write the localized copy of every post from the PO files."""
    from . import pipeline

    with run(ctx) as (config, problems, stats):
        project = _project(config, problems)
        pipeline.render(project, pipeline.target_locales(config, locales), problems, stats,
                        include_fuzzy=include_fuzzy, include_machine=include_machine)


@cli.command()
@locale_option
@render_options
@pass_ctx
def sync(ctx: Context, locales: tuple[str, ...], include_fuzzy: bool, include_machine: bool) -> None:
    """Extract, update and render in one go."""
    from . import pipeline

    with run(ctx) as (config, problems, stats):
        chosen = pipeline.target_locales(config, locales)
        project = _project(config, problems)
        templates = pipeline.extract(project, problems, stats)
        merged = pipeline.update(project, templates, chosen, problems, stats)
        pipeline.render(project, chosen, problems, stats, include_fuzzy=include_fuzzy,
                        include_machine=include_machine, merged=merged)


@cli.command()
@locale_option
@click.option("--posts", is_flag=True, help="Also count per post.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              help="Output format (json: same as --json).")
@pass_ctx
def status(ctx: Context, locales: tuple[str, ...], posts: bool, as_json: bool, fmt: str) -> None:
    """Translated, machine, outdated and untranslated entries and words per locale."""
    from .stats import collect_status, format_status_table

    with run(ctx, lock=False) as (config, problems, _stats):
        from .pipeline import target_locales

        report = collect_status(_project(config, problems), target_locales(config, locales), problems, posts)
        if as_json or fmt == "json":
            click.echo(json.dumps(report, indent=2, ensure_ascii=False))
        else:
            click.echo(format_status_table(report, posts))


def main() -> None:
    cli(prog_name="i18nflow")


if __name__ == "__main__":
    main()
