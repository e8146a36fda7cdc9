"""Texts for errors in requests to the sandbox's control endpoints and its ``--falla`` option."""

from cymadesk.messages import Text

MESSAGES: dict[str, Text] = {
    # Any control endpoint
    "sandbox.control.no_utf8": Text(
        "El cuerpo de la solicitud no está codificado en UTF-8.",
        "The request body is not encoded in UTF-8.",
    ),
    "sandbox.control.json_invalido": Text(
        "El cuerpo de la solicitud no es JSON válido (error en la línea {linea}, columna "
        "{columna}).",
        "The request body is not valid JSON (error at line {linea}, column {columna}).",
    ),
    "sandbox.control.no_es_objeto": Text(
        "El cuerpo de la solicitud debe ser un objeto JSON, con sus campos entre llaves.",
        "The request body must be a JSON object, with its fields between braces.",
    ),
    "sandbox.control.ruta_desconocida": Text(
        "No existe el punto de control {metodo} {ruta}. Los disponibles son: {puntos}.",
        "There is no control endpoint {metodo} {ruta}. The available ones are: {puntos}.",
    ),
    "sandbox.control.sin_emisor": Text(
        "Este sandbox se inició sin emisor de documentos, así que POST /_sandbox/documentos no "
        "está disponible. Use un sandbox iniciado con «cymadesk sandbox».",
        "This sandbox was started without a document issuer, so POST /_sandbox/documentos is "
        "not available. Use a sandbox started with “cymadesk sandbox”.",
    ),
    "sandbox.control.solicitud_invalida": Text(
        "La solicitud no es válida: {detalle}",
        "The request is not valid: {detalle}",
    ),
    # POST /_sandbox/reloj
    "sandbox.reloj.incompleto": Text(
        "Indique «ahora» (fecha y hora ISO 8601 con zona horaria, como "
        "2026-11-20T10:00:00-03:00) o «avanzar_segundos».",
        "Give “ahora” (an ISO 8601 date and time with a time zone, such as "
        "2026-11-20T10:00:00-03:00) or “avanzar_segundos”.",
    ),
    "sandbox.reloj.fecha_invalida": Text(
        "El campo «ahora» debe ser una fecha y hora ISO 8601 con zona horaria, como "
        "2026-11-20T10:00:00-03:00. Se recibió {valor}.",
        "The field “ahora” must be an ISO 8601 date and time with a time zone, such as "
        "2026-11-20T10:00:00-03:00. It was {valor}.",
    ),
    "sandbox.reloj.segundos_invalidos": Text(
        "El campo «avanzar_segundos» debe ser un número de segundos. Se recibió {valor}.",
        "The field “avanzar_segundos” must be a number of seconds. It was {valor}.",
    ),
    # POST /_sandbox/fallas and the --falla option
    "sandbox.falla.sin_tipo": Text(
        "Falta el campo «tipo». Los tipos de falla válidos son: {tipos}.",
        "The field “tipo” is missing. The valid fault types are: {tipos}.",
    ),
    "sandbox.falla.tipo_desconocido": Text(
        "Tipo de falla desconocido: «{tipo}». Los tipos válidos son: {tipos}.",
        "Unknown fault type “{tipo}”. The valid types are: {tipos}.",
    ),
    "sandbox.falla.operacion_desconocida": Text(
        "Operación desconocida: «{operacion}». Indique el nombre de una operación SOAP o REST "
        "del SII: {operaciones}. Sin operación, la falla afecta a todas.",
        "Unknown operation “{operacion}”. Give the name of an SII SOAP or REST operation: "
        "{operaciones}. Without an operation, the fault applies to all of them.",
    ),
    "sandbox.falla.veces_invalidas": Text(
        "El campo «veces» debe ser un número entero desde 1, o 0 (o null) para que la falla "
        "siga hasta que se borre. Se recibió {valor}.",
        "The field “veces” must be a whole number from 1 up, or 0 (or null) to keep the fault "
        "until it is cleared. It was {valor}.",
    ),
    "sandbox.falla.veces_opcion_invalidas": Text(
        "VECES debe ser un número entero (0 = siempre), no «{valor}».",
        "VECES must be a whole number (0 = always), not “{valor}”.",
    ),
    "sandbox.falla.segundos_invalidos": Text(
        "El campo «segundos» debe ser un número entre 0 y {maximo}. Se recibió {valor}.",
        "The field “segundos” must be a number from 0 to {maximo}. It was {valor}.",
    ),
    # POST /_sandbox/documentos
    "sandbox.documentos.cantidad_invalida": Text(
        "El campo «cantidad» debe ser un número entero de 1 a {maximo}. Se recibió {valor}.",
        "The field “cantidad” must be a whole number from 1 to {maximo}. It was {valor}.",
    ),
    "sandbox.documentos.receptor_invalido": Text(
        "El campo «receptor» debe ser el RUT de la empresa receptora, como 77777777-7. Se "
        "recibió {valor}.",
        "The field “receptor” must be the receiving company's RUT, such as 77777777-7. It was "
        "{valor}.",
    ),
    "sandbox.documentos.semilla_invalida": Text(
        "El campo «semilla» debe ser un número entero. Se recibió {valor}.",
        "The field “semilla” must be a whole number. It was {valor}.",
    ),
}
