"""Posting an edit form the way a browser does: with the `edit_token` the form was
shown with (`reviews.concurrency`), and every field as the page showed it."""

import html
import re

from reviews.concurrency import TOKEN_FIELD, as_data

TOKEN = re.compile(r'name="edit_token" value="([^"]*)"')


def edit_token(client, url):
    """The token of the form at `url` as `client` sees it now; None if the page is not
    a form (403, 404)."""
    response = client.get(url)
    if response.status_code != 200:
        return None
    match = TOKEN.search(response.content.decode())
    return html.unescape(match.group(1)) if match else None


def with_token(client, url, data):
    """`data` with the token of the form at `url`, loaded now: a save from a form the
    person has just opened."""
    token = edit_token(client, url)
    return data if token is None else {**data, TOKEN_FIELD: token}


def form_data(client, url, **changes):
    """What a browser posts for the form at `url` as shown now, with `changes`."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    form = response.context["form"]
    data = {}
    for name in form.fields:
        posted = as_data(form, name, form[name].value())
        if posted:
            data.update(posted)
    data.update(changes)
    return data


def posted_again(response):
    """What a browser posts when the person saves the form `response` shows again (a
    conflict page: their text, the other person's where only they changed it, and
    the new token)."""
    data = response.context["form"].data
    return {key: data.getlist(key) for key in data}
