"""The search log the comité reads: how often each query was searched, and found nothing."""

from django.db import models


class SearchQueryDay(models.Model):
    """Daily count of one normalised query, written by the worker (never in the request)."""

    query = models.CharField("recherche", max_length=200)
    date = models.DateField("jour")
    searches = models.PositiveIntegerField("recherches", default=0)
    zero_results = models.PositiveIntegerField("sans résultat", default=0)

    class Meta:
        verbose_name = "recherche du jour"
        verbose_name_plural = "recherches par jour"
        constraints = [
            models.UniqueConstraint(fields=["query", "date"], name="unique_search_query_day")
        ]
        indexes = [models.Index(fields=["date"])]

    def __str__(self):
        return f"{self.query} ({self.date})"
