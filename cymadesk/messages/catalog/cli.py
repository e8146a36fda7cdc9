"""Texts of the command line: help, labels and its own errors."""

from cymadesk.messages import Text

MESSAGES: dict[str, Text] = {
    "cli.descripcion": Text(
        "CymaDesk: revisa los documentos tributarios electrónicos (DTE) que recibe tu empresa. "
        "Sin subcomando abre la aplicación.",
        "CymaDesk: review the electronic tax documents (DTE) your company receives. Without a "
        "subcommand it opens the app.",
    ),
    "cli.uso_incorrecto": Text("uso incorrecto", "usage error"),
    "cli.interrumpido": Text("Interrumpido.", "Interrupted."),
    "cli.sin_interfaz": Text(
        "No se pudo abrir la aplicación gráfica: {detalle}",
        "The desktop app could not start: {detalle}",
    ),
    "cli.opcion.data_dir": Text(
        "carpeta de datos (también CYMADESK_DATA_DIR); por omisión, la del usuario",
        "data directory (also CYMADESK_DATA_DIR); default: the user's data folder",
    ),
    "cli.opcion.key_file": Text(
        "archivo con la clave de la base de datos, 64 caracteres hexadecimales (también "
        "CYMADESK_KEY_FILE); con él no se usa el llavero del sistema",
        "file with the database key, 64 hexadecimal characters (also CYMADESK_KEY_FILE); with "
        "it the system keyring is not used",
    ),
    "cli.opcion.lang": Text(
        "idioma de los mensajes: es (por omisión) o en",
        "language of messages: es (default) or en",
    ),
    "cli.opcion.verbose": Text(
        "muestra también los mensajes informativos del registro",
        "also show informational log messages",
    ),
    "cli.opcion.demo": Text(
        "abre la empresa de demostración, con datos ficticios",
        "open the demo company, with fictitious data",
    ),
    "cli.opcion.screenshot": Text(
        "guarda una captura de la ventana principal (1280×800) y termina",
        "save a screenshot of the main window (1280×800) and exit",
    ),
    "cli.opcion.json": Text(
        "imprime el resultado como un único valor JSON",
        "print the result as a single JSON value",
    ),
    "cli.check.ayuda": Text(
        "verifica archivos XML, carpetas y zip sin guardar nada",
        "verify XML files, folders and zips without storing anything",
    ),
    "cli.check.descripcion": Text(
        "Lee cada documento y muestra su tipo, folio, emisor, receptor, fecha, total y cada "
        "verificación (esquema, firmas, certificado, timbre, CAF, aritmética) con su motivo.",
        "Reads every document and shows its type, folio, issuer, receiver, date, total and "
        "each check (schema, signatures, certificate, stamp, CAF, arithmetic) with its reason.",
    ),
    "cli.check.rutas": Text(
        "archivos XML, carpetas (se recorren completas) o archivos zip",
        "XML files, folders (walked recursively) or zip archives",
    ),
    "cli.check.max_mb": Text(
        "tamaño máximo de cada archivo, en MB (por omisión 30)",
        "maximum size of each file, in MB (default 30)",
    ),
    "cli.check.max_mb_invalido": Text(
        "--max-mb debe ser un número positivo de megabytes.",
        "--max-mb must be a positive number of megabytes.",
    ),
    "cli.check.confiar_sandbox": Text(
        "acepta también los CAF del SII de pruebas de CymaDesk (solo para datos de prueba)",
        "also trust CAFs of CymaDesk's test SII (for test data only)",
    ),
    "cli.check.sin_sandbox": Text(
        "No hay un SII de pruebas en {carpeta}; inícielo con `cymadesk sandbox` primero.",
        "There is no test SII in {carpeta}; start it with `cymadesk sandbox` first.",
    ),
    "cli.check.sin_documentos": Text(
        "Archivo del SII de clase {clase}: no contiene documentos que verificar.",
        "SII file of class {clase}: it contains no documents to verify.",
    ),
    "cli.check.sobre_vacio": Text(
        "El sobre no contiene documentos.",
        "The envelope contains no documents.",
    ),
    "cli.campo.emisor": Text("Emisor", "Issuer"),
    "cli.campo.receptor": Text("Receptor", "Receiver"),
    "cli.campo.fecha": Text("Fecha de emisión", "Issue date"),
    "cli.campo.total": Text("Monto total", "Total amount"),
    "cli.campo.ambiente": Text("Ambiente", "Environment"),
    "cli.ambiente.produccion": Text("producción", "production"),
    "cli.ambiente.certificacion": Text(
        "certificación (documento de prueba del SII)", "certification (SII test document)"
    ),
    "cli.ambiente.sandbox": Text(
        "sandbox (documento ficticio de CymaDesk)", "sandbox (CymaDesk fictitious document)"
    ),
}
