"""The language server for editors (`lintlaw server`); needs the `lsp` extra (pygls), imported only by that command."""
