"""Texts the desktop app prints before its window exists (on the terminal)."""

from cymadesk.messages import Text

MESSAGES: dict[str, Text] = {
    "app.sin_pantalla_demo": Text(
        "No hay pantalla disponible (DISPLAY y WAYLAND_DISPLAY no están definidas), así que "
        "no se abrió la ventana. Se guardó una captura de la demostración en {ruta}",
        "No display is available (DISPLAY and WAYLAND_DISPLAY are not set), so the window was "
        "not opened. A screenshot of the demo was saved to {ruta}",
    ),
    "app.sin_pantalla": Text(
        "No hay pantalla disponible (DISPLAY y WAYLAND_DISPLAY no están definidas). Use "
        "--demo para guardar una captura de la demostración, o --screenshot ARCHIVO.png.",
        "No display is available (DISPLAY and WAYLAND_DISPLAY are not set). Use --demo to "
        "save a screenshot of the demo, or --screenshot FILE.png.",
    ),
    "app.captura_guardada": Text("Captura guardada en {ruta}", "Screenshot saved to {ruta}"),
    "app.captura_fallida": Text(
        "No se pudo guardar la captura en {ruta}", "Could not save the screenshot to {ruta}"
    ),
}
