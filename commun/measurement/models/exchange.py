"""Values that come from elsewhere than the entry grid: a file someone uploads (its import job)
and the API keys other systems use."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from commun.formatting.numbers import format_number
from commun.initiatives.models import Initiative, Partner


class ImportJob(models.Model):
    """A file someone uploads: previewed, then imported (in the background when it is large)."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Waiting for your check")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Refused: nothing was written")

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    filename = models.CharField(max_length=255)
    mapping = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.UPLOADED)
    progress = models.PositiveSmallIntegerField(default=0)
    rows = models.PositiveIntegerField(default=0)
    # The rows the preview counted in the whole file, with the mapping shown: the import decides
    # from it, without reading the file again, whether it runs in the request or the background
    # (None: not previewed whole, a large file or an unreadable one).
    previewed_rows = models.PositiveIntegerField(null=True, blank=True)
    created = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    totals_skipped = models.PositiveIntegerField(default=0)  # a spreadsheet's totals rows
    missing = models.JSONField(default=dict, blank=True)  # {symbol: missing values recorded}
    # Given by backbone staff: the file revises approved values, for this reason (kept in each
    # revised value's history). Empty: approved values stay locked.
    revision_reason = models.TextField(blank=True)
    problems = models.JSONField(default=list, blank=True)  # [[where, message], …]
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The running import's last sign of life: without one for a while, its worker has died.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    # Whether it stopped for a reason other than its rows (its worker died, an unexpected error):
    # the same file can then be imported again as it is.
    retryable = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]
        # Every import first looks for running ones whose worker died (`tasks.fail_dead_jobs`).
        indexes = [models.Index(fields=["status"], name="import_jobs_by_status")]

    def __str__(self):
        return self.filename

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if getattr(self, "_data_changed", False):
            ImportJobFile.objects.update_or_create(job=self, defaults={"data": self._data})
            self._data_changed = False

    # The file sent lives in a table of its own (`ImportJobFile`): the job's row, written at
    # each step of the import (its status, progress, signs of life) and read every second by its
    # page, never carries it (SQLite rewrites a whole row, its file included, on each update).
    @property
    def data(self) -> bytes:
        if getattr(self, "_data", None) is None:
            stored = ImportJobFile.objects.filter(job_id=self.pk).values_list("data", flat=True)
            self._data = bytes(stored.first() or b"") if self.pk else b""
        return self._data

    @data.setter
    def data(self, value: bytes) -> None:
        self._data, self._data_changed = bytes(value), True

    def missing_summary(self) -> str:
        """ "3 missing values recorded (x: 2, ..: 1)", or "" when the file had none."""
        total = sum(self.missing.values())
        if not total:
            return ""
        return ngettext(
            "%(count)s missing value recorded (%(symbols)s).",
            "%(count)s missing values recorded (%(symbols)s).",
            total,
        ) % {"count": format_number(total), "symbols": symbols_counted(self.missing)}


def symbols_counted(counts: dict) -> str:
    """ "x: 2, ..: 1": how many missing values each marker gives, the most frequent first."""
    return ", ".join(
        gettext("%(symbol)s: %(count)s") % {"symbol": symbol, "count": format_number(n)}
        for symbol, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    )


class ImportJobFile(models.Model):
    """The file of an import job (`ImportJob.data`)."""

    job = models.OneToOneField(
        ImportJob, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    data = models.BinaryField()

    def __str__(self):
        return f"{self.job_id}: {len(self.data)} bytes"


class ApiToken(models.Model):
    """A key a partner's system (or the backbone's) uses to talk to the API; only a hash is kept."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="api_tokens")
    partner = models.ForeignKey(
        Partner,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="api_tokens",
        verbose_name=_("partner (empty: the backbone)"),
    )
    name = models.CharField(_("what it is for"), max_length=100)
    prefix = models.CharField(max_length=8)
    key_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.prefix}… {self.name}"


class ImportProfile(models.Model):
    """How a kind of file is read (its header line, which column says what, the values every row
    has), saved under a name for an initiative (partner None: for everyone) or one partner, and
    proposed again for a file with the same columns."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="import_profiles"
    )
    partner = models.ForeignKey(
        Partner,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="import_profiles",
        verbose_name=_("partner (empty: the whole initiative)"),
    )
    name = models.CharField(_("name"), max_length=100)
    # The header line's cells, simplified (`columns.signature`): a file whose header line is the
    # same is read with this profile.
    columns = models.JSONField(default=list)
    mapping = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "partner", "name"],
                condition=models.Q(partner__isnull=False),
                name="import_profile_names_unique_per_partner",
            ),
            models.UniqueConstraint(
                fields=["initiative", "name"],
                condition=models.Q(partner__isnull=True),
                name="import_profile_names_unique_per_initiative",
            ),
        ]

    def __str__(self):
        return self.name
