"""JUnit XML for CI test reports (GitLab, Jenkins, Azure): one test case per checked file, one ``<failure>`` per
diagnostic, one ``<error>`` for a file that could not be checked.

    <testsuites name="jitlint" tests="2" failures="1" errors="0">
      <testsuite name="jitlint" tests="2" failures="1" errors="0" skipped="0">
        <testcase name="model.py" classname="jitlint" file="model.py">
          <failure type="JT201" message="JT201 ...">model.py:12:17: JT201 ...</failure>
        </testcase>
        <testcase name="clean.py" classname="jitlint" file="clean.py" />
      </testsuite>
    </testsuites>

``tests`` counts files, ``failures`` the files with at least one diagnostic, ``errors`` the files not checked.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TextIO

from jitlint.output import Diagnostic, Report

# Characters XML 1.0 cannot carry, even escaped (a message may quote source text).
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _failure_text(d: Diagnostic) -> str:
    lines = [f"{d.where}:{d.row}:{d.column}: {d.code} {d.message}"]
    if d.help:
        lines.append(f"help: {d.help}")
    return "\n".join(lines)


def document(report: Report) -> ET.Element:
    by_file: dict[str, list[Diagnostic]] = {}
    for d in report.diagnostics:
        by_file.setdefault(d.display, []).append(d)
    files = list(report.files)
    files += [f for f in by_file if f not in set(files)]  # a report built without its file list
    failing = sum(1 for f in files if by_file.get(f))
    errors = len(report.file_errors)
    counts = {"tests": str(len(files) + errors), "failures": str(failing), "errors": str(errors)}

    root = ET.Element("testsuites", {"name": "jitlint", **counts})
    suite = ET.SubElement(root, "testsuite", {"name": "jitlint", **counts, "skipped": "0"})
    for name in files:
        case = ET.SubElement(suite, "testcase", {"name": _xml_text(name), "classname": "jitlint",
                                                 "file": _xml_text(name)})
        for d in by_file.get(name, ()):
            failure = ET.SubElement(case, "failure", {"type": d.code, "message": _xml_text(f"{d.code} {d.message}")})
            failure.text = _xml_text(_failure_text(d))
    for name, problem in report.file_errors:
        case = ET.SubElement(suite, "testcase", {"name": _xml_text(name), "classname": "jitlint",
                                                 "file": _xml_text(name)})
        error = ET.SubElement(case, "error", {"message": _xml_text(problem)})
        error.text = _xml_text(f"{name}: {problem}")
    return root


def emit(report: Report, out: TextIO) -> None:
    root = document(report)
    ET.indent(root, space="  ")
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode") + "\n")
