"""The client of the SII's web services: authentication, estado DTE, the registry and RCV.

``SiiClient`` is the entry point; ``endpoints`` maps services to URLs per environment;
``credentials`` reads the company's PKCS#12 certificate; ``errors`` holds the typed
errors every call may raise. Nothing here imports Qt or touches storage.
"""
