"""`check` verifies structure as the site's builder reads it (the dialect), with file and line."""

from __future__ import annotations

from test_check_cli import check_json, line_of, translate

from conftest import needs_gettext


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
    project.run("render")
    assert "So $$x^2$$ is small." in project.read("build/es/posts/2021-01-01-m.md")
