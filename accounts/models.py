"""The platform's user model: people log in with their email address.

Set as AUTH_USER_MODEL from the first migration, so that sign-up and centre
membership (a later issue) can build on it without changing the user model.
"""

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models


class UserManager(BaseUserManager):
    """Creates users identified by their (normalised) email address."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("L'adresse électronique est obligatoire.")
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not extra_fields["is_staff"] or not extra_fields["is_superuser"]:
            raise ValueError("Un super-utilisateur doit avoir is_staff et is_superuser.")
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person with an account: a centre's staff member, a comité member or an admin.

    There is no username: the email address is the login, unique regardless of case.
    """

    username = None
    email = models.EmailField("adresse électronique", unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = "utilisateur·rice"
        verbose_name_plural = "utilisateur·rice·s"
        ordering = ["email"]

    def __str__(self):
        return self.get_full_name() or self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()


class Membership(models.Model):
    """A person's request to act for a centre, and its decision.

    One per account. Pending until accepted: by a member of the centre, or by the
    comité éditorial for a centre's first account and for a proposed new centre.
    Accepting puts the account in the Contributeurs group and the centre's group.
    """

    PENDING = "pending"
    ACCEPTED = "accepted"
    REFUSED = "refused"
    STATUS_CHOICES = [(PENDING, "En attente"), (ACCEPTED, "Acceptée"), (REFUSED, "Refusée")]

    user = models.OneToOneField(
        "accounts.User",
        verbose_name="compte",
        on_delete=models.CASCADE,
        related_name="membership",
    )
    centre = models.ForeignKey(
        "initiatives.Centre",
        verbose_name="centre",
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    status = models.CharField("état", max_length=10, choices=STATUS_CHOICES, default=PENDING)
    requested_at = models.DateTimeField("demandée le", auto_now_add=True)
    decided_at = models.DateTimeField("décidée le", null=True, blank=True)
    decided_by = models.ForeignKey(
        "accounts.User",
        verbose_name="décidée par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    terms_accepted_at = models.DateTimeField("conditions acceptées le", null=True, blank=True)
    notified_at = models.DateTimeField(
        "décideurs prévenus le",
        null=True,
        blank=True,
        help_text="Date du courriel aux personnes qui peuvent accepter la demande.",
    )

    class Meta:
        verbose_name = "adhésion à un centre"
        verbose_name_plural = "adhésions aux centres"
        ordering = ["-requested_at"]

    def __str__(self):
        return f"{self.user.email} → {self.centre.name} ({self.get_status_display()})"

    @property
    def is_accepted(self):
        return self.status == self.ACCEPTED

    @property
    def is_pending(self):
        return self.status == self.PENDING
