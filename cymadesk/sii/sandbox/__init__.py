"""A local stand-in for the SII's web services, on 127.0.0.1 only.

It speaks the SII's wire formats at the SII's paths, so that ``cymadesk.sii.client`` cannot
tell it from the SII: ``service`` contains the operations and rules, ``register`` the received
documents and events, ``server`` the HTTP side with fault injection and a settable
``clock``, and ``issuing`` creates realistic documents and registers them as the SII would.
"""
