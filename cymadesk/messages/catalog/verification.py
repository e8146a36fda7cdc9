"""Texts for reading files and for each verification check."""

from cymadesk.messages import Text

MESSAGES: dict[str, Text] = {
    # Reading the file
    "xml.demasiado_grande": Text(
        "El archivo pesa {size_mb} MB y el máximo es {limit_mb} MB; no se abrió.",
        "The file is {size_mb} MB and the limit is {limit_mb} MB; it was not opened.",
    ),
    "xml.vacio": Text("El archivo está vacío.", "The file is empty."),
    "xml.dtd_prohibido": Text(
        "El archivo declara un DTD o entidades XML, algo que ningún documento del SII trae y "
        "que se usa en ataques; no se abrió.",
        "The file declares a DTD or XML entities, which no SII document has and attacks use; "
        "it was not opened.",
    ),
    "xml.mal_formado": Text(
        "El archivo no es XML válido: su estructura se rompe en la línea {line}. Puede estar "
        "incompleto o dañado.",
        "The file is not well-formed XML: its structure breaks at line {line}. It may be "
        "truncated or damaged.",
    ),
    "xml.demasiado_profundo": Text(
        "El XML tiene un anidamiento excesivo y no se abrió por seguridad.",
        "The XML is nested too deeply and was not opened, for safety.",
    ),
    "xml.codificacion_desconocida": Text(
        "El archivo declara una codificación desconocida ({encoding}).",
        "The file declares an unknown encoding ({encoding}).",
    ),
    "xml.codificacion_supuesta_latin1": Text(
        "El archivo no declara codificación y no es UTF-8; se leyó como ISO-8859-1.",
        "The file declares no encoding and is not UTF-8; it was read as ISO-8859-1.",
    ),
    "xml.codificacion_declarada_erronea": Text(
        "El archivo declara {declared} pero sus bytes no lo son; se leyó como windows-1252.",
        "The file declares {declared} but its bytes are not; it was read as windows-1252.",
    ),
    "xml.no_es_documento_tributario": Text(
        "No es un documento tributario: el elemento raíz es <{root}>.",
        "Not a tax document: the root element is <{root}>.",
    ),
    "dte.sin_documento": Text(
        "El DTE no contiene Documento, Liquidacion ni Exportaciones.",
        "The DTE contains no Documento, Liquidacion or Exportaciones element.",
    ),
    # esquema
    "esquema.ok": Text(
        "Cumple el esquema oficial del SII ({esquema}).",
        "Valid against the SII's official schema ({esquema}).",
    ),
    "esquema.ok_ajustado": Text(
        "Cumple el esquema oficial del SII ({esquema}) una vez en el espacio de nombres del "
        "SII; el archivo llegó sin él o con elementos agregados por una plataforma, como las "
        "descargas del portal del SII.",
        "Valid against the SII's official schema ({esquema}) once in the SII namespace; the "
        "file arrived without it or with elements a platform added, as SII portal downloads do.",
    ),
    "esquema.invalido": Text(
        "No cumple el esquema oficial del SII ({esquema}), línea {linea}: {detalle}.",
        "Not valid against the SII's official schema ({esquema}), line {linea}: {detalle}.",
    ),
    # The cause of esquema.invalido, from libxml2's error (cymadesk.sii.schema_errors). The
    # verdict's evidence keeps libxml2's own text.
    "esquema.campo.elemento": Text("el elemento {elemento}", "the element {elemento}"),
    "esquema.campo.atributo": Text(
        "el atributo {atributo} del elemento {elemento}",
        "the attribute {atributo} of the element {elemento}",
    ),
    "esquema.causa.largo_maximo": Text(
        "{campo} tiene {largo} caracteres y el máximo permitido es {limite}",
        "{campo} has {largo} characters and the maximum allowed is {limite}",
    ),
    "esquema.causa.largo_minimo": Text(
        "{campo} tiene {largo} caracteres y el mínimo exigido es {limite}",
        "{campo} has {largo} characters and the minimum required is {limite}",
    ),
    "esquema.causa.largo_exacto": Text(
        "{campo} tiene {largo} caracteres y debe tener exactamente {limite}",
        "{campo} has {largo} characters and must have exactly {limite}",
    ),
    "esquema.causa.patron": Text(
        "{campo} tiene el valor «{valor}», que no sigue el formato exigido (patrón {patron})",
        "{campo} has the value “{valor}”, which does not follow the required format "
        "(pattern {patron})",
    ),
    "esquema.causa.enumeracion": Text(
        "{campo} tiene el valor «{valor}», que no está entre los permitidos: {opciones}",
        "{campo} has the value “{valor}”, which is not one of the allowed values: {opciones}",
    ),
    "esquema.causa.digitos_totales": Text(
        "{campo} tiene el valor «{valor}», con más dígitos que los {limite} permitidos",
        "{campo} has the value “{valor}”, with more digits than the {limite} allowed",
    ),
    "esquema.causa.digitos_decimales": Text(
        "{campo} tiene el valor «{valor}», con más decimales que los {limite} permitidos",
        "{campo} has the value “{valor}”, with more decimal places than the {limite} allowed",
    ),
    "esquema.causa.maximo": Text(
        "{campo} tiene el valor {valor}, mayor que el máximo permitido ({limite})",
        "{campo} has the value {valor}, greater than the maximum allowed ({limite})",
    ),
    "esquema.causa.minimo": Text(
        "{campo} tiene el valor {valor}, menor que el mínimo permitido ({limite})",
        "{campo} has the value {valor}, less than the minimum allowed ({limite})",
    ),
    "esquema.causa.menor_que": Text(
        "{campo} tiene el valor {valor} y debe ser menor que {limite}",
        "{campo} has the value {valor} and must be less than {limite}",
    ),
    "esquema.causa.mayor_que": Text(
        "{campo} tiene el valor {valor} y debe ser mayor que {limite}",
        "{campo} has the value {valor} and must be greater than {limite}",
    ),
    "esquema.causa.tipo_invalido": Text(
        "{campo} tiene el valor «{valor}», que no es válido para su tipo ({tipo})",
        "{campo} has the value “{valor}”, which is not valid for its type ({tipo})",
    ),
    "esquema.causa.valor_invalido": Text(
        "{campo} tiene el valor «{valor}», que el esquema no admite",
        "{campo} has the value “{valor}”, which the schema does not allow",
    ),
    "esquema.causa.valor_fijo": Text(
        "{campo} tiene el valor «{valor}» y debe ser «{limite}»",
        "{campo} has the value “{valor}” and must be “{limite}”",
    ),
    "esquema.causa.falta_elemento": Text(
        "al elemento {elemento} le falta el elemento obligatorio {esperado}",
        "the element {elemento} lacks the required element {esperado}",
    ),
    "esquema.causa.falta_elemento_uno_de": Text(
        "al elemento {elemento} le falta un elemento obligatorio; se esperaba uno de estos: "
        "{esperados}",
        "the element {elemento} lacks a required element; one of these was expected: {esperados}",
    ),
    "esquema.causa.no_esperado": Text(
        "el elemento {elemento} no corresponde en esa posición; se esperaba {esperado}",
        "the element {elemento} is not expected at that position; {esperado} was expected",
    ),
    "esquema.causa.no_esperado_uno_de": Text(
        "el elemento {elemento} no corresponde en esa posición; se esperaba uno de estos: "
        "{esperados}",
        "the element {elemento} is not expected at that position; one of these was expected: "
        "{esperados}",
    ),
    "esquema.causa.no_esperado_sin_lista": Text(
        "el elemento {elemento} no corresponde en esa posición",
        "the element {elemento} is not expected at that position",
    ),
    "esquema.causa.falta_atributo": Text(
        "al elemento {elemento} le falta el atributo obligatorio {atributo}",
        "the element {elemento} lacks the required attribute {atributo}",
    ),
    "esquema.causa.atributo_no_permitido": Text(
        "el elemento {elemento} tiene el atributo {atributo}, que el esquema no admite",
        "the element {elemento} has the attribute {atributo}, which the schema does not allow",
    ),
    "esquema.causa.texto_no_permitido": Text(
        "el elemento {elemento} contiene texto, y el esquema solo le admite otros elementos",
        "the element {elemento} contains text, but the schema allows only other elements in it",
    ),
    "esquema.causa.raiz_no_declarada": Text(
        "el elemento raíz {elemento} no está declarado en el esquema",
        "the root element {elemento} is not declared in the schema",
    ),
    # firma and firma_envio
    "firma.ok": Text(
        "Firma electrónica válida: el contenido no cambió desde que se firmó.",
        "Valid electronic signature: the content has not changed since it was signed.",
    ),
    "firma.ok_independiente": Text(
        "Firma electrónica válida: el contenido no cambió desde que se firmó. El emisor lo "
        "firmó como documento independiente y luego lo puso en el sobre, como es habitual.",
        "Valid electronic signature: the content has not changed since it was signed. The "
        "issuer signed it as a document of its own and then put it in the envelope, as is usual.",
    ),
    "firma.ok_sin_namespace": Text(
        "Firma electrónica válida: el contenido no cambió desde que se firmó. El emisor lo "
        "firmó sin el espacio de nombres del SII, que el sobre le agregó; el SII lo acepta.",
        "Valid electronic signature: the content has not changed since it was signed. The "
        "issuer signed it without the SII namespace, which the envelope added; the SII accepts "
        "this.",
    ),
    "firma.ausente": Text(
        "El documento no tiene firma electrónica propia.",
        "The document has no electronic signature of its own.",
    ),
    "firma_envio.ausente": Text(
        "El sobre (EnvioDTE) no tiene firma electrónica.",
        "The envelope (EnvioDTE) has no electronic signature.",
    ),
    "firma_envio.sin_sobre": Text(
        "El documento llegó sin sobre, así que no hay firma de sobre que revisar.",
        "The document came without an envelope, so there is no envelope signature to check.",
    ),
    "firma.multiple": Text(
        "Hay {cantidad} firmas donde debe haber una; no se puede saber cuál vale.",
        "There are {cantidad} signatures where there must be one; none can be trusted.",
    ),
    "firma.digest_no_coincide": Text(
        "El contenido firmado fue modificado después de firmarse: su resumen (digest) no "
        "coincide en ninguna forma canónica.",
        "The signed content was changed after signing: its digest does not match in any "
        "canonical form.",
    ),
    "firma.valor_invalido": Text(
        "La firma no corresponde a la clave del certificado del firmante.",
        "The signature does not verify with the signer certificate's key.",
    ),
    "firma.firmante_desconocido": Text(
        "El certificado del firmante falta o no es un certificado legible, así que el "
        "firmante es desconocido y la firma no vale.",
        "The signer certificate is missing or unreadable, so the signer is unknown and the "
        "signature is not valid.",
    ),
    "firma.clave_distinta_certificado": Text(
        "La clave pública declarada en la firma (RSAKeyValue) no es la del certificado: no se "
        "sabe quién firmó.",
        "The public key declared in the signature (RSAKeyValue) is not the certificate's key: "
        "the signer is unknown.",
    ),
    "firma.clave_invalida": Text(
        "La clave pública de la firma no es válida.",
        "The signature's public key is invalid.",
    ),
    "firma.id_duplicado": Text(
        "El identificador {id} aparece más de una vez en el archivo, una técnica para engañar "
        "a los verificadores de firma; la firma no se acepta.",
        "The identifier {id} occurs more than once in the file, a technique to mislead "
        "signature verifiers; the signature is rejected.",
    ),
    "firma.referencia_ajena": Text(
        "La firma apunta a otro elemento ({uri}) y no al documento que la acompaña.",
        "The signature references another element ({uri}), not the document beside it.",
    ),
    "firma.referencia_no_encontrada": Text(
        "La firma apunta a {uri}, que no existe en el archivo.",
        "The signature references {uri}, which is not in the file.",
    ),
    "firma.referencia_invalida": Text(
        "La firma no indica qué contenido firma.",
        "The signature does not say what content it signs.",
    ),
    "firma.referencias_multiples": Text(
        "La firma tiene {cantidad} referencias; el formato del SII admite exactamente una.",
        "The signature has {cantidad} references; the SII format allows exactly one.",
    ),
    "firma.algoritmo_no_admitido": Text(
        "La firma usa un algoritmo no admitido para documentos del SII ({algoritmo}).",
        "The signature uses an algorithm not allowed for SII documents ({algoritmo}).",
    ),
    "firma.transformacion_no_admitida": Text(
        "La firma usa transformaciones no admitidas ({algoritmo}).",
        "The signature uses transforms that are not allowed ({algoritmo}).",
    ),
    "firma.base64_invalido": Text(
        "El valor {elemento} de la firma no es base64 válido.",
        "The signature's {elemento} value is not valid base64.",
    ),
    "firma.incompleta": Text(
        "A la firma le falta {elemento}.",
        "The signature lacks {elemento}.",
    ),
    # certificado
    "certificado.no_es_del_firmante": Text(
        "La firma no se hizo con la clave del certificado de {titular}, así que no se sabe "
        "quién firmó.",
        "The signature was not made with the key of {titular}'s certificate, so the signer "
        "is unknown.",
    ),
    "certificado.ok": Text(
        "Certificado de {titular}: legible y vigente al firmar. La cadena de confianza hasta "
        "la autoridad certificadora no se verifica.",
        "Certificate of {titular}: readable and valid when it signed. The chain of trust up "
        "to the certification authority is not checked.",
    ),
    "certificado.sin_firma": Text(
        "Sin firma, no hay certificado que revisar.",
        "Without a signature there is no certificate to check.",
    ),
    "certificado.ausente": Text(
        "La firma no incluye el certificado del firmante.",
        "The signature does not include the signer certificate.",
    ),
    "certificado.ilegible": Text(
        "El certificado incluido en la firma no es un certificado legible.",
        "The certificate in the signature is not a readable certificate.",
    ),
    "certificado.clave_distinta": Text(
        "La clave del certificado no es la clave declarada en la firma.",
        "The certificate's key is not the key declared in the signature.",
    ),
    "certificado.sin_fecha_firma": Text(
        "El documento no dice cuándo se firmó (TmstFirma), así que no se puede saber si el "
        "certificado estaba vigente.",
        "The document does not say when it was signed (TmstFirma), so the certificate's "
        "validity at that time cannot be judged.",
    ),
    "certificado.vencido_al_firmar": Text(
        "El certificado venció el {hasta} y el documento se firmó el {firmado}.",
        "The certificate expired on {hasta} and the document was signed on {firmado}.",
    ),
    "certificado.no_vigente_aun": Text(
        "El certificado rige desde el {desde} y el documento dice firmarse antes, el {firmado}.",
        "The certificate is valid from {desde} and the document claims to be signed earlier, "
        "on {firmado}.",
    ),
    # ted
    "ted.ok": Text(
        "Timbre electrónico válido: firmado con la clave del CAF y coincide con el documento.",
        "Valid electronic stamp: signed with the CAF key and consistent with the document.",
    ),
    "ted.ausente": Text(
        "El documento no tiene timbre electrónico (TED); todo DTE debe traerlo.",
        "The document has no electronic stamp (TED); every DTE must carry one.",
    ),
    "ted.sin_caf": Text(
        "El timbre electrónico no trae su CAF, así que no se puede verificar.",
        "The electronic stamp carries no CAF, so it cannot be verified.",
    ),
    "ted.firma_invalida": Text(
        "La firma del timbre (FRMT) no corresponde a la clave del CAF: los datos timbrados "
        "fueron alterados o el timbre es falso.",
        "The stamp signature (FRMT) does not verify with the CAF key: the stamped data was "
        "altered or the stamp is forged.",
    ),
    "ted.campo_distinto": Text(
        "El timbre electrónico (campo {campo}) dice «{ted}», pero el documento dice «{documento}».",
        "The electronic stamp (field {campo}) says “{ted}”, but the document says “{documento}”.",
    ),
    "ted.folio_fuera_de_rango": Text(
        "El folio {folio} está fuera del rango autorizado por el CAF ({desde} a {hasta}).",
        "Folio {folio} is outside the range the CAF authorises ({desde} to {hasta}).",
    ),
    "ted.caf_otro_emisor": Text(
        "El CAF es del RUT {rut_caf} y el timbre es del RUT {rut}.",
        "The CAF belongs to RUT {rut_caf} and the stamp to RUT {rut}.",
    ),
    "ted.caf_otro_tipo": Text(
        "El CAF autoriza documentos de tipo {tipo_caf} y el timbre es de tipo {tipo}.",
        "The CAF authorises documents of type {tipo_caf} and the stamp is of type {tipo}.",
    ),
    # caf
    "caf.ok": Text(
        "CAF auténtico, firmado por el SII (producción).",
        "Authentic CAF, signed by the SII (production).",
    ),
    "caf.ok_certificacion": Text(
        "CAF del ambiente de certificación del SII: es un documento de prueba, sin validez "
        "tributaria.",
        "CAF of the SII's certification environment: a test document with no tax validity.",
    ),
    "caf.ok_sandbox": Text(
        "CAF del SII de pruebas de CymaDesk: documento ficticio, sin validez tributaria.",
        "CAF of CymaDesk's test SII: a fictitious document with no tax validity.",
    ),
    "caf.sandbox_no_confiable": Text(
        "El CAF está firmado por el SII de pruebas de CymaDesk, que solo vale en empresas de "
        "prueba; aquí no tiene validez.",
        "The CAF is signed by CymaDesk's test SII, which only counts in test companies; here it "
        "is not valid.",
    ),
    "caf.firma_invalida": Text(
        "La firma del SII en el CAF (FRMA) no es válida: el CAF no lo emitió el SII o fue "
        "alterado.",
        "The SII's signature on the CAF (FRMA) is invalid: the SII did not issue this CAF or it "
        "was altered.",
    ),
    "caf.ausente": Text(
        "No hay CAF que verificar.",
        "There is no CAF to verify.",
    ),
    "caf.idk_desconocido": Text(
        "El CAF dice estar firmado con la clave {idk} del SII, que CymaDesk no conoce.",
        "The CAF claims to be signed with SII key {idk}, which CymaDesk does not know.",
    ),
    # aritmetica
    "aritmetica.ok": Text(
        "Los montos cuadran (comprobaciones hechas: {cantidad}).",
        "The amounts add up (checks made: {cantidad}).",
    ),
    "aritmetica.no_cuadra": Text(
        "Los montos no cuadran: {comprobacion} debería ser {esperado} y el documento dice "
        "{encontrado}.",
        "The amounts do not add up: {comprobacion} should be {esperado} and the document says "
        "{encontrado}.",
    ),
    "aritmetica.sin_total": Text(
        "El documento no indica su monto total.",
        "The document does not state its total amount.",
    ),
    "aritmetica.sin_datos": Text(
        "No hay montos suficientes para comprobar la aritmética.",
        "There are not enough amounts to check the arithmetic.",
    ),
    # estado_sii and rcv, before the SII is asked
    "estado_sii.no_consultado": Text(
        "Aún no se ha consultado el estado en el SII.",
        "The SII has not been asked about this document yet.",
    ),
    "rcv.no_aparece": Text(
        "No aparece en el Registro de Compras del SII del período {periodo}, descargado el "
        "{consultado}, aunque el emisor ya tuvo tiempo de enviarlo al SII.",
        "It is not in the SII purchase register of period {periodo}, downloaded on "
        "{consultado}, although the issuer has had time to send it to the SII.",
    ),
    "rcv.aun_no_aparece": Text(
        "Aún no aparece en el Registro de Compras del SII del período {periodo}, descargado el "
        "{consultado}; el emisor todavía está en plazo para enviarlo.",
        "It is not yet in the SII purchase register of period {periodo}, downloaded on "
        "{consultado}; the issuer still has time to send it.",
    ),
    "rcv.no_consultado": Text(
        "Aún no se ha revisado el Registro de Compras y Ventas (RCV).",
        "The purchase and sales register (RCV) has not been checked yet.",
    ),
}
