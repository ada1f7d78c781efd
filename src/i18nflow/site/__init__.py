"""The HTML preview: every post and locale as a page, through Jinja2 templates.

- ``build``: ``build_site(project, ...)``, the pages of every locale, index and switchers.
- ``posts``: a post's localized edition (what is published, what falls back); ``body``: its HTML.
- ``pages``: page views for the templates; ``theme``: the templates, their Jinja2 environment and
  their own catalog (``site``); ``templates/``: the default templates.
- ``kramdown``: the kramdown extensions the preview understands; ``safety``: what a translation
  may not add; ``languages``: names, directions and dates by CLDR; ``options``: ``[site]``.
"""
