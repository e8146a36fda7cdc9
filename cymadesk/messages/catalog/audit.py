"""Texts for the actions recorded in the audit log."""

from cymadesk.messages import Text

MESSAGES: dict[str, Text] = {
    "empresa.creada": Text("Empresa creada", "Company created"),
    "archivo.importado": Text("Archivo importado", "File imported"),
    "rcv.importado": Text(
        "Registro de Compras (RCV) importado", "Purchase register (RCV) imported"
    ),
    "veredicto.cambiado": Text("Verificación actualizada", "Check updated"),
    "decision.segun_rcv": Text(
        "Decisión encontrada en el Registro de Compras (RCV) del SII",
        "Decision found in the SII purchase register (RCV)",
    ),
}
