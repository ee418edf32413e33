"""The clinician summary (PDF) and the same facts for other systems (CSV tables, FHIR R4B).

::

    from backcare.diary import open_diary
    from backcare.report import bundle_json, import_bundle, write_csv, write_pdf
    with open_diary() as diary:
        write_pdf(diary, "summary.pdf", questions=["Do I need a scan?"])
        write_csv(diary, "diary.zip")
        bundle = bundle_json(diary)          # a FHIR R4B Bundle, validated, as a dict
    with open_diary("new.sqlite3") as empty:
        import_bundle(empty, bundle)         # gives the same diary back, or BundleError

The names load on first use: matplotlib, reportlab and fhir.resources are heavy, and a web app
that imports this package to offer a download should not pay for them at start-up.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from backcare.report.csv_export import write_csv
    from backcare.report.fhir import bundle_json
    from backcare.report.fhir_import import import_bundle
    from backcare.report.fhir_validation import BundleError
    from backcare.report.pdf import render_pdf, write_pdf
    from backcare.report.summary import Summary, summarise

_HOMES = {
    "write_pdf": "pdf", "render_pdf": "pdf", "write_csv": "csv_export", "bundle_json": "fhir",
    "import_bundle": "fhir_import", "BundleError": "fhir_validation", "Summary": "summary",
    "summarise": "summary",
}
__all__ = ["BundleError", "Summary", "bundle_json", "import_bundle", "render_pdf", "summarise",
           "write_csv", "write_pdf"]


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'backcare.report' has no attribute {name!r}")
    return getattr(importlib.import_module(f"backcare.report.{home}"), name)
