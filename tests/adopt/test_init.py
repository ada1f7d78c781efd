"""``i18nflow init`` on small sites made of real files: what it detects, writes and refuses."""

from __future__ import annotations

import textwrap
from pathlib import Path

import tomllib
from click.testing import CliRunner

from i18nflow.cli import cli
from i18nflow.config import load_config


def run(root: Path, *args: str, code: int = 0):
    result = CliRunner().invoke(cli, ["-C", str(root), *args], catch_exceptions=False)
    assert result.exit_code == code, result.output + result.stderr
    return result


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def jekyll(root: Path) -> Path:
    return write(root, {
        "_config.yml": "title: Clinic\ncollections:\n  treatments:\n    output: true\n",
        "_posts/2020-01-01-hello.md": "---\ntitle: Hello\ndescription: A first visit.\ntags: [skin]\n"
                                     "layout: post\n---\nWelcome.\n",
        "_posts/2021-02-02-care.markdown": "---\ntitle: Care\nsubtitle: What we do for you\n---\nCare.\n",
        "_treatments/peel.md": "---\ntitle: Peel\ncategories: [face]\n---\nA peel.\n",
        "README.md": "# Not a page\n",
    })


def hugo(root: Path) -> Path:
    return write(root, {
        "hugo.toml": 'title = "Docs"\ndefaultContentLanguage = "en"\n[languages.en]\nweight = 1\n'
                     '[languages.fr]\nweight = 2\n',
        "content/_index.md": "---\ntitle: Home\n---\nHome.\n",
        "content/posts/_index.md": "---\ntitle: Posts\n---\nAll posts.\n",
        "content/posts/my-trip/index.md": "+++\ntitle = \"My trip\"\nsummary = \"We went away for a week.\"\n+++\nWe went.\n",
        "content/posts/my-trip/index.fr.md": "---\ntitle: Mon voyage\n---\nNous sommes partis.\n",
        "content/posts/notes.md": "---\ntitle: Notes\n---\nSome notes.\n",
    })


def test_jekyll_site_gets_posts_and_collections_kramdown_and_polyglot(tmp_path: Path) -> None:
    result = run(jekyll(tmp_path), "init", "--locale", "es", "--locale", "de")
    settings = tomllib.loads((tmp_path / "i18nflow.toml").read_text(encoding="utf-8"))
    assert settings["content"] == ["_posts/**/*.md", "_posts/**/*.markdown", "_treatments/**/*.md"]
    assert settings["dialect"] == "kramdown" and settings["locales"] == ["es", "de"]
    assert settings["output"] == "{base}/{locale}/{path}" and settings["domain"] == "{slug}"
    # prose keys with counts; categories (part of a Jekyll post's URL) and layout never
    text = (tmp_path / "i18nflow.toml").read_text(encoding="utf-8")
    assert '"title",  # 3 pages' in text and '"description",  # 1 page' in text
    assert '"tags",  # 1 page' in text and '"subtitle",  # 1 page' in text
    assert "categories" not in settings["front_matter"] and "layout" not in settings["front_matter"]
    assert "jekyll-polyglot" in result.output and 'languages: ["en", "es", "de"]' in result.output
    config = load_config(tmp_path)  # the settings load as they are
    assert config.dialect == "kramdown" and config.exclude == ()


def test_hugo_site_takes_its_languages_and_leaves_existing_translations_out(tmp_path: Path) -> None:
    result = run(hugo(tmp_path), "init")  # no --locale: the site's own languages
    text = (tmp_path / "i18nflow.toml").read_text(encoding="utf-8")
    settings = tomllib.loads(text)
    assert settings["locales"] == ["fr"] and settings["dialect"] == "goldmark"
    assert settings["content"] == ["content/**/*.md"]
    assert settings["exclude"] == []  # fr copies are the output: never sources anyway
    # the French page there would be replaced by the rendered one: import it first
    assert ("i18nflow import --trust -l fr content/posts/my-trip/index.md content/posts/my-trip/index.fr.md"
            in result.output)
    assert settings["output"] == "{base}/{folder}/{stem}.{locale}.md"
    assert '"summary",  # 1 page' in text  # read from TOML front matter too
    assert "[languages.fr]" not in result.output  # the site has it already


def test_hugo_translations_of_languages_not_chosen_are_excluded(tmp_path: Path) -> None:
    run(hugo(tmp_path), "init", "-l", "es")
    settings = tomllib.loads((tmp_path / "i18nflow.toml").read_text(encoding="utf-8"))
    assert settings["exclude"] == ["content/**/*.fr.md"]
    assert "1 page(s) already in fr" in (tmp_path / "i18nflow.toml").read_text(encoding="utf-8")


def test_dry_run_prints_the_settings_and_writes_nothing(tmp_path: Path) -> None:
    result = run(hugo(tmp_path), "init", "-l", "es", "--dry-run")
    assert 'locales = ["es"]' in result.output and "nothing written" in result.output
    assert not (tmp_path / "i18nflow.toml").exists()


def test_init_refuses_to_overwrite_settings(tmp_path: Path) -> None:
    run(hugo(tmp_path), "init", "-l", "es")
    before = (tmp_path / "i18nflow.toml").read_bytes()
    result = run(tmp_path, "init", "-l", "de", code=2)
    assert "settings already exist" in result.stderr and "i18nflow.toml" in result.stderr
    assert (tmp_path / "i18nflow.toml").read_bytes() == before


def test_pyproject_gets_a_tool_table_and_keeps_what_it_had(tmp_path: Path) -> None:
    write(hugo(tmp_path), {"pyproject.toml": '[project]\nname = "docs"\n'})
    run(tmp_path, "init", "-l", "es", "--pyproject")
    data = tomllib.loads((tmp_path / "pyproject.toml").read_text(encoding="utf-8"))
    assert data["project"]["name"] == "docs"
    assert data["tool"]["i18nflow"]["locales"] == ["es"] and data["tool"]["i18nflow"]["engines"]["default"] == "auto"
    assert not (tmp_path / "i18nflow.toml").exists()
    assert load_config(tmp_path).source_file == tmp_path / "pyproject.toml"
    assert "settings already exist" in run(tmp_path, "init", "-l", "es", "--pyproject", code=2).stderr


def test_repeated_slugs_make_init_name_catalogs_by_path(tmp_path: Path) -> None:
    write(tmp_path, {
        "hugo.toml": 'title = "Docs"\n',
        "content/docs/v1/install.md": "---\ntitle: Install\n---\nOld.\n",
        "content/docs/v2/install.md": "---\ntitle: Install\n---\nNew.\n",
    })
    run(tmp_path, "init", "-l", "es")
    text = (tmp_path / "i18nflow.toml").read_text(encoding="utf-8")
    assert 'domain = "{name}"' in text
    assert "content/docs/v1/install.md" in text and "content/docs/v2/install.md" in text  # the reason
    run(tmp_path, "sync")
    assert (tmp_path / "locales/es/LC_MESSAGES/docs-v1-install.po").is_file()
    assert (tmp_path / "content/docs/v2/install.es.md").is_file()


def test_a_site_without_target_languages_is_asked_for_them(tmp_path: Path) -> None:
    write(tmp_path, {"content/a.md": "# A\n"})
    assert "--locale es" in run(tmp_path, "init", code=2).stderr
    assert "unknown locale" in run(tmp_path, "init", "-l", "xx-nowhere", code=2).stderr


def test_plain_markdown_outside_a_generator_goes_to_build(tmp_path: Path) -> None:
    write(tmp_path, {"notes/a.md": "# A\n\nText.\n", "README.md": "# Repo\n",
                     "node_modules/pkg/README.md": "# A package\n"})
    run(tmp_path, "init", "-l", "es")
    settings = tomllib.loads((tmp_path / "i18nflow.toml").read_text(encoding="utf-8"))
    assert settings["content"] == ["**/*.md"] and settings["exclude"] == ["README.md", "node_modules"]
    assert settings["dialect"] == "commonmark" and settings["output"] == "build/{locale}/{path}"
    run(tmp_path, "sync")
    assert (tmp_path / "build/es/notes/a.md").is_file() and not (tmp_path / "build/es/README.md").exists()
    assert not (tmp_path / "build/es/node_modules").exists()


def test_hugo_settings_in_config_default_are_read(tmp_path: Path) -> None:
    write(tmp_path, {
        "config/_default/hugo.toml": 'title = "Guide"\ndefaultContentLanguage = "de"\n',
        "config/_default/languages.toml": "[de]\nweight = 1\n[it]\nweight = 2\n",
        "content/_index.md": "---\ntitle: Start\n---\nWillkommen.\n",
    })
    result = run(tmp_path, "init")
    settings = tomllib.loads((tmp_path / "i18nflow.toml").read_text(encoding="utf-8"))
    assert settings["source_locale"] == "de" and settings["locales"] == ["it"]
    assert "defaultContentLanguage" not in result.output  # already there


def test_source_locale_and_layout_can_be_chosen(tmp_path: Path) -> None:
    result = run(jekyll(tmp_path), "init", "-l", "es", "--source-locale", "fr", "--layout", "jekyll-folders")
    settings = tomllib.loads((tmp_path / "i18nflow.toml").read_text(encoding="utf-8"))
    assert settings["source_locale"] == "fr" and settings["output"] == "{locale}/{base}/{path}"
    # a collection is not read from es/_treatments/: said, not hidden
    assert "warning: Jekyll reads collections (treatments) only at the top" in result.output
    assert "exclude: [locales, build, i18nflow.toml]" in result.output


def test_hugo_content_folders_named_like_the_sites_own(tmp_path: Path) -> None:
    write(tmp_path, {
        "hugo.toml": 'defaultContentLanguage = "en"\n[languages.en]\ncontentDir = "content.en"\n',
        "content.en/docs/intro.md": "---\ntitle: Intro\n---\nHello.\n",
    })
    result = run(tmp_path, "init", "-l", "he")
    settings = tomllib.loads((tmp_path / "i18nflow.toml").read_text(encoding="utf-8"))
    assert settings["content"] == ["content.en/**/*.md"]
    assert settings["output"] == "content.{locale}/{folder}/{stem}.md"
    assert 'contentDir = "content.he"' in result.output
    run(tmp_path, "sync")
    assert (tmp_path / "content.he/docs/intro.md").is_file()


def test_keys_of_lists_of_tables_are_proposed_by_their_key_paths(tmp_path: Path) -> None:
    """minimal-mistakes' ``gallery`` items and a FAQ in TOML are lists of tables: their text
    keys are proposed as ``gallery[].alt`` (each item's), their paths and images never."""
    write(tmp_path, {
        "_config.yml": "title: Spa\n",
        "_posts/2024-03-02-spa.md": "---\ntitle: Spa day\ngallery:\n  - url: /a.jpg\n    image_path: /a-th.jpg\n"
                                    "    alt: The cedar sauna at dusk\n    title: Cedar sauna\n---\nText.\n",
        "_posts/2024-03-03-faq.md": "+++\ntitle = \"FAQ\"\n[[params.faq]]\nquestion = \"Does the laser treatment hurt?\"\n"
                                    "icon = \"star\"\n+++\nText.\n",
    })
    run(tmp_path, "init", "-l", "es")
    settings = (tmp_path / "i18nflow.toml").read_text(encoding="utf-8")
    assert tomllib.loads(settings)["front_matter"] == ["title", "gallery[].alt", "gallery[].title"]
    assert '# "params.faq[].question",  # 1 page: prose?' in settings  # a sentence, not a known key


# a Hugo site that declares English and Spanish with a content folder each
HUGO_BY_FOLDER = ('defaultContentLanguage = "en"\n[languages.en]\ncontentDir = "content/en"\n'
                  '[languages.es]\ncontentDir = "content/es"\n')


def test_hugo_languages_the_site_declares_with_their_folders_are_not_printed_again(tmp_path: Path) -> None:
    write(tmp_path, {
        "hugo.toml": HUGO_BY_FOLDER,
        "content/en/posts/spa.md": "---\ntitle: Spa\n---\nWelcome.\n",
    })
    assert "Add to hugo.toml" not in run(tmp_path, "init", "-l", "es").output  # nothing is missing
    (tmp_path / "i18nflow.toml").unlink()
    output = run(tmp_path, "init", "-l", "es", "-l", "de").output
    snippet = output.split("Add to hugo.toml:", 1)[1]
    assert "[languages.de]" in snippet and 'contentDir = "content/de"' in snippet
    assert "[languages.es]" not in snippet and "[languages.en]" not in snippet


def test_adopting_a_translated_page_as_init_says_keeps_it_translated(tmp_path: Path) -> None:
    """init warns that sync would replace content/es/…; the command it gives imports the page so
    that the next sync writes the same Spanish text back (fuzzy entries would not be published)."""
    write(tmp_path, {
        "hugo.toml": HUGO_BY_FOLDER,
        "content/en/posts/spa.md": "---\ntitle: Our spa\n---\n\nWelcome to our **spa**.\n",
        "content/es/posts/spa.md": "---\ntitle: Nuestro spa\n---\n\nBienvenido a nuestro **spa**.\n",
    })
    output = run(tmp_path, "init", "-l", "es").output
    command = output.split("import its translations first", 1)[1].split(": i18nflow ", 1)[1].split("\n")[0]
    settings = tmp_path / "i18nflow.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace('default = "auto"', 'default = "none"'),
                        encoding="utf-8")
    run(tmp_path, *command.split())
    run(tmp_path, "sync")
    page = (tmp_path / "content/es/posts/spa.md").read_text(encoding="utf-8")
    assert "title: Nuestro spa" in page and "Bienvenido a nuestro **spa**." in page


def test_jekyll_polyglot_settings_the_site_has_are_not_printed_again(tmp_path: Path) -> None:
    write(tmp_path, {
        "_config.yml": 'plugins:\n  - jekyll-polyglot\nlanguages: ["en", "es"]\ndefault_lang: "en"\n'
                       "exclude: [locales, build, i18nflow.toml, Gemfile]\nparallel_localization: true\n",
        "_posts/2020-01-01-hello.md": "---\ntitle: Hello\n---\nWelcome.\n",
    })
    assert "Add to _config.yml" not in run(tmp_path, "init", "-l", "es").output  # nothing is missing
    (tmp_path / "i18nflow.toml").unlink()
    snippet = run(tmp_path, "init", "-l", "es", "-l", "de").output.split("Add to _config.yml:", 1)[1]
    assert 'languages: ["en", "es", "de"]' in snippet  # the site's list, with the new language
    assert "plugins" not in snippet and "default_lang" not in snippet and "exclude" not in snippet
