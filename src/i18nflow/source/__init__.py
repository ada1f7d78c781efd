"""The posts: what a Markdown file says and where each piece of its visible text sits.

Bottom of the pipeline: knows nothing of catalogs. Modules:
- ``content``: ``Post`` (decoded text, front matter fences, body offset) and finding posts.
- ``frontmatter/``: front matter values as segments and written back in place.
- ``segment``: the ``Segment`` data class; ``segments``: ``extract_segments(post, keys)``.
- ``htmltext``, ``markup``, ``text``: visible text in HTML blocks, inline markup inventory, words.
- ``render``: ``render_post(post, segments, translations)``, the localized copy, verified.
- ``project``: ``Project`` and ``load_project``, every readable post with its segments.
"""
