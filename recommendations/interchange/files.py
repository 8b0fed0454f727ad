"""Files attached to a review (document files, response letters), out and back in.

In the JSON a file is `null` or `{"name", "base64"}` / `{"name", "path"}` (the
`ATTACHED_FILE` shape). An import writes files to storage before the database
commits, so it keeps a list of what it wrote and deletes it again if the import
fails: the database rolls back by itself, storage does not.
"""

import base64
import binascii
from pathlib import Path, PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from recommendations.interchange.fields import ATTACHED_FILE


def file_export(field_file, name="", *, with_files):
    """`field_file` embedded as base64, or None when there is none or files are left out."""
    if not field_file or not with_files:
        return None
    with field_file.open("rb") as handle:
        content = handle.read()
    return {
        "name": name or PurePosixPath(field_file.name).name,
        "base64": base64.b64encode(content).decode("ascii"),
    }


class FileStore:
    """Reads the files a document gives and stores them, undoably."""

    def __init__(self, files_root):
        # Where files given by `path` are read from; None: such files are refused.
        self.root = Path(files_root).resolve() if files_root is not None else None
        self.stored = []

    def read(self, spec, path):
        """The (name, bytes) of the file object `spec` found at `path` in the document."""
        spec = ATTACHED_FILE.read(spec, path)
        if (spec["base64"] is None) == (spec["path"] is None):
            raise ValueError(f"{path}: give the file as exactly one of base64 or path.")
        if spec["base64"] is not None:
            try:
                content = base64.b64decode(spec["base64"], validate=True)
            except (binascii.Error, TypeError, ValueError):
                raise ValueError(f"{path}.base64: not valid base64.") from None
            return spec["name"] or "file", content
        if self.root is None:
            raise ValueError(f"{path}.path: the file is given by path, but no files folder was.")
        target = (self.root / spec["path"]).resolve()
        if not target.is_relative_to(self.root):
            raise ValueError(f"{path}.path: {spec['path']!r} is outside the files folder.")
        if not target.is_file():
            raise ValueError(f"{path}.path: no file {spec['path']!r} in the files folder.")
        return spec["name"] or target.name, target.read_bytes()

    def save(self, field_file, name, content):
        """Write `content` to storage as `field_file` (the row is saved later)."""
        field_file.save(name, ContentFile(content), save=False)
        self.stored.append(field_file.name)

    def delete_stored(self):
        for name in self.stored:
            default_storage.delete(name)
