"""Charts for the tracker, drawn as SVG on the server: no JavaScript, no library.

Each chart is a `Chart` with its bars already laid out; the template
`recommendations/_chart.html` only draws them. Every chart carries its own text
alternative (`title`, `description`) and its rows, which the page shows as a data
table beside it, so nothing is conveyed by the picture alone.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.db.models import OuterRef, Subquery

from recommendations.models import FollowUpAssessment, RecommendationAddressee, Response

BLUE = "#1d70b8"
RED = "#d4351c"


@dataclass
class Bar:
    label: str
    value: int
    x: float = 0
    y: float = 0
    width: float = 0
    height: float = 0
    label_x: float = 0
    label_y: float = 0
    value_x: float = 0
    value_y: float = 0
    sublabel: str = ""
    table_label: str = ""


@dataclass
class Chart:
    slug: str
    title: str
    description: str
    label_heading: str
    value_heading: str
    bars: list
    orientation: str = "horizontal"
    colour: str = BLUE
    width: int = 640
    height: int = 0
    ticks: list = field(default_factory=list)
    baseline_y: float = 0
    plot_left: float = 0
    plot_right: float = 0

    @property
    def total(self):
        return sum(bar.value for bar in self.bars)


def _plural(n, word):
    return f"{n} {word}{'' if n == 1 else 's'}"


def _describe(bars, noun):
    parts = [f"{bar.label}: {bar.value}" for bar in bars]
    total = sum(bar.value for bar in bars)
    return f"{_plural(total, noun)} in all. " + "; ".join(parts) + "."


def horizontal(slug, title, rows, *, noun, label_heading, value_heading, colour=BLUE):
    """A bar per row, labels on the left, each value written at the end of its bar."""
    label_width, value_room, bar_height, gap, top = 230, 56, 30, 14, 6
    width = 640
    plot_width = width - label_width - value_room
    top_value = max([value for _, value in rows] + [1])
    bars = []
    for index, (label, value) in enumerate(rows):
        y = top + index * (bar_height + gap)
        bar_width = plot_width * value / top_value
        bars.append(
            Bar(
                label=label,
                value=value,
                x=label_width,
                y=y,
                width=round(bar_width, 1),
                height=bar_height,
                label_x=label_width - 10,
                label_y=y + bar_height / 2,
                value_x=round(label_width + bar_width + 8, 1),
                value_y=y + bar_height / 2,
            )
        )
    height = top * 2 + len(rows) * (bar_height + gap) - gap
    return Chart(
        slug=slug,
        title=title,
        description=_describe(bars, noun),
        label_heading=label_heading,
        value_heading=value_heading,
        bars=bars,
        colour=colour,
        width=width,
        height=height,
        baseline_y=height,
        plot_left=label_width,
    )


def _tick_step(top):
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if top / step <= 5:
            return step
    return 10 ** len(str(top))


def vertical(slug, title, rows, *, description, label_heading, value_heading, colour=RED):
    """A bar per period along the bottom, with a scale on the left. `rows` are
    (label, sublabel, value)."""
    width, height = 640, 300
    left, right, top, bottom = 48, 8, 24, 56
    plot_width, plot_height = width - left - right, height - top - bottom
    top_value = max([value for _, _, value in rows] + [1])
    step = _tick_step(top_value)
    scale_top = step * -(-top_value // step)
    slot = plot_width / max(len(rows), 1)
    bars = []
    for index, (label, sublabel, value) in enumerate(rows):
        bar_height = plot_height * value / scale_top
        x = left + index * slot + slot * 0.2
        bars.append(
            Bar(
                label=label,
                sublabel=sublabel,
                value=value,
                x=round(x, 1),
                y=round(top + plot_height - bar_height, 1),
                width=round(slot * 0.6, 1),
                height=round(bar_height, 1),
                label_x=round(left + index * slot + slot / 2, 1),
                label_y=top + plot_height + 20,
                value_x=round(left + index * slot + slot / 2, 1),
                value_y=round(top + plot_height - bar_height - 6, 1),
            )
        )
    ticks = [
        {"value": v, "y": round(top + plot_height - plot_height * v / scale_top, 1)}
        for v in range(0, scale_top + 1, step)
    ]
    return Chart(
        slug=slug,
        title=title,
        description=description,
        label_heading=label_heading,
        value_heading=value_heading,
        bars=bars,
        orientation="vertical",
        colour=colour,
        width=width,
        height=height,
        ticks=ticks,
        baseline_y=top + plot_height,
        plot_left=left,
        plot_right=width - right,
    )


# --- the tracker's three charts --------------------------------------------------------


def responses_by_decision(recommendations):
    """Responses expected (one per recommendation and addressee), by the decision
    received (or none yet)."""
    answered = Response.objects.filter(
        recommendation=OuterRef("recommendation"),
        responding_body=OuterRef("responding_body"),
        status__in=[Response.Status.SUBMITTED, Response.Status.PUBLISHED],
    )
    rows = (
        RecommendationAddressee.objects.filter(recommendation__in=recommendations)
        .annotate(decision=Subquery(answered.values("decision")[:1]))
        .values_list("decision", flat=True)
    )
    counts = Counter(decision or "none" for decision in rows)
    data = [(label, counts[value]) for value, label in Response.Decision.choices]
    data.append(("No response yet", counts["none"]))
    return horizontal(
        "decisions",
        "Responses by decision",
        data,
        noun="response expected",
        label_heading="Decision",
        value_heading="Number",
    )


def implementation_by_status(recommendations):
    """Every recommendation by the implementation status of its latest assessment."""
    counts = Counter(recommendations.values_list("latest_implementation", flat=True))
    data = [(label, counts[value]) for value, label in FollowUpAssessment.Implementation.choices]
    data.append(("Not yet assessed", counts[""]))
    return horizontal(
        "implementation",
        "Implementation by status (latest follow-up)",
        data,
        noun="recommendation",
        label_heading="Implementation",
        value_heading="Number",
    )


def month_ends(today, months):
    """The last day of each of the `months` months before this one, then today."""
    ends = []
    for back in range(months - 1, 0, -1):
        first_of_next = (today - relativedelta(months=back - 1)).replace(day=1)
        ends.append(first_of_next - datetime.timedelta(days=1))
    ends.append(today)
    return ends


def overdue_over_time(recommendations, today, months=12):
    """How many responses were overdue at the end of each month, and today."""
    days = month_ends(today, months)
    counts = recommendations.overdue_counts_on(days)
    names = [f"{day:%-d %B %Y}" + (" (today)" if day == today else "") for day in days]
    rows = [
        ("Today" if day == today else f"{day:%b}", f"{day:%Y}", count)
        for day, count in zip(days, counts, strict=True)
    ]
    description = (
        f"Responses overdue at the end of each month from {days[0]:%B %Y} to today: "
        f"{counts[0]} at the start, {counts[-1]} today"
    )
    if max(counts):
        worst = counts.index(max(counts))
        description += f", most {counts[worst]} on {names[worst]}"
    description += ". " + "; ".join(
        f"{name}: {count}" for name, count in zip(names, counts, strict=True)
    )
    chart = vertical(
        "overdue",
        "Overdue responses over the last 12 months",
        rows,
        description=description + ".",
        label_heading="Date",
        value_heading="Overdue",
    )
    for bar, name in zip(chart.bars, names, strict=True):
        bar.table_label = name
    return chart
