"""The floor: only parse every post with markdown-it-py and write its catalogs with polib.

``python3 bench/floor.py POSTS_DIR OUT_DIR``: one POT and five POs per post with one entry per
paragraph, heading, list item or table cell. No front matter, no merging, no rendering, no
checks: no tool doing the whole job can be faster than this in Python.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib
from markdown_it import MarkdownIt

LOCALES = ("es", "de", "fr", "it", "pt_BR")


def main(posts: Path, out: Path) -> None:
    parser = MarkdownIt("commonmark").enable("table")
    for path in sorted(posts.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        catalog = polib.POFile()
        catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
        seen = set()
        for token in parser.parse(text):
            if token.type == "inline" and token.content and token.content not in seen:
                seen.add(token.content)
                catalog.append(polib.POEntry(msgid=token.content, msgstr="", occurrences=[(path.name, str(token.map[0] + 1))]))
        (out / "templates").mkdir(parents=True, exist_ok=True)
        catalog.save(str(out / "templates" / f"{path.stem}.pot"))
        for locale in LOCALES:
            folder = out / locale
            folder.mkdir(parents=True, exist_ok=True)
            catalog.metadata["Language"] = locale
            catalog.save(str(folder / f"{path.stem}.po"))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
