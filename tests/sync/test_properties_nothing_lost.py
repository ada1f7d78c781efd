"""Nothing lost: random edits, translator saves and syncs never drop or demote a human translation.

A hypothesis state machine drives the real pipeline in-process on a temp project. Authors edit
posts (change a word, reorder, delete, add, split and join paragraphs, move a paragraph to
another post, rename, delete and restore whole posts); translators translate, review machine
suggestions, confirm outdated (fuzzy) entries and save with polib at another wrap width or with
msgcat; ``sync`` (extract → update → render) and ``translate`` (pseudo engine) run in between.
After every step the PO files on disk must still hold every human translation:

* **kept**: each human translation is still in the catalog it was made in, active or ``#~``;
* **active when its source is there**: after a sync, a translated msgid that is in its post
  again has its reviewed translation, not fuzzy (a deleted source that comes back is restored);
* **never promoted**: every entry that is translated and not fuzzy holds a msgstr a human
  gave for that msgid (a machine or reused translation is never published as reviewed);
* **published**: a rendered copy holds the reviewed translations and never machine text.

* **moves**: a renamed post or a paragraph moved to another post keeps its reviewed translation
  (in one sync or over several); a translation leaving one post fills the same text elsewhere.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import polib
import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from i18nflow.config import Config, load_config
from i18nflow.gettext import catalogs
from i18nflow.gettext.po import parse_po_text, read_po, same_content, write_po
from i18nflow.problems import Problems
from i18nflow.sync import pipeline
from i18nflow.translate.pretranslate import Pretranslator
from strategies import FIGURES, scaled

LOCALES = ("es", "de")
VOCABULARY = (
    "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november "
    "oscar papa quebec romeo sierra tango"
).split()
SLUGS = [f"post-{letter}" for letter in "abcdefgh"]
CONFIG = 'locales = ["es", "de"]\nfront_matter = ["title"]\n[engines]\ndefault = "none"\n'
MSGCAT = shutil.which("msgcat")
Key = catalogs.Key


# -- the author's side: posts as a list of blocks ---------------------------------------------


@dataclass
class PostModel:
    title: list[str]
    blocks: list[
        list[str]
    ]  # each block: its words; a first word "##" or "-" makes a heading or item

    def text(self) -> str:
        body = "\n\n".join(" ".join(words) for words in self.blocks)
        return f"---\ntitle: {' '.join(self.title)}\n---\n\n{body}\n"

    def keys(self) -> set[Key]:
        found: set[Key] = {("title", " ".join(self.title))}
        for words in self.blocks:
            found.add((None, msgid_of(words)))
        return found

    def copy(self) -> PostModel:
        return PostModel(list(self.title), [list(words) for words in self.blocks])


def msgid_of(words: list[str]) -> str:
    return " ".join(words[1:] if words[0] in ("##", "-") else words)


words_st = st.lists(st.sampled_from(VOCABULARY), min_size=2, max_size=7)
block_st = st.tuples(st.sampled_from(["", "", "", "##", "-"]), words_st).map(
    lambda pair: [pair[0], *pair[1]] if pair[0] else pair[1]
)
post_st = st.builds(PostModel, title=words_st, blocks=st.lists(block_st, min_size=1, max_size=5))


# -- the translator's side ------------------------------------------------------------------------


def save_with(tool: str, po: polib.POFile, path: Path) -> None:
    """Save the way a translator's tool would: polib at its width, then maybe msgcat over it."""
    if tool == "i18nflow":
        write_po(po, path)
        return
    po.save(str(path))
    if tool == "msgcat" and MSGCAT:
        subprocess.run([MSGCAT, "-o", str(path), str(path)], check=True, capture_output=True)


def load_with(tool: str, path: Path, width: int) -> polib.POFile:
    if tool == "i18nflow":
        return read_po(path)
    return polib.pofile(str(path), wrapwidth=width)


@dataclass
class TranslationLog:
    """Every human translation: where it was made (latest per catalog and msgid) and all ever made."""

    latest: dict[tuple[str, str, Key], str] = field(default_factory=dict)  # (locale, domain, key)
    ever: dict[tuple[str, Key], set[str]] = field(default_factory=dict)  # (locale, key)

    def add(self, locale: str, domain: str, key: Key, msgstr: str) -> None:
        self.latest[(locale, domain, key)] = msgstr
        self.ever.setdefault((locale, key), set()).add(msgstr)
        FIGURES["human translations"] += 1


class NothingLost(RuleBasedStateMachine):
    """Authors, translators and runs interleaved; the invariants are the promises of the README."""

    check_moves = True  # the cross-post property (see the example tests below)

    def __init__(self) -> None:
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="i18nflow-lost-"))
        (self.root / "content" / "posts").mkdir(parents=True)
        (self.root / "i18nflow.toml").write_text(CONFIG, encoding="utf-8")
        self.posts: dict[str, PostModel] = {}
        self.deleted: dict[str, PostModel] = {}
        self.log = TranslationLog()
        self.synced = False  # catalogs merged since the last content change
        self.rendered = False  # copies rendered since the last change to content or catalogs
        self.counter = 0
        self.config: Config | None = None

    def teardown(self) -> None:
        try:
            if self.posts and MSGCAT:
                self.sync()
                again = self.run(pipeline.RunOptions(LOCALES, use_state=False))
                assert again.written_count == 0, "a second sync rewrote a file"
                for path in sorted((self.root / "locales").rglob("*.po*")):
                    if len(
                        read_po(path)
                    ):  # msgcat writes nothing for a bare header (see pofile.py)
                        assert_msgcat_reads_the_same(path)
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    # -- helpers ------------------------------------------------------------------------------

    def post_path(self, slug: str) -> Path:
        return self.root / "content" / "posts" / f"{slug}.md"

    def write_post(self, slug: str) -> None:
        self.post_path(slug).write_text(self.posts[slug].text(), encoding="utf-8")
        self.content_changed()

    def content_changed(self) -> None:
        self.synced = False
        self.rendered = False
        FIGURES["author edits"] += 1

    def po_path(self, locale: str, domain: str) -> Path:
        return self.root / "locales" / locale / "LC_MESSAGES" / f"{domain}.po"

    def catalogs(self, locale: str) -> dict[str, polib.POFile]:
        folder = self.root / "locales" / locale / "LC_MESSAGES"
        return {path.stem: read_po(path) for path in sorted(folder.glob("*.po"))}

    def project_config(self) -> Config:
        """Read once: the settings never change, and the posts may all be gone for a while."""
        if self.config is None:
            self.config = load_config(self.root)
        return self.config

    def run(self, options: pipeline.RunOptions) -> pipeline.Stats:
        problems = Problems(root=self.root)
        stats = pipeline.Stats()
        pipeline.run(self.project_config(), options, problems, stats)
        assert problems.errors == [], problems.errors
        FIGURES["runs"] += 1
        return stats

    # -- setup ----------------------------------------------------------------------------------

    @initialize(first=post_st, more=st.lists(post_st, max_size=2))
    def create_posts(self, first: PostModel, more: list[PostModel]) -> None:
        for slug, post in zip(SLUGS, [first, *more], strict=False):
            self.posts[slug] = post
            self.write_post(slug)
        self.sync()

    # -- authors -------------------------------------------------------------------------------

    def pick_post(self, data: st.DataObject) -> str:
        return data.draw(st.sampled_from(sorted(self.posts)), label="post")

    @rule(data=st.data(), new=st.sampled_from(VOCABULARY))
    def edit_a_word(self, data: st.DataObject, new: str) -> None:
        slug = self.pick_post(data)
        post = self.posts[slug]
        target = data.draw(st.integers(-1, len(post.blocks) - 1), label="block (-1: title)")
        words = post.title if target < 0 else post.blocks[target]
        index = data.draw(st.integers(0, len(words) - 1), label="word")
        if words[index] in ("##", "-"):
            return
        words[index] = new
        self.write_post(slug)

    @rule(data=st.data())
    def reorder_paragraphs(self, data: st.DataObject) -> None:
        slug = self.pick_post(data)
        post = self.posts[slug]
        post.blocks = data.draw(st.permutations(post.blocks), label="order")
        self.write_post(slug)

    @rule(data=st.data())
    def delete_a_paragraph(self, data: st.DataObject) -> None:
        slug = self.pick_post(data)
        post = self.posts[slug]
        if len(post.blocks) > 1:
            del post.blocks[data.draw(st.integers(0, len(post.blocks) - 1), label="block")]
            self.write_post(slug)

    @rule(data=st.data(), block=block_st)
    def add_a_paragraph(self, data: st.DataObject, block: list[str]) -> None:
        slug = self.pick_post(data)
        post = self.posts[slug]
        post.blocks.insert(data.draw(st.integers(0, len(post.blocks)), label="at"), block)
        self.write_post(slug)

    @rule(data=st.data())
    def split_a_paragraph(self, data: st.DataObject) -> None:
        slug = self.pick_post(data)
        post = self.posts[slug]
        index = data.draw(st.integers(0, len(post.blocks) - 1), label="block")
        words = post.blocks[index]
        if len(words) >= 4 and words[0] not in ("##", "-"):
            cut = data.draw(st.integers(2, len(words) - 2), label="cut")
            post.blocks[index : index + 1] = [words[:cut], words[cut:]]
            self.write_post(slug)

    @rule(data=st.data())
    def join_two_paragraphs(self, data: st.DataObject) -> None:
        slug = self.pick_post(data)
        post = self.posts[slug]
        if len(post.blocks) >= 2:
            index = data.draw(st.integers(0, len(post.blocks) - 2), label="block")
            first, second = post.blocks[index], post.blocks[index + 1]
            post.blocks[index : index + 2] = [first + [w for w in second if w not in ("##", "-")]]
            self.write_post(slug)

    @precondition(lambda self: len(self.posts) >= 2)
    @rule(data=st.data(), copy=st.booleans())
    def move_a_paragraph_to_another_post(self, data: st.DataObject, copy: bool) -> None:
        source = self.pick_post(data)
        target = data.draw(st.sampled_from(sorted(set(self.posts) - {source})), label="to")
        blocks = self.posts[source].blocks
        index = data.draw(st.integers(0, len(blocks) - 1), label="block")
        block = list(blocks[index])
        if not copy and len(blocks) > 1:
            del blocks[index]
            self.write_post(source)
        self.posts[target].blocks.append(block)
        self.write_post(target)

    @precondition(lambda self: len(self.posts) < len(SLUGS))
    @rule(data=st.data())
    def rename_a_post(self, data: st.DataObject) -> None:
        slug = self.pick_post(data)
        free = sorted(set(SLUGS) - set(self.posts) - set(self.deleted))
        if not free:
            return
        new = data.draw(st.sampled_from(free), label="new name")
        self.post_path(slug).rename(self.post_path(new))
        self.posts[new] = self.posts.pop(slug)
        self.content_changed()

    @precondition(lambda self: len(self.posts) >= 2)
    @rule(data=st.data())
    def delete_a_post(self, data: st.DataObject) -> None:
        slug = self.pick_post(data)
        self.post_path(slug).unlink()
        self.deleted[slug] = self.posts.pop(slug)
        self.content_changed()

    @precondition(lambda self: bool(self.deleted))
    @rule(data=st.data())
    def restore_a_post(self, data: st.DataObject) -> None:
        slug = data.draw(st.sampled_from(sorted(self.deleted)), label="deleted post")
        self.posts[slug] = self.deleted.pop(slug)
        self.write_post(slug)

    @precondition(lambda self: len(self.posts) < len(SLUGS))
    @rule(post=post_st)
    def write_a_new_post(self, post: PostModel) -> None:
        free = sorted(set(SLUGS) - set(self.posts) - set(self.deleted))
        if free:
            self.posts[free[0]] = post
            self.write_post(free[0])

    # -- runs ----------------------------------------------------------------------------------

    @rule()
    def sync(self) -> None:
        self.run(pipeline.RunOptions(LOCALES, translate=Pretranslator(self.project_config())))
        self.synced = self.rendered = True
        FIGURES["syncs"] += 1

    @rule()
    def translate(self) -> None:
        translator = Pretranslator(self.project_config(), engine_override="pseudo")
        self.run(pipeline.RunOptions(LOCALES, render=False, use_state=False, translate=translator))
        self.synced = True
        self.rendered = False
        FIGURES["machine translations"] += sum(r.translated for r in translator.reports.values())

    # -- translators ---------------------------------------------------------------------------

    def edit_entry(self, data: st.DataObject, wanted: str) -> None:
        """Open a catalog in a translator's tool, change one entry of a kind, save."""
        locale = data.draw(st.sampled_from(LOCALES), label="locale")
        domains = sorted(d for d in self.posts if self.po_path(locale, d).exists())
        if not domains:
            return
        domain = data.draw(st.sampled_from(domains), label="catalog")
        path = self.po_path(locale, domain)
        tool = data.draw(st.sampled_from(["polib", "polib", "msgcat", "i18nflow"]), label="tool")
        width = data.draw(st.sampled_from([79, 76, 40, 100, 0]), label="width")
        po = load_with(tool, path, width)
        candidates = [
            e for e in po if not e.obsolete and e.msgid and catalogs.entry_state(e) == wanted
        ]
        if wanted == "machine" and not candidates:
            return
        if wanted == "untranslated":
            candidates += [
                e
                for e in po
                if not e.obsolete and e.msgid and catalogs.entry_state(e) == "outdated"
            ]
        if not candidates:
            return
        entry = data.draw(st.sampled_from(candidates), label="entry")
        if wanted in ("untranslated", "reviewed") or (
            wanted == "machine" and data.draw(st.booleans(), label="edit")
        ):
            self.counter += 1
            entry.msgstr = f"Human {self.counter} {entry.msgid[:24]}".strip()
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = entry.previous_msgctxt = None
        save_with(tool, po, path)
        self.log.add(locale, domain, catalogs.entry_key(entry), entry.msgstr)
        self.rendered = False

    @rule(data=st.data())
    def translator_translates(self, data: st.DataObject) -> None:
        self.edit_entry(data, "untranslated")

    @rule(data=st.data())
    def translator_reviews_a_machine_translation(self, data: st.DataObject) -> None:
        self.edit_entry(data, "machine")

    @rule(data=st.data())
    def translator_confirms_an_outdated_translation(self, data: st.DataObject) -> None:
        self.edit_entry(data, "outdated")

    @rule(data=st.data())
    def translator_retranslates(self, data: st.DataObject) -> None:
        self.edit_entry(data, "reviewed")

    @rule(data=st.data())
    def translator_saves_without_changes(self, data: st.DataObject) -> None:
        locale = data.draw(st.sampled_from(LOCALES), label="locale")
        paths = sorted((self.root / "locales" / locale / "LC_MESSAGES").glob("*.po"))
        if paths:
            path = data.draw(st.sampled_from(paths), label="catalog")
            tool = data.draw(st.sampled_from(["polib", "msgcat"]), label="tool")
            width = data.draw(st.sampled_from([76, 40, 100, 0]), label="width")
            save_with(tool, load_with(tool, path, width), path)
            self.rendered = False

    # -- what must hold after every step -------------------------------------------------------

    @invariant()
    def every_human_translation_is_kept(self) -> None:
        FIGURES["steps"] += 1
        for locale in LOCALES:
            found = self.catalogs(locale)
            for (loc, domain, key), msgstr in self.log.latest.items():
                if loc != locale:
                    continue
                catalog = found.get(domain)
                assert catalog is not None, f"{locale}/{domain}.po is gone"
                have = [e for e in catalog if catalogs.entry_key(e) == key and e.msgstr == msgstr]
                assert have, f"{locale}/{domain}.po lost {key} → {msgstr!r}"
                if (
                    not self.synced
                    or domain not in self.posts
                    or key not in self.posts[domain].keys()
                ):
                    continue
                active = [e for e in catalog if not e.obsolete and catalogs.entry_key(e) == key]
                assert active, f"{locale}/{domain}.po has no active entry for {key}"
                state = (active[0].msgstr, "fuzzy" in active[0].flags)
                assert state == (msgstr, False), (
                    f"{locale}/{domain}.po: {key} is {state}, not {msgstr!r}"
                )
            FIGURES["translations checked"] += len(self.log.latest)

    @invariant()
    def machine_translations_are_never_promoted(self) -> None:
        for locale in LOCALES:
            for domain, catalog in self.catalogs(locale).items():
                for entry in catalog:
                    if entry.msgid and entry.msgstr and "fuzzy" not in entry.flags:
                        given = self.log.ever.get((locale, catalogs.entry_key(entry)), set())
                        assert entry.msgstr in given, (
                            f"{locale}/{domain}.po: {entry.msgid!r} → {entry.msgstr!r} is reviewed but no human wrote it"
                        )

    @invariant()
    def copies_show_reviewed_translations_only(self) -> None:
        if not self.rendered:
            return
        for locale in LOCALES:
            for slug, post in self.posts.items():
                copy = (self.root / "build" / locale / "posts" / f"{slug}.md").read_text(
                    encoding="utf-8"
                )
                for key in post.keys():
                    msgstr = self.log.latest.get((locale, slug, key))
                    if msgstr is not None:
                        assert msgstr in copy, f"{locale}/{slug}.md lacks {msgstr!r}"
                # Sources and human translations are ASCII; the pseudo engine's output is not.
                for (loc, _), accepted in self.log.ever.items():
                    for msgstr in accepted if loc == locale else ():
                        copy = copy.replace(msgstr, "")
                assert copy.isascii(), f"unreviewed machine text published in {locale}/{slug}.md"

    @invariant()
    def templates_hold_what_the_posts_say(self) -> None:
        if not self.synced:
            return
        for slug, post in self.posts.items():
            pot = read_po(self.root / "locales" / "templates" / f"{slug}.pot")
            assert {catalogs.entry_key(e) for e in pot} == post.keys()

    @invariant()
    def moved_text_keeps_its_reviewed_translation(self) -> None:
        if not (self.check_moves and self.synced):
            return
        for locale in LOCALES:
            found = self.catalogs(locale)
            live: dict[Key, list[str]] = {}
            for slug, post in self.posts.items():
                for key in post.keys():
                    live.setdefault(key, []).append(slug)
            for key, slugs in live.items():
                if not self.log.ever.get((locale, key)):
                    continue
                reviewed = [
                    slug for slug in slugs for e in found[slug]
                    if not e.obsolete and catalogs.entry_key(e) == key and catalogs.entry_state(e) == "reviewed"
                ]  # fmt: skip
                assert reviewed, f"{locale}: {key} has a human translation but no post shows it"


def assert_msgcat_reads_the_same(path: Path) -> None:
    """gettext reads the file as we do: msgcat's copy of it has the same content. (A file a
    translator's tool saved keeps its layout: only what i18nflow writes is msgcat's layout.)"""
    result = subprocess.run([MSGCAT or "msgcat", str(path)], capture_output=True)
    assert result.returncode == 0, result.stderr.decode()
    assert same_content(parse_po_text(result.stdout.decode("utf-8")), read_po(path)), path.name


NothingLost.TestCase.settings = settings(max_examples=scaled(40), stateful_step_count=50)
TestNothingLost = NothingLost.TestCase


# -- translations that follow text to another post (the cases the state machine found) ---------


def _sync(root: Path, locales: tuple[str, ...] | None = None) -> Problems:
    config = load_config(root)
    problems = Problems(root=root)
    pipeline.run(
        config,
        pipeline.RunOptions(locales or config.locales, translate=Pretranslator(config)),
        problems,
        pipeline.Stats(),
    )
    return problems


def _translate_all(root: Path, domain: str, locale: str = "es") -> dict[str, str]:
    path = root / "locales" / locale / "LC_MESSAGES" / f"{domain}.po"
    po = polib.pofile(str(path))
    done = {}
    for entry in po:
        entry.msgstr = done[entry.msgid] = f"{locale.upper()} {entry.msgid}"
    po.save()
    return done


def _reviewed(root: Path, domain: str, locale: str = "es") -> dict[str, str]:
    po = read_po(root / "locales" / locale / "LC_MESSAGES" / f"{domain}.po")
    return {
        e.msgid: e.msgstr for e in po if not e.obsolete and catalogs.entry_state(e) == "reviewed"
    }


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "content" / "posts").mkdir(parents=True)
    (tmp_path / "i18nflow.toml").write_text(
        'locales = ["es"]\n[engines]\ndefault = "none"\n', encoding="utf-8"
    )
    (tmp_path / "content" / "posts" / "first.md").write_text(
        "First paragraph.\n\nMoving paragraph.\n", encoding="utf-8"
    )
    (tmp_path / "content" / "posts" / "other.md").write_text("Other paragraph.\n", encoding="utf-8")
    assert _sync(tmp_path).items == []
    return tmp_path


def test_renamed_post_keeps_its_reviewed_translations(site: Path) -> None:
    done = _translate_all(site, "first")
    _sync(site)
    (site / "content/posts/first.md").rename(site / "content/posts/renamed.md")
    _sync(site)
    assert _reviewed(site, "renamed") == done


def test_paragraph_moved_to_another_post_in_one_edit_keeps_its_reviewed_translation(
    site: Path,
) -> None:
    _translate_all(site, "first")
    _sync(site)
    (site / "content/posts/first.md").write_text("First paragraph.\n", encoding="utf-8")
    (site / "content/posts/other.md").write_text(
        "Other paragraph.\n\nMoving paragraph.\n", encoding="utf-8"
    )
    _sync(site)
    assert _reviewed(site, "other").get("Moving paragraph.") == "ES Moving paragraph."


def test_paragraph_moved_over_two_syncs_keeps_its_reviewed_translation(site: Path) -> None:
    _translate_all(site, "first")
    _sync(site)
    (site / "content/posts/first.md").write_text("First paragraph.\n", encoding="utf-8")
    _sync(site)
    (site / "content/posts/other.md").write_text(
        "Other paragraph.\n\nMoving paragraph.\n", encoding="utf-8"
    )
    _sync(site)
    assert _reviewed(site, "other").get("Moving paragraph.") == "ES Moving paragraph."


def test_a_translation_leaving_one_post_fills_the_same_text_in_another(site: Path) -> None:
    """Direction two: the other post already had the paragraph, untranslated, and is not edited."""
    (site / "content/posts/other.md").write_text("Other paragraph.\n\nMoving paragraph.\n", encoding="utf-8")
    _sync(site)
    _translate_all(site, "first")
    _sync(site)
    assert "Moving paragraph." not in _reviewed(site, "other")
    (site / "content/posts/first.md").write_text("First paragraph.\n", encoding="utf-8")
    _sync(site)
    assert _reviewed(site, "other").get("Moving paragraph.") == "ES Moving paragraph."


def test_an_offered_translation_never_replaces_a_reviewed_one(site: Path) -> None:
    (site / "content/posts/other.md").write_text("Other paragraph.\n\nMoving paragraph.\n", encoding="utf-8")
    _sync(site)
    _translate_all(site, "first")
    path = site / "locales/es/LC_MESSAGES/other.po"
    po = polib.pofile(str(path))
    po.find("Moving paragraph.").msgstr = "Mi propia traducción."
    po.save()
    _sync(site)
    (site / "content/posts/first.md").write_text("First paragraph.\n", encoding="utf-8")
    _sync(site)
    assert _reviewed(site, "other")["Moving paragraph."] == "Mi propia traducción."


def test_moves_still_work_when_the_index_is_deleted(site: Path) -> None:
    """The index is a cache: without it the run ignores the state and every domain reports again."""
    _translate_all(site, "first")
    _sync(site)
    (site / "content/posts/first.md").write_text("First paragraph.\n", encoding="utf-8")
    _sync(site)
    (site / ".i18nflow" / "moves.sqlite").unlink()
    (site / "content/posts/other.md").write_text("Other paragraph.\n\nMoving paragraph.\n", encoding="utf-8")
    _sync(site)
    assert _reviewed(site, "other").get("Moving paragraph.") == "ES Moving paragraph."


def test_a_corrupt_index_costs_nothing_but_a_rebuild(site: Path) -> None:
    index = site / ".i18nflow" / "moves.sqlite"
    index.write_bytes(b"this is not a database" * 100)
    assert _sync(site).errors == []
    assert not index.exists()  # removed, so the next run ignores the state and rebuilds it
    _translate_all(site, "first")
    _sync(site)
    assert index.exists()
    (site / "content/posts/first.md").rename(site / "content/posts/renamed.md")
    _sync(site)
    assert _reviewed(site, "renamed")["Moving paragraph."] == "ES Moving paragraph."


def test_a_run_over_one_locale_keeps_what_the_others_could_take(site: Path) -> None:
    """``sync --locale es`` must not make the index forget that ``de`` still waits for a paragraph
    (it does not: a run over other locales has other state flags, so the next full run redoes
    every domain and reports every open key again)."""
    (site / "i18nflow.toml").write_text('locales = ["es", "de"]\n[engines]\ndefault = "none"\n', encoding="utf-8")
    (site / "content/posts/other.md").write_text("Other paragraph.\n\nMoving paragraph.\n", encoding="utf-8")
    _sync(site)
    _translate_all(site, "other", "es")
    _translate_all(site, "first", "de")
    (site / "content/posts/other.md").write_text("Other paragraph.\n\nMoving paragraph.\n\nMore.\n", encoding="utf-8")
    _sync(site, ("es",))
    (site / "content/posts/first.md").write_text("First paragraph.\n", encoding="utf-8")
    _sync(site)
    assert _reviewed(site, "other", "de").get("Moving paragraph.") == "DE Moving paragraph."
