"""Texts for deadlines, risk levels and import results shared by the command line and the app."""

from cymadesk.messages import Text

MESSAGES: dict[str, Text] = {
    "plazo.vencido": Text("vencido", "expired"),
    "plazo.vence_hoy": Text("vence hoy", "due today"),
    "plazo.queda_un_dia": Text("queda 1 día", "1 day left"),
    "plazo.quedan_dias": Text("quedan {dias} días", "{dias} days left"),
    "plazo.estimado": Text("(estimado)", "(estimated)"),
    "plazo.aceptado": Text("aceptado", "accepted"),
    "plazo.reclamado": Text("reclamado", "claimed"),
    "riesgo.nivel.alto": Text("riesgo alto", "high risk"),
    "riesgo.nivel.medio": Text("riesgo medio", "medium risk"),
    "riesgo.nivel.bajo": Text("riesgo bajo", "low risk"),
    "riesgo.nivel.sin_hallazgos": Text("sin hallazgos", "no findings"),
    "importar.rcv_filas": Text(
        "Filas del Registro de Compras leídas: {filas}; de ellas, con su documento guardado: "
        "{vinculadas}.",
        "Purchase register rows read: {filas}; of them, with their document stored: {vinculadas}.",
    ),
    "importar.repetido": Text(
        "Este mismo archivo ya se había importado; no cambió nada.",
        "This same file was already imported; nothing changed.",
    ),
    "importar.vinculado": Text(
        "Sus documentos ya estaban guardados desde otro archivo; se anotó esta copia.",
        "Its documents were already stored from another file; this copy was recorded.",
    ),
    "importar.conflicto": Text(
        "Trae un documento con el mismo emisor, tipo y folio que otro ya guardado, pero con "
        "otro contenido; se guardaron las dos versiones y ambas quedan marcadas.",
        "It has a document with the same emisor, type and folio as one already stored, but "
        "with other content; both versions were kept and flagged.",
    ),
    "importar.no_corresponde": Text(
        "Está dirigido a otro RUT; quedó en la lista «No corresponden».",
        "It is addressed to another RUT; it is listed under «No corresponden».",
    ),
    "importar.sin_rut_emisor": Text(
        "El documento no indica el RUT del emisor, así que no se puede identificar.",
        "The document does not state the issuer's RUT, so it cannot be identified.",
    ),
    "importar.sin_tipo": Text(
        "El documento no indica su tipo (TipoDTE).",
        "The document does not state its type (TipoDTE).",
    ),
    "importar.sin_folio": Text(
        "El documento no indica su folio.",
        "The document does not state its folio.",
    ),
    "rcv.presente": Text(
        "Está en el Registro de Compras del SII, en «{estado}» (recibido por el SII el "
        "{recepcion}).",
        "It is in the SII purchase register, under «{estado}» (received by the SII on "
        "{recepcion}).",
    ),
    "rcv.monto_distinto": Text(
        "Está en el Registro de Compras del SII, en «{estado}», pero con un total de "
        "{monto_rcv}, y este XML dice {monto_xml}: la copia que usted tiene fue alterada.",
        "It is in the SII purchase register, under «{estado}», but with a total of "
        "{monto_rcv}, and this XML says {monto_xml}: the copy you have was altered.",
    ),
    "rcv.csv_no_reconocido": Text(
        "No se reconoce como exportación del Registro de Compras y Ventas (RCV).",
        "Not recognised as a purchase and sales register (RCV) export.",
    ),
    "rcv.csv_ventas": Text(
        "Es un registro de ventas; CymaDesk revisa documentos recibidos (registro de compras).",
        "It is a sales register; CymaDesk reviews received documents (purchase register).",
    ),
    "rcv.fila_incompleta": Text(
        "La fila {linea} del RCV no tiene RUT, tipo o folio.",
        "Row {linea} of the RCV has no RUT, type or folio.",
    ),
    "rcv.fila_ilegible": Text(
        "La fila del RCV con folio {folio} no se pudo leer.",
        "The RCV row with folio {folio} could not be read.",
    ),
}
