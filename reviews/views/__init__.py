"""The pages inside a review, one module per part of it.

`generic` holds the scoped lookup and the mixins every page builds on; `overview`
the review's own page and starting a review; `scope`, `timetable`,
`working_group`, `meetings`, `evidence` and `findings` the officer's pages for
each part; `search` and `history`; `report` the report's pages (authored
sections, the report as it stands, the PDF, the publisher's steps); `drafts` and
`draft_comments` the working group's review of the draft report.
"""
