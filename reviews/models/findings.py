"""What the review concluded: information identified from the evidence, and the
conclusions drawn from it."""

from django.db import models
from simple_history.models import HistoricalRecords

from reviews.models.evidence import Evidence
from reviews.models.review import OrderedInReview, Review


class Finding(OrderedInReview):
    """Information identified from the evidence."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="findings")
    text = models.TextField()
    evidence = models.ManyToManyField(Evidence, blank=True, related_name="findings")

    history = HistoricalRecords()

    def __str__(self):
        return self.text[:80]


class Conclusion(OrderedInReview):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="conclusions")
    text = models.TextField()
    evidence = models.ManyToManyField(Evidence, blank=True, related_name="conclusions")
    findings = models.ManyToManyField(Finding, blank=True, related_name="conclusions")

    history = HistoricalRecords()

    def __str__(self):
        return self.text[:80]
