"""The PDF's structure tree (PDF/UA-1), built from WeasyPrint's boxes.

WeasyPrint 70 tags each page on its own: a paragraph, list or table that crosses a
page becomes two structure elements, the `<article>` becomes one `Art` per page,
repeated table header rows are tagged as content again, the running headers and
footers are marked content that no structure element and no Artifact owns, header
cells have no `/Scope`, `/Headers` name IDs that no `/IDTree` resolves, and a link
with generated content (the contents' leader and page number) becomes three nested
Links with three annotations whose description is the target's id.

PDF/UA-1 is PDF 1.7, where an Artifact cannot sit in the structure tree (WeasyPrint
says so: it would write them into the tree only for PDF 2.0), so WeasyPrint's
`pdf/ua-2` variant does not help a PDF/UA-1 file, and no release fixes the rest
(70.0 is the newest; upstream issues Kozea/WeasyPrint#1836, margins, and #2903,
elements split at page breaks, are open). This module is
WeasyPrint's `pdf.tags.add_tags` with those fixes, installed in its place by
`install()`; `reviews.pdf` is the only caller. What it does differently:

- one structure element per HTML element, however many pages it crosses (an
  element met again on a later page gets that page's content added to it);
- page-margin content (running header, footer, page numbers, the DRAFT mark),
  repeated table header and footer rows, and leaders become real Artifacts in the
  content stream (`/Artifact <</Type /Pagination ...>> BDC`, no MCID);
- `TH` cells carry `/Scope` (Column or Row) and an `/ID` listed in the `/IDTree`, so
  every `TD`'s `/Headers` resolve;
- one Link element and one annotation per link on a page (the annotations of its
  generated content are folded into it), described by the link's own text.
"""

from collections import defaultdict

import pydyf
import weasyprint
from weasyprint import pdf as weasyprint_pdf
from weasyprint.formatting_structure import boxes
from weasyprint.layout.absolute import AbsolutePlaceholder
from weasyprint.pdf.tags import _get_pdf_tag

# The fork follows WeasyPrint's own tags.py of this release; a new release must be
# looked at (and this module compared with its tags.py) before it is used.
WEASYPRINT_VERSION = "70.0"

_MARGIN_SUBTYPES = {"top": "/Header", "bottom": "/Footer"}


def install():
    """Make WeasyPrint build its structure trees with `add_tags` below."""
    if weasyprint.__version__ != WEASYPRINT_VERSION:
        raise RuntimeError(
            f"reviews.pdf_tags is written for WeasyPrint {WEASYPRINT_VERSION}, "
            f"not {weasyprint.__version__}: compare it with weasyprint/pdf/tags.py"
        )
    weasyprint_pdf.add_tags = add_tags


def add_tags(pdf, document, pdf_version, page_streams):
    """Add the tag tree to the document (same signature as WeasyPrint's)."""
    _Tagger(pdf, document, page_streams).run()


def _text(element):
    return " ".join("".join(element.itertext()).split())


class _Tagger:
    def __init__(self, pdf, document, page_streams):
        self.pdf = pdf
        self.document = document
        self.page_streams = page_streams
        self.parent_tree = pydyf.Dictionary({"Nums": pydyf.Array()})
        pdf.add_object(self.parent_tree)
        self.root = pydyf.Dictionary(
            {"Type": "/StructTreeRoot", "ParentTree": self.parent_tree.reference}
        )
        pdf.add_object(self.root)
        self.document_element = self._new("Document", self.root, None)
        del self.document_element["Pg"]
        self.root["K"] = pydyf.Array([self.document_element.reference])
        pdf.catalog["StructTreeRoot"] = self.root.reference
        self.elements = {}  # (HTML element, tag, parent) -> StructElem, across pages
        self.ids = {}  # TH /ID -> StructElem reference
        self.annotations = []  # (StructElem reference, annotation)
        self.page_number = 0
        self.links = {}  # (HTML element, page) -> the link annotation on that page
        self.removed = set()  # references of annotations folded into another
        self.html = {}  # StructElem number -> (HTML element, tag) it was made for
        self.by_reference = {self.document_element.reference: self.document_element}

    # --- the document --------------------------------------------------------------

    def run(self):
        for page_number, (page, stream) in enumerate(
            zip(self.document.pages, self.page_streams, strict=True)
        ):
            self.page_number = page_number
            self.tags = stream._tags
            self.nums = {}
            self.artifacts = {}  # MCID -> the Artifact's property list
            for child in page._page_box.children:
                if isinstance(child, boxes.MarginBox):
                    side = child.at_keyword.split("-")[0].lstrip("@")
                    self._artifact(child, _MARGIN_SUBTYPES.get(side))
                else:
                    self._append(self.document_element, self._build(child, self.document_element))
            assert not self.tags, "marked content left without a tag or an Artifact"
            self._rewrite_artifacts(stream)
            mcids = range(max([*self.nums, *self.artifacts], default=-1) + 1)
            self.parent_tree["Nums"].extend(
                [page_number, pydyf.Array([self.nums.get(mcid, b"null") for mcid in mcids])]
            )
        self._remove_folded_links()
        start = len(self.document.pages)
        for number, (reference, annotation) in enumerate(self.annotations, start=start):
            self.parent_tree["Nums"].extend([number, reference])
            annotation["StructParent"] = number
        if self.ids:
            names = pydyf.Array()
            for key in sorted(self.ids):
                names.extend([pydyf.String(key), self.ids[key]])
            self.root["IDTree"] = pydyf.Dictionary({"Names": names})
        self.pdf.catalog["ViewerPreferences"] = pydyf.Dictionary({"DisplayDocTitle": "true"})
        self.pdf.catalog["MarkInfo"] = pydyf.Dictionary({"Marked": "true"})
        if "Lang" not in self.pdf.catalog:
            self.pdf.catalog["Lang"] = pydyf.String()

    def _rewrite_artifacts(self, stream):
        """Marked content that became an Artifact loses its tag and MCID in the
        page's content stream: `/Span <</MCID 3>> BDC` → `/Artifact <<...>> BDC`."""
        if not self.artifacts:
            return
        operators = stream.stream
        for index in range(len(operators) - 2):
            property_list = operators[index + 1]
            if (
                operators[index + 2] == b"BDC"
                and isinstance(property_list, pydyf.Dictionary)
                and property_list.get("MCID") in self.artifacts
            ):
                operators[index] = "/Artifact"
                operators[index + 1] = self.artifacts[property_list["MCID"]]

    # --- structure elements --------------------------------------------------------

    def _new(self, tag, parent, page_number):
        element = pydyf.Dictionary(
            {
                "Type": "/StructElem",
                "S": f"/{tag}",
                "K": pydyf.Array([]),
                "Pg": self.pdf.page_references[page_number or 0],
                "P": parent.reference,
            }
        )
        self.pdf.add_object(element)
        if hasattr(self, "by_reference"):
            self.by_reference[element.reference] = element
        return element

    def _element(self, box, tag, parent):
        """(StructElem, is new) for `box`: the one made for its HTML element on an
        earlier page when there is one."""
        key = (id(box.element), box.element_tag, tag, parent.number)
        found = self.elements.get(key)
        if found is not None and (found[1] < self.page_number or tag == "Link"):
            return found[0], False
        element = self._new(tag, parent, self.page_number)
        if box.element is not None:
            self.elements[key] = (element, self.page_number)
            self.html[element.number] = (id(box.element), box.element_tag)
        return element, True

    @staticmethod
    def _append(parent, elements):
        parent["K"].extend(element.reference for element in elements)

    def _content(self, element, mcid):
        """A marked-content kid of `element` (an MCR when on another page)."""
        if element["Pg"] == self.pdf.page_references[self.page_number]:
            element["K"].append(mcid)
        else:
            reference = pydyf.Dictionary(
                {"Type": "/MCR", "Pg": self.pdf.page_references[self.page_number], "MCID": mcid}
            )
            element["K"].append(reference)
        self.nums[mcid] = element.reference

    # --- the box tree --------------------------------------------------------------

    def _tag(self, box, parent):
        """(PDF tag, parent) for `box`; tag None passes its children to `parent`."""
        element_tag = None if box.element is None else box.element_tag
        tag = _get_pdf_tag(element_tag)
        if element_tag in ("html", "body") or isinstance(box, boxes.PageBox):
            return None, parent
        if tag == "Link" and parent["S"] == "/Link":
            return None, parent  # generated content of a link is part of the link
        if tag in ("TD", "TH") and parent["S"] in ("/TD", "/TH"):
            return "NonStruct", parent
        if tag == "LI":
            return self._list_tag(box, parent)
        if self.html.get(parent.number) == (id(box.element), element_tag):
            return None, parent  # an anonymous box inside its element's box: the same
        return tag, parent

    def _list_tag(self, box, parent):
        if parent["S"] == "/LI":
            return "LBody", parent
        if parent["S"] == "/LBody":
            return "NonStruct", parent
        no_bullet = box.element_tag == "li" and (
            "list-item" not in box.style["display"] or box.style["list_style_type"] == "none"
        )
        if box.element_tag in ("dt", "dd") or no_bullet:
            return "wrap", parent
        return "LI", parent

    def _build(self, box, parent):
        """The structure elements `box` adds to `parent` (new ones only)."""
        if isinstance(box, AbsolutePlaceholder):
            box = box._box
        if box.is_leader:  # the contents' dots
            self._artifact(box, kind="/Layout")
            return []
        tag, parent = self._tag(box, parent)
        if tag is None:
            if box.link_annotation and parent["S"] == "/Link":
                self._link(box, parent)
            self._children(box, parent)
            return []
        if tag == "wrap":  # an item without a bullet: an LI around its LBody
            wrapper, is_new = self._element(box, "LI", parent)
            self._append(wrapper, self._build(box, wrapper))
            return [wrapper] if is_new else []
        element, is_new = self._element(box, tag, parent)
        if not is_new and box.element_tag in ("thead", "tfoot"):
            self._repeated_rows(box, element)
            return []
        self._fill(box, tag, element)
        return [element] if is_new else []

    def _fill(self, box, tag, element):
        """`element`'s attributes, annotations and contents from `box`."""
        if tag == "Figure":
            self._figure(box, element)
        elif tag == "Table":
            box = self._table_box(box)
        elif tag in ("TH", "TD"):
            self._cell(box, element)
        if box.link_annotation:
            self._link(box, element)
        self._children(box, element)
        if isinstance(box, boxes.ReplacedBox):
            self._content(element, self.tags.pop(box)["mcid"])
        if tag == "Table":
            _link_headers(box)

    def _children(self, box, element):
        if not isinstance(box, boxes.ParentBox):
            return
        for child in box.children:
            for grandchild in child.children if isinstance(child, boxes.LineBox) else [child]:
                if isinstance(grandchild, boxes.TextBox):
                    self._text_box(grandchild, element)
                    continue
                parent = element
                if grandchild.element_tag in ("ul", "ol") and element["S"] == "/LI":
                    parent = self.by_reference[element["P"]]  # nested lists: in the list
                index = len(parent["K"])
                parent["K"][index:index] = [
                    new.reference for new in self._build(grandchild, parent)
                ]

    def _text_box(self, box, element):
        kid = self.tags.pop(box)
        if element["S"] == "/Link":
            self._content(element, kid["mcid"])
            return
        span = self._new(kid["tag"], element, self.page_number)
        element["K"].append(span.reference)
        self._content(span, kid["mcid"])

    # --- Artifacts -----------------------------------------------------------------

    def _artifact(self, box, subtype=None, *, kind="/Pagination"):
        """Everything marked under `box` becomes an Artifact."""
        if isinstance(box, AbsolutePlaceholder):
            box = box._box
        if box.link_annotation:
            self._fold_link(box)
        if box in self.tags:
            properties = pydyf.Dictionary({"Type": kind})
            if subtype:
                properties["Subtype"] = subtype
            self.artifacts[self.tags.pop(box)["mcid"]] = properties
        for child in getattr(box, "children", ()):
            self._artifact(child, subtype, kind=kind)

    def _repeated_rows(self, box, element):
        """A table header (or footer) repeated on a later page: an Artifact, whose
        cells point at the cells they repeat so that this page's body cells find
        their headers."""
        for row in box.children:
            row_element = self._earlier(row, element)
            for cell in getattr(row, "children", ()):
                cell.mark = row_element and self._earlier(cell, row_element)
        self._artifact(box)

    def _earlier(self, box, parent):
        key = (id(box.element), box.element_tag, _get_pdf_tag(box.element_tag), parent.number)
        found = self.elements.get(key)
        return found[0] if found else None

    # --- figures, tables and links -------------------------------------------------

    def _figure(self, box, element):
        x1, y1 = box.content_box_x(), box.content_box_y()
        element["A"] = pydyf.Dictionary(
            {"O": "/Layout", "BBox": pydyf.Array((x1, y1, x1 + box.width, y1 + box.height))}
        )
        if box.element.tag == "{http://www.w3.org/2000/svg}svg":
            title = box.element.find("{http://www.w3.org/2000/svg}title")
            if title is not None and title.text:
                element["Alt"] = pydyf.String(title.text)
        elif alt := box.element.attrib.get("alt"):
            element["Alt"] = pydyf.String(alt)

    @staticmethod
    def _table_box(box):
        """The table itself, with its caption, for the table's wrapper box."""
        if box.is_table_wrapper:
            table = box.get_wrapped_table()
            if table:
                wrapper, box = box, table.copy_with_children([])
                for child in wrapper.children:
                    box.children.extend(child.children if child is table else [child])
        return box

    def _cell(self, box, element):
        box.mark = element
        if "A" in element:
            return
        element["A"] = pydyf.Dictionary({"O": "/Table"})
        if box.colspan != 1:
            element["A"]["ColSpan"] = box.colspan
        if box.rowspan != 1:
            element["A"]["RowSpan"] = box.rowspan
        if box.element_tag == "th":
            scope = box.element.attrib.get("scope", "")
            element["A"]["Scope"] = "/Row" if scope.startswith("row") else "/Column"
            key = f"TH-{element.number}"
            element["ID"] = pydyf.String(key)
            self.ids[key] = element.reference

    def _link(self, box, element):
        """One annotation per link on a page, described by the link's text."""
        if self._fold_link(box):
            return
        annotation = box.link_annotation
        self.links[(id(box.element), self.page_number)] = annotation
        description = _text(box.element) or str(annotation.get("Contents", ""))
        annotation["Contents"] = pydyf.String(description)
        reference = pydyf.Dictionary(
            {
                "Type": "/OBJR",
                "Obj": annotation.reference,
                "Pg": self.pdf.page_references[self.page_number],
            }
        )
        self.pdf.add_object(reference)
        self.annotations.append((element.reference, annotation))
        element["K"].append(reference.reference)

    def _fold_link(self, box):
        """Fold the annotation of a link's later box on this page (its next line, its
        generated content) into the link's first annotation on the page."""
        first = self.links.get((id(box.element), self.page_number))
        if first is None:
            return False
        annotation = box.link_annotation
        a, b = ([float(value) for value in x["Rect"]] for x in (first, annotation))
        first["Rect"] = pydyf.Array(
            [min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])]
        )
        self.removed.add(annotation.reference)
        return True

    def _remove_folded_links(self):
        for item in self.pdf.objects:
            if isinstance(item, pydyf.Dictionary) and "Annots" in item:
                kept = [ref for ref in item["Annots"] if ref not in self.removed]
                item["Annots"] = pydyf.Array(kept)


def _link_headers(table):
    """Each TD's `/Headers`: the IDs of the column headers above it and the row
    headers before it (in the rows laid out on this page)."""

    def rows(box):
        for child in box.children:
            yield from [child] if child.element_tag == "tr" else rows(child)

    column_headers, row_headers = defaultdict(list), defaultdict(list)
    table_rows = [
        [cell for cell in row.children if getattr(cell, "mark", None) is not None]
        for row in rows(table)
    ]
    for i, cells in enumerate(table_rows):
        column = 0
        for cell in cells:
            if "ID" in cell.mark:
                if cell.mark["A"].get("Scope") == "/Row":
                    row_headers[i].append(cell.mark["ID"])
                else:
                    for span in range(cell.colspan):
                        column_headers[column + span].append(cell.mark["ID"])
            column += cell.colspan
    for i, cells in enumerate(table_rows):
        column = 0
        for cell in cells:
            if cell.element_tag == "td" and "Headers" not in cell.mark["A"]:
                headers = list(row_headers[i])
                for span in range(cell.colspan):
                    headers += column_headers[column + span]
                cell.mark["A"]["Headers"] = pydyf.Array(headers)
            column += cell.colspan
