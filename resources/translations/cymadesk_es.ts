<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_CL" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About CymaDesk</source>
        <translation>Acerca de CymaDesk</translation>
    </message>
    <message>
        <source>Review of the tax documents your company receives.</source>
        <translation>Revisión de los documentos tributarios que recibe su empresa.</translation>
    </message>
    <message>
        <source>Qt %1, PySide6 %2</source>
        <translation>Qt %1, PySide6 %2</translation>
    </message>
    <message>
        <source>Bundled components and their licences</source>
        <translation>Componentes incluidos y sus licencias</translation>
    </message>
    <message>
        <source>Data directory</source>
        <translation>Carpeta de datos</translation>
    </message>
</context>
<context>
    <name>CreateCompanyDialog</name>
    <message>
        <source>Create company</source>
        <translation>Crear empresa</translation>
    </message>
    <message>
        <source>Production</source>
        <translation>Producción</translation>
    </message>
    <message>
        <source>SII certification</source>
        <translation>Certificación del SII</translation>
    </message>
    <message>
        <source>Local sandbox</source>
        <translation>Sandbox local</translation>
    </message>
    <message>
        <source>RUT</source>
        <translation>RUT</translation>
    </message>
    <message>
        <source>Business name</source>
        <translation>Razón social</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Ambiente</translation>
    </message>
    <message>
        <source>Recovery passphrase</source>
        <translation>Frase de recuperación</translation>
    </message>
    <message>
        <source>Repeat passphrase</source>
        <translation>Repita la frase</translation>
    </message>
    <message>
        <source>The passphrase recovers the company&apos;s encrypted data if the system keyring loses its key. Keep it somewhere safe.</source>
        <translation>La frase de recuperación permite abrir los datos cifrados de la empresa si el llavero del sistema pierde su clave. Guárdela en un lugar seguro.</translation>
    </message>
    <message>
        <source>Enter the RUT and the business name.</source>
        <translation>Ingrese el RUT y la razón social.</translation>
    </message>
    <message>
        <source>The passphrase needs at least %1 characters.</source>
        <translation>La frase necesita al menos %1 caracteres.</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>Las dos frases no coinciden.</translation>
    </message>
</context>
<context>
    <name>DetailHtml</name>
    <message>
        <source>Type %1</source>
        <translation>Tipo %1</translation>
    </message>
    <message>
        <source>%1 No. %2</source>
        <translation>%1 N° %2</translation>
    </message>
    <message>
        <source>Another document with this issuer, type and folio has different content.</source>
        <translation>Otro documento con el mismo emisor, tipo y folio tiene un contenido distinto.</translation>
    </message>
    <message>
        <source>Issued in the SII&apos;s certification (test) environment: it has no tax value.</source>
        <translation>Emitido en el ambiente de certificación (pruebas) del SII: no tiene valor tributario.</translation>
    </message>
    <message>
        <source>Issuer</source>
        <translation>Emisor</translation>
    </message>
    <message>
        <source>Receiver</source>
        <translation>Receptor</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>Contado</translation>
    </message>
    <message>
        <source>Credit</source>
        <translation>Crédito</translation>
    </message>
    <message>
        <source>Free of charge</source>
        <translation>Sin costo (entrega gratuita)</translation>
    </message>
    <message>
        <source>Issue date</source>
        <translation>Fecha de emisión</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>Fecha de vencimiento</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>Forma de pago</translation>
    </message>
    <message>
        <source>Signed</source>
        <translation>Firmado</translation>
    </message>
    <message>
        <source>Signing time it states</source>
        <translation>Fecha de firma declarada</translation>
    </message>
    <message>
        <source>Arrived</source>
        <translation>Llegó</translation>
    </message>
    <message>
        <source>%1, in %2</source>
        <translation>%1, en %2</translation>
    </message>
    <message>
        <source>Deadline to accept or claim</source>
        <translation>Plazo para aceptar o reclamar</translation>
    </message>
    <message>
        <source>None for this company: the document is addressed to another one, and only its receiver accepts or claims it.</source>
        <translation>Ninguno para esta empresa: el documento está dirigido a otra, y solo su receptor lo acepta o lo reclama.</translation>
    </message>
    <message>
        <source>Unknown until the SII&apos;s reception date is known.</source>
        <translation>Se sabrá cuando se conozca la fecha de recepción en el SII.</translation>
    </message>
    <message>
        <source>This type of document has no acceptance deadline.</source>
        <translation>Este tipo de documento no tiene plazo de aceptación.</translation>
    </message>
    <message>
        <source>Due %1 (Santiago time).</source>
        <translation>Vence el %1 (hora de Santiago).</translation>
    </message>
    <message>
        <source>Estimated: 8 days from the signature or arrival time, until the SII&apos;s reception date is known.</source>
        <translation>Estimado: 8 días desde la firma o la llegada, hasta que se conozca la fecha de recepción en el SII.</translation>
    </message>
    <message>
        <source>8 days from the SII&apos;s reception date.</source>
        <translation>8 días desde la recepción en el SII.</translation>
    </message>
    <message>
        <source>The SII registry recorded %1 on %2.</source>
        <translation>El registro del SII anotó %1 el %2.</translation>
    </message>
    <message>
        <source>The SII purchase register shows it since %1.</source>
        <translation>El Registro de Compras del SII lo muestra desde el %1.</translation>
    </message>
    <message>
        <source>Accepted tacitly: the 8 days ended on %1 without a claim.</source>
        <translation>Aceptado tácitamente: los 8 días terminaron el %1 sin reclamo.</translation>
    </message>
    <message>
        <source>The SII purchase register shows this decision.</source>
        <translation>El Registro de Compras del SII muestra esta decisión.</translation>
    </message>
    <message>
        <source>Authenticity</source>
        <translation>Autenticidad</translation>
    </message>
    <message>
        <source>No checks were recorded.</source>
        <translation>No hay verificaciones registradas.</translation>
    </message>
    <message>
        <source>Risk findings</source>
        <translation>Hallazgos de riesgo</translation>
    </message>
    <message>
        <source>No risk findings.</source>
        <translation>Sin hallazgos de riesgo.</translation>
    </message>
    <message>
        <source>Lines</source>
        <translation>Detalle</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>N°</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Ítem</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Cantidad</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Unidad</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation>Precio unitario</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Monto</translation>
    </message>
    <message>
        <source>Net</source>
        <translation>Neto</translation>
    </message>
    <message>
        <source>Exempt</source>
        <translation>Exento</translation>
    </message>
    <message>
        <source>VAT (%1%)</source>
        <translation>IVA (%1%)</translation>
    </message>
    <message>
        <source>VAT</source>
        <translation>IVA</translation>
    </message>
    <message>
        <source>Tax code %1</source>
        <translation>Impuesto código %1</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Total in %1</source>
        <translation>Total en %1</translation>
    </message>
    <message>
        <source>Totals</source>
        <translation>Totales</translation>
    </message>
    <message>
        <source>References</source>
        <translation>Referencias</translation>
    </message>
    <message>
        <source>This document references no other.</source>
        <translation>Este documento no hace referencia a otros.</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Folio</source>
        <translation>Folio</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Fecha</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Razón</translation>
    </message>
    <message>
        <source>SII events</source>
        <translation>Eventos en el SII</translation>
    </message>
    <message>
        <source>No SII events are stored for this document. Acceptances and claims recorded at the SII appear here after a sync.</source>
        <translation>No hay eventos del SII guardados para este documento. Las aceptaciones y reclamos registrados en el SII aparecen aquí después de sincronizar.</translation>
    </message>
</context>
<context>
    <name>DetailPane</name>
    <message>
        <source>Document</source>
        <translation>Documento</translation>
    </message>
    <message>
        <source>XML</source>
        <translation>XML</translation>
    </message>
    <message>
        <source>The original file, exactly as it arrived</source>
        <translation>El archivo original, tal como llegó</translation>
    </message>
    <message>
        <source>Select a document to see its content, checks and deadline.</source>
        <translation>Seleccione un documento para ver su contenido, sus verificaciones y su plazo.</translation>
    </message>
</context>
<context>
    <name>ImportController</name>
    <message>
        <source>Importing…</source>
        <translation>Importando…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Importar</translation>
    </message>
    <message>
        <source>Cancelling after the current file…</source>
        <translation>Cancelando después del archivo actual…</translation>
    </message>
    <message>
        <source>%1 of %2 files: %3</source>
        <translation>%1 de %2 archivos: %3</translation>
    </message>
</context>
<context>
    <name>ImportSummaryDialog</name>
    <message>
        <source>Import summary</source>
        <translation>Resumen de la importación</translation>
    </message>
    <message>
        <source>The import was cancelled; files already imported stay.</source>
        <translation>La importación se canceló; los archivos ya importados se conservan.</translation>
    </message>
    <message numerus="yes">
        <source>%n new document(s)</source>
        <translation>
            <numerusform>%n documento nuevo</numerusform>
            <numerusform>%n documentos nuevos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n repeated</source>
        <translation>
            <numerusform>%n repetido</numerusform>
            <numerusform>%n repetidos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n addressed to another company</source>
        <translation>
            <numerusform>%n dirigido a otra empresa</numerusform>
            <numerusform>%n dirigidos a otra empresa</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n unprocessable</source>
        <translation>
            <numerusform>%n no procesable</numerusform>
            <numerusform>%n no procesables</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n in conflict with another version of the same folio (both kept and flagged)</source>
        <translation>
            <numerusform>%n en conflicto con otra versión del mismo folio (ambas guardadas y marcadas)</numerusform>
            <numerusform>%n en conflicto con otra versión del mismo folio (ambas guardadas y marcadas)</numerusform>
        </translation>
    </message>
    <message>
        <source>Files that could not be processed:</source>
        <translation>Archivos que no se pudieron procesar:</translation>
    </message>
    <message>
        <source>They are listed under Unprocessable, which opens next.</source>
        <translation>Quedan en la lista No procesables, que se abre a continuación.</translation>
    </message>
</context>
<context>
    <name>InboxPane</name>
    <message>
        <source>Search by RUT, business name, folio or amount (Ctrl+F)</source>
        <translation>Buscar por RUT, razón social, folio o monto (Ctrl+F)</translation>
    </message>
    <message>
        <source>RUT in any format (76.354.771-K, 76354771k), business name, folio or amount</source>
        <translation>RUT en cualquier formato (76.354.771-K, 76354771k), razón social, folio o monto</translation>
    </message>
</context>
<context>
    <name>InboxTableModel</name>
    <message>
        <source>Risk</source>
        <translation>Riesgo</translation>
    </message>
    <message>
        <source>Issuer</source>
        <translation>Emisor</translation>
    </message>
    <message>
        <source>Issuer RUT</source>
        <translation>RUT emisor</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Folio</source>
        <translation>Folio</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>Emisión</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>Plazo</translation>
    </message>
    <message>
        <source>Verification</source>
        <translation>Verificación</translation>
    </message>
    <message>
        <source>Open the document to see the risk findings</source>
        <translation>Abra el documento para ver los hallazgos de riesgo</translation>
    </message>
    <message>
        <source>Estimated from the signature or arrival time until the SII&apos;s reception date is known</source>
        <translation>Estimado desde la firma o la llegada, hasta que se conozca la fecha de recepción en el SII</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>Pending decision</source>
        <translation>Pendientes de decisión</translation>
    </message>
    <message>
        <source>High risk</source>
        <translation>Riesgo alto</translation>
    </message>
    <message>
        <source>Due soon</source>
        <translation>Vencen pronto</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>Aceptados</translation>
    </message>
    <message>
        <source>Claimed</source>
        <translation>Reclamados</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Todos</translation>
    </message>
    <message>
        <source>Not addressed to us</source>
        <translation>No corresponden</translation>
    </message>
    <message>
        <source>Unprocessable</source>
        <translation>No procesables</translation>
    </message>
    <message>
        <source>SII schema</source>
        <translation>Esquema del SII</translation>
    </message>
    <message>
        <source>Document signature</source>
        <translation>Firma del documento</translation>
    </message>
    <message>
        <source>Envelope signature</source>
        <translation>Firma del sobre</translation>
    </message>
    <message>
        <source>Signer certificate</source>
        <translation>Certificado del firmante</translation>
    </message>
    <message>
        <source>Electronic stamp (TED)</source>
        <translation>Timbre electrónico (TED)</translation>
    </message>
    <message>
        <source>Folio authorization (CAF)</source>
        <translation>Autorización de folios (CAF)</translation>
    </message>
    <message>
        <source>Arithmetic</source>
        <translation>Aritmética</translation>
    </message>
    <message>
        <source>Status at the SII</source>
        <translation>Estado en el SII</translation>
    </message>
    <message>
        <source>Purchase register (RCV)</source>
        <translation>Registro de Compras (RCV)</translation>
    </message>
    <message>
        <source>Passed</source>
        <translation>Correcto</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Falla</translation>
    </message>
    <message>
        <source>Not applicable</source>
        <translation>No aplica</translation>
    </message>
    <message>
        <source>Cannot be checked</source>
        <translation>No verificable</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Pendiente</translation>
    </message>
    <message>
        <source>High</source>
        <translation>Alta</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>Media</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>Baja</translation>
    </message>
    <message>
        <source>1 check failed</source>
        <translation>Falla 1 verificación</translation>
    </message>
    <message numerus="yes">
        <source>%n checks failed</source>
        <translation>
            <numerusform>Falla %n verificación</numerusform>
            <numerusform>Fallan %n verificaciones</numerusform>
        </translation>
    </message>
    <message>
        <source>Verified, SII pending</source>
        <translation>Verificado, falta el SII</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>Verificado</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Choose a company</source>
        <translation>Elija una empresa</translation>
    </message>
    <message>
        <source>Company whose documents are shown</source>
        <translation>Empresa cuyos documentos se muestran</translation>
    </message>
    <message>
        <source>Import files…</source>
        <translation>Importar archivos…</translation>
    </message>
    <message>
        <source>Import XML files or zip archives (Ctrl+O)</source>
        <translation>Importar archivos XML o ZIP (Ctrl+O)</translation>
    </message>
    <message>
        <source>Import folder…</source>
        <translation>Importar carpeta…</translation>
    </message>
    <message>
        <source>Import every XML file and zip archive in a folder (Ctrl+Shift+O)</source>
        <translation>Importar todos los XML y ZIP de una carpeta (Ctrl+Mayús+O)</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Buscar</translation>
    </message>
    <message>
        <source>Create company…</source>
        <translation>Crear empresa…</translation>
    </message>
    <message>
        <source>Open the demo</source>
        <translation>Abrir la demostración</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Salir</translation>
    </message>
    <message>
        <source>Preferences…</source>
        <translation>Preferencias…</translation>
    </message>
    <message>
        <source>About CymaDesk</source>
        <translation>Acerca de CymaDesk</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Editar</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>A&amp;yuda</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>Barra principal</translation>
    </message>
    <message>
        <source>Asking the demo&apos;s local SII sandbox…</source>
        <translation>Consultando el SII local de la demo…</translation>
    </message>
    <message numerus="yes">
        <source>Demo: the local SII sandbox answered for %n document(s).</source>
        <translation>
            <numerusform>Demo: el SII local respondió por %n documento.</numerusform>
            <numerusform>Demo: el SII local respondió por %n documentos.</numerusform>
        </translation>
    </message>
    <message>
        <source>The demo&apos;s local SII sandbox did not answer; the demo shows its documents without SII data.</source>
        <translation>El SII local de la demo no respondió; la demo muestra sus documentos sin datos del SII.</translation>
    </message>
    <message>
        <source>Demo: %1 N° %2 from %3 arrived.</source>
        <translation>Demo: llegó la %1 N° %2 de %3.</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1 — demo with synthetic data</source>
        <translation>%1 — demostración con datos ficticios</translation>
    </message>
    <message>
        <source>(cannot be opened)</source>
        <translation>(no se puede abrir)</translation>
    </message>
    <message>
        <source>Demo company</source>
        <translation>Empresa de demostración</translation>
    </message>
    <message>
        <source>Import files</source>
        <translation>Importar archivos</translation>
    </message>
    <message>
        <source>Tax documents (*.xml *.zip *.csv);;All files (*)</source>
        <translation>Documentos tributarios (*.xml *.zip *.csv);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Import folder</source>
        <translation>Importar carpeta</translation>
    </message>
    <message>
        <source>The import stopped because of an error.</source>
        <translation>La importación se detuvo por un error.</translation>
    </message>
    <message>
        <source>Import in progress</source>
        <translation>Importación en curso</translation>
    </message>
    <message>
        <source>An import is running. Cancel it after the current file and quit?</source>
        <translation>Hay una importación en curso. ¿Cancelarla después del archivo actual y salir?</translation>
    </message>
</context>
<context>
    <name>Notifier</name>
    <message>
        <source>CymaDesk</source>
        <translation>CymaDesk</translation>
    </message>
    <message>
        <source>Something went wrong. The details are in the log.</source>
        <translation>Ocurrió un error inesperado. Los detalles quedaron en el registro.</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>Preferencias</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <source>A new language applies when CymaDesk starts again.</source>
        <translation>El nuevo idioma se aplica la próxima vez que se abra CymaDesk.</translation>
    </message>
</context>
<context>
    <name>RecoveryPassphrase</name>
    <message>
        <source>Recover the database key</source>
        <translation>Recuperar la clave de la base de datos</translation>
    </message>
    <message>
        <source>This company&apos;s key is not in the system keyring. Type the recovery passphrase chosen when the company was created:</source>
        <translation>La clave de esta empresa no está en el llavero del sistema. Escriba la frase de recuperación que eligió al crear la empresa:</translation>
    </message>
</context>
<context>
    <name>UnprocessableTableModel</name>
    <message>
        <source>File</source>
        <translation>Archivo</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Razón</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Cuándo</translation>
    </message>
</context>
<context>
    <name>ViewsPanel</name>
    <message>
        <source>Saved views of the inbox</source>
        <translation>Vistas guardadas de la bandeja</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>Welcome to CymaDesk</source>
        <translation>Bienvenido a CymaDesk</translation>
    </message>
    <message>
        <source>CymaDesk lists the electronic tax documents your suppliers issue to your company, checks that each one is authentic and tells you how long you have to accept or claim it.</source>
        <translation>CymaDesk lista los documentos tributarios electrónicos que sus proveedores emiten a su empresa, verifica que cada uno sea auténtico y le indica cuánto plazo le queda para aceptarlo o reclamarlo.</translation>
    </message>
    <message>
        <source>Create a company…</source>
        <translation>Crear una empresa…</translation>
    </message>
    <message>
        <source>Open the demo</source>
        <translation>Abrir la demostración</translation>
    </message>
    <message>
        <source>A sample company with synthetic documents; your data is not touched</source>
        <translation>Una empresa de ejemplo con documentos ficticios; sus datos no se tocan</translation>
    </message>
</context>
</TS>
