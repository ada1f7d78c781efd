"""`check` verifies structure as the site's builder reads it (the dialect), with file and line."""

from __future__ import annotations

import pytest
from test_check_cli import check_json, line_of, translate

from conftest import needs_gettext
from i18nflow.gettext.po import read_po, write_po


@needs_gettext
def test_a_translation_that_breaks_math_on_a_jekyll_site_is_reported_where_it_is(make_project) -> None:
    project = make_project('locales = ["es"]\n', seed=False)
    project.write("_config.yml", "title: blog\n")  # a Jekyll site: kramdown
    project.post("2021-01-01-m.md", "---\ntitle: M\n---\nSo $$x^2$$ is small.\n\nPlain words.\n")
    project.run("update")
    po_path = project.root / "locales/es/LC_MESSAGES/m.po"
    translate(po_path, {"So $$x^2$$ is small.": "Así $$equis^2$$ es pequeño.", "Plain words.": "Palabras."})
    problems = [p for p in check_json(project, status=1)["problems"] if p["check"] == "structure"]
    assert len(problems) == 1, problems
    assert "math, Liquid or shortcode" in problems[0]["message"] and "kramdown" in problems[0]["message"]
    assert problems[0]["file"] == "locales/es/LC_MESSAGES/m.po"
    assert problems[0]["line"] == line_of(po_path, 'msgstr "Así')
    assert problems[0]["source_line"] == 4
    # render agrees with check: the source text is published, and the run fails at the same entry
    result = project.run("render", check=1)
    entry_line = next(e.linenum for e in read_po(po_path) if e.msgid == "So $$x^2$$ is small.")
    assert f"locales/es/LC_MESSAGES/m.po:{entry_line}: error: translation for es not used" in result.stderr
    assert "the source text stands at content/posts/2021-01-01-m.md:4" in result.stderr
    assert "So $$x^2$$ is small." in project.read("build/es/posts/2021-01-01-m.md")
    assert "Palabras." in project.read("build/es/posts/2021-01-01-m.md")


@needs_gettext
@pytest.mark.parametrize("how", ["machine", "excused"])
def test_a_fallback_nobody_vouched_for_is_a_warning(make_project, how: str) -> None:
    """A machine translation (used with --include-machine) or one whose translator silenced
    check's structure finding falls back to the source too, but does not fail the run."""
    project = make_project('locales = ["es"]\n', seed=False)
    project.write("_config.yml", "title: blog\n")
    project.post("2021-01-01-m.md", "---\ntitle: M\n---\nSo $$x^2$$ is small.\n")
    project.run("update")
    po_path = project.root / "locales/es/LC_MESSAGES/m.po"
    comments = {"So $$x^2$$ is small.": "i18nflow-skip-check: structure"} if how == "excused" else None
    translate(po_path, {"So $$x^2$$ is small.": "Así $$equis^2$$ es pequeño."}, comments=comments)
    args = ["render"]
    if how == "machine":
        catalog = read_po(po_path)
        for entry in catalog:
            if entry.msgid == "So $$x^2$$ is small.":
                entry.flags.append("fuzzy")
                entry.tcomment = "machine translation: pseudo"
        write_po(catalog, po_path)
        args.append("--include-machine")
    result = project.run(*args)
    assert ": warning: translation for es not used (changes math" in result.stderr
    assert "So $$x^2$$ is small." in project.read("build/es/posts/2021-01-01-m.md")


@needs_gettext
def test_a_checkbox_typed_at_a_list_item_start_and_a_caption_inside_a_paragraph_on_a_hugo_site(make_project) -> None:
    """Render escapes the box (goldmark would make a checkbox of it), so check has nothing to
    report; a shortcode's caption inside a paragraph is its own entry, written into the call."""
    project = make_project('locales = ["es"]\n', seed=False)
    project.write("hugo.toml", 'baseURL = "http://example.org/"\n')  # a Hugo site: goldmark
    body = '- Buy milk\n- Walk\n\nSee {{< figure src="a.png" caption="A cat" >}} here.\n'
    project.post("a.md", f"---\ntitle: A\n---\n{body}")
    project.run("update")
    po_path = project.root / "locales/es/LC_MESSAGES/a.po"
    assert "#. shortcode figure: caption" in po_path.read_text(encoding="utf-8")
    paragraph = 'See {{< figure src="a.png" caption="A cat" >}} here.'
    translate(po_path, {"Buy milk": "[x] Leche", "Walk": "[ ] Pasear", "A": "A", "A cat": "Un gato",
                        paragraph: 'Mira {{< figure src="a.png" caption="A cat" >}} aquí.'})
    report = check_json(project, status=0)
    assert report["problems"] == [], report["problems"]
    project.run("render")
    assert project.read("build/es/posts/a.md").endswith(
        '- \\[x] Leche\n- \\[ ] Pasear\n\nMira {{< figure src="a.png" caption="Un gato" >}} aquí.\n'
    )
