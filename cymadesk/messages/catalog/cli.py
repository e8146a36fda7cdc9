"""Texts of the command line: help, labels and its own errors."""

from cymadesk.messages import Text

MESSAGES: dict[str, Text] = {
    "cli.descripcion": Text(
        "CymaDesk: revisa los documentos tributarios electrónicos (DTE) que recibe su empresa. "
        "Sin subcomando abre la aplicación.",
        "CymaDesk: review the electronic tax documents (DTE) your company receives. Without a "
        "subcommand it opens the app.",
    ),
    "cli.uso_incorrecto": Text("uso incorrecto", "usage error"),
    "cli.interrumpido": Text("Interrumpido.", "Interrupted."),
    "cli.campo.referencias": Text("Referencias", "References"),
    "cli.campo.eventos": Text("Eventos del SII", "SII events"),
    "cli.referencia.anula": Text("anula el documento", "cancels the document"),
    "cli.referencia.corrige_texto": Text("corrige texto", "corrects text"),
    "cli.referencia.corrige_montos": Text("corrige montos", "corrects amounts"),
    "sistema.no_existe": Text("no existe el archivo {ruta}", "the file {ruta} does not exist"),
    "sistema.sin_permiso": Text(
        "no hay permiso para leer {ruta}", "there is no permission to read {ruta}"
    ),
    "sistema.es_carpeta": Text(
        "{ruta} es una carpeta, no un archivo", "{ruta} is a folder, not a file"
    ),
    "sistema.error": Text(
        "el sistema no pudo leer {ruta} (error {errno})",
        "the system could not read {ruta} (error {errno})",
    ),
    "cli.fallo": Text(
        "La orden no se completó. Use -v para ver el detalle.",
        "The command did not complete. Use -v to see the details.",
    ),
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
    "cli.opcion.version": Text(
        "muestra la versión de CymaDesk y termina", "show CymaDesk's version and exit"
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
    "cli.json_despues_del_subcomando": Text(
        "(--json va después del subcomando, por ejemplo «cymadesk check --json ARCHIVO»)",
        "(--json goes after the subcommand, for example «cymadesk check --json FILE»)",
    ),
    # The ambiente of a company, as ``empresa listar`` shows it.
    "cli.empresa.ambiente.produccion": Text("ambiente producción", "production environment"),
    "cli.empresa.ambiente.certificacion": Text(
        "ambiente certificación del SII", "SII certification environment"
    ),
    "cli.empresa.ambiente.sandbox": Text(
        "ambiente sandbox de CymaDesk", "CymaDesk sandbox environment"
    ),
}

MESSAGES.update(
    {
        "cli.opcion.passphrase_file": Text(
            "archivo cuya primera línea es la frase de recuperación de la clave",
            "file whose first line is the key recovery passphrase",
        ),
        "cli.opcion.empresa": Text(
            "RUT de la empresa, en cualquier formato (76.354.771-K, 76354771k …)",
            "the company's RUT, in any format (76.354.771-K, 76354771k …)",
        ),
        "cli.frase.nueva": Text(
            "Frase de recuperación nueva (guárdela en un lugar seguro): ",
            "New recovery passphrase (keep it somewhere safe): ",
        ),
        "cli.frase.repetir": Text("Repita la frase: ", "Repeat the passphrase: "),
        "cli.frase.recuperar": Text(
            "La clave no está en el llavero. Frase de recuperación: ",
            "The key is not in the keyring. Recovery passphrase: ",
        ),
        "cli.empresa.ayuda": Text(
            "crea y lista las empresas (cada una con su base de datos cifrada)",
            "create and list companies (each with its encrypted database)",
        ),
        "cli.empresa.crear": Text(
            "crea una empresa y su base de datos cifrada",
            "create a company and its encrypted database",
        ),
        "cli.empresa.listar": Text(
            "lista las empresas de la carpeta de datos",
            "list the companies in the data directory",
        ),
        "cli.empresa.rut": Text("RUT de la empresa", "the company's RUT"),
        "cli.empresa.nombre": Text("razón social de la empresa", "the company's legal name"),
        "cli.empresa.ambiente": Text(
            "ambiente del SII: produccion (por omisión), certificacion o sandbox (pruebas locales)",
            "SII environment: produccion (default), certificacion or sandbox (local tests)",
        ),
        "cli.empresa.creada": Text(
            "Empresa creada: {nombre} ({rut}). Base de datos cifrada en {archivo}.",
            "Company created: {nombre} ({rut}). Encrypted database at {archivo}.",
        ),
        "cli.empresa.ninguna": Text(
            "No hay empresas. Cree una con `cymadesk empresa crear`.",
            "There are no companies. Create one with `cymadesk empresa crear`.",
        ),
        "cli.importar.ayuda": Text(
            "guarda archivos XML, carpetas, zip y exportaciones CSV del RCV en una empresa",
            "store XML files, folders, zips and RCV CSV exports in a company",
        ),
        "cli.importar.resumen": Text(
            "Documentos nuevos: {nuevos}; repetidos: {repetidos}; dirigidos a otro RUT: "
            "{no_corresponden}; no procesables: {no_procesables}.",
            "New documents: {nuevos}; repeated: {repetidos}; addressed to another RUT: "
            "{no_corresponden}; unprocessable: {no_procesables}.",
        ),
        "cli.importar.conflictos": Text(
            "Nuevos en conflicto con otra versión del mismo documento (mismo emisor, tipo y "
            "folio, otro contenido): {conflictos}. «cymadesk mostrar» muestra las dos "
            "versiones.",
            "New ones in conflict with another version of the same document (same emisor, type "
            "and folio, other content): {conflictos}. «cymadesk mostrar» shows both versions.",
        ),
        "cli.importar.resultado.importado": Text("importado", "imported"),
        "cli.importar.resultado.vinculado": Text(
            "ya estaba (copia vinculada)", "already stored (copy linked)"
        ),
        "cli.importar.resultado.conflicto": Text(
            "CONFLICTO: mismo documento con otro contenido",
            "CONFLICT: same document with other content",
        ),
        "cli.importar.resultado.no_corresponde": Text(
            "dirigido a otro RUT", "addressed to another RUT"
        ),
        "cli.importar.resultado.repetido": Text("repetido, sin cambios", "repeated, no change"),
        "cli.importar.resultado.sin_documentos": Text(
            "guardado, sin documentos", "stored, no documents"
        ),
        "cli.importar.resultado.rcv": Text("RCV importado", "RCV imported"),
        "cli.importar.resultado.no_procesable": Text("no procesable", "unprocessable"),
        "cli.listar.ayuda": Text(
            "lista los documentos guardados de una vista",
            "list the stored documents of a view",
        ),
        "cli.listar.vista": Text(
            "vista: pendientes (por omisión), riesgo_alto, vencen_pronto, aceptados, reclamados, "
            "todos, no_corresponden o no_procesables",
            "view: pendientes (default), riesgo_alto, vencen_pronto, aceptados, reclamados, "
            "todos, no_corresponden or no_procesables",
        ),
        "cli.listar.buscar": Text(
            "filtra por RUT, razón social, folio o monto",
            "filter by RUT, legal name, folio or amount",
        ),
        "cli.listar.vacia": Text("No hay documentos en esta vista.", "No documents in this view."),
        "cli.columna.riesgo": Text("Riesgo", "Risk"),
        "cli.columna.emisor": Text("RUT emisor", "Issuer RUT"),
        "cli.columna.razon_social": Text("Razón social", "Business name"),
        "cli.columna.tipo": Text("Tipo", "Type"),
        "cli.columna.folio": Text("Folio", "Folio"),
        "cli.columna.fecha": Text("Emisión", "Issued"),
        "cli.columna.total": Text("Total", "Total"),
        "cli.columna.plazo": Text("Plazo", "Deadline"),
        "cli.mostrar.ayuda": Text(
            "muestra un documento guardado con sus líneas, referencias y eventos",
            "show a stored document with its lines, references and events",
        ),
        "cli.mostrar.emisor": Text("RUT del emisor", "the issuer's RUT"),
        "cli.tipo_invalido": Text(
            "«{valor}» no es un código de tipo del SII; use el número: 33 factura, 34 factura "
            "exenta, 43 liquidación-factura, 46 factura de compra, 52 guía de despacho, 56 nota "
            "de débito, 61 nota de crédito, 110 factura de exportación",
            "“{valor}” is not an SII type code; use the number: 33 factura, 34 factura exenta, "
            "43 liquidación-factura, 46 factura de compra, 52 guía de despacho, 56 nota de "
            "débito, 61 nota de crédito, 110 factura de exportación",
        ),
        "cli.mostrar.tipo": Text(
            "tipo de documento (33, 34, 61 …)", "document type (33, 34, 61 …)"
        ),
        "cli.mostrar.folio": Text("folio del documento", "the document's folio"),
        "cli.mostrar.no_encontrado": Text(
            "No hay un documento tipo {tipo} folio {folio} del emisor {emisor}.",
            "There is no document of type {tipo}, folio {folio} from issuer {emisor}.",
        ),
        "cli.mostrar.versiones": Text(
            "Llegaron {total} versiones distintas de este documento: mismo emisor, tipo y folio, "
            "pero con otro contenido. Se muestran en orden de llegada.",
            "{total} different versions of this document arrived: same issuer, type and folio, "
            "but other content. They are shown in order of arrival.",
        ),
        "cli.mostrar.version": Text(
            "Versión {numero} de {total} — llegó el {llegada} en {archivo}",
            "Version {numero} of {total} — arrived on {llegada} in {archivo}",
        ),
        "cli.mostrar.version_sin_archivo": Text(
            "Versión {numero} de {total}", "Version {numero} of {total}"
        ),
        "cli.campo.plazo": Text("Plazo", "Deadline"),
    }
)
