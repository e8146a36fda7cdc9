"""Texts for companies, keys and the encrypted databases."""

from cymadesk.messages import Text

MESSAGES: dict[str, Text] = {
    "empresa.ya_existe": Text(
        "Ya existe una empresa con RUT {rut} en esta carpeta de datos.",
        "A company with RUT {rut} already exists in this data directory.",
    ),
    "empresa.no_existe": Text(
        "No hay ninguna empresa con RUT {rut}. Créela con `cymadesk empresa crear`.",
        "There is no company with RUT {rut}. Create it with `cymadesk empresa crear`.",
    ),
    "empresa.sin_nombre": Text(
        "Falta el nombre de la empresa.",
        "The company name is missing.",
    ),
    "empresa.sin_registro": Text(
        "La base de datos de {rut} no tiene el registro de la empresa; está incompleta.",
        "The database of {rut} has no company record; it is incomplete.",
    ),
    "empresa.rut_invalido": Text(
        "«{texto}» no es un RUT válido: escríbalo con su dígito verificador, "
        "por ejemplo 12.345.678-5.",
        "“{texto}” is not a valid RUT: write it with its check digit, for example 12.345.678-5.",
    ),
    "almacen.no_existe": Text(
        "No existe la base de datos {archivo}.",
        "The database {archivo} does not exist.",
    ),
    "almacen.clave_incorrecta": Text(
        "La clave no abre la base de datos {archivo}: es otra clave o el archivo no es de "
        "CymaDesk. No se modificó nada.",
        "The key does not open the database {archivo}: it is another key or the file is not "
        "CymaDesk's. Nothing was changed.",
    ),
    "almacen.archivo_clave_ajeno": Text(
        "El archivo de clave {archivo} no tiene la clave de la empresa {rut}; no se modificó "
        "nada. Indique su archivo de clave. Si lo perdió, indique con --key-file un archivo "
        "que aún no exista: CymaDesk pedirá la frase de recuperación de la empresa (o la leerá "
        "de --passphrase-file) y guardará allí la clave recuperada.",
        "The key file {archivo} does not hold the key of company {rut}; nothing was changed. "
        "Give its key file. If it is lost, give --key-file a file that does not exist yet: "
        "CymaDesk asks for the company's recovery passphrase (or reads --passphrase-file) and "
        "writes the recovered key there.",
    ),
    "almacen.llavero_clave_ajena": Text(
        "La clave guardada en el llavero del sistema no es la de la empresa {rut}; no se "
        "modificó nada. Para recuperarla, indique con --key-file un archivo que aún no exista: "
        "CymaDesk pedirá la frase de recuperación de la empresa (o la leerá de "
        "--passphrase-file) y guardará allí la clave recuperada.",
        "The key stored in the system keyring is not the key of company {rut}; nothing was "
        "changed. To recover it, give --key-file a file that does not exist yet: CymaDesk asks "
        "for the company's recovery passphrase (or reads --passphrase-file) and writes the "
        "recovered key there.",
    ),
    "almacen.danada": Text(
        "La base de datos {archivo} está dañada; la clave es correcta. No se modificó nada; "
        "restáurela desde un respaldo.",
        "The database {archivo} is damaged; the key is right. Nothing was changed; restore it "
        "from a backup.",
    ),
    "almacen.bloqueada": Text(
        "La base de datos {archivo} está ocupada por otro proceso de CymaDesk. Espere a que "
        "termine e intente de nuevo.",
        "The database {archivo} is busy with another CymaDesk process. Wait for it to finish "
        "and try again.",
    ),
    "almacen.disco_lleno": Text(
        "El disco está lleno; no se guardó nada de este archivo. Libere espacio e intente de "
        "nuevo.",
        "The disk is full; nothing from this file was saved. Free some space and try again.",
    ),
    "almacen.solo_lectura": Text(
        "La base de datos {archivo} es de solo lectura.",
        "The database {archivo} is read-only.",
    ),
    "almacen.no_se_puede_abrir": Text(
        "No se puede abrir la base de datos {archivo} (revise permisos y ruta).",
        "The database {archivo} cannot be opened (check permissions and path).",
    ),
    "almacen.error_disco": Text(
        "Error de lectura o escritura en el disco con {archivo}.",
        "Disk read or write error on {archivo}.",
    ),
    "almacen.error": Text(
        "Error de la base de datos {archivo}: {detalle}",
        "Database error on {archivo}: {detalle}",
    ),
    "clave.archivo_invalido": Text(
        "El archivo de clave debe contener 64 caracteres hexadecimales.",
        "The key file must contain 64 hexadecimal characters.",
    ),
    "clave.archivo_no_existe": Text(
        "No existe el archivo de clave {archivo}.",
        "The key file {archivo} does not exist.",
    ),
    "clave.archivo_ilegible": Text(
        "No se pudo leer el archivo de clave {archivo}.",
        "The key file {archivo} could not be read.",
    ),
    "clave.archivo_permisos": Text(
        "Otros usuarios pueden leer el archivo de clave {archivo}; déjelo solo para usted "
        "(chmod 600) y vuelva a intentarlo.",
        "Other users can read the key file {archivo}; make it yours only (chmod 600) and try "
        "again.",
    ),
    "clave.sin_llavero": Text(
        "No hay un llavero del sistema disponible para guardar ni leer la clave de la "
        "empresa. Indique el archivo de clave con --key-file ARCHIVO o con la variable "
        "CYMADESK_KEY_FILE.",
        "No system keyring is available to keep or read the company's key. Give the key "
        "file with --key-file FILE or the CYMADESK_KEY_FILE variable.",
    ),
    "clave.archivo_restaurado": Text(
        "El archivo de clave {archivo} faltaba: se volvió a escribir con la frase de recuperación.",
        "The key file {archivo} was missing: the recovery passphrase wrote it again.",
    ),
    "clave.sin_recuperacion": Text(
        "La clave no está en el llavero y no existe el archivo de recuperación {archivo}.",
        "The key is not in the keyring and the recovery file {archivo} does not exist.",
    ),
    "clave.recuperacion_danada": Text(
        "El archivo de recuperación de la clave está dañado.",
        "The key recovery file is damaged.",
    ),
    "clave.frase_incorrecta": Text(
        "La frase de recuperación no es correcta.",
        "The recovery passphrase is not correct.",
    ),
    "clave.frase_corta": Text(
        "La frase de recuperación debe tener al menos {minimo} caracteres.",
        "The recovery passphrase must have at least {minimo} characters.",
    ),
    "clave.archivo_perdido": Text(
        "No existe el archivo de clave {archivo}. Si se perdió, la frase de recuperación de "
        "{rut} lo vuelve a crear: indíquela con --passphrase-file o ejecute el comando en una "
        "terminal.",
        "The key file {archivo} does not exist. If it was lost, the recovery passphrase of {rut} "
        "creates it again: give it with --passphrase-file or run the command in a terminal.",
    ),
    "clave.falta_frase": Text(
        "La clave de {rut} no está en el llavero. Para recuperarla indique la frase de "
        "recuperación con --passphrase-file o ejecute el comando en una terminal.",
        "The key of {rut} is not in the keyring. To recover it give the recovery passphrase "
        "with --passphrase-file or run the command in a terminal.",
    ),
    "clave.falta_frase_nueva": Text(
        "Para crear la empresa {rut} se necesita una frase de recuperación: indíquela con "
        "--passphrase-file o ejecute el comando en una terminal.",
        "Creating company {rut} needs a recovery passphrase: give it with --passphrase-file or "
        "run the command in a terminal.",
    ),
}

MESSAGES.update(
    {
        "clave.frase_archivo_ilegible": Text(
            "No se pudo leer el archivo de la frase de recuperación {archivo}.",
            "The recovery passphrase file {archivo} could not be read.",
        ),
        "clave.frases_distintas": Text(
            "Las dos frases no coinciden.",
            "The two passphrases do not match.",
        ),
    }
)
