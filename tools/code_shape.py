"""Print the project's largest modules and most complex functions, and fail when a
module outside migrations passes MAX_LINES or a function passes MAX_COMPLEXITY.

Run by `make lint`. Complexity is radon's cyclomatic complexity (McCabe)."""

import sys
from pathlib import Path

from radon.complexity import cc_visit

APPS = ["scrutiny", "reviews", "recommendations"]
MAX_LINES = 500
MAX_COMPLEXITY = 15
SHOWN = 5


def modules(root):
    for app in APPS:
        for path in sorted((root / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def main():
    root = Path(__file__).resolve().parent.parent
    sizes, functions = [], []
    for path in modules(root):
        name = str(path.relative_to(root))
        sizes.append((len(path.read_text().splitlines()), name))
        functions += [
            (block.complexity, f"{name}:{block.lineno} {block.fullname}")
            for block in cc_visit(path.read_text())
            # radon lists a class's methods on their own too; the class adds nothing.
            if not hasattr(block, "methods")
        ]
    sizes.sort(reverse=True)
    functions.sort(reverse=True)
    print(f"Largest modules (limit {MAX_LINES} lines):")
    for lines, name in sizes[:SHOWN]:
        print(f"  {lines:5}  {name}")
    print(f"Most complex functions (limit {MAX_COMPLEXITY}):")
    for complexity, name in functions[:SHOWN]:
        print(f"  {complexity:5}  {name}")
    too_long = [name for lines, name in sizes if lines > MAX_LINES]
    too_complex = [name for complexity, name in functions if complexity > MAX_COMPLEXITY]
    for name in too_long:
        print(f"Too long: {name}")
    for name in too_complex:
        print(f"Too complex: {name}")
    return 1 if too_long or too_complex else 0


if __name__ == "__main__":
    sys.exit(main())
