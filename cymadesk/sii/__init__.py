"""Everything the SII defines: safe XML loading, parsing, schema, XMLDSig and TED/CAF checks."""
