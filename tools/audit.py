"""Audit the installed dependencies for known vulnerabilities, honestly.

pip-audit prints "No known vulnerabilities found" even when it could look up none of
the packages (no vulnerability data reachable, as on a machine that reaches only a
package mirror). This says what was checked: it fails on a known vulnerability,
and says "skipped" for every package it could not check -- never "no known
vulnerabilities" for packages nobody looked at.
"""

import json
import subprocess
import sys


def main():
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip_audit",
            "--local",
            "--format",
            "json",
            "--progress-spinner",
            "off",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        report = json.loads(completed.stdout)
    except json.JSONDecodeError:
        reason = completed.stderr.strip()[-300:]
        print(f"Dependency audit skipped: pip-audit gave no report ({reason})")
        return 0
    dependencies = report.get("dependencies", [])
    skipped = [d for d in dependencies if "skip_reason" in d]
    audited = [d for d in dependencies if "skip_reason" not in d]
    vulnerable = [d for d in audited if d.get("vulns")]
    for dependency in vulnerable:
        ids = ", ".join(v["id"] for v in dependency["vulns"])
        print(f"VULNERABLE: {dependency['name']} {dependency['version']}: {ids}")
    if skipped:
        print(
            f"Dependency audit skipped for {len(skipped)} of {len(dependencies)} packages: "
            "no vulnerability data could be reached for them "
            f"(e.g. {skipped[0]['name']}: {skipped[0]['skip_reason']})."
        )
    if audited:
        print(
            f"Dependency audit: {len(audited)} packages checked, "
            f"{len(vulnerable)} with known vulnerabilities."
        )
    return 1 if vulnerable else 0


if __name__ == "__main__":
    sys.exit(main())
