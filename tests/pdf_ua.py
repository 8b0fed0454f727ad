"""A PDF/UA-1 check for the tests: the Matterhorn Protocol 1.1 failure conditions that
a machine can decide and that apply to our documents (text, headings, lists, tables,
links, SVG figures; no forms, no multimedia, no optional content).

`problems(data)` returns a list of sentences, one per failure found, each starting
with the Matterhorn checkpoint it fails ("01-005 ..."): empty for a good PDF. The
conditions that need a person (is the reading order the visual order, is alt text
meaningful, is a heading really a heading, is colour alone used to convey meaning)
are listed in the README's "PDF accessibility" section, not here.

veraPDF is the reference validator but is not installable here (no JVM package in
the registries we use); these checks are written with pikepdf against ISO 14289-1
and the Matterhorn Protocol's condition numbers.
"""

import io
import re

import pikepdf

# The standard structure types of PDF 1.7 (ISO 32000-1, 14.8.4).
STANDARD_TYPES = {
    "Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC", "TOCI",
    "Index", "NonStruct", "Private", "P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "L",
    "LI", "Lbl", "LBody", "Table", "TR", "TH", "TD", "THead", "TBody", "TFoot", "Span",
    "Quote", "Note", "Reference", "BibEntry", "Code", "Link", "Annot", "Ruby", "RB",
    "RT", "RP", "Warichu", "WT", "WP", "Figure", "Formula", "Form",
}  # fmt: skip
TABLE_PARTS = {"TR", "THead", "TBody", "TFoot", "Caption"}
PAINTING = {"Tj", "TJ", "'", '"', "Do", "f", "F", "f*", "B", "B*", "b", "b*", "S", "s", "sh"}
TEXT_SHOWING = {"Tj", "TJ", "'", '"'}


def _name(value):
    return str(value).lstrip("/")


def _kids(element):
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


class Checker:
    def __init__(self, data):
        self.pdf = pikepdf.open(io.BytesIO(data))
        self.problems = []
        self.root = self.pdf.Root.get("/StructTreeRoot")
        self.elements = []  # (structure type, StructElem), in document order
        self.role_map = {}
        self.reachable = set()  # the StructElems reachable from the root

    def fail(self, checkpoint, message):
        self.problems.append(f"{checkpoint} {message}")

    def run(self):
        self.check_document()
        if self.root is None:
            self.fail("01-006", "the document has no structure tree")
            return self.problems
        self.role_map = {_name(k): _name(v) for k, v in self.root.get("/RoleMap", {}).items()}
        for kid in _kids(self.root):
            self.walk(kid)
        self.check_types()
        self.check_marked_content()
        self.check_headings()
        self.check_tables()
        self.check_figures()
        self.check_annotations()
        self.check_fonts()
        return self.problems

    def standard_type(self, element):
        kind = _name(element.S)
        return self.role_map.get(kind, kind)

    def walk(self, element):
        if not isinstance(element, pikepdf.Dictionary) or "/S" not in element:
            return
        self.elements.append((self.standard_type(element), element))
        self.reachable.add(element.objgen)
        for kid in _kids(element):
            self.walk(kid)

    # --- the document ------------------------------------------------------------------

    def check_document(self):
        catalog = self.pdf.Root
        mark_info = catalog.get("/MarkInfo", {})
        if not mark_info.get("/Marked"):
            self.fail("06-001", "MarkInfo /Marked is not true")
        if mark_info.get("/Suspects"):
            self.fail("01-002", "MarkInfo /Suspects is true")
        with self.pdf.open_metadata() as xmp:
            if not xmp.get("pdfuaid:part"):
                self.fail("06-002", "the XMP metadata has no pdfuaid:part")
            if not xmp.get("dc:title"):
                self.fail("06-003", "the XMP metadata has no dc:title")
        preferences = catalog.get("/ViewerPreferences", {})
        if not preferences.get("/DisplayDocTitle"):
            self.fail("07-002", "ViewerPreferences /DisplayDocTitle is not true")
        if not str(catalog.get("/Lang", "")).strip():
            self.fail("11-006", "the catalog has no /Lang")

    def check_types(self):
        for kind, element in self.elements:
            if kind not in STANDARD_TYPES:
                self.fail("02-004", f"structure type /{_name(element.S)} is not role-mapped")

    # --- marked content ----------------------------------------------------------------

    def check_marked_content(self):
        parent_tree = self.parent_tree()
        for number, page in enumerate(self.pdf.pages, start=1):
            mcids = parent_tree.get(int(page.obj.get("/StructParents", -1)), [])
            self.check_page_content(number, page, mcids)

    def parent_tree(self):
        """{StructParents key: array of StructElems by MCID, or a StructElem}."""
        tree = {}

        def read(node):
            numbers = list(node.get("/Nums", []))
            for key, value in zip(numbers[::2], numbers[1::2], strict=True):
                tree[int(key)] = value
            for kid in node.get("/Kids", []):
                read(kid)

        read(self.root.get("/ParentTree", pikepdf.Dictionary()))
        return tree

    def check_page_content(self, number, page, mcids):
        stack = []  # "artifact" or "tagged" for each open marked-content sequence
        for operands, operator in pikepdf.parse_content_stream(page):
            op = str(operator)
            if op in ("BMC", "BDC"):
                stack.append(self.open_sequence(number, op, operands, mcids, stack))
            elif op == "EMC" and stack:
                stack.pop()
            elif op in PAINTING and not stack:
                what = "text" if op in TEXT_SHOWING else f"content ({op})"
                self.fail("01-005", f"page {number}: {what} is neither tagged nor an Artifact")

    def open_sequence(self, number, op, operands, mcids, stack):
        tag = _name(operands[0])
        if tag == "Artifact":
            if "tagged" in stack:
                self.fail("01-004", f"page {number}: an Artifact inside tagged content")
            return "artifact"
        mcid = None
        if op == "BDC" and isinstance(operands[1], pikepdf.Dictionary):
            mcid = operands[1].get("/MCID")
        if mcid is None:
            return stack[-1] if stack else "untagged"
        if "artifact" in stack:
            self.fail("01-003", f"page {number}: tagged content (MCID {mcid}) in an Artifact")
        mcid = int(mcid)
        owner = mcids[mcid] if mcid < len(mcids) else None
        if not isinstance(owner, pikepdf.Dictionary) or owner.objgen not in self.reachable:
            self.fail("01-005", f"page {number}: MCID {mcid} belongs to no element of the tree")
        return "tagged"

    # --- headings ------------------------------------------------------------------------

    def check_headings(self):
        previous = 0
        for kind, _ in self.elements:
            match = re.fullmatch(r"H([1-6])", kind)
            if not match:
                continue
            level = int(match.group(1))
            if previous == 0 and level != 1:
                self.fail("14-002", f"the first heading is H{level}, not H1")
            elif level > previous + 1:
                self.fail("14-003", f"H{level} follows H{previous}: a heading level is skipped")
            previous = level

    # --- tables --------------------------------------------------------------------------

    def check_tables(self):
        ids = self.id_tree()
        for kind, element in self.elements:
            if kind == "Table":
                self.check_table(element, ids)

    def id_tree(self):
        ids = {}

        def read(node):
            names = list(node.get("/Names", []))
            for key, value in zip(names[::2], names[1::2], strict=True):
                ids[bytes(key)] = value
            for kid in node.get("/Kids", []):
                read(kid)

        if "/IDTree" in self.root:
            read(self.root.IDTree)
        return ids

    def table_cells(self, element):
        for kid in _kids(element):
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                kind = self.standard_type(kid)
                if kind in ("TH", "TD"):
                    yield kind, kid
                elif kind in TABLE_PARTS:
                    yield from self.table_cells(kid)

    def check_table(self, table, ids):
        for kid in _kids(table):
            is_element = isinstance(kid, pikepdf.Dictionary) and "/S" in kid
            if is_element and self.standard_type(kid) not in TABLE_PARTS:
                self.fail("09-004", f"a Table holds a /{_name(kid.S)}")
        cells = list(self.table_cells(table))
        headers = [cell for kind, cell in cells if kind == "TH"]
        if not headers:
            self.fail("15-005", "a Table has no header cell (TH)")
        for kind, cell in cells:
            attributes = cell.get("/A", {})
            if kind == "TH" and "/Scope" not in attributes:
                self.fail("15-003", "a TH has no /Scope")
            for header in attributes.get("/Headers", []):
                if bytes(header) not in ids:
                    self.fail("15-004", f"/Headers names {header!s}, which no /IDTree entry has")

    # --- figures and annotations ---------------------------------------------------------

    def check_figures(self):
        for kind, element in self.elements:
            if kind == "Figure" and not (element.get("/Alt") or element.get("/ActualText")):
                self.fail("13-004", "a Figure has no alternative text")

    def check_annotations(self):
        in_structure = {}
        for kind, element in self.elements:
            for kid in _kids(element):
                if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
                    in_structure[kid.Obj.objgen] = kind
        for number, page in enumerate(self.pdf.pages, start=1):
            annotations = page.obj.get("/Annots", [])
            if len(annotations) and page.obj.get("/Tabs") != "/S":
                self.fail("19-003", f"page {number} has annotations and no /Tabs /S")
            for annotation in annotations:
                self.check_annotation(number, annotation, in_structure)

    def check_annotation(self, number, annotation, in_structure):
        if annotation.get("/Subtype") != "/Link":
            return
        where = in_structure.get(annotation.objgen)
        if where is None:
            self.fail("28-002", f"page {number}: a link annotation is not in the structure tree")
        elif where != "Link":
            self.fail("28-011", f"page {number}: a link annotation is in a {where}, not a Link")
        if not str(annotation.get("/Contents", "")).strip():
            self.fail("28-004", f"page {number}: a link annotation has no /Contents")

    # --- fonts ---------------------------------------------------------------------------

    def check_fonts(self):
        seen = set()
        for page in self.pdf.pages:
            for font in self.fonts(page.obj.get("/Resources", {}), set()):
                if font.objgen not in seen:
                    seen.add(font.objgen)
                    self.check_font(font)

    def fonts(self, resources, visited):
        yield from resources.get("/Font", {}).values()
        for xobject in resources.get("/XObject", {}).values():
            if xobject.objgen not in visited and "/Resources" in xobject:
                visited.add(xobject.objgen)
                yield from self.fonts(xobject.Resources, visited)

    def check_font(self, font):
        name = _name(font.get("/BaseFont", "?"))
        descendants = font.get("/DescendantFonts", [font])
        for descendant in descendants:
            descriptor = descendant.get("/FontDescriptor", {})
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            if not embedded and font.get("/Subtype") != "/Type3":
                self.fail("31-001", f"font {name} is not embedded")
        if "/ToUnicode" not in font:
            self.fail("31-027", f"font {name} has no /ToUnicode map")


def problems(data):
    """The PDF/UA-1 failures found in the PDF `data` (bytes): [] when none."""
    return Checker(data).run()


def structure_types(data):
    """{structure type: how many elements of it} in the PDF `data`."""
    checker = Checker(data)
    counts = {}
    for kid in _kids(checker.root):
        checker.walk(kid)
    for kind, _ in checker.elements:
        counts[kind] = counts.get(kind, 0) + 1
    return counts
