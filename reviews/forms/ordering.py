"""Putting many items in a new order at once: a number for each (1 comes first)."""

from django import forms
from django.utils.text import Truncator

from reviews.forms.base import GovUKFormMixin


class OrderForm(GovUKFormMixin, forms.Form):
    """A position for each of `items` (in their current order). `order()` gives the
    items in the order asked for; equal numbers keep their current order."""

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        count = len(self.items)
        for index, item in enumerate(self.items, start=1):
            # The whole text where the item has one (its name cuts it at 80 letters).
            label = Truncator(getattr(item, "text", None) or str(item)).words(30)
            self.fields[f"position_{item.pk}"] = forms.IntegerField(
                label=label,
                initial=index,
                min_value=1,
                max_value=count,
                widget=forms.TextInput(
                    attrs={"class": "govuk-input--width-2", "inputmode": "numeric"}
                ),
                error_messages={
                    "required": f"Enter a position for ‘{label}’",
                    "invalid": f"The position for ‘{label}’ must be a whole number",
                    "min_value": f"The position for ‘{label}’ must be 1 or more",
                    "max_value": f"The position for ‘{label}’ must be {count} or less",
                },
            )

    def order(self):
        """The items sorted by the positions entered."""
        ranked = sorted(
            enumerate(self.items),
            key=lambda pair: (self.cleaned_data[f"position_{pair[1].pk}"], pair[0]),
        )
        return [item for _, item in ranked]
