"""Typeset the CV PDF in a process of its own (started by :mod:`.cv_pdf`).

Run as a script, ``python -P typeset.py TEMPLATE FONT_DIR...``, with the data
(JSON, UTF-8) on stdin. It writes the PDF's bytes to stdout and exits 0; when
Typst cannot set the PDF, it writes the reason (UTF-8) to stderr and exits
:data:`TYPESETTING_FAILED`. Any other ending (a crash, a kill) is the
parent's to report.

A script, not ``-m academic_site.outputs.typeset``: importing the package would load
Sphinx and the whole extension, and the child needs only Typst. ``-P`` keeps
this file's folder (the extension's modules) off ``sys.path``.
"""

from __future__ import annotations

import os
import sys

#: The exit status that says stderr holds the reason there is no PDF.
TYPESETTING_FAILED = 3


def typeset(template: str, font_dirs: list[str], data: str) -> bytes:
    """The PDF of *data* laid out by *template*, set in the fonts of *font_dirs*.

    Raises :class:`ValueError` with the reason when no PDF comes out.
    """
    try:
        import typst  # an 80 MB extension module: loaded in this process only

        with open(template, "rb") as source:
            layout = source.read()
        return typst.compile(
            layout,
            root=os.path.dirname(template),
            font_paths=font_dirs,
            ignore_system_fonts=True,  # the same fonts on every machine
            sys_inputs={"data": data},
            format="pdf",
        )
    except ImportError as error:  # no typst
        reason = f"{error} (install the project's dependencies)"
    except OSError as error:  # no template
        reason = f"cannot read {template}: {error.strerror}"
    except RuntimeError as error:  # typst.TypstError
        reason = str(getattr(error, "message", error))
    raise ValueError(reason)


def main(argv: list[str]) -> int:
    """``TEMPLATE FONT_DIR...``, the data on stdin: the PDF on stdout."""
    template, *font_dirs = argv
    data = sys.stdin.buffer.read().decode("utf-8")
    try:
        pdf = typeset(template, font_dirs, data)
    except ValueError as error:
        sys.stderr.buffer.write(str(error).encode("utf-8", "replace"))
        return TYPESETTING_FAILED
    sys.stdout.buffer.write(pdf)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
