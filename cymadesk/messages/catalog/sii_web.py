"""Texts for the SII web services, the company certificate and the local sandbox."""

from cymadesk.messages import Text

_REGISTRY_CODES: dict[int, Text] = {
    1: Text("El RUT del emisor es erróneo.", "The issuer's RUT is wrong."),
    2: Text("El número de folio es erróneo.", "The folio number is wrong."),
    3: Text(
        "El tipo de documento no corresponde (el registro acepta 33, 34 y 43).",
        "The document type does not apply (the registry takes 33, 34 and 43).",
    ),
    4: Text("La acción no es válida.", "The action is not valid."),
    5: Text(
        "El documento ya está reclamado.",
        "The document is already claimed.",
    ),
    6: Text(
        "No se puede acusar recibo de mercaderías de un documento ya reclamado.",
        "A receipt of goods cannot be given for a document that was claimed.",
    ),
    7: Text("El evento ya estaba registrado.", "The event was already recorded."),
    8: Text(
        "Pasaron 8 días desde la recepción en el SII: ya no se pueden registrar reclamos ni "
        "eventos.",
        "8 days have passed since the SII received it: claims and events can no longer be "
        "recorded.",
    ),
    9: Text(
        "No hay registros para los datos indicados.",
        "There are no records for the given data.",
    ),
    10: Text(
        "El documento no fue emitido ni recibido en el SII desde el 14 de enero de 2017.",
        "The document was not issued or received at the SII since 14 January 2017.",
    ),
    11: Text(
        "No se puede reclamar un documento ya aceptado.",
        "A document that was accepted cannot be claimed.",
    ),
    12: Text(
        "No se puede aceptar un documento ya reclamado.",
        "A document that was claimed cannot be accepted.",
    ),
    13: Text(
        "No se puede reclamar un documento con acuse de recibo de mercaderías.",
        "A document with a receipt of goods cannot be claimed.",
    ),
    14: Text(
        "Acción autorizada solo para la empresa receptora o emisora.",
        "Action allowed only for the receiving or issuing company.",
    ),
    15: Text("Listado de eventos del documento.", "The document's list of events."),
    16: Text(
        "El documento no tiene reclamos ni acuse de recibo.",
        "The document has no claims and no receipt.",
    ),
    17: Text(
        "Acción autorizada solo para la empresa receptora.",
        "Action allowed only for the receiving company.",
    ),
    18: Text("El SII no ha recibido el documento.", "The SII has not received the document."),
    19: Text(
        "El reclamo de mercaderías ya estaba registrado.",
        "The claim about the goods was already recorded.",
    ),
    20: Text("El tipo de documento no es cedible.", "The document type cannot be assigned."),
    21: Text(
        "No es cedible: una nota de crédito de anulación lo referenció dentro de 8 días.",
        "Not assignable: a cancelling credit note referenced it within 8 days.",
    ),
    22: Text(
        "No es cedible todavía: no tiene reclamos ni acuse de recibo.",
        "Not assignable yet: it has no claims and no receipt.",
    ),
    23: Text("Es cedible: no tiene reclamos.", "Assignable: it has no claims."),
    24: Text(
        "No es cedible: el receptor lo reclamó.",
        "Not assignable: the receiver claimed it.",
    ),
    25: Text(
        "Es cedible: pasaron 8 días y se entiende otorgado el acuse de recibo.",
        "Assignable: 8 days passed, so the receipt is deemed given.",
    ),
}

_ESTADOS: dict[str, Text] = {
    "dok": Text(
        "El SII recibió el documento y sus datos coinciden (DOK).",
        "The SII received the document and its data match (DOK).",
    ),
    "dnk": Text(
        "El SII recibió un documento con este folio, pero la fecha, el monto o el receptor "
        "NO coinciden (DNK).",
        "The SII received a document with this folio, but its date, amount or receiver do "
        "NOT match (DNK).",
    ),
    "fau": Text(
        "El SII no ha recibido este documento (FAU). Si es reciente, el emisor puede no "
        "haberlo enviado aún: vuelva a consultar.",
        "The SII has not received this document (FAU). If it is recent, the issuer may not "
        "have sent it yet: ask again later.",
    ),
    "fna": Text(
        "El folio no está autorizado por el SII (FNA).",
        "The folio is not authorised by the SII (FNA).",
    ),
    "fan": Text(
        "El folio está anulado en el SII (FAN).", "The folio is annulled at the SII (FAN)."
    ),
    "emp": Text(
        "El emisor no está autorizado para emitir documentos electrónicos (EMP).",
        "The issuer is not authorised to issue electronic documents (EMP).",
    ),
    "tmd": Text(
        "Datos coinciden; una nota de débito modifica su texto (TMD).",
        "Data match; a debit note changes its text (TMD).",
    ),
    "tmc": Text(
        "Datos coinciden; una nota de crédito modifica su texto (TMC).",
        "Data match; a credit note changes its text (TMC).",
    ),
    "mmd": Text(
        "Datos coinciden; una nota de débito modifica sus montos (MMD).",
        "Data match; a debit note changes its amounts (MMD).",
    ),
    "mmc": Text(
        "Datos coinciden; una nota de crédito modifica sus montos (MMC).",
        "Data match; a credit note changes its amounts (MMC).",
    ),
    "and": Text(
        "Datos coinciden; una nota de débito anula el documento (AND).",
        "Data match; a debit note annuls the document (AND).",
    ),
    "anc": Text(
        "Datos coinciden; una nota de crédito anula el documento (ANC).",
        "Data match; a credit note annuls the document (ANC).",
    ),
}

MESSAGES: dict[str, Text] = {
    # Talking to the SII
    "sii.tiempo_agotado": Text(
        "El SII no respondió a tiempo ({url}). Intente más tarde.",
        "The SII did not answer in time ({url}). Try again later.",
    ),
    "sii.respuesta_incompleta": Text(
        "La conexión con el SII se cortó a mitad de la respuesta ({url}). Intente más tarde.",
        "The connection to the SII closed halfway through the answer ({url}). Try again later.",
    ),
    "sii.conexion_cortada": Text(
        "El SII cerró la conexión sin responder ({url}). Intente más tarde.",
        "The SII closed the connection without answering ({url}). Try again later.",
    ),
    "sii.tls_fallido": Text(
        "No se pudo establecer una conexión segura con {url}: el certificado del servidor no "
        "es válido.",
        "No secure connection to {url} could be made: the server's certificate is not valid.",
    ),
    "sii.sin_conexion": Text(
        "No se pudo conectar con {url}. Revise la conexión a internet.",
        "Could not connect to {url}. Check the internet connection.",
    ),
    "sii.sandbox_sin_conexion": Text(
        "No se pudo conectar con {url}: no hay un sandbox del SII en esa dirección. Inícielo "
        "con «cymadesk sandbox» o revise --url.",
        "Could not connect to {url}: no SII sandbox is at that address. Start one with "
        "«cymadesk sandbox» or check --url.",
    ),
    "sii.respuesta_demasiado_grande": Text(
        "La respuesta de {url} es demasiado grande; no se leyó.",
        "The answer from {url} is too large; it was not read.",
    ),
    "sii.error_servidor": Text(
        "El SII respondió con un error interno (HTTP {estado}). Intente más tarde.",
        "The SII answered with an internal error (HTTP {estado}). Try again later.",
    ),
    "sii.respuesta_html": Text(
        "El SII respondió con una página web en vez de datos (HTTP {estado}); suele ser "
        "mantención. Intente más tarde.",
        "The SII answered with a web page instead of data (HTTP {estado}); this is usually "
        "maintenance. Try again later.",
    ),
    "sii.respuesta_vacia": Text(
        "El SII respondió sin contenido.",
        "The SII answered with an empty body.",
    ),
    "sii.respuesta_malformada": Text(
        "La respuesta del SII no es válida ({parte}).",
        "The SII's answer is not valid ({parte}).",
    ),
    "sii.estado_http": Text(
        "El SII respondió con el estado HTTP {estado}.",
        "The SII answered with HTTP status {estado}.",
    ),
    "sii.soap_fault": Text(
        "El SII rechazó la solicitud: {texto} ({codigo}).",
        "The SII rejected the request: {texto} ({codigo}).",
    ),
    "sii.semilla_rechazada": Text(
        "El SII no entregó la semilla de autenticación (estado {estado}: {glosa}).",
        "The SII did not issue the authentication seed (state {estado}: {glosa}).",
    ),
    "sii.token_rechazado": Text(
        "El SII no aceptó la firma con el certificado (estado {estado}: {glosa}). Revise que "
        "el titular esté habilitado en el SII para autenticarse con certificado digital.",
        "The SII did not accept the signature with the certificate (state {estado}: {glosa}). "
        "Check that the holder is enabled at the SII to log in with a digital certificate.",
    ),
    "sii.token_invalido": Text(
        "El SII no aceptó la sesión (estado {estado}), tampoco después de renovarla.",
        "The SII did not accept the session (state {estado}), not even after renewing it.",
    ),
    "sii.estado_error": Text(
        "El SII no pudo responder la consulta (estado {estado}: {glosa}).",
        "The SII could not answer the query (state {estado}: {glosa}).",
    ),
    "sii.recepcion_desconocida": Text(
        "El SII no entregó una fecha de recepción reconocible: «{texto}».",
        "The SII did not give a recognisable reception date: “{texto}”.",
    ),
    "sii.registro.reintentar": Text(
        "El registro de aceptación y reclamo del SII tuvo un error interno (código -1). "
        "Intente más tarde.",
        "The SII's acceptance and claim registry had an internal error (code -1). Try again later.",
    ),
    "sii.registro.otro": Text(
        "El registro del SII respondió con el código {codigo}, que no está documentado.",
        "The SII registry answered with code {codigo}, which is not documented.",
    ),
    "sii.registro.tipo_no_admitido": Text(
        "El registro de aceptación y reclamo del SII solo admite los tipos 33, 34 y 43, no "
        "el {tipo}.",
        "The SII's acceptance and claim registry takes only types 33, 34 and 43, not {tipo}.",
    ),
    "sii.rcv.rechazado": Text(
        "El Registro de Compras del SII respondió con el código {codigo}: {texto}",
        "The SII's purchase register answered with code {codigo}: {texto}",
    ),
    "sii.rcv.reintentar": Text(
        "El Registro de Compras del SII tuvo un error interno. Intente más tarde.",
        "The SII's purchase register had an internal error. Try again later.",
    ),
    "sii.url_invalida": Text(
        "«{url}» no es una dirección http o https válida.",
        "“{url}” is not a valid http or https address.",
    ),
    "sii.sandbox_no_iniciado": Text(
        "No hay un sandbox del SII en ejecución para esta carpeta de datos. Inícielo con "
        "`cymadesk sandbox` o indique --url.",
        "No SII sandbox is running for this data directory. Start it with `cymadesk sandbox` "
        "or give --url.",
    ),
    "sii.fecha_invalida": Text(
        "«{fecha}» no es una fecha válida; use AAAA-MM-DD, como 2026-11-02.",
        "“{fecha}” is not a valid date; use YYYY-MM-DD, such as 2026-11-02.",
    ),
    "sii.documento_no_guardado": Text(
        "No hay ningún documento guardado de {rut}, tipo {tipo}, folio {folio}. Impórtelo, o "
        "indique --fecha y --monto.",
        "No document from {rut}, type {tipo}, folio {folio} is stored. Import it, or give "
        "--fecha and --monto.",
    ),
    "sii.sin_firma_para_consultar": Text(
        "El documento guardado no tiene firma, y la consulta avanzada la necesita.",
        "The stored document has no signature, which the advanced query needs.",
    ),
    # The company certificate
    "sii.certificado.clave_incorrecta": Text(
        "La contraseña no abre el certificado. No se guardó nada.",
        "The password does not open the certificate. Nothing was saved.",
    ),
    "sii.certificado.ilegible": Text(
        "El archivo no es un certificado .pfx/.p12 legible.",
        "The file is not a readable .pfx/.p12 certificate.",
    ),
    "sii.certificado.sin_clave_privada": Text(
        "El archivo no contiene una clave privada RSA; el SII la necesita para firmar.",
        "The file holds no RSA private key; the SII needs one to sign.",
    ),
    "sii.certificado.sin_certificado_de_la_clave": Text(
        "Ningún certificado del archivo corresponde a su clave privada.",
        "No certificate in the file matches its private key.",
    ),
    "sii.certificado.ambiguo": Text(
        "El archivo tiene {cantidad} certificados para la misma clave; elija uno (--huella).",
        "The file has {cantidad} certificates for the same key; choose one (--huella).",
    ),
    "sii.certificado.huella_no_encontrada": Text(
        "Ningún certificado del archivo tiene la huella {huella}.",
        "No certificate in the file has the fingerprint {huella}.",
    ),
    "sii.certificado.sin_rut": Text(
        "El certificado no indica el RUT del titular; el SII no lo aceptará.",
        "The certificate does not state the holder's RUT; the SII will not accept it.",
    ),
    "sii.certificado.no_hay": Text(
        "La empresa {rut} no tiene certificado digital. Impórtelo con "
        "`cymadesk certificado importar`.",
        "Company {rut} has no digital certificate. Import it with `cymadesk certificado importar`.",
    ),
    "sii.certificado.sin_llavero": Text(
        "No hay un llavero del sistema disponible para guardar la contraseña del certificado. "
        "Use --key-file.",
        "No system keyring is available to keep the certificate password. Use --key-file.",
    ),
    "sii.certificado.sin_clave_guardada": Text(
        "La contraseña del certificado no está en el llavero. Vuelva a importar el certificado.",
        "The certificate password is not in the keyring. Import the certificate again.",
    ),
    "sii.certificado.clave_en_llavero": Text(
        "La contraseña del certificado quedó en el llavero del sistema, que con --key-file no "
        "se usa. Vuelva a importar el certificado con --key-file.",
        "The certificate password is in the system keyring, which --key-file does not use. "
        "Import the certificate again with --key-file.",
    ),
    "sii.certificado.por_vencer": Text(
        "El certificado vence en {dias} días ({fecha}). Renuévelo a tiempo.",
        "The certificate expires in {dias} days ({fecha}). Renew it in time.",
    ),
    "sii.certificado.vencido": Text(
        "El certificado venció el {fecha}; el SII no lo aceptará. Importe uno vigente.",
        "The certificate expired on {fecha}; the SII will not accept it. Import a valid one.",
    ),
    "sii.certificado.no_vigente_aun": Text(
        "El certificado es válido recién desde el {fecha}.",
        "The certificate is valid only from {fecha}.",
    ),
    # Audit log actions
    "sii.certificado.importado": Text(
        "Certificado digital importado", "Digital certificate imported"
    ),
    "sii.recepcion.registrada": Text(
        "Fecha de recepción en el SII registrada", "SII reception date recorded"
    ),
    "sii.eventos.actualizados": Text(
        "Eventos del registro del SII actualizados", "SII registry events updated"
    ),
    "sii.rcv.descargado": Text(
        "Registro de Compras (RCV) descargado del SII",
        "Purchase register (RCV) downloaded from the SII",
    ),
    # Command line: certificado
    "cli.certificado.ayuda": Text(
        "certificado digital de la empresa", "the company's digital certificate"
    ),
    "cli.certificado.importar": Text(
        "importa un .pfx/.p12 con su contraseña", "import a .pfx/.p12 with its password"
    ),
    "cli.certificado.ver": Text("muestra el certificado guardado", "show the stored certificate"),
    "cli.certificado.archivo": Text("el archivo .pfx o .p12", "the .pfx or .p12 file"),
    "cli.certificado.clave_archivo": Text(
        "archivo cuya primera línea es la contraseña del certificado",
        "file whose first line is the certificate password",
    ),
    "cli.certificado.huella": Text(
        "huella SHA-256 (o su comienzo) del certificado a usar, si hay varios",
        "SHA-256 fingerprint (or its start) of the certificate to use, when there are several",
    ),
    "cli.certificado.pedir_clave": Text("Contraseña del certificado: ", "Certificate password: "),
    "cli.certificado.sin_clave": Text(
        "Falta la contraseña del certificado: use --clave-archivo o ejecute en una terminal.",
        "The certificate password is missing: use --clave-archivo or run in a terminal.",
    ),
    "cli.certificado.clave_ilegible": Text(
        "No se pudo leer el archivo de la contraseña: {detalle}",
        "Could not read the password file: {detalle}",
    ),
    "cli.certificado.archivo_ilegible": Text(
        "No se pudo leer el certificado: {detalle}", "Could not read the certificate: {detalle}"
    ),
    "cli.certificado.elegir": Text(
        "¿Cuál usar? (1 a {cantidad}): ", "Which one? (1 to {cantidad}): "
    ),
    "cli.certificado.importado": Text("Certificado importado.", "Certificate imported."),
    "cli.certificado.titular": Text("Titular: {nombre}", "Holder: {nombre}"),
    "cli.certificado.rut": Text("RUT del titular: {rut}", "Holder's RUT: {rut}"),
    "cli.certificado.emisor": Text("Emitido por: {emisor}", "Issued by: {emisor}"),
    "cli.certificado.vigencia": Text(
        "Válido del {desde} al {hasta}", "Valid from {desde} to {hasta}"
    ),
    "cli.certificado.huella_valor": Text(
        "Huella SHA-256: {huella}", "SHA-256 fingerprint: {huella}"
    ),
    "cli.certificado.clave_en.llavero": Text(
        "Contraseña guardada en el llavero del sistema.",
        "Password kept in the system keyring.",
    ),
    "cli.certificado.clave_en.base_de_datos": Text(
        "Contraseña guardada en la base de datos cifrada de la empresa (modo --key-file).",
        "Password kept in the company's encrypted database (--key-file mode).",
    ),
    # Command line: sii
    "cli.sii.ayuda": Text(
        "consulta el SII y guarda sus respuestas", "ask the SII and store its answers"
    ),
    "cli.sii.estado": Text(
        "estado del documento en el SII (QueryEstDte)",
        "the document's state at the SII (QueryEstDte)",
    ),
    "cli.sii.recepcion": Text(
        "fecha y hora de recepción en el SII (inicio del plazo de 8 días)",
        "date and time the SII received it (start of the 8-day window)",
    ),
    "cli.sii.eventos": Text(
        "historial de aceptación y reclamos del documento",
        "the document's history of acceptance and claims",
    ),
    "cli.sii.cedible": Text(
        "si el documento puede cederse (factoring)",
        "whether the document can be assigned (factoring)",
    ),
    "cli.sii.rcv": Text(
        "Registro de Compras (RCV) de un período", "purchase register (RCV) of a period"
    ),
    "cli.sii.url": Text(
        "reemplaza el servidor de todos los servicios (por ejemplo el sandbox local)",
        "replace the host of every service (for example the local sandbox)",
    ),
    "cli.sii.emisor": Text("RUT del emisor del documento", "RUT of the document's issuer"),
    "cli.sii.tipo": Text("tipo de documento (33, 34, 43…)", "document type (33, 34, 43…)"),
    "cli.sii.folio": Text("folio del documento", "the document's folio"),
    "cli.sii.fecha": Text(
        "fecha de emisión, si el documento no está guardado",
        "issue date, when the document is not stored",
    ),
    "cli.sii.monto": Text(
        "monto total en pesos, si el documento no está guardado",
        "total amount in pesos, when the document is not stored",
    ),
    "cli.sii.avanzado": Text(
        "usa QueryEstDteAv, que también compara la firma del documento",
        "use QueryEstDteAv, which also compares the document's signature",
    ),
    "cli.sii.periodo": Text("período tributario, como 2026-11", "tax period, such as 2026-11"),
    "cli.sii.periodo_invalido": Text(
        "«{periodo}» no es un período válido; use AAAA-MM, como 2026-11.",
        "“{periodo}” is not a valid period; use YYYY-MM, such as 2026-11.",
    ),
    "cli.sii.recepcion_resultado": Text(
        "Recibido por el SII: {recepcion}. Plazo para aceptar o reclamar: {plazo}.",
        "Received by the SII: {recepcion}. Deadline to accept or claim: {plazo}.",
    ),
    "cli.sii.sin_eventos": Text(
        "El documento no tiene eventos en el registro del SII.",
        "The document has no events in the SII registry.",
    ),
    "cli.sii.es_cedible": Text("Cedible", "Assignable"),
    "cli.sii.no_cedible": Text("No cedible", "Not assignable"),
    "cli.sii.rcv_resumen": Text(
        "RCV {periodo}: {filas} documentos, {vinculadas} vinculados a documentos guardados.",
        "RCV {periodo}: {filas} documents, {vinculadas} linked to stored documents.",
    ),
    # Command line: sandbox
    "cli.sandbox.ayuda": Text(
        "sandbox local del SII (solo 127.0.0.1)", "local SII sandbox (127.0.0.1 only)"
    ),
    "cli.sandbox.port": Text("puerto TCP (0 = cualquiera libre)", "TCP port (0 = any free port)"),
    "cli.sandbox.reloj": Text(
        "fija el reloj del sandbox, como 2026-11-20T10:00:00-03:00",
        "set the sandbox clock, such as 2026-11-20T10:00:00-03:00",
    ),
    # cymadesk.cli.sandbox fills in {tipos} and {operaciones}.
    "cli.sandbox.falla": Text(
        "inyecta una falla; se puede repetir. TIPO: {tipos}. OPERACION (si se omite, todas): "
        "{operaciones}. VECES: cuántas solicitudes afecta (1 por omisión, 0 = siempre)",
        "inject a fault; may be repeated. TIPO: {tipos}. OPERACION (all if omitted): "
        "{operaciones}. VECES: how many requests it affects (1 by default, 0 = always)",
    ),
    "cli.sandbox.latencia": Text(
        "segundos de espera antes de cada respuesta", "seconds to wait before each answer"
    ),
    "cli.sandbox.token_ttl": Text(
        "segundos de vida de cada token", "lifetime of each token in seconds"
    ),
    "cli.sandbox.emitir": Text(
        "emite N documentos firmados, los registra y termina",
        "issue N signed documents, register them and exit",
    ),
    "cli.sandbox.receptor": Text(
        "RUT de la empresa receptora de los documentos emitidos",
        "RUT of the company that receives the issued documents",
    ),
    "cli.sandbox.nombre_receptor": Text(
        "razón social de la empresa receptora", "the receiving company's name"
    ),
    "cli.sandbox.salida_pfx": Text(
        "archivo .pfx donde se escribe el certificado",
        "the .pfx file the certificate is written to",
    ),
    "cli.sandbox.salida": Text(
        "carpeta donde se escriben los documentos emitidos",
        "folder the issued documents are written to",
    ),
    "cli.sandbox.semilla": Text(
        "semilla del contenido generado (mismo valor, mismos documentos)",
        "seed of the generated content (same value, same documents)",
    ),
    "cli.sandbox.certificado": Text(
        "crea un certificado .pfx que el sandbox acepta",
        "create a .pfx certificate the sandbox accepts",
    ),
    "cli.sandbox.certificado_rut": Text("RUT del titular", "the holder's RUT"),
    "cli.sandbox.nombre": Text("nombre del titular", "the holder's name"),
    "cli.sandbox.clave_archivo": Text(
        "archivo cuya primera línea es la contraseña del .pfx",
        "file whose first line is the .pfx password",
    ),
    "cli.sandbox.dias": Text("días de validez", "days of validity"),
    "cli.sandbox.certificado_escrito": Text(
        "Certificado del sandbox escrito en {archivo}.",
        "Sandbox certificate written to {archivo}.",
    ),
    "cli.sandbox.certificado_incompleto": Text(
        "La contraseña no puede estar vacía y --dias debe ser al menos 1.",
        "The password must not be empty and --dias must be at least 1.",
    ),
    "cli.sandbox.emitir_incompleto": Text(
        "--emitir necesita un número positivo, --receptor y --salida.",
        "--emitir needs a positive number, --receptor and --salida.",
    ),
    "cli.sandbox.emitidos": Text(
        "{cantidad} documentos emitidos ({sospechosos} sospechosos) en {carpeta}.",
        "{cantidad} documents issued ({sospechosos} suspicious) in {carpeta}.",
    ),
    "cli.sandbox.opcion_invalida": Text("Opción inválida: {detalle}", "Invalid option: {detalle}"),
    "cli.sandbox.falla_invalida": Text(
        "La falla «{valor}» de --falla no es válida. {detalle}",
        "The fault “{valor}” given to --falla is not valid. {detalle}",
    ),
    "cli.sandbox.ya_en_ejecucion": Text(
        "Ya hay un sandbox del SII en ejecución para esta carpeta de datos, en {url}. "
        "Deténgalo antes de iniciar otro, o use otra carpeta con --data-dir.",
        "A SII sandbox is already running for this data directory, at {url}. "
        "Stop it before starting another, or use another directory with --data-dir.",
    ),
    "cli.sandbox.sirviendo": Text(
        "Sandbox del SII en {url}. Presione Ctrl+C para detenerlo.",
        "SII sandbox at {url}. Press Ctrl+C to stop it.",
    ),
    "cli.sandbox.pfx_existe": Text(
        "El archivo {archivo} ya existe; no se reemplaza. Indique otro nombre con --salida.",
        "The file {archivo} already exists and is not replaced. Give another name with --salida.",
    ),
    "cli.sandbox.puerto_ocupado": Text(
        "No se pudo abrir el puerto: {detalle}", "Could not open the port: {detalle}"
    ),
}

MESSAGES.update({f"sii.registro.{code}": text for code, text in _REGISTRY_CODES.items()})
MESSAGES.update({f"estado_sii.{code}": text for code, text in _ESTADOS.items()})
