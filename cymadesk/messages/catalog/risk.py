"""Texts of the risk rules: each finding's explanation, each rule's meaning, the settings
and the ``cymadesk riesgo`` command.

A finding's explanation is ``riesgo.<CODE>`` and the rule's meaning, for the rule list and
the docs, is ``riesgo.regla.<CODE>``. Amounts, dates and RUTs reach these texts already
formatted the Chilean way, in both languages.
"""

from cymadesk.messages import Text

_EXPLANATIONS: dict[str, Text] = {
    "riesgo.FIRMA_AUSENTE": Text(
        "El documento no trae firma electrónica, así que no hay forma de saber quién lo emitió "
        "ni si fue modificado.",
        "The document carries no electronic signature, so there is no way to know who issued it "
        "or whether it was changed.",
    ),
    "riesgo.DOCUMENTO_ALTERADO": Text(
        "El contenido del documento cambió después de firmarse: algún dato (monto, fecha, RUT, "
        "ítems) no es el que firmó el emisor.",
        "The document's content changed after it was signed: some data (amount, date, RUT, "
        "items) is not what the issuer signed.",
    ),
    "riesgo.FIRMA_INVALIDA": Text(
        "La firma electrónica del documento no es válida, así que no prueba quién lo emitió ni "
        "que esté intacto.",
        "The document's electronic signature is invalid, so it proves neither who issued it nor "
        "that it is intact.",
    ),
    "riesgo.FIRMANTE_DESCONOCIDO": Text(
        "No se puede saber quién firmó el documento: el certificado del firmante falta, no se "
        "puede leer o no corresponde a la clave de la firma.",
        "There is no way to know who signed the document: the signer certificate is missing, "
        "unreadable or does not match the signature's key.",
    ),
    "riesgo.CERTIFICADO_NO_VIGENTE": Text(
        "El documento se firmó el {firmado} con un certificado válido solo del {desde} al {hasta}.",
        "The document was signed on {firmado} with a certificate valid only from {desde} to "
        "{hasta}.",
    ),
    "riesgo.FIRMA_ENVIO_AUSENTE": Text(
        "El sobre (EnvioDTE) en que llegó el documento no está firmado, y el SII no acepta "
        "sobres sin firma.",
        "The envelope (EnvioDTE) the document came in is not signed, and the SII accepts no "
        "unsigned envelope.",
    ),
    "riesgo.FIRMA_ENVIO_INVALIDA": Text(
        "La firma del sobre (EnvioDTE) en que llegó el documento no es válida: el archivo se "
        "modificó después de que el emisor lo firmó.",
        "The signature of the envelope (EnvioDTE) the document came in is invalid: the file was "
        "changed after the issuer signed it.",
    ),
    "riesgo.TED_AUSENTE": Text(
        "El documento no tiene timbre electrónico (TED) con su CAF, que todo documento "
        "tributario electrónico debe llevar.",
        "The document has no electronic stamp (TED) with its CAF, which every electronic tax "
        "document must carry.",
    ),
    "riesgo.TED_FIRMA_INVALIDA": Text(
        "El timbre electrónico no corresponde a la clave del CAF: los datos timbrados (RUT, "
        "folio, fecha, monto) se alteraron o el timbre es falso.",
        "The electronic stamp does not verify with the CAF key: the stamped data (RUT, folio, "
        "date, amount) was altered or the stamp is forged.",
    ),
    "riesgo.TED_NO_COINCIDE": Text(
        "El timbre electrónico (campo {campo}) dice «{ted}», pero el documento dice "
        "«{documento}» (campos distintos: {campos}), así que el documento se alteró después "
        "de timbrarse.",
        "The electronic stamp (field {campo}) says “{ted}”, but the document says "
        "“{documento}” (fields that differ: {campos}), so the document was altered after it "
        "was stamped.",
    ),
    "riesgo.TED_FUERA_DE_RANGO": Text(
        "El folio {folio} está fuera del rango que el SII autorizó en el CAF ({desde} a {hasta}).",
        "Folio {folio} is outside the range the SII authorised in the CAF ({desde} to {hasta}).",
    ),
    "riesgo.CAF_OTRO_EMISOR": Text(
        "El CAF que timbra el documento pertenece al RUT {rut_caf}, no al emisor {rut}.",
        "The CAF that stamps the document belongs to RUT {rut_caf}, not to the issuer {rut}.",
    ),
    "riesgo.CAF_OTRO_TIPO": Text(
        "El CAF autoriza documentos de tipo {tipo_caf}, pero el documento es de tipo {tipo}.",
        "The CAF authorises documents of type {tipo_caf}, but the document is of type {tipo}.",
    ),
    "riesgo.CAF_FIRMA_INVALIDA": Text(
        "La firma del SII en el CAF no es válida: el SII no emitió ese CAF o fue alterado, así "
        "que los folios no están autorizados.",
        "The SII's signature on the CAF is invalid: the SII did not issue that CAF or it was "
        "altered, so the folios are not authorised.",
    ),
    "riesgo.CAF_IDK_DESCONOCIDO": Text(
        "El CAF dice estar firmado con la clave {idk} del SII, que no es ninguna de las claves "
        "conocidas del SII.",
        "The CAF claims to be signed with SII key {idk}, which is none of the SII's known keys.",
    ),
    "riesgo.CAF_CERTIFICACION": Text(
        "El documento está timbrado con un CAF del ambiente de certificación del SII: es un "
        "documento de prueba, sin validez tributaria.",
        "The document is stamped with a CAF of the SII's certification environment: it is a "
        "test document with no tax validity.",
    ),
    "riesgo.CAF_SANDBOX": Text(
        "El documento está timbrado con un CAF del SII de pruebas de CymaDesk: es ficticio y no "
        "tiene validez tributaria.",
        "The document is stamped with a CAF of CymaDesk's test SII: it is fictitious and has no "
        "tax validity.",
    ),
    "riesgo.ESQUEMA_INVALIDO": Text(
        "El documento no cumple el esquema oficial del SII ({detalle}); puede ser auténtico, "
        "pero está mal construido.",
        "The document does not follow the SII's official schema ({detalle}); it may be "
        "authentic, but it is badly built.",
    ),
    "riesgo.SII_DATOS_NO_COINCIDEN": Text(
        "El SII recibió este documento con otros datos (fecha, monto o receptor), según la "
        "consulta del {consultado} (estado {estado}): la copia que usted tiene fue alterada.",
        "The SII received this document with other data (date, amount or receptor), according "
        "to the check of {consultado} (estado {estado}): your copy was altered.",
    ),
    "riesgo.SII_NO_RECIBIDO": Text(
        "El SII no había recibido este documento al consultarlo el {consultado}, aunque existe "
        "desde el {desde}: un documento que el SII no conoce es la señal más fuerte de factura "
        "falsa.",
        "The SII had not received this document when checked on {consultado}, although it "
        "exists since {desde}: a document the SII does not know is the strongest sign of a fake "
        "invoice.",
    ),
    "riesgo.SII_SIN_CONFIRMAR": Text(
        "El SII todavía no confirma que recibió este documento, y el documento tiene señales "
        "de riesgo medio ({senales}). Una factura falsa es justamente una que el SII nunca "
        "recibió: hasta consultarla en el SII, trátela como riesgo alto y no la pague ni la "
        "acepte.",
        "The SII has not yet confirmed that it received this document, and the document shows "
        "medium risk signals ({senales}). A fake invoice is precisely one the SII never "
        "received: until it is checked with the SII, treat it as high risk and do not pay or "
        "accept it.",
    ),
    "riesgo.SII_AUN_NO_RECIBIDO": Text(
        "El SII aún no tenía este documento al consultarlo el {consultado}, dentro de los "
        "{dias} días que el emisor tiene para enviarlo desde el {desde}; hay que volver a "
        "consultar.",
        "The SII did not have this document yet when checked on {consultado}, within the {dias} "
        "days the issuer has to send it from {desde}; it must be checked again.",
    ),
    "riesgo.SII_FOLIO_NO_AUTORIZADO": Text(
        "El SII informa el {consultado} que el folio de este documento no está autorizado "
        "(estado {estado}), así que el documento no es válido.",
        "The SII reported on {consultado} that this document's folio is not authorised (estado "
        "{estado}), so the document is not valid.",
    ),
    "riesgo.SII_ANULADO": Text(
        "El SII informa el {consultado} que este documento fue anulado (estado {estado}), así "
        "que no tiene validez.",
        "The SII reported on {consultado} that this document was annulled (estado {estado}), so "
        "it has no validity.",
    ),
    "riesgo.SII_EMISOR_NO_AUTORIZADO": Text(
        "El SII informa el {consultado} que el emisor no está autorizado para emitir documentos "
        "electrónicos (estado {estado}).",
        "The SII reported on {consultado} that the issuer is not authorised to issue electronic "
        "documents (estado {estado}).",
    ),
    "riesgo.SII_MODIFICADO_POR_NOTA": Text(
        "El SII informa el {consultado} que una nota de crédito o débito modifica este "
        "documento (estado {estado}); revise la nota antes de pagar.",
        "The SII reported on {consultado} that a credit or debit note modifies this document "
        "(estado {estado}); check the note before paying.",
    ),
    "riesgo.SII_ANULADO_POR_NOTA": Text(
        "El SII informa el {consultado} que una nota de crédito o débito anula este documento "
        "(estado {estado}); no lo pague sin revisar la nota.",
        "The SII reported on {consultado} that a credit or debit note annuls this document "
        "(estado {estado}); do not pay it before checking the note.",
    ),
    "riesgo.SII_NO_REGISTRADO": Text(
        "El documento no aparecía en el Registro de Compras del SII al consultarlo el "
        "{consultado}, aunque existe desde el {desde}: el SII no lo conoce, la señal más fuerte "
        "de factura falsa.",
        "The document was not in the SII purchase register when checked on {consultado}, "
        "although it exists since {desde}: the SII does not know it, the strongest sign of a "
        "fake invoice.",
    ),
    "riesgo.SII_MONTO_DISTINTO": Text(
        "El Registro de Compras del SII dice que el total es {monto_sii}, pero este XML dice "
        "{monto_xml}, así que la copia fue alterada.",
        "The SII purchase register says the total is {monto_sii}, but this XML says "
        "{monto_xml}, so the copy was altered.",
    ),
    "riesgo.SII_SIN_XML": Text(
        "El SII registra este documento a nombre de la empresa desde el {recibido} (estado "
        "{estado}) pero su XML nunca llegó: revíselo y reclámelo si no corresponde antes de 8 "
        "días desde esa fecha, o quedará aceptado.",
        "The SII registers this document for the company since {recibido} (estado {estado}) but "
        "its XML never arrived: review it and claim it if it is not yours within 8 days of that "
        "date, or it becomes accepted.",
    ),
    "riesgo.SII_SIN_XML_VENCIDO": Text(
        "El SII registra este documento a nombre de la empresa desde el {recibido} (estado "
        "{estado}) pero su XML nunca llegó, y el plazo para reclamarlo venció el {vencio}: el "
        "SII lo da por aceptado. Si no corresponde, pida al emisor una nota de crédito.",
        "The SII registers this document for the company since {recibido} (estado {estado}) but "
        "its XML never arrived, and the time to claim it ended on {vencio}: the SII takes it as "
        "accepted. If it is not the company's, ask the issuer for a credit note.",
    ),
    "riesgo.SII_SIN_XML_INFORMATIVO": Text(
        "El SII registra este documento a nombre de la empresa (estado {estado}, recibido el "
        "{recibido}), pero su XML no ha llegado.",
        "The SII registers this document for the company (estado {estado}, received on "
        "{recibido}), but its XML has not arrived.",
    ),
    "riesgo.RECEPTOR_OTRA_EMPRESA": Text(
        "El documento está dirigido al RUT {receptor}, no a esta empresa ({empresa}), así que "
        "no es suyo ni da derecho a crédito fiscal.",
        "The document is addressed to RUT {receptor}, not to this company ({empresa}), so it is "
        "not the company's and gives no tax credit.",
    ),
    "riesgo.EMISOR_RUT_INVALIDO": Text(
        "El RUT del emisor, {rut}, tiene un dígito verificador incorrecto (debería ser "
        "{esperado}), y el SII no autoriza documentos con un RUT así.",
        "The issuer's RUT, {rut}, has a wrong check digit (it should be {esperado}), and the "
        "SII authorises no document with such a RUT.",
    ),
    "riesgo.EMISOR_ES_LA_EMPRESA": Text(
        "El emisor de este documento es la propia empresa ({rut}): una empresa no se vende a sí "
        "misma ni puede usar ese IVA como crédito.",
        "The issuer of this document is the company itself ({rut}): a company does not sell to "
        "itself and cannot use that IVA as a credit.",
    ),
    "riesgo.DUPLICADO_CONTENIDO_DISTINTO": Text(
        "El folio {folio} de este emisor también llegó con otro contenido (versiones "
        "distintas a esta: {cantidad}; la más antigua llegó el {llegada}). Como el SII entrega "
        "cada folio una sola vez, una de ellas fue alterada.",
        "Folio {folio} of this issuer also arrived with other content (versions other than this "
        "one: {cantidad}; the oldest arrived on {llegada}). Since the SII grants each folio "
        "once, one of them was altered.",
    ),
    "riesgo.DUPLICADO_MISMO_DETALLE": Text(
        "El emisor ya facturó el mismo detalle por {monto} el {fecha_anterior} con el folio "
        "{folio_anterior}, así que parece la misma venta cobrada dos veces.",
        "The issuer already billed the same lines for {monto} on {fecha_anterior} under folio "
        "{folio_anterior}, so it looks like the same sale billed twice.",
    ),
    "riesgo.DUPLICADO_MISMO_MONTO": Text(
        "El emisor ya emitió un documento por el mismo total, {monto}, el {fecha_anterior} "
        "(folio {folio_anterior}), a menos de {dias} días, así que conviene revisar que no sea "
        "un cobro doble.",
        "The issuer already issued a document for the same total, {monto}, on {fecha_anterior} "
        "(folio {folio_anterior}), less than {dias} days apart, so check that it is not billed "
        "twice.",
    ),
    "riesgo.DUPLICADO_YA_DECIDIDO": Text(
        "Llegó otra copia de este documento el {llegada}, después de que se decidió "
        "({decision}) el {decidido}, así que cuide de no pagarlo dos veces.",
        "Another copy of this document arrived on {llegada}, after it was decided ({decision}) "
        "on {decidido}, so take care not to pay it twice.",
    ),
    "riesgo.EMISOR_NUEVO": Text(
        "Es el primer documento que la empresa recibe de {emisor}.",
        "This is the first document the company receives from {emisor}.",
    ),
    "riesgo.EMISOR_NUEVO_MONTO_ALTO": Text(
        "Es el primer documento que la empresa recibe de {emisor} y su monto, {monto}, llega a "
        "{umbral} o más, así que conviene verificar que el proveedor y la compra existan.",
        "This is the first document the company receives from {emisor} and its amount, {monto}, "
        "reaches {umbral} or more, so check that the supplier and the purchase exist.",
    ),
    "riesgo.MONTO_FUERA_DE_RANGO": Text(
        "El total, {monto}, es {veces} veces la mediana de este emisor ({mediana} en {cantidad} "
        "documentos anteriores) y supera su máximo anterior de {maximo}.",
        "The total, {monto}, is {veces} times this issuer's median ({mediana} over {cantidad} "
        "earlier documents) and exceeds its earlier maximum of {maximo}.",
    ),
    "riesgo.ITEM_NUEVO": Text(
        "El emisor cobra ítems que no aparecen en sus {documentos} documentos anteriores a la "
        "empresa: {items} (ítems nuevos: {cantidad}).",
        "The issuer bills items that do not appear in its {documentos} earlier documents to the "
        "company: {items} (new items: {cantidad}).",
    ),
    "riesgo.PRECIO_FUERA_DE_RANGO": Text(
        "El precio unitario de «{item}», {precio}, es {veces} veces su precio mediano anterior "
        "({mediana} en {cantidad} documentos).",
        "The unit price of “{item}”, {precio}, is {veces} times its earlier median price "
        "({mediana} over {cantidad} documents).",
    ),
    "riesgo.EMISOR_CAMBIO_CONTACTO": Text(
        "Los datos de contacto del emisor cambiaron respecto de sus documentos anteriores "
        "({cambios}), así que conviene confirmar el cambio con el proveedor por un canal "
        "conocido.",
        "The issuer's contact details changed from its earlier documents ({cambios}), so "
        "confirm the change with the supplier through a known channel.",
    ),
    "riesgo.EMISOR_CAMBIO_BANCO": Text(
        "El documento pide pagar en una cuenta ({cuenta}) que no aparece en los documentos "
        "anteriores del emisor ({anteriores}), así que confirme la cuenta por teléfono antes de "
        "pagar.",
        "The document asks for payment into an account ({cuenta}) that does not appear in the "
        "issuer's earlier documents ({anteriores}), so confirm the account by phone before "
        "paying.",
    ),
    "riesgo.FIRMANTE_NUEVO": Text(
        "El documento lo firmó {firmante}, que no firmó ninguno de los documentos anteriores de "
        "este emisor (firmantes anteriores: {anteriores}).",
        "The document was signed by {firmante}, who signed none of this issuer's earlier "
        "documents (earlier signers: {anteriores}).",
    ),
    "riesgo.FECHA_FUTURA": Text(
        "El documento tiene fecha {fecha}, posterior al día en que llegó ({llegada}), y nadie "
        "puede emitir un documento con fecha futura.",
        "The document is dated {fecha}, after the day it arrived ({llegada}), and nobody can "
        "issue a document with a future date.",
    ),
    "riesgo.FECHA_ANTIGUA": Text(
        "El documento se emitió el {fecha} y llegó el {llegada}, {dias} días después, así que "
        "su plazo de reclamo pudo vencer antes de que alguien lo viera.",
        "The document was issued on {fecha} and arrived on {llegada}, {dias} days later, so its "
        "claim window may have closed before anyone saw it.",
    ),
    "riesgo.FIRMA_ANTES_DE_EMISION": Text(
        "El documento se firmó el {firmado}, antes de su fecha de emisión ({fecha}), así que se "
        "emitió con fecha adelantada.",
        "The document was signed on {firmado}, before its issue date ({fecha}), so it was "
        "issued with a later date than the real one.",
    ),
    "riesgo.FIRMA_TARDIA": Text(
        "El documento dice emitirse el {fecha} pero se firmó el {firmado}, {dias} días después, "
        "así que puede tener una fecha atrasada.",
        "The document claims to be issued on {fecha} but was signed on {firmado}, {dias} days "
        "later, so it may be backdated.",
    ),
    "riesgo.CAF_VENCIDO": Text(
        "El CAF se autorizó el {autorizado} y sus folios vencieron el {vencimiento}, antes de "
        "la fecha del documento ({fecha}).",
        "The CAF was authorised on {autorizado} and its folios expired on {vencimiento}, before "
        "the document's date ({fecha}).",
    ),
    "riesgo.CAF_POSTERIOR_A_EMISION": Text(
        "El CAF que timbra el documento se autorizó el {autorizado}, después de su fecha de "
        "emisión ({fecha}), así que sus folios no existían ese día.",
        "The CAF that stamps the document was authorised on {autorizado}, after its issue date "
        "({fecha}), so its folios did not exist that day.",
    ),
    "riesgo.TOTALES_NO_CUADRAN": Text(
        "Los montos no cuadran: {comprobacion} debería ser {esperado} y el documento dice "
        "{encontrado}.",
        "The amounts do not add up: {comprobacion} should be {esperado} and the document says "
        "{encontrado}.",
    ),
    "riesgo.TASA_IVA_INCORRECTA": Text(
        "El IVA está calculado al {tasa}, pero la tasa legal es {legal}.",
        "IVA is computed at {tasa}, but the legal rate is {legal}.",
    ),
    "riesgo.TASA_IMPUESTO_INCORRECTA": Text(
        "El impuesto de código {codigo} está calculado al {tasa}, pero su tasa legal es {legal}.",
        "The tax of code {codigo} is computed at {tasa}, but its legal rate is {legal}.",
    ),
    "riesgo.NOTA_DEBITO_SIN_DOCUMENTO": Text(
        "Esta nota de débito modifica el documento tipo {tipo} folio {folio} del {fecha}, que "
        "la empresa nunca recibió, así que cobra más por algo que la empresa no tiene.",
        "This debit note modifies the document of type {tipo}, folio {folio}, of {fecha}, which "
        "the company never received, so it charges more for something the company does not "
        "have.",
    ),
    "riesgo.NOTA_CREDITO_SIN_DOCUMENTO": Text(
        "Esta nota de crédito modifica el documento tipo {tipo} folio {folio} del {fecha}, que "
        "la empresa nunca recibió.",
        "This credit note modifies the document of type {tipo}, folio {folio}, of {fecha}, "
        "which the company never received.",
    ),
    "riesgo.NOTA_DEBITO_SOBRE_ACEPTADO": Text(
        "Esta nota de débito agrega {monto} a la factura folio {folio}, que quedó aceptada "
        "({forma}) el {aceptado} y ya no se puede reclamar.",
        "This debit note adds {monto} to the invoice with folio {folio}, which was accepted "
        "({forma}) on {aceptado} and can no longer be claimed.",
    ),
    "riesgo.OC_DESCONOCIDA": Text(
        "El documento cita la orden de compra {orden}, que no está entre las {cantidad} órdenes "
        "que la empresa registró como emitidas.",
        "The document cites purchase order {orden}, which is not among the {cantidad} orders "
        "the company registered as issued.",
    ),
}

_MEANINGS: dict[str, Text] = {
    "riesgo.regla.FIRMA_AUSENTE": Text(
        "El documento no trae firma electrónica (XMLDSig).",
        "The document has no electronic signature (XMLDSig).",
    ),
    "riesgo.regla.DOCUMENTO_ALTERADO": Text(
        "El contenido cambió después de firmarse: el resumen (digest) de la firma no coincide.",
        "The content changed after signing: the signature's digest does not match.",
    ),
    "riesgo.regla.FIRMA_INVALIDA": Text(
        "La firma del documento no es válida por otra razón: valor, algoritmo, referencia o "
        "firmas repetidas.",
        "The document's signature is invalid for another reason: value, algorithm, reference or "
        "repeated signatures.",
    ),
    "riesgo.regla.FIRMANTE_DESCONOCIDO": Text(
        "El certificado del firmante falta, no se puede leer o no corresponde a la clave de la "
        "firma.",
        "The signer certificate is missing, unreadable or does not match the signature's key.",
    ),
    "riesgo.regla.CERTIFICADO_NO_VIGENTE": Text(
        "El certificado del firmante no estaba vigente en la fecha de firma (TmstFirma).",
        "The signer certificate was not valid on the signing date (TmstFirma).",
    ),
    "riesgo.regla.FIRMA_ENVIO_AUSENTE": Text(
        "El sobre EnvioDTE que trajo el documento no está firmado.",
        "The EnvioDTE envelope that carried the document is not signed.",
    ),
    "riesgo.regla.FIRMA_ENVIO_INVALIDA": Text(
        "La firma del sobre EnvioDTE no es válida: el archivo cambió después de firmarse.",
        "The EnvioDTE envelope's signature is invalid: the file changed after signing.",
    ),
    "riesgo.regla.TED_AUSENTE": Text(
        "El documento no tiene timbre electrónico (TED), o el timbre no trae su CAF.",
        "The document has no electronic stamp (TED), or the stamp carries no CAF.",
    ),
    "riesgo.regla.TED_FIRMA_INVALIDA": Text(
        "La firma del timbre (FRMT) no corresponde a la clave del CAF.",
        "The stamp signature (FRMT) does not verify with the CAF key.",
    ),
    "riesgo.regla.TED_NO_COINCIDE": Text(
        "Los datos del timbre (RUT, tipo, folio, fecha, receptor, monto o primer ítem) no "
        "coinciden con el documento.",
        "The stamp's data (RUT, type, folio, date, receptor, amount or first item) does not "
        "match the document.",
    ),
    "riesgo.regla.TED_FUERA_DE_RANGO": Text(
        "El folio está fuera del rango de folios que autoriza el CAF.",
        "The folio is outside the range of folios the CAF authorises.",
    ),
    "riesgo.regla.CAF_OTRO_EMISOR": Text(
        "El CAF pertenece a otro emisor.",
        "The CAF belongs to another issuer.",
    ),
    "riesgo.regla.CAF_OTRO_TIPO": Text(
        "El CAF autoriza otro tipo de documento.",
        "The CAF authorises another document type.",
    ),
    "riesgo.regla.CAF_FIRMA_INVALIDA": Text(
        "La firma del SII sobre el CAF (FRMA) no es válida.",
        "The SII's signature on the CAF (FRMA) is invalid.",
    ),
    "riesgo.regla.CAF_IDK_DESCONOCIDO": Text(
        "El CAF dice estar firmado con una clave del SII (IDK) que no existe.",
        "The CAF claims a signing key of the SII (IDK) that does not exist.",
    ),
    "riesgo.regla.CAF_CERTIFICACION": Text(
        "CAF del ambiente de certificación del SII (IDK 100) en una empresa que no es de "
        "certificación.",
        "A CAF of the SII's certification environment (IDK 100) in a company that is not a "
        "certification one.",
    ),
    "riesgo.regla.CAF_SANDBOX": Text(
        "CAF del SII de pruebas de CymaDesk en una empresa que no es de pruebas.",
        "A CAF of CymaDesk's test SII in a company that is not a test one.",
    ),
    "riesgo.regla.ESQUEMA_INVALIDO": Text(
        "El documento no cumple el esquema XML oficial del SII.",
        "The document does not follow the SII's official XML schema.",
    ),
    "riesgo.regla.SII_DATOS_NO_COINCIDEN": Text(
        "El SII tiene el documento con otros datos (estado DNK).",
        "The SII holds the document with other data (estado DNK).",
    ),
    "riesgo.regla.SII_NO_RECIBIDO": Text(
        "El SII no recibió el documento (estado FAU) en una consulta hecha pasado el plazo de "
        "gracia.",
        "The SII had not received the document (estado FAU) when checked after the grace period.",
    ),
    "riesgo.regla.SII_SIN_CONFIRMAR": Text(
        "Una factura o nota de débito tiene hallazgos de severidad media (sin contar el de "
        "una copia de un documento ya decidido) y el SII aún no confirma que la recibió (ni "
        "QueryEstDte ni el Registro de Compras); al confirmarlo, queda en medio.",
        "A factura or nota de débito has medium findings (other than a copy of an already "
        "decided document) and the SII has not confirmed receiving it yet (neither QueryEstDte "
        "nor the purchase register); once confirmed, it stays medium.",
    ),
    "riesgo.regla.SII_AUN_NO_RECIBIDO": Text(
        "El SII aún no tenía el documento, pero se consultó dentro del plazo de gracia.",
        "The SII did not have the document yet, but it was checked within the grace period.",
    ),
    "riesgo.regla.SII_FOLIO_NO_AUTORIZADO": Text(
        "El SII informa que el folio no está autorizado (estado FNA).",
        "The SII reports that the folio is not authorised (estado FNA).",
    ),
    "riesgo.regla.SII_ANULADO": Text(
        "El SII informa que el documento fue anulado (estado FAN).",
        "The SII reports that the document was annulled (estado FAN).",
    ),
    "riesgo.regla.SII_EMISOR_NO_AUTORIZADO": Text(
        "El SII informa que el emisor no está autorizado a emitir documentos electrónicos "
        "(estado EMP).",
        "The SII reports that the issuer is not authorised to issue electronic documents "
        "(estado EMP).",
    ),
    "riesgo.regla.SII_MODIFICADO_POR_NOTA": Text(
        "Una nota de crédito o débito modifica el texto o los montos del documento (estados "
        "TMD, TMC, MMD y MMC).",
        "A credit or debit note modifies the document's text or amounts (estados TMD, TMC, MMD "
        "and MMC).",
    ),
    "riesgo.regla.SII_ANULADO_POR_NOTA": Text(
        "Una nota de crédito o débito anula el documento (estados AND y ANC).",
        "A credit or debit note annuls the document (estados AND and ANC).",
    ),
    "riesgo.regla.SII_NO_REGISTRADO": Text(
        "El Registro de Compras del SII, leído pasado el plazo de gracia, no lista el documento.",
        "The SII purchase register, read after the grace period, does not list the document.",
    ),
    "riesgo.regla.SII_MONTO_DISTINTO": Text(
        "El Registro de Compras del SII lista el documento con otro monto total.",
        "The SII purchase register lists the document with another total.",
    ),
    "riesgo.regla.SII_SIN_XML": Text(
        "El SII lista a nombre de la empresa un documento pendiente cuyo XML no llegó, pasado "
        "el plazo de gracia.",
        "The SII lists for the company a pending document whose XML has not arrived, after the "
        "grace period.",
    ),
    "riesgo.regla.SII_SIN_XML_INFORMATIVO": Text(
        "El SII lista un documento cuyo XML no ha llegado, ya decidido o aún dentro del plazo "
        "de gracia.",
        "The SII lists a document whose XML has not arrived, already decided or still within "
        "the grace period.",
    ),
    "riesgo.regla.RECEPTOR_OTRA_EMPRESA": Text(
        "El receptor del documento es otro RUT, no la empresa.",
        "The document's receptor is another RUT, not the company.",
    ),
    "riesgo.regla.EMISOR_RUT_INVALIDO": Text(
        "El RUT del emisor tiene un dígito verificador incorrecto.",
        "The issuer's RUT has a wrong check digit.",
    ),
    "riesgo.regla.EMISOR_ES_LA_EMPRESA": Text(
        "La empresa aparece como emisor de un documento que ella misma recibe (salvo guías de "
        "traslado interno).",
        "The company is the issuer of a document it receives (except guías for internal "
        "transfers).",
    ),
    "riesgo.regla.DUPLICADO_CONTENIDO_DISTINTO": Text(
        "Otra versión del mismo documento (emisor, tipo y folio) llegó con contenido distinto.",
        "Another version of the same document (issuer, type and folio) arrived with different "
        "content.",
    ),
    "riesgo.regla.DUPLICADO_MISMO_DETALLE": Text(
        "El mismo emisor ya facturó el mismo detalle y total con otro folio, pocos días antes.",
        "The same issuer billed the same lines and total under another folio a few days before.",
    ),
    "riesgo.regla.DUPLICADO_MISMO_MONTO": Text(
        "El mismo emisor ya emitió un documento del mismo tipo y total con otro folio, pocos "
        "días antes.",
        "The same issuer issued a document of the same type and total under another folio a few "
        "days before.",
    ),
    "riesgo.regla.DUPLICADO_YA_DECIDIDO": Text(
        "Llegó otra copia de un documento ya aceptado, reclamado o aceptado tácitamente.",
        "Another copy arrived of a document already accepted, claimed or tacitly accepted.",
    ),
    "riesgo.regla.EMISOR_NUEVO": Text(
        "Primer documento recibido de este emisor.",
        "The first document received from this issuer.",
    ),
    "riesgo.regla.EMISOR_NUEVO_MONTO_ALTO": Text(
        "Primer documento de este emisor, con un monto alto (ajuste risk.new_issuer_high_amount).",
        "The first document from this issuer, with a high amount (setting "
        "risk.new_issuer_high_amount).",
    ),
    "riesgo.regla.MONTO_FUERA_DE_RANGO": Text(
        "Total muy superior al historial del emisor, según la mediana y la desviación absoluta "
        "mediana.",
        "A total far above the issuer's history, judged by the median and the median absolute "
        "deviation.",
    ),
    "riesgo.regla.ITEM_NUEVO": Text(
        "Ítems que el emisor nunca había facturado a la empresa.",
        "Items the issuer never billed the company before.",
    ),
    "riesgo.regla.PRECIO_FUERA_DE_RANGO": Text(
        "Precio unitario muy superior al que el emisor cobraba antes por el mismo ítem.",
        "A unit price far above what the issuer charged before for the same item.",
    ),
    "riesgo.regla.EMISOR_CAMBIO_CONTACTO": Text(
        "Correo, dirección o teléfono del emisor distintos de los de sus documentos anteriores.",
        "Issuer e-mail, address or phone different from those of its earlier documents.",
    ),
    "riesgo.regla.EMISOR_CAMBIO_BANCO": Text(
        "Cuenta bancaria de pago que no aparece en los documentos anteriores del emisor.",
        "A payment bank account that does not appear in the issuer's earlier documents.",
    ),
    "riesgo.regla.FIRMANTE_NUEVO": Text(
        "Firmado por una persona que nunca firmó los documentos anteriores del emisor.",
        "Signed by a person who never signed the issuer's earlier documents.",
    ),
    "riesgo.regla.FECHA_FUTURA": Text(
        "Fecha de emisión posterior al día en que llegó el documento.",
        "An issue date after the day the document arrived.",
    ),
    "riesgo.regla.FECHA_ANTIGUA": Text(
        "El documento llegó mucho después de su fecha de emisión (ajuste risk.late_arrival_days).",
        "The document arrived long after its issue date (setting risk.late_arrival_days).",
    ),
    "riesgo.regla.FIRMA_ANTES_DE_EMISION": Text(
        "Firmado (TmstFirma) antes de su fecha de emisión.",
        "Signed (TmstFirma) before its issue date.",
    ),
    "riesgo.regla.FIRMA_TARDIA": Text(
        "Firmado mucho después de su fecha de emisión (ajuste risk.late_signature_days).",
        "Signed long after its issue date (setting risk.late_signature_days).",
    ),
    "riesgo.regla.CAF_VENCIDO": Text(
        "CAF de más de 180 días en la fecha de emisión, en los tipos cuyos folios vencen (33, "
        "43, 46, 56 y 61).",
        "A CAF older than 180 days on the issue date, for the types whose folios expire (33, "
        "43, 46, 56 and 61).",
    ),
    "riesgo.regla.CAF_POSTERIOR_A_EMISION": Text(
        "CAF autorizado después de la fecha de emisión del documento.",
        "A CAF authorised after the document's issue date.",
    ),
    "riesgo.regla.TOTALES_NO_CUADRAN": Text(
        "Las líneas, el neto, el IVA o el total no cuadran.",
        "The lines, neto, IVA or total do not add up.",
    ),
    "riesgo.regla.TASA_IVA_INCORRECTA": Text(
        "IVA a una tasa distinta del 19 % legal.",
        "IVA at a rate other than the legal 19 %.",
    ),
    "riesgo.regla.TASA_IMPUESTO_INCORRECTA": Text(
        "Impuesto adicional o retención a una tasa distinta de la legal.",
        "An additional tax or retention at a rate other than the legal one.",
    ),
    "riesgo.regla.NOTA_DEBITO_SIN_DOCUMENTO": Text(
        "Nota de débito que modifica un documento que la empresa no tiene.",
        "A debit note that modifies a document the company does not have.",
    ),
    "riesgo.regla.NOTA_CREDITO_SIN_DOCUMENTO": Text(
        "Nota de crédito que modifica un documento que la empresa no tiene.",
        "A credit note that modifies a document the company does not have.",
    ),
    "riesgo.regla.NOTA_DEBITO_SOBRE_ACEPTADO": Text(
        "Nota de débito que aumenta el monto de una factura ya aceptada, en forma expresa o "
        "tácita.",
        "A debit note that raises the amount of an invoice already accepted, expressly or tacitly.",
    ),
    "riesgo.regla.OC_DESCONOCIDA": Text(
        "Orden de compra (referencia 801) que la empresa no registró como emitida (ajuste "
        "risk.purchase_orders).",
        "A purchase order (reference 801) the company did not register as issued (setting "
        "risk.purchase_orders).",
    ),
}

_AREAS: dict[str, Text] = {
    "riesgo.area.autenticidad": Text("Autenticidad", "Authenticity"),
    "riesgo.area.sii": Text("SII", "SII"),
    "riesgo.area.destinatario": Text("Emisor y receptor", "Issuer and receptor"),
    "riesgo.area.duplicados": Text("Duplicados", "Duplicates"),
    "riesgo.area.historial": Text("Historial del emisor", "Issuer history"),
    "riesgo.area.fechas": Text("Fechas", "Dates"),
    "riesgo.area.aritmetica": Text("Aritmética", "Arithmetic"),
    "riesgo.area.referencias": Text("Referencias", "References"),
    "riesgo.severidad.alta": Text("alta", "high"),
    "riesgo.severidad.media": Text("media", "medium"),
    "riesgo.severidad.baja": Text("baja", "low"),
}

_SETTINGS: dict[str, Text] = {
    "riesgo.ajuste.sii_grace_days": Text(
        "Días que tiene el emisor para enviar un documento al SII antes de que su ausencia "
        "sea riesgo alto",
        "Days an issuer has to send a document to the SII before its absence is high risk",
    ),
    "riesgo.ajuste.duplicate_window_days": Text(
        "Días dentro de los cuales el mismo total del mismo emisor es un posible duplicado",
        "Days within which the same total from the same issuer is a possible duplicate",
    ),
    "riesgo.ajuste.new_issuer_high_amount": Text(
        "Monto en pesos desde el cual el primer documento de un emisor es un monto alto",
        "Amount in pesos from which an issuer's first document is a high amount",
    ),
    "riesgo.ajuste.min_history": Text(
        "Documentos anteriores de un emisor necesarios para comparar montos, ítems y precios",
        "Earlier documents of an issuer needed to compare amounts, items and prices",
    ),
    "riesgo.ajuste.amount_robust_z": Text(
        "Puntaje z robusto desde el cual un total está fuera del historial del emisor",
        "Robust z-score from which a total is outside the issuer's history",
    ),
    "riesgo.ajuste.amount_ratio": Text(
        "Veces la mediana del emisor que un total debe alcanzar para estar fuera de su historial",
        "Times the issuer's median a total must reach to be outside its history",
    ),
    "riesgo.ajuste.price_ratio": Text(
        "Veces el precio mediano de un ítem desde las cuales un precio unitario es anómalo",
        "Times an item's median price from which a unit price is an outlier",
    ),
    "riesgo.ajuste.late_arrival_days": Text(
        "Días entre la emisión y la llegada desde los cuales un documento es antiguo",
        "Days between issue and arrival from which a document is old",
    ),
    "riesgo.ajuste.late_signature_days": Text(
        "Días entre la emisión y la firma desde los cuales la firma es tardía",
        "Days between issue and signature from which the signature is late",
    ),
    "riesgo.ajuste.purchase_orders": Text(
        "Órdenes de compra emitidas por la empresa, separadas por comas (vacío: no se revisan)",
        "Purchase orders the company issued, separated by commas (empty: not checked)",
    ),
}

_ACTIONS: dict[str, Text] = {
    "riesgo.descartado": Text("Hallazgo de riesgo descartado", "Risk finding dismissed"),
    "riesgo.ajuste_cambiado": Text("Ajuste de riesgo cambiado", "Risk setting changed"),
}

_COMMAND: dict[str, Text] = {
    "riesgo.cli.ayuda": Text(
        "evalúa de nuevo los riesgos de todos los documentos y los muestra",
        "evaluate the risk of every document again and show it",
    ),
    "riesgo.cli.descartar.ayuda": Text(
        "descarta un hallazgo de un documento, con un motivo que queda en la auditoría; si "
        "llegaron varias versiones del mismo folio, lo descarta en todas las que lo tienen",
        "dismiss a finding of one document, with a reason kept in the audit log; if several "
        "versions of the same folio arrived, it is dismissed in every one that has it",
    ),
    "riesgo.cli.reglas.ayuda": Text(
        "lista las reglas de riesgo con su severidad y significado",
        "list the risk rules with their severity and meaning",
    ),
    "riesgo.cli.ajustes.ayuda": Text(
        "muestra los ajustes de riesgo de la empresa",
        "show the company's risk settings",
    ),
    "riesgo.cli.ajustar.ayuda": Text(
        "cambia un ajuste de riesgo de la empresa y evalúa de nuevo sus documentos",
        "change one of the company's risk settings and evaluate its documents again",
    ),
    "riesgo.cli.opcion.codigo": Text(
        "código del hallazgo, por ejemplo EMISOR_NUEVO",
        "code of the finding, for example EMISOR_NUEVO",
    ),
    "riesgo.cli.opcion.motivo": Text(
        "por qué se descarta el hallazgo",
        "why the finding is dismissed",
    ),
    "riesgo.cli.opcion.clave": Text(
        "clave del ajuste, como la muestra «riesgo ajustes»",
        "key of the setting, as «riesgo ajustes» shows it",
    ),
    "riesgo.cli.opcion.valor": Text(
        "nuevo valor; para listas, valores separados por comas",
        "new value; for lists, values separated by commas",
    ),
    "riesgo.cli.falta_empresa": Text(
        "Falta --empresa RUT: indique la empresa cuyos documentos evaluar.",
        "Missing --empresa RUT: name the company whose documents to evaluate.",
    ),
    "riesgo.cli.resumen": Text(
        "{documentos} documentos evaluados: {alto} de riesgo alto, {medio} de riesgo medio, "
        "{bajo} de riesgo bajo y {sin_hallazgos} sin hallazgos.",
        "{documentos} documents evaluated: {alto} of high risk, {medio} of medium risk, "
        "{bajo} of low risk and {sin_hallazgos} without findings.",
    ),
    "riesgo.cli.sin_xml.ayuda": Text(
        "lista los documentos que el RCV del SII registra y cuyo XML no ha llegado",
        "list the documents the SII's RCV registers whose XML has not arrived",
    ),
    "riesgo.cli.sin_xml_ninguno": Text(
        "Todos los documentos que el RCV registra tienen su XML.",
        "Every document the RCV registers has its XML.",
    ),
    "riesgo.cli.sin_rcv": Text(
        "Aún no hay datos del RCV para esta empresa: consulte el SII con «cymadesk sii rcv» o "
        "importe una exportación CSV del RCV.",
        "There is no RCV data for this company yet: query the SII with «cymadesk sii rcv» or "
        "import an RCV CSV export.",
    ),
    "riesgo.cli.sin_xml": Text(
        "Documentos que el SII registra a nombre de la empresa y cuyo XML no ha llegado: "
        "{cantidad}",
        "Documents the SII registers for the company whose XML has not arrived: {cantidad}",
    ),
    "riesgo.cli.descartado": Text(
        "Hallazgo {codigo} descartado; el documento queda con {nivel}.",
        "Finding {codigo} dismissed; the document is now at {nivel}.",
    ),
    "riesgo.cli.ya_descartado": Text(
        "El hallazgo {codigo} ya estaba descartado; no se cambió nada.",
        "Finding {codigo} was already dismissed; nothing changed.",
    ),
    "riesgo.cli.sin_hallazgo": Text(
        "El documento no tiene el hallazgo {codigo}; «cymadesk mostrar» lista los que tiene.",
        "The document has no finding {codigo}; «cymadesk mostrar» lists the ones it has.",
    ),
    "riesgo.cli.motivo_vacio": Text(
        "El motivo está vacío: escriba por qué se descarta el hallazgo.",
        "The reason is empty: write why the finding is dismissed.",
    ),
    "riesgo.cli.ajuste_desconocido": Text(
        "No existe el ajuste {clave}; los ajustes son: {claves}.",
        "There is no setting {clave}; the settings are: {claves}.",
    ),
    "riesgo.cli.ajuste_invalido": Text(
        "El valor «{valor}» no es válido para el ajuste {clave}; «cymadesk riesgo ajustes» "
        "muestra su valor actual y qué significa.",
        "The value «{valor}» is not valid for setting {clave}; «cymadesk riesgo ajustes» shows "
        "its current value and what it means.",
    ),
    "riesgo.cli.ajuste_guardado": Text(
        "Ajuste {clave} guardado con el valor {valor}; los documentos se evaluaron de nuevo.",
        "Setting {clave} saved with value {valor}; the documents were evaluated again.",
    ),
}

_DOCS: dict[str, Text] = {
    "riesgo.docs.titulo": Text("Reglas de riesgo", "Risk rules"),
    "riesgo.docs.generado": Text(
        "Este archivo se genera con `python -m cymadesk.risk.docs`; no se edita a mano.",
        "This file is generated by `python -m cymadesk.risk.docs` and not edited by hand.",
    ),
    "riesgo.docs.introduccion": Text(
        "Cada documento recibido pasa por estas reglas al importarse, después de cada "
        "sincronización con el SII y cuando cambia el historial de su emisor. Cada hallazgo "
        "tiene un código estable, una severidad (alta, media o baja) y una explicación con la "
        "evidencia. Se puede descartar con un motivo, que queda en la auditoría y vale solo "
        "para ese documento. El nivel de riesgo de un documento es el de su hallazgo más "
        "severo no descartado: alto, medio, bajo o sin hallazgos.",
        "Every received document goes through these rules when it is imported, after each "
        "sync with the SII and when its issuer's history changes. Each finding has a stable "
        "code, a severity (alta, media or baja) and an explanation with the evidence. It can "
        "be dismissed with a reason, which goes to the audit log and applies to that document "
        "only. A document's risk level is that of its most severe finding not dismissed: "
        "alto, medio, bajo or sin hallazgos.",
    ),
    "riesgo.docs.alcance": Text(
        "Cuando llega o cambia un documento, se evalúan de nuevo ese documento, los del "
        "mismo emisor emitidos después (cuyo historial y duplicados lo pueden incluir), las "
        "otras versiones del mismo folio y las notas que lo referencian. El historial de un "
        "documento son los documentos anteriores del mismo emisor dirigidos a la empresa "
        "cuya firma y timbre no fallaron, hasta los {limite} más recientes. `cymadesk riesgo "
        "--empresa RUT` evalúa de nuevo todos los documentos.",
        "When a document arrives or changes, CymaDesk evaluates again that document, the "
        "documents of the same issuer issued after it (whose history and duplicate checks "
        "may include it), the other versions of the same folio and the notes that reference "
        "it. A document's history is the same issuer's earlier documents addressed to the "
        "company whose signature and stamp did not fail, up to the {limite} most recent. "
        "`cymadesk riesgo --empresa RUT` evaluates every document again.",
    ),
    "riesgo.docs.columnas_reglas": Text(
        "Código | Severidad | Qué revisa", "Code | Severity | What it checks"
    ),
    "riesgo.docs.ajustes": Text("Ajustes de la empresa", "Company settings"),
    "riesgo.docs.ajustes_como": Text(
        "Se ven con `cymadesk riesgo ajustes --empresa RUT` y se cambian con `cymadesk "
        "riesgo ajustar --empresa RUT --clave CLAVE --valor VALOR`; cada cambio queda en la "
        "auditoría y evalúa de nuevo todos los documentos.",
        "`cymadesk riesgo ajustes --empresa RUT` shows them and `cymadesk riesgo ajustar "
        "--empresa RUT --clave KEY --valor VALUE` changes one; each change goes to the audit "
        "log and evaluates every document again.",
    ),
    "riesgo.docs.columnas_ajustes": Text(
        "Clave | Valor por omisión | Significado", "Key | Default | Meaning"
    ),
}

MESSAGES: dict[str, Text] = {
    **_EXPLANATIONS,
    **_MEANINGS,
    **_AREAS,
    **_SETTINGS,
    **_ACTIONS,
    **_COMMAND,
    **_DOCS,
}
