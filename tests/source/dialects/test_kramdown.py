"""kramdown (Jekyll): each case seen on real posts, as extraction and render see it."""

from __future__ import annotations

from pathlib import Path

from markdown_it.token import Token

from i18nflow.config import RenderOptions
from i18nflow.source.dialects.registry import dialect
from i18nflow.source.render import block_structure, render_post
from i18nflow.source.segments import extract_segments
from markdown_helpers import post_from_text


def _msgids(tmp_path: Path, body: str) -> list[str]:
    post = post_from_text(tmp_path, body)
    return [s.msgid for s in extract_segments(post, (), "kramdown")]


def _render(tmp_path: Path, body: str, translate: dict[str, str]) -> tuple[str, list[str]]:
    """The localized text and why translations were not used (structure, calls or refusal)."""
    post = post_from_text(tmp_path, body)
    segments = extract_segments(post, (), "kramdown")
    result = render_post(post, segments, lambda s: translate.get(s.msgid), "es", RenderOptions(add_lang=False), "kramdown")
    return result.text, [reason for _, reason in result.rejected] + [r.check for _, r in result.refused]


def test_block_ial_on_its_own_line_stays_there_and_the_caption_is_its_own_entry(tmp_path: Path) -> None:
    body = '![Net](/a.png)\n{: style="width: 40%"}\n*Fig 1. A network.*\n'
    assert _msgids(tmp_path, body) == ["![Net](/a.png)", "*Fig 1. A network.*"]
    text, _ = _render(tmp_path, body, {"*Fig 1. A network.*": "*Fig 1. Una red.*"})
    assert text == '![Net](/a.png)\n{: style="width: 40%"}\n*Fig 1. Una red.*\n'


def test_definition_list_term_and_definition_are_separate_entries(tmp_path: Path) -> None:
    body = "Term\n: Definition of it\n"
    assert _msgids(tmp_path, body) == ["Term", "Definition of it"]
    text, _ = _render(tmp_path, body, {"Term": "Término", "Definition of it": "Su definición"})
    assert text == "Término\n: Su definición\n"
    assert block_structure(text, "kramdown") == block_structure(body, "kramdown")


def test_comment_nomarkdown_and_options_extensions_are_not_offered(tmp_path: Path) -> None:
    body = (
        "{::comment}\nA note for authors only.\n{:/comment}\n\n"
        "{::nomarkdown}\n<b>Raw words here</b>\n{:/nomarkdown}\n\n"
        "{::options parse_block_html=\"true\" /}\n\nReal text.\n"
    )
    assert _msgids(tmp_path, body) == ["Real text."]


def test_liquid_block_tag_in_a_code_span_hides_nothing(tmp_path: Path) -> None:
    body = "> Use `{% highlight ruby %}` to colour code.\n\nThe rest of the post.\n"
    assert _msgids(tmp_path, body) == ["Use `{% highlight ruby %}` to colour code.", "The rest of the post."]


def test_liquid_highlight_body_at_line_start_is_code(tmp_path: Path) -> None:
    body = "Intro.\n\n{% highlight python %}\nprint('Hello there')\n{% endhighlight %}\n\nOutro.\n"
    assert _msgids(tmp_path, body) == ["Intro.", "Outro."]


def test_capture_text_is_extracted(tmp_path: Path) -> None:
    body = "{% capture note %}\nA captured sentence.\n{% endcapture %}\n\n{{ note | markdownify }}\n"
    assert _msgids(tmp_path, body) == ["A captured sentence."]


def test_math_is_not_offered_and_never_changed(tmp_path: Path) -> None:
    body = "$$\na \\in A\n$$\n\nSo $$x$$ is small.\n"
    assert _msgids(tmp_path, body) == ["So $$x$$ is small."]
    text, rejected = _render(tmp_path, body, {"So $$x$$ is small.": "Así $$equis$$ es pequeño."})
    assert text == body and rejected == ["changes math, Liquid or shortcode calls"]
    text, rejected = _render(tmp_path, body, {"So $$x$$ is small.": "Así $$x$$ es pequeño."})
    assert text == "$$\na \\in A\n$$\n\nAsí $$x$$ es pequeño.\n" and not rejected


def test_a_translated_pipe_is_escaped_because_kramdown_would_make_a_table(tmp_path: Path) -> None:
    text, rejected = _render(tmp_path, "Cats and dogs.\n", {"Cats and dogs.": "Gatos | perros `a|b`"})
    assert text == "Gatos \\| perros `a|b`\n" and not rejected


def test_a_translation_that_adds_liquid_falls_back(tmp_path: Path) -> None:
    text, rejected = _render(tmp_path, "Plain words.\n", {"Plain words.": "Palabras {% x %}"})
    assert text == "Plain words.\n" and len(rejected) == 1


def test_kramdown_table_without_delimiter_row_has_cells_as_entries(tmp_path: Path) -> None:
    body = "|----\n| Void type | no storage |\n|=====\n| Foot one | Foot two\n"
    assert _msgids(tmp_path, body) == ["Void type", "no storage", "Foot one", "Foot two"]
    text, rejected = _render(tmp_path, body, {"no storage": "sin | memoria", "Foot two": "Pie dos"})
    assert text == "|----\n| Void type | sin \\| memoria |\n|=====\n| Foot one | Pie dos\n" and not rejected
    assert block_structure(text, "kramdown") == block_structure(body, "kramdown")


def test_task_list_checkbox_is_not_in_the_msgid(tmp_path: Path) -> None:
    assert _msgids(tmp_path, "- [x] Done thing\n- [ ] Open thing\n") == ["Done thing", "Open thing"]


def test_end_of_block_marker_ends_the_paragraph_and_code_follows(tmp_path: Path) -> None:
    body = "Some words.\n^\n    code line here\n"
    assert _msgids(tmp_path, body) == ["Some words."]


def test_text_around_a_highlight_body_inside_one_paragraph_is_two_entries(tmp_path: Path) -> None:
    body = "Store strings as:\n{% highlight yaml %}\nhello: Hello!\n{% endhighlight %}\nand then call:\n"
    assert _msgids(tmp_path, body) == ["Store strings as:", "and then call:"]
    text, rejected = _render(tmp_path, body, {"Store strings as:": "Guarde:", "and then call:": "y llame:"})
    assert text == "Guarde:\n{% highlight yaml %}\nhello: Hello!\n{% endhighlight %}\ny llame:\n" and not rejected


def test_a_latex_environment_is_math_wherever_it_stands(tmp_path: Path) -> None:
    """al-folio's math post: MathJax typesets ``\\begin{equation}…\\end{equation}`` written as a
    paragraph of its own; the pseudo engine turned its ``\\sum_{k=1}`` into ``{ķ=1}``."""
    equation = "\\begin{equation}\n\\label{eq:cs}\n\\left( \\sum_{k=1}^n a_k b_k \\right)^2\n\\end{equation}"
    body = f"MathJax numbers equations:\n\n{equation}\n\nSee `\\begin{{equation}}` and \\begin{{align}} x \\end{{align}} here.\n"
    assert _msgids(tmp_path, body) == ["MathJax numbers equations:", "See `\\begin{equation}` and \\begin{align} x \\end{align} here."]
    text, rejected = _render(tmp_path, body, {
        "See `\\begin{equation}` and \\begin{align} x \\end{align} here.": "Vea `\\begin{equation}` y \\begin{align} equis \\end{align} aquí.",
    })
    assert text == body and rejected == ["changes math, Liquid or shortcode calls"]


def test_translated_lines_that_would_open_kramdown_blocks_are_escaped(tmp_path: Path) -> None:
    body = "One line.\n"
    text, rejected = _render(tmp_path, body, {"One line.": "Una línea.\n: no definición\n{: no ial\n^"})
    assert text == "Una línea.  \n\\: no definición  \n\\{: no ial  \n&#94;\n" and not rejected
    assert block_structure(text, "kramdown") == block_structure(body, "kramdown")


def test_an_attribute_list_a_translation_adds_is_refused_not_escaped(tmp_path: Path) -> None:
    """An IAL is HTML attributes to kramdown, whether on its own line or after a span: the
    publishing rule refuses it, as it refuses a tag the source lacks."""
    body = "One *line*.\n"
    for translated in ("Una línea.\n{: .no-ial}", 'Una *línea*{: onclick="alert(1)"}.'):
        text, rejected = _render(tmp_path, body, {"One *line*.": translated})
        assert text == body and rejected == ["html"]


def test_a_heading_with_a_pipe_is_a_heading_and_a_list_item_with_one_holds_a_table(tmp_path: Path) -> None:
    assert block_structure("# Title | pipe\n", "kramdown") == block_structure("# Title\n", "kramdown")
    kinds = [kind for kind, _, _ in block_structure("- item | pipe\n", "kramdown")]
    assert kinds[:3] == ["bullet_list_open", "list_item_open", "table_open"]


def test_markdown_inside_a_markdown_1_div_is_markdown(tmp_path: Path) -> None:
    body = '<div markdown="1">\n1. First step\n2. Second step\n\n```sh\nmake all\n```\n</div>\n'
    assert _msgids(tmp_path, body) == ["First step", "Second step"]
    kinds = [kind for kind, _, _ in block_structure(body, "kramdown")]
    assert kinds[:3] == ["html_block", "ordered_list_open", "list_item_open"] and "fence" in kinds


def test_heading_ids_are_those_of_jekylls_gfm_parser(tmp_path: Path) -> None:
    post = post_from_text(tmp_path, "## Hello, World_1 & Ünïcode\n\n## 1. Intro `code` *em*\n\n## 1. Intro `code` *em*\n")
    anchors = [s.anchor for s in extract_segments(post, (), "kramdown")]
    assert anchors == ["hello-world_1--ünïcode", "1-intro-code-em", "1-intro-code-em-1"]


def test_include_text_parameters_are_entries(tmp_path: Path) -> None:
    body = '{% include figure.html path="a.jpg" caption="A cat on a mat" alt="Cat" %}\n\nText.\n'
    post = post_from_text(tmp_path, body)
    assert [(s.kind, s.msgid) for s in extract_segments(post, (), "kramdown")] == [
        ("include figure.html: caption", "A cat on a mat"),
        ("include figure.html: alt", "Cat"),
        ("paragraph", "Text."),
    ]
    text, rejected = _render(tmp_path, body, {"A cat on a mat": "Un gato", "Cat": "Gato"})
    assert text == '{% include figure.html path="a.jpg" caption="Un gato" alt="Gato" %}\n\nText.\n' and not rejected


def test_no_needless_escapes_for_an_img_after_a_hard_break_or_a_code_span_item(tmp_path: Path) -> None:
    body = "Look here:\\\n<img src=\"a.png\">\n\n- ```x``` is code\n"
    translations = {"Look here:\\\n<img src=\"a.png\">": "Mira:\n<img src=\"a.png\">", "```x``` is code": "```x``` es código"}
    text, rejected = _render(tmp_path, body, translations)
    assert text == "Mira:  \n<img src=\"a.png\">\n\n- ```x``` es código\n" and not rejected


def test_an_abbreviation_expansion_is_offered_and_written_back_as_kramdown_reads_it(tmp_path: Path) -> None:
    # the expansion is every "CSS"'s tooltip; kramdown takes the rest of its line as it is (no
    # escapes), but a pipe may make a table of the line (checked with Jekyll 4.3)
    body = "CSS stands for something.\n\n*[CSS]: Cascading Style Sheets\n*[X]:\n"
    post = post_from_text(tmp_path, body)
    assert [(s.kind, s.msgid) for s in extract_segments(post, (), "kramdown")] == [
        ("paragraph", "CSS stands for something."), ("abbreviation CSS", "Cascading Style Sheets")
    ]
    text, rejected = _render(tmp_path, body, {"Cascading Style Sheets": "Hojas de estilo |\nen cascada # 1"})
    assert text == body.replace("Cascading Style Sheets", "Hojas de estilo \\| en cascada # 1") and not rejected


def test_include_text_parameters_inside_a_paragraph_are_entries_written_back_in_place(tmp_path: Path) -> None:
    body = 'See {% include figure.html path="a.jpg" caption="A cat on a mat" alt=\'Cat\' %} here\nand there.\n'
    paragraph = 'See {% include figure.html path="a.jpg" caption="A cat on a mat" alt=\'Cat\' %} here and there.'
    post = post_from_text(tmp_path, body)
    assert [(s.kind, s.msgid, s.line) for s in extract_segments(post, (), "kramdown")] == [
        ("paragraph", paragraph, 1),
        ("include figure.html: caption", "A cat on a mat", 1),
        ("include figure.html: alt", "Cat", 1),
    ]
    params = {"A cat on a mat": 'Un "gato"', "Cat": "L'animal"}
    # the paragraph untranslated: the values go into the source text
    text, rejected = _render(tmp_path, body, params)
    assert text == body.replace("A cat on a mat", "Un “gato”").replace("'Cat'", "'L’animal'") and not rejected
    # the paragraph translated (its call kept as it was): the values go into the translation
    translated = 'Mira {% include figure.html path="a.jpg" caption="A cat on a mat" alt=\'Cat\' %} aquí.'
    text, rejected = _render(tmp_path, body, {**params, paragraph: translated})
    assert text == 'Mira {% include figure.html path="a.jpg" caption="Un “gato”" alt=\'L’animal\' %} aquí.\n'
    assert not rejected
    # a paragraph that changed the call is refused; its parameters are still written
    text, rejected = _render(tmp_path, body, {**params, paragraph: translated.replace("a.jpg", "b.jpg")})
    assert text == body.replace("A cat on a mat", "Un “gato”").replace("'Cat'", "'L’animal'")
    assert rejected == ["liquid"]


def test_each_line_before_a_definition_is_a_term_even_lazily_inside_a_list_item(tmp_path: Path) -> None:
    # kramdown: "each line of the preceding paragraph is assumed to be a term"; the ":" line
    # may be lazy in a list item. Seen as one paragraph, its ":" line was escaped on render.
    body = "3. First term  \n[Second term](/b/)\n: The definition,\nlazily continued.\n\nTerm A\nTerm B\n\n: Def one\n: Def two\n"
    assert [(s.kind, s.msgid) for s in extract_segments(post_from_text(tmp_path, body), (), "kramdown")] == [
        ("definition term", "First term"),
        ("definition term", "[Second term](/b/)"),
        ("definition", "The definition, lazily continued."),
        ("definition term", "Term A"),
        ("definition term", "Term B"),
        ("definition", "Def one"),
        ("definition", "Def two"),
    ]
    kinds = [kind for kind, _, _ in block_structure(body, "kramdown")]
    assert kinds.count("dt_open") == 4 and kinds.count("dd_open") == 3 and kinds.count("dl_open") == 2
    text, rejected = _render(tmp_path, body, {
        "First term": "Primer término", "[Second term](/b/)": "[Segundo](/b/)", "Term B": "Término B | x",
        "The definition, lazily continued.": "La definición,\n: no otra", "Def two": "Def dos",
    })
    assert text == (
        "3. Primer término  \n[Segundo](/b/)\n: La definición,  \n\\: no otra\n\n"
        "Term A\nTérmino B \\| x\n\n: Def one\n: Def dos\n"
    ) and not rejected
    assert block_structure(text, "kramdown") == block_structure(body, "kramdown")
    # kramdown reads a paragraph followed by ":" as terms before it looks for a table row
    assert block_structure("A | b\n: def\n", "kramdown") == block_structure("A\n: def\n", "kramdown")


def test_a_setext_heading_is_one_line_and_its_translation_stays_on_one(tmp_path: Path) -> None:
    body = "Long contents\n-------------\n\nOne\ntwo\n---\n\nText\n***\n"
    # kramdown: a heading is one line over its underline; "---" or "***" under a paragraph's
    # second line is text of that paragraph (Jekyll prints "One two —" and "Text ***")
    assert [(s.kind, s.msgid) for s in extract_segments(post_from_text(tmp_path, body), (), "kramdown")] == [
        ("heading", "Long contents"), ("paragraph", "One two ---"), ("paragraph", "Text ***"),
    ]
    kinds = [kind for kind, _, _ in block_structure(body, "kramdown")]
    assert kinds == ["heading_open", "heading_close"] + ["paragraph_open", "paragraph_close"] * 2
    text, rejected = _render(tmp_path, body, {"Long contents": "Contenido | largo\n# > - 1.\n: y"})
    assert text.startswith("Contenido &#124; largo # > - 1. : y\n-------------\n") and not rejected
    assert block_structure(text, "kramdown") == block_structure(body, "kramdown")


def test_a_markdown_1_div_after_other_html_lines_still_holds_markdown(tmp_path: Path) -> None:
    body = '<details>\n<summary>Upload tip</summary>\n<div markdown="1">   \n1. `Go` to the page.\n2. Click the button\n</div>\n</details>\n'
    assert _msgids(tmp_path, body) == ["Upload tip", "`Go` to the page.", "Click the button"]
    kinds = [kind for kind, _, _ in block_structure(body, "kramdown")]
    assert kinds[:3] == ["html_block", "html_block", "ordered_list_open"] and kinds.count("list_item_open") == 2
    text, rejected = _render(tmp_path, body, {"Click the button": "Pulse el botón\n2. no otro"})
    assert text == body.replace("Click the button", "Pulse el botón  \n   2\\. no otro") and not rejected


def test_a_pipe_line_right_under_a_heading_rule_or_fence_is_a_paragraph_not_a_table(tmp_path: Path) -> None:
    # kramdown starts a table only after a block boundary (a blank line, a container's start,
    # a block IAL): "### T" / "a **|b**" is a heading and a paragraph in Jekyll's output
    body = "### Tables\n---\nUse **-** and **|key** to draw.\n\nx\n\n| a | b |\n"
    assert _msgids(tmp_path, body) == ["Tables", "Use **-** and **|key** to draw.", "x", "a", "b"]
    kinds = [kind for kind, _, _ in block_structure(body, "kramdown")]
    assert kinds.count("paragraph_open") == 2 and kinds.count("table_open") == 1
    assert [k for k, _, _ in block_structure("{: .c}\na | b\n", "kramdown")][1] == "table_open"


def test_liquid_block_tags_at_the_start_of_quoted_and_listed_lines_are_block_tags(tmp_path: Path) -> None:
    body = (
        "> {% highlight ruby %}\n> puts 'Hello there'\n> {% endhighlight %}\n\n"
        "- {% if page.title %}\n  Shown with a title.\n  {% endif %}\n- {% if page.x %}Inline words{% endif %}\n\n"
        "> {% comment %}\n> hidden words here\n> {% endcomment %}\n> Visible words.\n\n"
        "> Said `{% raw %}` once.\n\nThe end.\n"
    )
    assert _msgids(tmp_path, body) == [
        "Shown with a title.", "{% if page.x %}Inline words{% endif %}", "Visible words.",
        "Said `{% raw %}` once.", "The end.",
    ]
    translations = {"Shown with a title.": "Con título\n- no lista", "Visible words.": "Palabras > visibles"}
    text, rejected = _render(tmp_path, body, translations)
    assert "  Con título  \n  \\- no lista\n" in text and "> Palabras > visibles\n" in text and not rejected
    assert block_structure(text, "kramdown") == block_structure(body, "kramdown")


def test_a_liquid_filter_pipe_in_a_translation_is_not_escaped(tmp_path: Path) -> None:
    # Liquid output is gone before kramdown reads the line: its "|" makes no table, and an
    # escaped one would change the call (the translation then fell back to the source)
    body = 'See the [GNSS Signals]({{ "/docs/x/" | relative_url }}) tutorial.\n\n| Cell {{ a | b }} | two |\n'
    translations = {
        'See the [GNSS Signals]({{ "/docs/x/" | relative_url }}) tutorial.': 'Vea [Señales | GNSS]({{ "/docs/x/" | relative_url }}).',
        "Cell {{ a | b }}": "Celda | {{ a | b }}",
    }
    text, rejected = _render(tmp_path, body, translations)
    assert text == 'Vea [Señales \\| GNSS]({{ "/docs/x/" | relative_url }}).\n\n| Celda \\| {{ a | b }} | two |\n'
    assert not rejected


def test_a_call_over_two_lines_comes_back_as_the_source_wrote_it(tmp_path: Path) -> None:
    body = 'See the [guide]({{ "/docs/" |\nrelative_url }}) and $$a +\nb$$ here.\n'
    msgid = 'See the [guide]({{ "/docs/" | relative_url }}) and $$a + b$$ here.'
    assert _msgids(tmp_path, body) == [msgid]
    text, rejected = _render(tmp_path, body, {msgid: 'Vea la [guía]({{ "/docs/" | relative_url }}) y $$a + b$$ aquí.'})
    assert text == 'Vea la [guía]({{ "/docs/" |\nrelative_url }}) y $$a +\nb$$ aquí.\n' and not rejected


def test_a_definition_starts_at_its_text_however_far_after_the_colon(tmp_path: Path) -> None:
    # Jekyll: "Maruku" / ":     Another converter" is a definition, not an indented code block,
    # and a paragraph indented to its text is the definition's second paragraph
    body = "Maruku\n:     Another converter\n      continued\n\n      A second paragraph.\n"
    assert _msgids(tmp_path, body) == ["Maruku", "Another converter continued", "A second paragraph."]
    kinds = [kind for kind, _, _ in block_structure(body, "kramdown")]
    assert kinds.count("paragraph_open") == 2 and "code_block" not in kinds and kinds[-2:] == ["dd_close", "dl_close"]


def test_a_pipe_in_a_translated_footnote_is_escaped_like_one_in_a_paragraph(tmp_path: Path) -> None:
    # a footnote's content starts a container: kramdown would read "a | b" there as a table row
    body = "Text[^1].\n\n[^1]: The footnote source\n"
    text, rejected = _render(tmp_path, body, {"The footnote source": "La fuente | nota `a|b`"})
    assert text == "Text[^1].\n\n[^1]: La fuente \\| nota `a|b`\n" and not rejected


def test_an_include_written_out_in_a_raw_or_highlight_body_offers_no_parameter(tmp_path: Path) -> None:
    body = (
        '{% raw %}\n{% include figure.html caption="Shown literally" %}\n{% endraw %}\n\n'
        '{% highlight liquid %}\n{% include figure.html caption="In a listing" %}\n{% endhighlight %}\n\n'
        '{% include figure.html caption="A real one" %}\n'
    )
    assert _msgids(tmp_path, body) == ["A real one"]


def test_an_escaped_comment_extension_hides_nothing(tmp_path: Path) -> None:
    # "\{::comment}" is text to kramdown (a post about its syntax writes it so); read as a
    # comment up to the post's real {:/comment}, it hid every block in between
    body = "Write \\{::comment} to start one.\n\n- one\n- two\n\n{::comment}\nAuthors only.\n{:/comment}\n\nThe end.\n"
    assert _msgids(tmp_path, body) == ["Write \\{::comment} to start one.", "one", "two", "The end."]
    text, rejected = _render(tmp_path, body, {"two": "dos"})
    assert text == body.replace("- two", "- dos") and not rejected


def test_backslashes_ending_a_line_are_a_hard_break_that_the_translation_keeps(tmp_path: Path) -> None:
    # kramdown's LINE_BREAK is "\\" before the newline; Jekyll's GFM parser also breaks after
    # one "\" (CommonMark reads two as an escaped backslash and no break)
    body = "Open from 9 am.\\\\\nParking is free.\\\nAsk us.\n"
    msgid = "Open from 9 am.\\\\\nParking is free.\\\nAsk us."
    assert _msgids(tmp_path, body) == [msgid]
    kept, _ = _render(tmp_path, body, {msgid: "Abierto a las 9.\\\\\nAparcar es gratis."})
    assert kept == "Abierto a las 9.\\\\\nAparcar es gratis.\n"
    # a translator who drops the backslashes still gets a break (two spaces), not a soft one
    plain, _ = _render(tmp_path, body, {msgid: "Abierto a las 9.\nAparcar es gratis."})
    assert plain == "Abierto a las 9.  \nAparcar es gratis.\n"
    commonmark = extract_segments(post_from_text(tmp_path, "One\\\\\ntwo\n"), (), "commonmark")
    assert [s.msgid for s in commonmark] == ["One\\\\ two"]  # an escaped backslash there


def test_hard_breaks_in_list_items_quotes_and_footnotes_are_kept(tmp_path: Path) -> None:
    body = "- Item\\\\\n  continued\n\n> Quote\\\\\n> on[^n]\n\n[^n]: Note\\\\\n    more\n"
    assert _msgids(tmp_path, body) == ["Item\\\\\ncontinued", "Quote\\\\\non[^n]", "Note\\\\\nmore"]


def test_a_list_kramdown_replaces_by_the_table_of_contents_is_not_offered(tmp_path: Path) -> None:
    body = "* TOC\n{:toc}\n\nIntro.\n\n1. Contents\n{: .no-bullets toc}\n\n- A real item\n{: .toc-like}\n"
    assert _msgids(tmp_path, body) == ["Intro.", "A real item"]
    text, _ = _render(tmp_path, body, {"Intro.": "Introducción.", "A real item": "Un elemento"})
    assert text == body.replace("Intro.", "Introducción.").replace("A real item", "Un elemento")


def test_a_code_span_keeps_its_pipes_in_its_kramdown_cell(tmp_path: Path) -> None:
    # Jekyll 4.3: `p | q` is one cell; GFM would split it (and lose the row's last cell)
    body = "| Name | Formula | Note |\n|---|---|---|\n| Family | `p | q` | up to **four** |\n"
    assert _msgids(tmp_path, body) == ["Name", "Formula", "Note", "Family", "up to **four**"]
    text, rejected = _render(tmp_path, body, {"up to **four**": "`a | b` o | **cuatro**"})
    assert text.endswith("| Family | `p | q` | `a | b` o \\| **cuatro** |\n") and not rejected


def test_a_kramdown_table_ends_on_a_block_boundary_or_is_a_paragraph(tmp_path: Path) -> None:
    # kramdown's table must be followed by a blank line, an IAL, "^" or the end (Jekyll 4.3);
    # one right under a heading is a paragraph, delimiter row or not
    assert _msgids(tmp_path, "Text a | b here.\nSecond line.\n\n| x | y |\n| z | w |\nNot a row.\n") == [
        "Text a | b here. Second line.", "| x | y | | z | w | Not a row."
    ]
    assert _msgids(tmp_path, "### T\n| a | b |\n|---|---|\n| c | d |\n") == ["T", "| a | b | |---|---| | c | d |"]
    assert _msgids(tmp_path, "- | a | b |\n  | c | d |\n- next\n\n| x | y |\n{: .t}\n") == [
        "a", "b", "c", "d", "next", "x", "y"
    ]


def test_kramdown_tables_have_a_head_a_foot_and_every_cell_of_a_long_row(tmp_path: Path) -> None:
    body = "| A | B |\n|:--|--:|\n| c | d | e |\n|===|===|\n| f | g |\n\nx | y\n---|---\nz | w\n"
    assert _msgids(tmp_path, body) == ["A", "B", "c", "d", "e", "f", "g", "x", "y", "z", "w"]
    kinds = [t.type for t in _tokens(body) if t.type.endswith("_open") and t.type[:2] in ("th", "tf", "tb")]
    assert kinds == ["thead_open", "th_open", "th_open", "tbody_open", "tfoot_open", "thead_open", "th_open",
                     "th_open", "tbody_open"]


def _tokens(body: str) -> list[Token]:
    kramdown = dialect("kramdown")
    return kramdown.parser.parse(kramdown.mask(body))


def test_pipes_in_inline_math_make_a_kramdown_table_line_so_a_joined_translation_keeps_a_break(tmp_path: Path) -> None:
    # Jekyll 4.3: "The norm $$|x|$$ is positive." alone is a table; over two lines, a paragraph
    body = "The norm $$|x|$$ is\npositive.\n"
    msgid = "The norm $$|x|$$ is positive."
    assert _msgids(tmp_path, body) == [msgid]
    assert _render(tmp_path, body, {msgid: "La norma $$|x|$$ es positiva."})[0] == "La norma $$|x|$$\nes positiva.\n"
    assert _render(tmp_path, body, {msgid: "Es $$|x|$$"})[0] == "Es\n$$|x|$$\n"
    # a $$ block on lines of its own is math before it is a table
    assert _msgids(tmp_path, "Intro.\n\n$$\n|x| + |y|\n$$\n") == ["Intro."]
