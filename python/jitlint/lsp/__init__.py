"""The jitlint language server (``jitlint server``), on pygls and lsprotocol (the ``lsp`` extra).

    server.py    wiring: documents, debounced checks, push and pull diagnostics, code actions, hover
    convert.py   engine diagnostics -> LSP diagnostics (UTF-16 positions, rule links, the fix in ``data``)
    actions.py   quick fixes, "Disable CODE for this line" (noqa), source.fixAll.jitlint
"""

from __future__ import annotations

MISSING_EXTRA = "the language server needs the lsp extra: pip install 'jitlint[lsp]'"


def run_server() -> int:
    """``jitlint server``: serve over stdio until the client says exit. Without pygls/lsprotocol: a one-line
    error naming the extra (exit 2)."""
    from jitlint.cli import CliError

    try:
        import lsprotocol.types  # noqa: F401
        import pygls.lsp.server  # noqa: F401
    except ImportError:
        raise CliError(MISSING_EXTRA) from None
    from jitlint.lsp.server import main

    main()
    return 0
