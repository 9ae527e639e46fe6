"""The error pages answer in French, with their status."""

import pytest
from django.conf import settings
from django.test import Client

from tests.site.urls import ERROR_PATH

pytestmark = pytest.mark.django_db


def test_a_missing_page_answers_404_in_french(site_tree):
    """An unknown address answers 404 with the French "Page introuvable" page."""
    response = Client().get("/nexiste-pas/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert "<title>Page introuvable — C'est possible</title>" in html
    assert "<h1>Page introuvable</h1>" in html


def test_a_missing_sheet_answers_404_in_french(site_tree):
    """A sheet address that matches nothing is the same French 404 page."""
    response = Client().get("/action/une-fiche-qui-nexiste-pas/")
    assert response.status_code == 404
    assert "<h1>Page introuvable</h1>" in response.content.decode()


@pytest.mark.urls("tests.site.urls")
def test_a_server_error_answers_500_in_french(site_tree):
    """A view that fails answers 500 with the French error page, never a traceback."""
    assert settings.DEBUG is False
    response = Client(raise_request_exception=False).get(ERROR_PATH)
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert "<title>Erreur du serveur — C'est possible</title>" in html
    assert "<h1>Une erreur est survenue</h1>" in html
    assert "Veuillez réessayer dans quelques instants." in html
    assert "RuntimeError" not in html and "Traceback" not in html
