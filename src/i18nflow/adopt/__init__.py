"""``i18nflow init``: adopt an existing Jekyll, Hugo or plain Markdown site in one command.

``detect`` finds what the site is and where its pages are, ``keys`` counts the front matter
keys that hold prose, ``layouts`` knows where each generator reads localized pages from (and
what its own configuration must say), ``settings`` writes the commented configuration.
"""
