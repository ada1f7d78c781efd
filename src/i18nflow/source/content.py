"""Posts as the exact text on disk, split into front matter and body.

A :class:`Post` keeps the decoded source text untouched (line endings, tabs, trailing spaces),
so rendering can splice translations into it and otherwise reproduce the file byte for byte.
Front matter (YAML ``---``, TOML ``+++``, or a JSON object) is parsed by ``frontmatter/`` with
the position of every value: that is what lets render patch a value in place instead of
re-dumping the header (which loses comments, key order and quoting, as python-frontmatter's
dump does).
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from i18nflow.config import Config
from i18nflow.errors import ContentError, I18nflowError
from i18nflow.fsutil import glob_files, outside_project, read_regular
from i18nflow.source.naming import (  # noqa: F401  (re-exported: where posts used to be named)
    domain_of,
    folder_of,
    output_relative,
    output_relatives,
    safe_name,
    slug_of,
)
from i18nflow.source.selection import SourceFilter

BOM = "\ufeff"
MAX_POST_BYTES = 10_000_000
_FENCE_CLOSERS = {"---": ("---", "..."), "+++": ("+++",)}
_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
if TYPE_CHECKING:  # PyYAML loads when a post is parsed, not for a run that finds nothing to do
    import yaml


@dataclass(frozen=True)
class Post:
    """One source article, as read from disk."""

    path: Path  # absolute
    ref: str  # path relative to the project root, with '/', as written in PO references
    rel: str  # path below its content folder: the {path} of the output pattern
    text: str  # decoded text without BOM
    bom: bool
    fm_format: str | None  # "yaml", "toml", "json" or None
    fm_start: int  # offset of the first front matter line after the opening fence (JSON: the "{")
    fm_end: int  # offset of the closing fence line (JSON: just after the closing "}")
    body_start: int  # offset of the first body character
    body_line: int  # 0-based line number of the first body line
    digest: str  # sha256 of the file's bytes

    @property
    def stem(self) -> str:
        return Path(self.rel).stem

    @property
    def slug(self) -> str:
        return slug_of(self.rel)

    @property
    def folder(self) -> str:
        return folder_of(self.rel)

    @property
    def base(self) -> str:
        """The content folder the post was found below, from the project root ("" for the root)."""
        return self.ref[: len(self.ref) - len(self.rel)].rstrip("/")

    @property
    def body(self) -> str:
        return self.text[self.body_start :]

    @property
    def newline(self) -> str:
        """The post's own line ending, used for lines render adds."""
        first = re.search(r"\r\n|\r|\n", self.text)
        return first.group(0) if first else "\n"

    @cached_property
    def _header_tree(self) -> object | None:
        from i18nflow.source.frontmatter.header import parse_header

        return parse_header(self)

    def header_tree(self) -> object | None:
        """The front matter parsed with positions (offsets in ``text``): YAML nodes, a
        :class:`~i18nflow.source.frontmatter.toml_block.TomlHeader` or JSON nodes; None
        without a header. A broken header raises :class:`ContentError` naming its line."""
        return self._header_tree

    def yaml_root(self) -> yaml.Node | None:
        """The composed YAML node tree of the front matter (positions relative to ``text``)."""
        return self._header_tree if self.fm_format == "yaml" else None  # type: ignore[return-value]

    def line_of(self, offset: int) -> int:
        """1-based line number of a character offset in ``text``."""
        return count_lines(self.text, 0, offset) + 1


def count_lines(text: str, start: int, end: int) -> int:
    """Line breaks between two offsets (CRLF counts once, a lone CR counts)."""
    chunk = text[start:end]
    return chunk.count("\n") + chunk.count("\r") - chunk.count("\r\n")


def split_lines(text: str) -> list[str]:
    """Lines with their own line endings; CommonMark's three kinds of line ending."""
    return _LINE_RE.findall(text)


def decode(data: bytes, path: Path) -> tuple[str, bool]:
    """Strict UTF-8 decoding; an error names the line of the first bad byte."""
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        raise ContentError("file is UTF-16; save it as UTF-8", path, 1)
    nul = data.find(b"\x00")
    if nul >= 0:
        # UTF-16 without a byte order mark decodes as "valid" UTF-8 full of NULs; no text has
        # them, and a PO file cannot hold one.
        raise ContentError(
            "file contains NUL bytes: it is binary or UTF-16 without a byte order mark; save it as UTF-8",
            path,
            data.count(b"\n", 0, nul) + 1,
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ContentError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); save it as UTF-8",
            path,
            line,
        ) from None
    if text.startswith(BOM):
        return text[1:], True
    return text, False


def load_post(path: Path, root: Path, base: Path) -> Post:
    """Read one post; raise :class:`ContentError` naming file and line for anything unreadable."""
    ref = _relative_ref(path, root)
    try:
        size = path.stat().st_size
        if size > MAX_POST_BYTES:
            # Parsing is linear but slow (about 2 s per MB, three parses per locale): a post
            # this big is a data dump or a generated file, not an article to translate.
            raise ContentError(
                f"post is {size / 1_000_000:.1f} MB; i18nflow reads posts up to "
                f"{MAX_POST_BYTES // 1_000_000} MB (split it, or leave it out of 'content')",
                ref,
                1,
            )
        # Regular files only (a FIFO would hang the run, /dev/zero fill the memory); where a
        # post may lead is decided when posts are listed (allow_outside_links).
        data = read_regular(path, confined=False, limit=MAX_POST_BYTES)
    except OSError as exc:
        raise ContentError(f"cannot read: {exc.strerror}", ref) from None
    except ContentError:
        raise
    except I18nflowError as exc:
        raise ContentError(exc.message, ref) from None
    text, bom = decode(data, Path(ref))
    fm_format, fm_start, fm_end, body_start = _split_front_matter(text, ref)
    post = Post(
        path=path,
        ref=ref,
        rel=_relative_ref(path, base),
        text=text,
        bom=bom,
        fm_format=fm_format,
        fm_start=fm_start,
        fm_end=fm_end,
        body_start=body_start,
        body_line=count_lines(text, 0, body_start),
        digest=hashlib.sha256(data).hexdigest(),
    )
    post.header_tree()  # validate now, so a broken header is reported by extract
    return post


def relative_ref(path: Path, base: Path) -> str:
    return _relative_ref(path, base)


def _relative_ref(path: Path, base: Path) -> str:
    # string slicing: pathlib's relative_to was a third of a no-op sync over 1,000 posts
    text, prefix = str(path), str(base).rstrip(os.sep) + os.sep
    if text.startswith(prefix):
        return text[len(prefix) :].replace(os.sep, "/")
    return text.replace(os.sep, "/")


def _split_front_matter(text: str, ref: str) -> tuple[str | None, int, int, int]:
    """Find the front matter fences (or Hugo's JSON object); a header opened but never closed
    is an error.

    Blank lines before the opening fence are skipped, as Hugo does (Jekyll does not, but there
    the file would show its header as a rule and a heading full of YAML, which nobody means).
    """
    start = 0
    while start < len(text) and text[start : _line_end(text, start)].strip() == "":
        start = _line_end(text, start)
    if text.startswith("{", start):
        from i18nflow.source.frontmatter import json_block

        if json_block.OPENER.match(text, start):  # Hugo's JSON front matter: the object is the header
            end = json_block.header_end(text, ref, start)
            body = end + (2 if text.startswith("\r\n", end) else 1 if text.startswith(("\n", "\r"), end) else 0)
            return "json", start, end, body
    if start and text[start : _line_end(text, start)].rstrip() not in _FENCE_CLOSERS:
        start = 0
    first_end = _line_end(text, start)
    opener = text[start:first_end].rstrip("\r\n").rstrip()
    if opener not in _FENCE_CLOSERS:
        return None, 0, 0, 0
    closers = _FENCE_CLOSERS[opener]
    pos = first_end
    while pos < len(text):
        end = _line_end(text, pos)
        if text[pos:end].rstrip("\r\n").rstrip() in closers:
            return ("yaml" if opener == "---" else "toml"), first_end, pos, end
        pos = end
    if opener == "+++" or start or _looks_like_thematic_break(text, first_end):
        return None, 0, 0, 0
    raise ContentError(f"front matter opened with '{opener}' is never closed", ref, 1)


def _looks_like_thematic_break(text: str, after: int) -> bool:
    """A leading '---' followed by a blank line is a horizontal rule, not a header."""
    return text[after : _line_end(text, after)].strip() == ""


def _line_end(text: str, pos: int) -> int:
    match = _LINE_RE.match(text, pos)
    return match.end() if match and match.end() > pos else len(text)


def content_bases(config: Config) -> list[tuple[str, Path]]:
    """Each content glob with the folder below which ``{path}`` is counted."""
    result = []
    for pattern in config.content:
        parts = Path(pattern).parts
        static = []
        for part in parts:
            if any(ch in part for ch in "*?["):
                break
            static.append(part)
        if len(static) == len(parts):
            static = static[:-1]
        result.append((pattern, config.root.joinpath(*static) if static else config.root))
    return result


def _refused_post(config: Config, path: Path) -> ContentError | None:
    """A file the globs match that must not be read as a post, with the reason: a name with a
    line break (no PO reference can hold it: msgfmt rejects the catalog), a symlink to nothing,
    or one that leads outside the project (unless ``allow_outside_links = true``)."""
    ref = _relative_ref(path, config.root)
    if "\n" in ref or "\r" in ref:
        return ContentError(f"file name {ref!r} has a line break, which no catalog reference can hold; "
                            "rename the file", ref.replace("\n", "\\n").replace("\r", "\\r"))
    if os.path.islink(path) and not os.path.exists(path):
        return ContentError(f"symlink to a missing file ({os.readlink(path)!r}); not read", ref)
    if not config.allow_outside_links:
        real = outside_project(path, config.root)
        if real is not None:
            return ContentError(f"leads outside the project through a symlink (to {real}); not read "
                                "(set allow_outside_links = true to publish such posts)", ref)
    return None


def iter_post_paths(config: Config, loops: list[ContentError] | None = None) -> Iterator[tuple[Path, Path]]:
    """(post path, its content base) for every file the globs match, sorted, each once.

    A file reached twice (through a symlink, or by two globs) is one post; a symlink to one of
    its own parent folders is not followed, and is added to ``loops`` (once) as an error so the
    user learns why the posts behind it are missing. Files the ``exclude`` globs name, and the
    localized copies of the configured locales (when the output lies below a content glob), are
    not posts.
    """
    seen: set[tuple[int, int]] = set()
    reported: set[str] = set()
    bases = content_bases(config)
    source_filter = SourceFilter.of(config, ["" if base == config.root else _relative_ref(base, config.root) for _, base in bases])
    for pattern, base in bases:
        found, looping = glob_files(config.root, pattern)
        for link in looping:
            ref = _relative_ref(link, config.root)
            if loops is not None and ref not in reported:
                reported.add(ref)
                loops.append(ContentError(
                    f"symlink loop: points to {os.readlink(link)!r}, a folder above it; it is not followed", ref
                ))
        for path in sorted(found, key=str):
            if source_filter.active and source_filter.excludes(_relative_ref(path, config.root)):
                continue
            refused = _refused_post(config, path)
            if refused is not None:
                if loops is not None and refused.path not in reported:
                    reported.add(str(refused.path))
                    loops.append(refused)
                continue
            try:  # one stat: is it a file, and which one (a symlink to a post is that post)
                info = os.stat(path)
            except OSError:
                continue
            ident = (info.st_dev, info.st_ino)
            if ident in seen or not stat.S_ISREG(info.st_mode):
                continue
            seen.add(ident)
            yield path, base


