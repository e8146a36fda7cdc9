"""Texts for reading the files, folders and zips a user names."""

from cymadesk.messages import Text

MESSAGES: dict[str, Text] = {
    "entrada.no_encontrada": Text(
        "No existe ese archivo o carpeta.",
        "No such file or folder.",
    ),
    "entrada.ilegible": Text(
        "No se pudo leer el archivo: {detalle}",
        "The file could not be read: {detalle}",
    ),
    "entrada.demasiado_grande": Text(
        "El archivo pesa {tamano_mb} MB y el máximo es {limite_mb} MB; no se abrió.",
        "The file is {tamano_mb} MB and the limit is {limite_mb} MB; it was not opened.",
    ),
    "entrada.vacio": Text(
        "El archivo está vacío (0 bytes); pida al emisor que lo envíe de nuevo.",
        "The file is empty (0 bytes); ask the issuer to send it again.",
    ),
    "entrada.no_es_xml": Text(
        "No es un archivo XML; CymaDesk no abre adjuntos de otro tipo (PDF, ejecutables, "
        "documentos).",
        "Not an XML file; CymaDesk does not open attachments of other kinds (PDF, executables, "
        "documents).",
    ),
    "entrada.csv_en_check": Text(
        "Es una exportación del RCV (CSV); impórtela con `cymadesk importar`.",
        "This is an RCV export (CSV); import it with `cymadesk importar`.",
    ),
    "entrada.zip_ilegible": Text(
        "El archivo zip está dañado o no es un zip.",
        "The zip archive is damaged or not a zip.",
    ),
    "entrada.zip_entrada_ilegible": Text(
        "Esta entrada del zip está dañada.",
        "This zip entry is damaged.",
    ),
    "entrada.zip_demasiadas_entradas": Text(
        "El zip tiene {cantidad} archivos, más de los que se abren de una vez.",
        "The zip has {cantidad} files, more than are opened at once.",
    ),
    "entrada.zip_demasiado_grande": Text(
        "El contenido del zip ocupa {tamano_mb} MB, más de lo permitido; no se abrió.",
        "The zip's content takes {tamano_mb} MB, more than allowed; it was not opened.",
    ),
    "entrada.zip_ruta_insegura": Text(
        "La entrada del zip tiene una ruta que sale de su carpeta (ataque de ruta); se ignoró.",
        "The zip entry has a path that leaves its folder (path traversal); it was skipped.",
    ),
    "entrada.zip_cifrado": Text(
        "La entrada del zip está cifrada con contraseña; no se abrió.",
        "The zip entry is password-encrypted; it was not opened.",
    ),
    "entrada.zip_anidado": Text(
        "Es un zip dentro de otro zip; no se abre, por seguridad.",
        "It is a zip inside a zip; it is not opened, for safety.",
    ),
    "entrada.zip_compresion_sospechosa": Text(
        "La entrada del zip se expande de forma sospechosa (posible bomba zip); no se abrió.",
        "The zip entry expands suspiciously (possible zip bomb); it was not opened.",
    ),
}
