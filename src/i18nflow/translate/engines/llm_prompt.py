"""The ``llm`` engine's prompt: a versioned template file, and the messages of one request.

The template is the system message (the package's ``prompts/translate.txt`` unless
``[engines.llm] prompt`` names a project file); the user message is always the JSON of the
strings, so the answer's shape never depends on a user's wording. A ``version: N`` first line
names the template's version, which is part of the translation memory key: a new version asks
the model again (on ``translate --refresh``), a typo fix that keeps the version does not. A
template without one is versioned by its digest.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from string import Template

from i18nflow.errors import ConfigError
from i18nflow.translate.engines.base import PostContext

DEFAULT_TEMPLATE = Path(__file__).with_name("prompts") / "translate.txt"
VARIABLES = ("source_language", "target_language", "title", "context", "glossary", "retry")
_VERSION = re.compile(r"\A\s*version\s*:\s*(\S+)\s*\n")
_CONTEXT_BLOCKS = 2  # blocks before and after a batch
_CONTEXT_CHARS = 400  # of each context block


@dataclass(frozen=True)
class GlossaryLine:
    """One glossary entry as the prompt shows it."""

    term: str
    translation: str
    note: str = ""
    dnt: bool = False


@dataclass(frozen=True)
class PromptTemplate:
    text: str
    version: str
    path: Path

    def system(self, variables: dict[str, str]) -> str:
        try:
            return Template(self.text).substitute(variables).strip() + "\n"
        except KeyError as exc:
            raise ConfigError(
                f"unknown variable ${exc.args[0]} in the prompt template (known: "
                + ", ".join("$" + v for v in VARIABLES) + ")", self.path
            ) from None
        except ValueError as exc:
            raise ConfigError(f"prompt template: {exc} (write $$ for a dollar sign)", self.path) from None


def load_template(path: Path | None = None) -> PromptTemplate:
    """Read a prompt template; comment lines (``#``) are dropped, ``version:`` is read."""
    path = path or DEFAULT_TEMPLATE
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the prompt template: {exc}", path) from None
    match = _VERSION.match(raw)
    body = raw[match.end():] if match else raw
    text = "\n".join(line for line in body.splitlines() if not line.startswith("#"))
    version = match.group(1) if match else "sha-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    template = PromptTemplate(text, version, path)
    template.system(dict.fromkeys(VARIABLES, ""))  # unknown variables fail now, not mid-run
    return template


def context_text(post: PostContext, positions: Sequence[int]) -> str:
    """The blocks just before and just after a batch's strings, quoted, each cut short."""
    known = [p for p in positions if p >= 0]
    if not known or not post.blocks:
        return "(none)"
    first, last = min(known), max(known)
    before = post.blocks[max(first - _CONTEXT_BLOCKS, 0):first]
    after = post.blocks[last + 1:last + 1 + _CONTEXT_BLOCKS]
    lines = []
    for label, blocks in (("Before:", before), ("After:", after)):
        if blocks:
            lines.append(label)
            lines.extend("> " + " ".join(_cut(block).split()) for block in blocks)
    return "\n".join(lines) if lines else "(none)"


def glossary_text(entries: Sequence[GlossaryLine]) -> str:
    if not entries:
        return "(no entries for these strings)"
    lines = []
    for entry in entries:
        target = "do not translate: keep it as it is" if entry.dnt else entry.translation
        note = f" ({entry.note})" if entry.note else ""
        lines.append(f"- {entry.term} → {target}{note}")
    return "\n".join(lines)


def retry_text(reason: str | None) -> str:
    if not reason:
        return ""
    return (f"\nA previous answer for this string was rejected: {reason}. "
            "Translate it again and follow every rule.")


def user_message(texts: Sequence[str]) -> str:
    """The strings as JSON, ids "1", "2", … in order."""
    strings = [{"id": str(number), "text": text} for number, text in enumerate(texts, 1)]
    return json.dumps({"strings": strings}, ensure_ascii=False)


def _cut(block: str) -> str:
    return block if len(block) <= _CONTEXT_CHARS else block[:_CONTEXT_CHARS].rsplit(" ", 1)[0] + " …"
