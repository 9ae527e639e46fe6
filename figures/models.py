"""Audience storage: daily visits per page, and where the flush of the buffer stands.

No row here identifies a visitor: the only things kept are a page, a day and a
number (see figures.counting for the counting rule).
"""

from django.db import models


class PageVisitDay(models.Model):
    """How many counted visits one page had on one day (Europe/Paris).

    Written only by the background worker when it flushes the buffered counts
    (figures.tasks.flush_visits_task) and by the demo traffic generator; read by
    figures.audience for every surface. Kept `AUDIENCE_RETENTION_DAYS` days.
    """

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="visit_days", verbose_name="page"
    )
    day = models.DateField("jour")
    visits = models.PositiveIntegerField("visites", default=0)

    class Meta:
        verbose_name = "visites d'une page sur une journée"
        verbose_name_plural = "visites des pages par journée"
        constraints = [
            models.UniqueConstraint(fields=["page", "day"], name="figures_one_row_per_page_day")
        ]
        indexes = [models.Index(fields=["day", "page"], name="figures_visit_day_page")]

    def __str__(self):
        return f"{self.page_id} — {self.day} : {self.visits}"


class AudienceFlushState(models.Model):
    """The one row that says up to which minute the buffered counts are in the database.

    The flush applies the counts of the closed minutes after `last_slot` and moves
    `last_slot` in the same transaction, so a worker that dies half-way applies
    nothing, and a batch already applied is never applied twice.
    """

    last_slot = models.BigIntegerField("dernière minute reportée", default=0)
    updated_at = models.DateTimeField("mise à jour", auto_now=True)

    class Meta:
        verbose_name = "état du report des visites"
        verbose_name_plural = "état du report des visites"

    def __str__(self):
        return f"visites reportées jusqu'à la minute {self.last_slot}"
