"""What ``init`` tells the user: what it found, what it wrote, what to add to the generator."""

from __future__ import annotations

from i18nflow.adopt.init import InitResult

_GENERATORS = {"jekyll": "Jekyll", "hugo": "Hugo", "markdown": "plain Markdown"}


def format_result(result: InitResult, quiet: bool = False) -> str:
    site, proposal = result.site, result.proposal
    lines: list[str] = []
    if not result.written:
        lines += [f"# {result.path.name} (dry run: nothing written)", result.text.rstrip("\n"), ""]
    if not quiet:
        found = f" ({site.config_file})" if site.config_file else ""
        lines.append(f"Detected a {_GENERATORS[site.generator]} site{found}: {proposal.posts} pages in "
                     f"{', '.join(base or '.' for base in site.bases)}, written in {site.source_locale}.")
        if result.written:
            lines.append(f"Wrote {result.path.name}: layout {proposal.layout.name!r}, "
                         f"locales {', '.join(proposal.locales)}, domain {proposal.domain!r}.")
    for problem in proposal.problems:
        lines.append(f"warning: {problem}")
    if result.snippet:
        file, text = result.snippet
        lines += ["", f"Add to {file}:", "", text.rstrip("\n"), ""]
    if not quiet:
        lines.append("Next: i18nflow sync --html   (then open build/site/index.html)")
    return "\n".join(lines)
