"""The search service: the one home of search on the platform.

Given a query and filters, it returns results, facet counts and suggestions.
The search page, the sheets listing, the autocomplete and the API all call it;
only this module knows which engine answered.

Wagtail's search framework indexes the pages (on the node and, beside it, in the
database backend). Queries go to the node directly with its client, because
Wagtail's query API has no highlighting, multi-facet counts or fuzziness across
fields. When the node is down or does not answer within SEARCH_QUERY_TIMEOUT,
the service answers from the database backend: same results contract, facets
computed in SQL, no highlights, and a notice.

Visibility: only live pages without view restrictions, in results, counts,
facets and autocomplete (the same rule as core.visibility.public_pages).
"""

import logging
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import Count
from django.utils.functional import cached_property
from wagtail.models import Page, PageViewRestriction
from wagtail.search.backends import get_search_backend

from core.visibility import public_pages
from initiatives.models import REGION_CHOICES, TERRITORY_CHOICES, Axis, InitiativePage, Theme
from ressources.models import ResourcePage

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200
PER_PAGE = 10
MAX_PAGE = 1000
AUTOCOMPLETE_SIZE = 8
FALLBACK_MAX_MATCHES = 1000  # database fallback: matches ranked per page type
FALLBACK_NOTICE = (
    "La recherche fonctionne en mode simplifié pour quelques instants : "
    "les résultats peuvent être moins précis."
)

KIND_CHOICES = [("fiche", "Fiches actions"), ("ressource", "Fiches ressources")]
# Orders of a result list; "" is relevance with words, most recent without.
SORT_CHOICES = [
    ("", "Pertinence"),
    ("recent", "Les plus récentes"),
    ("ancien", "Les plus anciennes"),
    ("titre", "Titre (A → Z)"),
]
SORTS = {value for value, _label in SORT_CHOICES}
KIND_MODELS = {"fiche": InitiativePage, "ressource": ResourcePage}
FACET_LABELS = {
    "theme": "Thématique",
    "axis": "Axe",
    "territory": "Territoire",
    "region": "Région",
    "kind": "Type de fiche",
}

SHEET = "initiatives_initiativepage__"
RESOURCE = "ressources_resourcepage__"


KEPT_PUNCTUATION = set("'’-.·()")


def clean_query(raw):
    """The query as searched: only words (letters, digits, apostrophes, hyphens, the
    dots and brackets of inclusive writing), whitespace folded, length capped.
    Engine syntax, emoji and control characters become spaces."""
    text = (raw or "")[: MAX_QUERY_LENGTH * 4]
    text = "".join(ch if ch.isalnum() or ch in KEPT_PUNCTUATION else " " for ch in text)
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


# "²⁰¹⁹" passes str.isdigit() but not int(): a year is four ASCII digits.
ASCII_YEAR = re.compile(r"[0-9]{4}")


@dataclass(frozen=True)
class Filters:
    """The filters of a search; unknown values are dropped, never an error."""

    themes: tuple = ()
    axis: str = ""
    territory: str = ""
    region: str = ""
    kind: str = ""
    year: int | None = None

    @classmethod
    def from_querydict(cls, data):
        themes = tuple(sorted({slug for slug in data.getlist("theme") if slug}))[:20]
        territory = data.get("territoire", "")
        region = data.get("region", "")
        kind = data.get("type", "")
        year = data.get("annee", "")
        return cls(
            themes=themes,
            axis=data.get("axe", "")[:80],
            territory=territory if territory in dict(TERRITORY_CHOICES) else "",
            region=region if region in dict(REGION_CHOICES) else "",
            kind=kind if kind in KIND_MODELS else "",
            year=int(year) if ASCII_YEAR.fullmatch(year) else None,
        )

    @property
    def sheet_only(self):
        """Filters that only sheets carry: a resource never matches them."""
        return bool(self.axis or self.territory or self.region or self.year)

    def without(self, name):
        values = {
            "theme": {"themes": ()},
            "axis": {"axis": ""},
            "territory": {"territory": ""},
            "region": {"region": ""},
            "kind": {"kind": ""},
        }[name]
        return Filters(**{**self.__dict__, **values})

    def as_params(self):
        params = [("theme", slug) for slug in self.themes]
        for key, value in [
            ("axe", self.axis),
            ("territoire", self.territory),
            ("region", self.region),
            ("type", self.kind),
            ("annee", self.year or ""),
        ]:
            if value:
                params.append((key, str(value)))
        return params


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Facet:
    name: str
    label: str
    options: list


@dataclass
class Hit:
    page: Page
    kind: str
    highlight: str = ""


@dataclass
class SearchResults:
    query: str
    filters: Filters
    hits: list
    total: int
    page_number: int
    per_page: int
    facets: list
    suggestions: list = field(default_factory=list)
    backend: str = "node"
    notice: str = ""

    @property
    def num_pages(self):
        return max(1, -(-self.total // self.per_page))

    @property
    def has_previous(self):
        return self.page_number > 1

    @property
    def has_next(self):
        return self.page_number < self.num_pages


class NodeUnavailable(Exception):
    """The node is down, hung past the timeout, or answered with an error."""


def _content_types():
    return {
        kind: ContentType.objects.get_for_model(model).pk for kind, model in KIND_MODELS.items()
    }


def _labels():
    """Labels of facet values, from the database (a few small queries)."""
    return {
        "theme": dict(Theme.objects.values_list("slug", "name")),
        "axis": dict(Axis.objects.values_list("slug", "name")),
        "territory": dict(TERRITORY_CHOICES),
        "region": dict(REGION_CHOICES),
        "kind": dict(KIND_CHOICES),
    }


def _build_facets(counts, filters, labels):
    selected = {
        "theme": set(filters.themes),
        "axis": {filters.axis},
        "territory": {filters.territory},
        "region": {filters.region},
        "kind": {filters.kind},
    }
    facets = []
    for name in ["kind", "theme", "axis", "territory", "region"]:
        options = [
            FacetOption(value, labels[name].get(value, value), count, value in selected[name])
            for value, count in counts.get(name, {}).items()
            if count and value in labels[name]
        ]
        options.sort(key=lambda option: (-option.count, option.label))
        facets.append(Facet(name, FACET_LABELS[name], options))
    return facets


class NodeSearch:
    """Queries on the search node, through the client Wagtail's backend holds."""

    def __init__(self, backend):
        self.backend = backend
        self.client = backend.es
        self.index = backend.get_index_for_model(Page).name
        self.timeout = settings.SEARCH_QUERY_TIMEOUT

    @cached_property
    def content_types(self):
        return _content_types()

    def _call(self, body):
        try:
            if type(self.client).__module__.startswith("elasticsearch"):
                client = self.client.options(request_timeout=self.timeout)
                return client.search(index=self.index, **body)
            return self.client.search(index=self.index, body=body, request_timeout=self.timeout)
        except Exception as exc:  # noqa: BLE001 - connection, timeout or engine error alike
            raise NodeUnavailable(str(exc)) from exc

    def _visibility(self):
        restricted = list(
            PageViewRestriction.objects.values_list("page__path", flat=True).distinct()
        )
        return {
            "filter": [
                {"term": {"live_filter": True}},
                {"terms": {"content_type_id_filter": list(self.content_types.values())}},
            ],
            "must_not": [{"prefix": {"path_filter": path}} for path in restricted],
        }

    def _filter_clauses(self, filters):
        clauses = []
        if filters.kind:
            clauses.append({"term": {"content_type_id_filter": self.content_types[filters.kind]}})
        if filters.themes:
            clauses.append(
                {
                    "bool": {
                        "should": [
                            {"terms": {f"{SHEET}theme_slugs_filter": list(filters.themes)}},
                            {"terms": {f"{RESOURCE}theme_slugs_filter": list(filters.themes)}},
                        ],
                        "minimum_should_match": 1,
                    }
                }
            )
        for value, field_name in [
            (filters.axis, "axis_slug_filter"),
            (filters.territory, "territory_type_filter"),
            (filters.region, "region_filter"),
            (filters.year, "year_filter"),
        ]:
            if value:
                clauses.append({"term": {f"{SHEET}{field_name}": value}})
        return clauses

    @staticmethod
    def _text_query(query, relaxed=False):
        if not query:
            return {"match_all": {}}
        match_terms = {"minimum_should_match": "50%"} if relaxed else {"operator": "and"}
        return {
            "bool": {
                "should": [
                    {
                        "multi_match": {
                            "query": query,
                            "fields": [
                                "title^4",
                                f"{SHEET}summary^2",
                                f"{RESOURCE}summary^2",
                                f"{SHEET}body",
                                f"{RESOURCE}body",
                                "_all_text",
                            ],
                            "type": "best_fields",
                            **match_terms,
                            "fuzziness": "AUTO:4,50",
                            "prefix_length": 1,
                            "zero_terms_query": "all",
                        }
                    },
                    {"match_phrase": {"title": {"query": query, "boost": 4}}},
                    {
                        "nested": {
                            "path": f"{SHEET}centre",
                            "query": {
                                "multi_match": {
                                    "query": query,
                                    "fields": [f"{SHEET}centre.*"],
                                    **match_terms,
                                    "fuzziness": "AUTO:4,50",
                                    "prefix_length": 1,
                                }
                            },
                        }
                    },
                    {
                        "nested": {
                            "path": f"{SHEET}themes",
                            "query": {"match": {f"{SHEET}themes.name": query}},
                        }
                    },
                    {
                        "nested": {
                            "path": f"{RESOURCE}themes",
                            "query": {"match": {f"{RESOURCE}themes.name": query}},
                        }
                    },
                ],
                "minimum_should_match": 1,
            }
        }

    def _aggregations(self, filters):
        def facet_filter(name):
            return {"bool": {"filter": self._filter_clauses(filters.without(name))}}

        size = 100
        return {
            "kind": {
                "filter": facet_filter("kind"),
                "aggs": {"values": {"terms": {"field": "content_type_id_filter", "size": 5}}},
            },
            "theme": {
                "filter": facet_filter("theme"),
                "aggs": {
                    "sheets": {"terms": {"field": f"{SHEET}theme_slugs_filter", "size": size}},
                    "resources": {
                        "terms": {"field": f"{RESOURCE}theme_slugs_filter", "size": size}
                    },
                },
            },
            "axis": {
                "filter": facet_filter("axis"),
                "aggs": {"values": {"terms": {"field": f"{SHEET}axis_slug_filter", "size": size}}},
            },
            "territory": {
                "filter": facet_filter("territory"),
                "aggs": {
                    "values": {"terms": {"field": f"{SHEET}territory_type_filter", "size": 5}}
                },
            },
            "region": {
                "filter": facet_filter("region"),
                "aggs": {"values": {"terms": {"field": f"{SHEET}region_filter", "size": size}}},
            },
        }

    SORT_CLAUSES = {
        "recent": [{"first_published_at_filter": {"order": "desc", "missing": "_last"}}],
        "ancien": [{"first_published_at_filter": {"order": "asc", "missing": "_last"}}],
        "titre": [{"title_filter": {"order": "asc"}}],
    }

    def search(self, query, filters, page_number, per_page, relaxed=False, sort=""):
        """Search with every word required; if that finds nothing, with half of them."""
        visibility = self._visibility()
        body = {
            "query": {
                "bool": {
                    "must": [self._text_query(query, relaxed)],
                    "filter": visibility["filter"],
                    "must_not": visibility["must_not"],
                }
            },
            "post_filter": {"bool": {"filter": self._filter_clauses(filters)}},
            "aggs": self._aggregations(filters),
            "from": (page_number - 1) * per_page,
            "size": per_page,
            "_source": False,
            "track_total_hits": True,
        }
        order = sort or ("" if query else "recent")
        if order in self.SORT_CLAUSES:
            body["sort"] = [*self.SORT_CLAUSES[order], {"id_filter": {"order": "desc"}}]
        if query:
            body["highlight"] = {
                "encoder": "html",
                "pre_tags": ["<mark>"],
                "post_tags": ["</mark>"],
                "fields": {
                    f"{SHEET}summary": {"number_of_fragments": 1, "fragment_size": 200},
                    f"{RESOURCE}summary": {"number_of_fragments": 1, "fragment_size": 200},
                    f"{SHEET}body": {"number_of_fragments": 1, "fragment_size": 200},
                    f"{RESOURCE}body": {"number_of_fragments": 1, "fragment_size": 200},
                },
            }
            body["suggest"] = {
                "spelling": {
                    "text": query,
                    "term": {"field": "_all_text", "suggest_mode": "popular"},
                }
            }
        response = self._call(body)
        hits = response["hits"]["hits"]
        total = response["hits"]["total"]
        total = total["value"] if isinstance(total, dict) else total
        if total == 0 and not relaxed and len(query.split()) > 1:
            return self.search(query, filters, page_number, per_page, relaxed=True, sort=sort)
        pages = _load_pages([int(hit["_id"]) for hit in hits])
        kinds = {ct: kind for kind, ct in self.content_types.items()}
        results = []
        for hit in hits:
            page = pages.get(int(hit["_id"]))
            if page is None:  # deleted since indexed: the reconcile command catches up
                continue
            fragments = [frag for frags in hit.get("highlight", {}).values() for frag in frags]
            results.append(
                Hit(
                    page,
                    kinds.get(page.content_type_id, "fiche"),
                    fragments[0] if fragments else "",
                )
            )
        return (
            total,
            results,
            self._counts(response["aggregations"], kinds),
            self.visible_suggestions(query, _suggestions(response.get("suggest", {}), query)),
        )

    def visible_suggestions(self, query, suggestions):
        """The suggestions whose new words occur in content the public may see.

        The node's term suggester reads the whole index, where Wagtail keeps drafts,
        pages awaiting approval and restricted pages too: a word it proposes is kept
        only when a live, public sheet or resource contains it, else a typo would
        reveal a hidden title. When the node cannot tell, nothing is suggested.
        """
        if not suggestions:
            return []
        asked = {word.casefold() for word in query.split()}
        visibility = self._visibility()
        kept = []
        for suggestion in suggestions:
            words = [word for word in suggestion.split() if word.casefold() not in asked]
            try:
                if all(self._publicly_indexed(visibility, word) for word in words):
                    kept.append(suggestion)
            except NodeUnavailable:
                return []
        return kept

    def _publicly_indexed(self, visibility, word):
        """True when `word` (analysed as the index analyses text: the suggester proposes
        stemmed terms) occurs, without typo tolerance, in a page the public may see."""
        match = {"match": {"_all_text": {"query": word, "operator": "and"}}}
        response = self._call(
            {
                "query": {
                    "bool": {
                        "filter": [*visibility["filter"], match],
                        "must_not": visibility["must_not"],
                    }
                },
                "size": 0,
                "track_total_hits": 1,
            }
        )
        total = response["hits"]["total"]
        return (total["value"] if isinstance(total, dict) else total) > 0

    @staticmethod
    def _counts(aggregations, kinds):
        def buckets(agg):
            return {str(b["key"]): b["doc_count"] for b in agg["buckets"]}

        themes = buckets(aggregations["theme"]["sheets"])
        for slug, count in buckets(aggregations["theme"]["resources"]).items():
            themes[slug] = themes.get(slug, 0) + count
        return {
            "kind": {
                kinds[int(key)]: count
                for key, count in buckets(aggregations["kind"]["values"]).items()
                if int(key) in kinds
            },
            "theme": themes,
            "axis": buckets(aggregations["axis"]["values"]),
            "territory": buckets(aggregations["territory"]["values"]),
            "region": buckets(aggregations["region"]["values"]),
        }

    def autocomplete(self, query, size):
        visibility = self._visibility()
        body = {
            "query": {
                "bool": {
                    "must": [
                        {
                            "match": {
                                "title_edgengrams": {
                                    "query": query,
                                    "analyzer": "autocomplete_search",
                                    "operator": "and",
                                }
                            }
                        }
                    ],
                    "should": [{"match_phrase_prefix": {"title": {"query": query}}}],
                    "filter": visibility["filter"],
                    "must_not": visibility["must_not"],
                }
            },
            "size": size,
            "_source": False,
        }
        response = self._call(body)
        pages = _load_pages([int(hit["_id"]) for hit in response["hits"]["hits"]])
        return [
            pages[int(hit["_id"])] for hit in response["hits"]["hits"] if int(hit["_id"]) in pages
        ]


def _suggestions(suggest, query):
    """A corrected query when the node proposes better-known words."""
    entries = suggest.get("spelling", [])
    if not any(entry.get("options") for entry in entries):
        return []
    corrected = query
    for entry in entries:
        if entry.get("options"):
            corrected = corrected.replace(entry["text"], entry["options"][0]["text"], 1)
    return [corrected] if corrected.lower() != query.lower() else []


def _load_pages(pks):
    """Specific, visible pages by pk, in one query per page type, body fields deferred."""
    if not pks:
        return {}
    pages = public_pages(Page.objects.filter(pk__in=pks)).defer_streamfields().specific()
    return {page.pk: page for page in pages}


class DatabaseSearch:
    """The same contract, answered by Wagtail's database backend and SQL aggregates."""

    def __init__(self, backend_name):
        self.backend_name = backend_name
        self._visible = {}
        self._ranked = {}

    def _visible_pages(self, model):
        """Visible pages of a type; the view restrictions are read once per search."""
        if model not in self._visible:
            self._visible[model] = public_pages(model.objects.all())
        return self._visible[model]

    def _matching(self, model, query):
        """Visible pages of `model` matching `query`, and their ranking (searched once).

        The ranking is capped at FALLBACK_MAX_MATCHES: this is the degraded mode.
        """
        queryset = self._visible_pages(model)
        if not query:
            return queryset.order_by("-first_published_at"), None
        key = (model, query)
        if key not in self._ranked:
            results = queryset.search(query, backend=self.backend_name, operator="and")
            self._ranked[key] = [page.pk for page in results[:FALLBACK_MAX_MATCHES]]
        ranked = self._ranked[key]
        return queryset.filter(pk__in=ranked), ranked

    @staticmethod
    def _apply(queryset, filters, model, skip=None):
        if filters.themes and skip != "theme":
            queryset = queryset.filter(themes__slug__in=filters.themes).distinct()
        if model is InitiativePage:
            if filters.axis and skip != "axis":
                queryset = queryset.filter(axis__slug=filters.axis)
            if filters.territory and skip != "territory":
                queryset = queryset.filter(territory_type=filters.territory)
            if filters.region and skip != "region":
                queryset = queryset.filter(centre__region=filters.region)
            if filters.year:
                queryset = queryset.filter(year=filters.year)
        return queryset

    def _sets(self, query, filters, skip=None):
        """Matching querysets per kind, with the filters (but `skip`'s) applied."""
        sets = {}
        for kind, model in KIND_MODELS.items():
            if filters.kind and filters.kind != kind and skip != "kind":
                continue
            if model is ResourcePage and filters.sheet_only:
                continue
            queryset, ranked = self._matching(model, query)
            sets[kind] = (self._apply(queryset, filters, model, skip), ranked)
        return sets

    def search(self, query, filters, page_number, per_page, sort=""):
        sets = self._sets(query, filters)
        ordered = []
        for kind, (queryset, ranked) in sets.items():
            pks = list(queryset.values_list("pk", flat=True))
            if ranked is not None:
                position = {pk: i for i, pk in enumerate(ranked)}
                pks.sort(key=lambda pk: position.get(pk, len(position)))
            ordered += [(kind, pk) for pk in pks]
        order = sort or ("" if query else "recent")
        if order in ("recent", "ancien"):
            dates = dict(
                Page.objects.filter(pk__in=[pk for _kind, pk in ordered]).values_list(
                    "pk", "first_published_at"
                )
            )
            ordered.sort(
                key=lambda item: (dates.get(item[1]) is not None, dates.get(item[1]), item[1]),
                reverse=order == "recent",
            )
        elif order == "titre":
            titles = dict(
                Page.objects.filter(pk__in=[pk for _kind, pk in ordered]).values_list("pk", "title")
            )
            ordered.sort(key=lambda item: (titles.get(item[1], "").casefold(), item[1]))
        total = len(ordered)
        window = ordered[(page_number - 1) * per_page : page_number * per_page]
        pages = _load_pages([pk for _kind, pk in window])
        hits = [Hit(pages[pk], kind) for kind, pk in window if pk in pages]
        return total, hits, self._counts(query, filters), []

    def _counts(self, query, filters):
        counts = {}
        kind_sets = self._sets(query, filters, skip="kind")
        counts["kind"] = {kind: qs.count() for kind, (qs, _r) in kind_sets.items()}
        theme_counts = {}
        for _kind, (queryset, _r) in self._sets(query, filters, skip="theme").items():
            for slug, count in (
                queryset.order_by()
                .values_list("themes__slug")
                .annotate(n=Count("pk", distinct=True))
            ):
                if slug:
                    theme_counts[slug] = theme_counts.get(slug, 0) + count
        counts["theme"] = theme_counts
        for name, lookup in [
            ("axis", "axis__slug"),
            ("territory", "territory_type"),
            ("region", "centre__region"),
        ]:
            sheets = self._sets(query, filters, skip=name).get("fiche")
            counts[name] = (
                dict(
                    sheets[0].order_by().values_list(lookup).annotate(n=Count("pk", distinct=True))
                )
                if sheets
                else {}
            )
        return counts

    def autocomplete(self, query, size):
        queryset = public_pages(Page.objects.type(InitiativePage, ResourcePage))
        pks = [page.pk for page in queryset.autocomplete(query, backend=self.backend_name)[:size]]
        pages = _load_pages(pks)
        return [pages[pk] for pk in pks if pk in pages]


def _engines():
    """The node's search (if one is configured) and the database's."""
    backends = settings.WAGTAILSEARCH_BACKENDS
    database_name = "db" if "db" in backends else "default"
    node = None
    if backends["default"]["BACKEND"] != "wagtail.search.backends.database":
        node = NodeSearch(get_search_backend("default"))
    return node, DatabaseSearch(database_name)


def search(query="", filters=None, page_number=1, per_page=PER_PAGE, sort=""):
    """Search sheets and resources: results, total, facets and suggestions."""
    query = clean_query(query)
    sort = sort if sort in SORTS else ""
    filters = filters or Filters()
    page_number = min(max(1, int(page_number or 1)), MAX_PAGE)
    browse_key = None if query else _browse_key(filters, page_number, per_page, sort)
    if browse_key is not None:
        cached = cache.get(browse_key)
        if cached is not None:
            return cached
    results = _search(query, filters, page_number, per_page, sort)
    if browse_key is not None and results.backend == "node":
        cache.set(browse_key, results, settings.SEARCH_BROWSE_CACHE_SECONDS)
    return results


def _browse_key(filters, page_number, per_page, sort):
    """The cache key of a browse (no words: the listing, theme filters), or None when off.

    A browse depends only on its filters and on what is published: it is kept until
    the next change to the public content (core.page_cache's generation).
    """
    if not getattr(settings, "SEARCH_BROWSE_CACHE_SECONDS", 0):
        return None
    import hashlib

    from core.page_cache import generation

    current = generation()
    if current is None:  # shared cache unreachable
        return None
    parts = repr((sorted(filters.__dict__.items()), page_number, per_page, sort))
    digest = hashlib.sha1(parts.encode(), usedforsecurity=False).hexdigest()
    return f"search:browse:{current}:{digest}"


def _search(query, filters, page_number, per_page, sort):
    node, database = _engines()
    labels = _labels()
    backend, notice = "database", ""
    if node is not None:
        try:
            total, hits, counts, suggestions = node.search(
                query, filters, page_number, per_page, sort=sort
            )
            backend = "node"
        except NodeUnavailable as exc:
            logger.warning("Nœud de recherche indisponible, repli sur la base : %s", exc)
            notice = FALLBACK_NOTICE
    if backend == "database":
        total, hits, counts, suggestions = database.search(
            query, filters, page_number, per_page, sort=sort
        )
    return SearchResults(
        query=query,
        filters=filters,
        hits=hits,
        total=total,
        page_number=page_number,
        per_page=per_page,
        facets=_build_facets(counts, filters, labels),
        suggestions=suggestions,
        backend=backend,
        notice=notice,
    )


def autocomplete(query, size=AUTOCOMPLETE_SIZE):
    """Titles of visible sheets and resources completing `query`; (pages, backend)."""
    query = clean_query(query)
    if not query:
        return [], "none"
    node, database = _engines()
    if node is not None:
        try:
            return node.autocomplete(query, size), "node"
        except NodeUnavailable as exc:
            logger.warning("Nœud de recherche indisponible (autocomplétion) : %s", exc)
    return database.autocomplete(query, size), "database"
