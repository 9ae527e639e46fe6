"""Index settings and analyzers for the search node.

One set of analysis settings serves OpenSearch and Elasticsearch alike: the
settings module passes INDEX_SETTINGS to whichever Wagtail backend is chosen.
This module imports nothing from Django so that settings can read it.

The `default` analyzer applies to every text field Wagtail maps without an
explicit analyzer: French elision (l', d', qu'... with ' and ’), lowercase,
French stop words, accent folding and light French stemming. Wagtail's own
autocomplete analyzer gains elision so "l'été" completes like "été".
"""

FRENCH_ELISION_ARTICLES = [
    "l",
    "m",
    "t",
    "qu",
    "n",
    "s",
    "j",
    "d",
    "c",
    "jusqu",
    "quoiqu",
    "lorsqu",
    "puisqu",
]

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
            },
            "filter": {
                "french_elision": {
                    "type": "elision",
                    "articles_case": True,
                    "articles": FRENCH_ELISION_ARTICLES,
                },
                "french_stop": {"type": "stop", "stopwords": "_french_"},
                "french_stemmer": {"type": "stemmer", "language": "light_french"},
            },
            "analyzer": {
                "default": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "char_filter": ["apostrophes"],
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
                    "char_filter": ["apostrophes"],
                    "filter": ["french_elision", "asciifolding", "lowercase", "edgengram"],
                },
            },
        }
    }
}
