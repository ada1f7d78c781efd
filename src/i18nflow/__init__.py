"""i18nflow: publish Markdown articles in many languages through the gettext workflow."""

__version__ = "0.1.0"
