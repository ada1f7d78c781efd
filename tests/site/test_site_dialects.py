"""The preview reads a post as the site's builder does: kramdown for Jekyll, goldmark for Hugo.

Shortcodes and math are the builder's (or MathJax's) business: the page shows their source
text untouched, where CommonMark would make emphasis of ``a_b * c_d`` and a blockquote of a
multi-line call's ``>}}`` line. kramdown's attribute lists are attributes, never text.
"""

from __future__ import annotations

import html as html_lib
import re
import textwrap

from test_site import page, run, translate

JEKYLL_POST = """\
---
title: Networks
---

![Net](/a.png)
{: .figure}
*Fig 1. A network.*

The cost is $$a_b * c_d$$ per node.

| Node | Role |
| Edge | Relay |

Term
: The definition of a term.

{% include note.html text="Hello" %}

Final words.
{: #last .closing}
"""

HUGO_POST = """\
+++
title = "Parks"
+++

Intro {{< figure src="zion.jpg" caption="A *big* one" >}} and $$x_1 * y_2$$ here.

{{< img
  src="images/landscape.jpg"
  alt="Zion National Park"
>}}

Read the [guide]({{< ref "guide.md" >}}) first.

{{< notice >}}
A **notice** body.
{{< /notice >}}
"""


def project_with(make_project, dialect: str, name: str, text: str):
    project = make_project(f'locales = ["es"]\ndialect = "{dialect}"\n[engines]\ndefault = "none"\n')
    project.write(f"content/posts/{name}", text)
    run(project, "sync")
    return project


def body_of(html: str) -> str:
    return html.split('<div class="post-body">', 1)[1].split("</div>\n  <footer", 1)[0]


def test_kramdown_attribute_lists_are_attributes_and_math_stays_as_written(make_project) -> None:
    project = project_with(make_project, "kramdown", "2021-01-01-networks.md", JEKYLL_POST)
    translate(project, "es", "networks", {
        "*Fig 1.": "*Fig. 1. Una red.*", "The cost is": "El coste es $$a_b * c_d$$ por nodo.",
        "Final words.": "Palabras finales.", "Node": "Nodo", "The definition": "La definición de un término.",
    })
    run(project, "sync", "--html")
    for locale, caption, closing in (("en", "Fig 1. A network.", "Final words."), ("es", "Fig. 1. Una red.", "Palabras finales.")):
        body = body_of(page(project, locale, "networks"))
        assert "{:" not in body, body  # no attribute list shows as text
        assert re.search(r'<p class="figure[^"]*"[^>]*><img src="/a.png" alt="Net"', body)  # the IAL's class on its block
        assert f"<em>{caption}</em>" in body  # the caption is a paragraph of its own
        assert re.search(rf'<p id="last" class="closing[^"]*"[^>]*>{closing}</p>', body), body
        assert "$$a_b * c_d$$" in body and "<em>b" not in body  # math is not emphasis
        assert re.search(r"<td[^>]*>Edge</td>", body) and "<dd" in body  # a kramdown table, a definition list
    assert "<td>Nodo</td>" in body_of(page(project, "es", "networks"))


def test_goldmark_shortcodes_and_math_show_as_their_own_text(make_project) -> None:
    project = project_with(make_project, "goldmark", "parks.md", HUGO_POST)
    translate(project, "es", "parks", {
        "Intro": 'Introducción {{< figure src="zion.jpg" caption="A *big* one" >}} y $$x_1 * y_2$$ aquí.',
        "Read the": 'Lee la [guía]({{< ref "guide.md" >}}) primero.',
        "A **notice**": "Un cuerpo de **aviso**.",
    })
    run(project, "sync", "--html")
    for locale, intro in (("en", "Intro"), ("es", "Introducción")):
        html = page(project, locale, "parks")
        body = body_of(html)
        figure = html_lib.escape('{{< figure src="zion.jpg" caption="A *big* one" >}}', quote=True)
        assert f"{intro} {figure}" in body.replace("&#x27;", "'"), body
        assert "$$x_1 * y_2$$" in body and "<em>" not in body.split("{{&lt; notice")[0]  # no emphasis
        assert "<blockquote>" not in body  # the call's ">}}" line is not a blockquote
        assert html_lib.escape('alt="Zion National Park"\n&gt;}}', quote=False) in body or \
            'alt=&quot;Zion National Park&quot;\n&gt;}}' in body
        assert "<strong>" in body  # the notice's body is Markdown, its call lines are shown
        assert "{{&lt; notice &gt;}}" in body and "{{&lt; /notice &gt;}}" in body
        assert "script-src &#39;none&#39;" in html  # the CSP is still on every page
    es = body_of(page(project, "es", "parks"))
    assert "Un cuerpo de <strong>aviso</strong>." in es
    assert 'href="%7B%7B%3C%20ref%20%22guide.md%22%20%3E%7D%7D"' in es  # the link, its target as written


def test_commonmark_projects_read_as_before(make_project) -> None:
    """No dialect of its own: a shortcode-looking call is plain CommonMark text there."""
    project = project_with(make_project, "commonmark", "plain.md", "---\ntitle: Plain\n---\n\nA *b* and $$x_1 * y_2$$.\n")
    run(project, "sync", "--html")
    assert "<p>A <em>b</em> and $$x_1 * y_2$$.</p>" in body_of(page(project, "en", "plain"))


def test_a_raw_html_translation_is_still_sanitized_in_a_kramdown_project(make_project) -> None:
    post = textwrap.dedent("""\
        ---
        title: Safe
        ---

        <div class="tip">Remove make-up <strong>before</strong> bed.</div>
        {: .notice}
        """)
    project = project_with(make_project, "kramdown", "safe.md", post)
    translate(project, "es", "safe", {"Remove make-up": 'Quítate <strong onclick="x()">el</strong> maquillaje.'})
    run(project, "sync", "--html", code=1)
    assert "onclick" not in page(project, "es", "safe")
