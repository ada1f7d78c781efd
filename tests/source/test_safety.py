"""The publishing rule: what no translation may bring, read the way a browser reads HTML."""

from __future__ import annotations

import pytest

from i18nflow.site.safety import NO_SCRIPT_POLICY, balanced, content_security_policy, sanitized
from i18nflow.source.htmltags import html_items
from i18nflow.source.safety import is_markdown_text, refusal

SOURCE = 'Inside the <em>clinic</em>, see [our guide](https://example.com/guide) and {{ site.url }}.'


@pytest.mark.parametrize(
    ("translation", "check"),
    [
        # issue 17: one stray quote hid the tag from the old regex
        ("""Dentro <em>clínica</em> <img src=x onerror="document.title='PWNED'" x'>""", "html"),
        ("""Dentro <meta http-equiv="refresh" content="0;url=https://evil.example/" a'b> <em>x</em>""", "html"),
        # a comment a browser ends at once (<!-->) but a lax parser would run to -->
        ("Dentro <em>x</em> <!--> <img src=x onerror=alert(1)> -->", "html"),
        # a tag the page around the translation would finish
        ("Dentro <em>x</em> <img src=x onerror=alert(1) ", "html"),
        ("Dentro <em onmouseover=alert(1)>clínica</em>", "html"),
        ("Dentro <em>clínica</em><script>alert(1)</script>", "html"),
        ("Dentro <a/onclick=alert(1)>x</a> <em>y</em>", "html"),
        ("Dentro <em>x</em> [guía](jav&#x09;ascript:alert(1))", "unsafe-url"),
        ("Dentro <em>x</em> [guía](data:text/html;base64,PHNjcmlwdD4=)", "unsafe-url"),
        ("Dentro de la <em>clínica</em>, vea [la guía](https://evil.example/guide) y {{ site.url }}.", "urls"),
        ("Dentro <em>clínica</em> [guía](https://example.com/guide) {{ site.url }} {% include secrets.txt %}", "liquid"),
        ("Dentro <em>clínica</em> [guía](https://example.com/guide) {{ site.url }} {{< youtube x >}}", "liquid"),
        # a kramdown attribute list is HTML attributes: Jekyll published <em onclick="alert(1)">
        ('Dentro <em>clínica</em>, [guía](https://example.com/guide){: onclick="alert(1)"} {{ site.url }}.', "html"),
        ('Dentro *<em>clínica</em>*{:onmouseover="alert(1)"} [guía](https://example.com/guide) {{ site.url }}.', "html"),
        ("Dentro <em>clínica</em> {::nomarkdown}<b>x</b>{:/nomarkdown} [guía](https://example.com/guide) {{ site.url }}", "html"),
        ('Dentro <em>clínica</em> [guía](https://example.com/guide) {{ site.url }} {#evil onclick="x"}', "html"),
        # a bare address: goldmark's linkify (on in Hugo) and GFM publish it as a link
        ("Dentro <em>clínica</em>, [guía](https://example.com/guide) {{ site.url }}, visite www.evil.example.", "urls"),
        ("Dentro <em>clínica</em>, [guía](https://example.com/guide) {{ site.url }} https://evil.example/x).", "urls"),
        ("Dentro <em>clínica</em>, [guía](https://example.com/guide) {{ site.url }}: escriba a spam@evil.example", "urls"),
    ],
)
def test_a_translation_that_adds_what_its_source_lacks_is_refused(translation: str, check: str) -> None:
    found = refusal(SOURCE, translation)
    assert found is not None and found.check == check, found


@pytest.mark.parametrize(
    ("source", "translation"),
    [
        (SOURCE, "Dentro de la <em>clínica</em>, vea [nuestra guía](https://example.com/guide) y {{site.url}}."),
        ('A <a class="x" href="/a">link</a>.', 'Un <a href="/a"  class="x">enlace</a>.'),  # attributes reordered
        ('<img src="/a.png" alt="A photo">', '<img src="/a.png" alt="Una foto">'),  # alt is prose
        ("Five < six and a<b", "Cinco < seis y a<b"),
        ("Plain words", "Palabras, nada más"),
        ('![x](data:image/png;base64,iVBO)', '![y](data:image/png;base64,iVBO)'),  # the source's own data: image
        # the source's own bare addresses, kept (punctuation around them is not part of them)
        ("Write to info@clinic.example or see https://clinic.example/faq.", "Escriba a info@clinic.example o vea (https://clinic.example/faq)."),
        ("See [the FAQ](https://www.clinic.example/faq).", "Vea [las preguntas](https://www.clinic.example/faq) en www.clinic.example."),
        ("Version 2.0 is out.", "La versión 2.0 ya está."),
        ('Net *map*{: .wide style="width: 40%"} here', 'Red *mapa*{:  .wide   style="width: 40%"} aquí'),  # kept
        ("Sets {a, b} and {x = 1}", "Conjuntos {a, b} y {x = 1}"),  # prose braces are not attributes
    ],
)
def test_a_translation_that_keeps_its_source_markup_is_published(source: str, translation: str) -> None:
    assert refusal(source, translation) is None


def test_the_source_data_image_cannot_be_swapped_for_a_script_url() -> None:
    source = "See ![x](data:image/png;base64,iVBO)"
    found = refusal(source, "Vea [x](javascript:alert(1))")
    assert found is not None and found.check == "unsafe-url"


def test_html_items_normalise_order_and_keep_values() -> None:
    assert html_items('<a href="/x" class=y>t</a>') == html_items("<a class='y' href=/x>t</a>")
    assert html_items('<a href="/x">') != html_items('<a href="/y">')
    assert html_items("<https://example.com> and <me@example.com>") == ()  # autolinks are not HTML


def test_sanitizer_keeps_only_what_the_source_block_has() -> None:
    source = '<div class="tip">Remove make-up <strong>before</strong> bed.</div>\n'
    cleaned = sanitized(source, '<div class="tip" onclick="x()">Desmaquíllese <strong>antes</strong>'
                                '<meta http-equiv="refresh" content="0"><a href="javascript:x()">y</a></div>\n')
    assert cleaned.startswith('<div class="tip">Desmaquíllese <strong>antes</strong>')
    for gone in ("onclick", "meta", "javascript", "<a"):
        assert gone not in cleaned
    assert sanitized(source, source) == source


def test_balanced_reads_tags_with_a_parser() -> None:
    assert balanced('<div class="a">x <br> <img src=x> y</div>')
    assert not balanced("<div>x")
    assert not balanced("<em>x</strong>")


def test_policy_allows_the_source_scripts_by_hash_and_url_only() -> None:
    assert content_security_policy(["<p>no script</p>"]) == NO_SCRIPT_POLICY
    policy = content_security_policy(['<script>window.ok = 1;</script>', '<script src="https://cdn.example/w.js"></script>'])
    # sha256 of "window.ok = 1;", base64, as Chromium computes it for the inline script
    assert "'sha256-" in policy and "https://cdn.example/w.js" in policy and "'unsafe-inline'" not in policy
    assert policy.startswith("script-src ") and "object-src 'none'" in policy


def test_escaped_and_unfinished_tags_are_text_in_markdown_but_not_in_raw_html() -> None:
    """A paragraph's ``\\<br>`` is a literal, and an unfinished tag is escaped by every Markdown
    renderer; inside an HTML block or a front matter value both are raw HTML."""
    source, translation = "Use the \\<br> tag: a<<b.", "Usa la etiqueta \\<ƀř>: a<<ƀ."
    assert refusal(source, translation, markdown=True) is None
    assert refusal(source, translation) is not None
    sneaky = "Use the tag \\<img src=x onerror=alert(1)>"
    assert refusal("Use the tag", sneaky, markdown=True) is None  # shown as text by Markdown
    assert refusal("Use the tag", sneaky) is not None
    assert refusal("Hi", "Hola \\\\<img src=x onerror=alert(1)>", markdown=True) is not None  # \\ then a tag
    assert is_markdown_text(["paragraph"]) and is_markdown_text(["table cell", "heading"])
    assert not is_markdown_text(["front matter: title"]) and not is_markdown_text(["html text"])
    assert not is_markdown_text([])


def test_a_bogus_marked_section_is_read_as_a_browser_reads_it() -> None:
    """Python 3.11's HTML parser raised AssertionError on ``<![name[`` (an Obsidian
    ``<![[Pasted image]]`` crashed render with a traceback); a browser reads a bogus comment up
    to the next ``>``, so what follows it is still seen."""
    source = "See the image."
    pasted = "<![[Pasted image 2022.png]]"
    assert refusal(f"See {pasted} the image.", f"Vea {pasted} la imagen.", markdown=True) is None
    found = refusal(source, f"Vea {pasted} la imagen.")  # raw HTML: a comment that never ends
    assert found is not None and found.check == "html"
    found = refusal(source, "Vea <![x> <img src=x onerror=alert(1)> la imagen.")
    assert found is not None and found.check == "html" and "onerror" in found.message
    assert html_items("a <![if !IE]> b") == ("<![if !IE]>",)
