"""Use cases the command line and the UI share: inputs, import, sync, decisions, reports."""
