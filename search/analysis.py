"""Index settings and analyzers for the search node.

One set of analysis settings serves OpenSearch and Elasticsearch alike: the
settings module passes INDEX_SETTINGS to whichever Wagtail backend is chosen.
This module imports nothing from Django so that settings can read it.

Text goes through, in order:
1. char filters: the typographic apostrophe becomes ', and inclusive writing is
   folded to the plain plural or masculine form ("habitant·e·s", "habitant.e.s",
   "habitant-e-s", "habitant(e)s" → "habitants"; "acteur·ices" → "acteurs";
   "tou·te·s" → "tous"; "nouveaux.elles" → "nouveaux");
2. the standard tokenizer;
3. elision (l', d', qu', jusqu'…), lowercase, French stop words, accent folding
   and light French stemming ("ateliers" and "atelier" meet, so do "événement"
   and "evenement").
The `default` analyzer applies to every text field Wagtail maps without an
explicit one, at index and query time. Autocomplete indexes edge n-grams with the
same folding (`edgengram_analyzer`) and is queried with `autocomplete_search`.
"""

# Separators of inclusive writing: point, middle dot and its look-alikes, hyphen.
_SEP = "[.·•‧⋅∙-]"
# Feminine endings written after a separator (or in brackets).
_FEMININE = "(?:e|le|ne|te|fe|se|ve|ice|rice|trice|euse|ère|ere|ive|elle|ale)"
_NOT_A_LETTER_NEXT = r"(?![\p{L}\p{N}])"

INCLUSIVE_WRITING_CHAR_FILTERS = {
    # "nouveaux.elles", "heureux·se" → the masculine form already carries the plural.
    "inclusive_after_x": {
        "type": "pattern_replace",
        "pattern": "(?i)(?<=x)" + _SEP + "(?:elle|le|e|se)s?" + _NOT_A_LETTER_NEXT,
        "replacement": "",
    },
    # "habitant.e.s", "habitant·es", "animateur.rice.s", "acteur·ices", "tou·te·s"…
    "inclusive_separated": {
        "type": "pattern_replace",
        "pattern": "(?i)(?<=\\p{L})"
        + _SEP
        + _FEMININE
        + "(?:"
        + _SEP
        + "?(s))?"
        + _NOT_A_LETTER_NEXT,
        "replacement": "$1",
    },
    # "habitant(e)s", "habitant(es)", "engagé(e)".
    "inclusive_brackets": {
        "type": "pattern_replace",
        "pattern": "(?i)(?<=\\p{L})\\(" + _FEMININE + "(s?)\\)(s?)",
        "replacement": "$1$2",
    },
}

CHAR_FILTERS = ["apostrophes", "inclusive_after_x", "inclusive_separated", "inclusive_brackets"]

FRENCH_ELISION_ARTICLES = [
    "l", "m", "t", "qu", "n", "s", "j", "d", "c",
    "jusqu", "quoiqu", "lorsqu", "puisqu",
]  # fmt: skip

# French stop words: articles, pronouns, prepositions, conjunctions and the most
# common forms of être and avoir. Unlike Lucene's list, "été" (summer) stays
# searchable.
FRENCH_STOP_WORDS = [
    "a", "ai", "aie", "ait", "as", "au", "aux", "avec", "avait", "avons", "avez", "ont",
    "c", "ce", "ces", "cet", "cette", "d", "dans", "de", "des", "du", "elle", "elles",
    "en", "es", "est", "et", "étaient", "était", "être", "eu", "eux", "il", "ils", "j",
    "je", "l", "la", "le", "les", "leur", "leurs", "lui", "m", "ma", "mais", "me", "mes",
    "moi", "mon", "même", "n", "ne", "nos", "notre", "nous", "on", "ou", "où", "par",
    "pas", "pour", "qu", "que", "qui", "s", "sa", "se", "ses", "son", "sont", "sur", "t",
    "ta", "te", "tes", "toi", "ton", "tu", "un", "une", "vos", "votre", "vous", "y",
    "sommes", "êtes", "suis", "sera", "seront", "serait", "étant", "ayant",
]  # fmt: skip

INDEX_SETTINGS = {
    "settings": {
        "analysis": {
            "char_filter": {
                # The standard tokenizer keeps "l’été" whole: turn the typographic
                # apostrophe into the plain one so elision sees a single form.
                "apostrophes": {
                    "type": "mapping",
                    "mappings": ["’ => '", "‘ => '", "ʼ => '"],
                },
                **INCLUSIVE_WRITING_CHAR_FILTERS,
            },
            "filter": {
                "french_elision": {
                    "type": "elision",
                    "articles_case": True,
                    "articles": FRENCH_ELISION_ARTICLES,
                },
                "french_stop": {
                    "type": "stop",
                    "stopwords": FRENCH_STOP_WORDS,
                    "ignore_case": True,
                },
                "french_stemmer": {"type": "stemmer", "language": "light_french"},
            },
            "analyzer": {
                "default": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "char_filter": CHAR_FILTERS,
                    "filter": [
                        "french_elision",
                        "lowercase",
                        "french_stop",
                        "asciifolding",
                        "french_stemmer",
                    ],
                },
                "edgengram_analyzer": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "char_filter": CHAR_FILTERS,
                    "filter": ["french_elision", "lowercase", "asciifolding", "edgengram"],
                },
                "autocomplete_search": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "char_filter": CHAR_FILTERS,
                    "filter": ["french_elision", "lowercase", "asciifolding"],
                },
            },
        }
    }
}
