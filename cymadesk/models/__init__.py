"""Domain types: RUT, document types, parsed documents, verdicts and messages (no Qt, no I/O)."""
