"""Language and Plural-Forms: what gettext accepts is accepted; --fix-headers keeps translations."""

from __future__ import annotations

import pytest

from i18nflow.gettext.catalogs import plural_forms
from i18nflow.gettext.headers import fix_headers, same_forms, same_language
from i18nflow.gettext.po import parse_po_text

GNU_TWO_FORMS = "nplurals=2; plural=(n != 1);"


@pytest.mark.parametrize(
    ("locale", "header", "same"),
    [
        ("es", GNU_TWO_FORMS, True),  # msginit -l es
        ("ca", GNU_TWO_FORMS, True),
        ("fr", "nplurals=2; plural=(n > 1);", True),  # msginit -l fr
        ("pt_BR", "nplurals=2; plural=(n > 1);", True),
        ("pl", "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);", True),
        ("de", "nplurals=2; plural=(n > 1);", False),  # 0 is plural in German
        ("es", "nplurals=1; plural=0;", False),
        ("pl", GNU_TWO_FORMS, False),
        ("es", "nplurals=2; plural=(n != 1 ? 2 : 0);", False),  # a form beyond nplurals
    ],
)
def test_a_rule_that_groups_0_to_1000_as_cldr_does_is_the_same(locale: str, header: str, same: bool) -> None:
    assert same_forms(header, plural_forms(locale)) is same


@pytest.mark.parametrize(
    ("language", "locale", "same"),
    [("es_ES", "es", True), ("es-ES", "es", True), ("pt-BR", "pt_BR", True), ("es", "es", True),
     ("pt_PT", "pt_BR", False), ("ca", "es", False), ("pt", "pt_BR", False)],
)
def test_a_region_variant_of_the_folders_locale_is_fine(language: str, locale: str, same: bool) -> None:
    assert same_language(language, locale) is same


CATALOG = """msgid ""
msgstr ""
"Language: de\\n"
"Plural-Forms: {plural}\\n"

msgid "One post"
msgid_plural "%(count)s posts"
msgstr[0] "Un artículo"
msgstr[1] "%(count)s artículos"

msgid "plain"
msgstr "simple"

#~ msgid "old"
#~ msgid_plural "olds"
#~ msgstr[0] "viejo"
#~ msgstr[1] "viejos"
"""


def test_fix_headers_sets_cldr_and_gives_each_new_form_the_old_form_of_the_same_numbers() -> None:
    catalog = parse_po_text(CATALOG.format(plural="nplurals=2; plural=(n > 1);"))  # French's: 0 is singular
    assert fix_headers(catalog, "es", plural_forms("es"))
    assert catalog.metadata["Language"] == "es"
    # the old plural form is CLDR's "many" (millions) and "other" (0, 2, 3...) alike
    assert catalog.metadata["Plural-Forms"] == plural_forms("es")
    plural, plain, old = list(catalog)
    assert plural.msgstr_plural == {0: "Un artículo", 1: "%(count)s artículos", 2: "%(count)s artículos"}
    assert plain.msgstr == "simple" and old.msgstr_plural == {0: "viejo", 1: "viejos", 2: "viejos"}


def test_fix_headers_leaves_an_equivalent_rule_alone() -> None:
    catalog = parse_po_text(CATALOG.format(plural=GNU_TWO_FORMS).replace("Language: de", "Language: es_ES"))
    assert not fix_headers(catalog, "es", plural_forms("es"))
    assert catalog.metadata["Plural-Forms"] == GNU_TWO_FORMS and catalog.metadata["Language"] == "es_ES"


def test_fix_headers_repairs_a_rule_gettext_cannot_read_keeping_forms_by_index() -> None:
    catalog = parse_po_text(CATALOG.format(plural="nplurals=2; plural=n !!= 1;"), plural_forms=False)
    assert fix_headers(catalog, "es", plural_forms("es"))
    assert list(catalog)[0].msgstr_plural == {0: "Un artículo", 1: "%(count)s artículos", 2: ""}
