"""Data files the program loads at run time: SII schemas and keys, translations, icons."""
