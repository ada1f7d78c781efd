"""CommonMark (with GFM tables, strikethrough and footnotes): no builder-specific syntax.

Liquid code bodies (``{% highlight %}`` … ``{% endhighlight %}`` opened at a line start) are
still code: a site read as CommonMark may well be a Jekyll site without its ``_config.yml``.
"""

from __future__ import annotations

from i18nflow.source.dialects import liquid
from i18nflow.source.dialects.base import Dialect
from i18nflow.source.text import kramdown_id

DIALECT = Dialect(name="commonmark", masks=(liquid.code_bodies,), heading_id=kramdown_id)
