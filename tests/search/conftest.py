"""Fixtures of the search tests: the real node, freshly rebuilt."""

import pytest
from django.core.management import call_command
from wagtail.search.backends import get_search_backend

from tests.conftest import search_node_configured


@pytest.fixture
def node(db):
    """The configured search node; fails (never skips) when none is configured or reachable."""
    assert search_node_configured(), (
        "ELASTICSEARCH_URL n'est pas défini : ces tests exigent le nœud de recherche "
        "(lancez-les avec scripts/test)."
    )
    backend = get_search_backend()
    assert backend.es.ping(), "le nœud de recherche ne répond pas"
    # Other tests leave documents whose rows were rolled back: start from a clean index.
    call_command("update_index", verbosity=0)
    return backend


def refresh(node):
    node.refresh_indexes()
