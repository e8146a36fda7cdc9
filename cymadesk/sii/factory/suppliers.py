"""A deterministic catalogue of realistic Chilean suppliers, their items and their signers.

Names, activities, comunas and items are fixed; RUTs, street numbers, telephones, e-mail
boxes, bank accounts and the signers' RUTs come from ``random.Random(seed)``, so one seed
always gives the same catalogue. Every RUT has a correct check digit. Names, items and
price ranges are invented but typical of each trade.

NOTE: the Acteco codes are six-digit codes in the style of the SII's activity list; they
were not checked against the official list.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal

from cymadesk.models.rut import Rut, compute_check_digit
from cymadesk.sii.factory.specs import FOREIGN_RECEPTOR_RUT, PartySpec

# Legal entities have RUT bodies from 50 million up; these ranges look like recent companies
# and like natural persons of working age.
COMPANY_RUT_RANGE = (76_000_000, 77_999_999)
PERSON_RUT_RANGE = (8_000_000, 21_999_999)
BANKS = (
    "Banco de Chile",
    "BancoEstado",
    "Banco Santander",
    "Banco BCI",
    "Scotiabank",
    "Banco Itaú",
    "Banco Security",
    "Banco BICE",
)


@dataclass(frozen=True, slots=True)
class ItemTemplate:
    """An item a supplier sells, with its price range in pesos (or dollars for exports)."""

    name: str
    unit: str
    min_price: Decimal
    max_price: Decimal
    max_quantity: int = 10
    exempt: bool = False
    code: str | None = None


@dataclass(frozen=True, slots=True)
class Supplier:
    """A supplier: its party data, its signer, the document types it issues and its items."""

    party: PartySpec
    representative_name: str
    representative_rut: str
    kinds: tuple[int, ...]
    items: tuple[ItemTemplate, ...]
    payment_terms: str

    @property
    def rut(self) -> str:
        return self.party.rut


def _item(
    name: str,
    unit: str,
    low: int | str,
    high: int | str,
    max_quantity: int = 10,
    *,
    exempt: bool = False,
) -> ItemTemplate:
    return ItemTemplate(name, unit, Decimal(low), Decimal(high), max_quantity, exempt)


@dataclass(frozen=True, slots=True)
class _Entry:
    razon_social: str
    giro: str
    actecos: tuple[int, ...]
    street: str
    comuna: str
    ciudad: str
    domain: str
    representative: str
    kinds: tuple[int, ...]
    items: tuple[ItemTemplate, ...]


_ENTRIES: tuple[_Entry, ...] = (
    _Entry(
        "Comercial O'Higgins & Cía. Ltda.",
        "Venta al por mayor de materiales de construcción y artículos de ferretería",
        (466300,),
        "Av. Libertador Bernardo O'Higgins",
        "Rancagua",
        "Rancagua",
        "comercialohiggins.cl",
        "Juan Pablo Ñancupil Soto",
        (33, 52, 61),
        (
            _item("Cemento Polpaico especial 25 kg", "SAC", 4800, 5900, 80),
            _item("Fierro estriado 12 mm x 6 m", "UN", 7900, 9900, 60),
            _item("Plancha OSB 9,5 mm 1,22 x 2,44 m", "UN", 10900, 13900, 40),
            _item('Tornillo autoperforante 8 x 1" (caja 100)', "CJ", 3200, 4500, 20),
            _item("Pintura esmalte al agua blanco 1 gal", "GL", 14990, 19990, 12),
        ),
    ),
    _Entry(
        "Distribuidora Ñuñoa SpA",
        "Venta al por mayor de artículos de oficina y papelería",
        (464903,),
        "Av. Irarrázaval",
        "Ñuñoa",
        "Santiago",
        "distribuidoranunoa.cl",
        "Catalina Andrea Muñoz Vergara",
        (33, 61),
        (
            _item("Resma papel carta 75 g (500 hojas)", "RM", 3990, 5490, 50),
            _item("Tóner HP 85A compatible", "UN", 12990, 18990, 10),
            _item("Archivador lomo ancho tamaño oficio", "UN", 1490, 2490, 40),
            _item("Lápiz pasta azul (caja 50)", "CJ", 5990, 7990, 10),
            _item("Carpeta colgante con visor (caja 25)", "CJ", 8990, 11990, 8),
        ),
    ),
    _Entry(
        "Servicios Informáticos Andes Ltda.",
        "Consultoría informática, soporte y arriendo de equipos computacionales",
        (620200, 620900),
        "Av. Providencia",
        "Providencia",
        "Santiago",
        "andesti.cl",
        "Rodrigo Ignacio Peña Fuentes",
        (33,),
        (
            _item("Soporte técnico mensual en terreno (plan 20 h)", "MES", 350000, 520000, 1),
            _item("Licencia antivirus corporativo 12 meses", "UN", 24990, 34990, 30),
            _item('Arriendo notebook 14" (mensual)', "MES", 39990, 54990, 15),
            _item("Hora de desarrollo de software", "HR", 28000, 42000, 40),
        ),
    ),
    _Entry(
        "Transportes Pérez e Hijos Ltda.",
        "Transporte de carga por carretera",
        (492300,),
        "Camino a Nos",
        "San Bernardo",
        "Santiago",
        "transportesperez.cl",
        "Héctor Alejandro Pérez Araya",
        (33, 61),
        (
            _item("Flete Santiago - Rancagua camión 3/4", "VJE", 120000, 180000, 4),
            _item("Flete Santiago - Valparaíso camión 12 t", "VJE", 280000, 390000, 3),
            _item("Peoneta por jornada", "DIA", 35000, 45000, 6),
        ),
    ),
    _Entry(
        "Inmobiliaria Los Castaños S.A.",
        "Arriendo de inmuebles amoblados o con equipos y maquinarias",
        (681012,),
        "Av. Apoquindo",
        "Las Condes",
        "Santiago",
        "loscastanos.cl",
        "María Ignacia Errázuriz Larraín",
        (34,),
        (
            _item(
                "Arriendo oficina 1203 (inmueble sin amoblar)",
                "MES",
                1850000,
                2350000,
                1,
                exempt=True,
            ),
            _item("Arriendo estacionamientos subterráneo", "MES", 85000, 120000, 4, exempt=True),
            _item("Arriendo bodega -2 n.º 45", "MES", 95000, 140000, 1, exempt=True),
        ),
    ),
    _Entry(
        "Constructora Peñalolén SpA",
        "Construcción de edificios y obras menores en construcción",
        (410010, 433000),
        "Av. Grecia",
        "Peñalolén",
        "Santiago",
        "constructorapenalolen.cl",
        "Cristián Eduardo Rojas Bustamante",
        (33,),
        (
            _item("Estado de pago n.º 3 remodelación oficinas", "GL", 4500000, 9800000, 1),
            _item("Reparación de tabiquería y pintura", "M2", 12000, 18500, 120),
            _item("Instalación de cielo modular 60 x 60", "M2", 9800, 14500, 150),
        ),
    ),
    _Entry(
        "Panadería y Pastelería La Espiga de Oro Ltda.",
        "Elaboración de productos de panadería y pastelería",
        (107100,),
        "Av. Pajaritos",
        "Maipú",
        "Santiago",
        "espigadeoro.cl",
        "Rosa Elena Quispe Mamani",
        (33,),
        (
            _item("Marraqueta (kg)", "KG", 1790, 2290, 40),
            _item("Torta de mil hojas manjar 20 personas", "UN", 24990, 32990, 4),
            _item("Empanada de pino horneada", "UN", 1490, 1990, 120),
            _item("Kuchen de nuez individual", "UN", 1290, 1690, 60),
        ),
    ),
    _Entry(
        "Aseo Industrial Limpiamax Ltda.",
        "Limpieza general de edificios y servicios de sanitización",
        (812100,),
        "Av. Américo Vespucio",
        "Quilicura",
        "Santiago",
        "limpiamax.cl",
        "Patricia Alejandra Gálvez Órdenes",
        (33,),
        (
            _item("Servicio de aseo oficinas (mensual)", "MES", 890000, 1350000, 1),
            _item("Sanitización de recintos", "M2", 350, 690, 800),
            _item("Toalla de papel interfoliada (caja 24)", "CJ", 18990, 24990, 10),
        ),
    ),
    _Entry(
        "Seguridad Privada Centinela SpA",
        "Servicios de seguridad privada prestados por empresas",
        (801001,),
        "Av. Vicuña Mackenna",
        "La Florida",
        "Santiago",
        "centinela.cl",
        "Luis Humberto Sepúlveda Toro",
        (33,),
        (
            _item("Servicio de guardia 4 x 4 diurno (mensual)", "MES", 1450000, 1890000, 2),
            _item("Ronda nocturna con vehículo (mensual)", "MES", 480000, 690000, 1),
        ),
    ),
    _Entry(
        'Imprenta Gráfica "El Faro" Ltda.',
        "Actividades de impresión",
        (181109,),
        "Av. Brasil",
        "Valparaíso",
        "Valparaíso",
        "imprentaelfaro.cl",
        "Andrés Felipe Contreras Olave",
        (33, 61),
        (
            _item("Tarjetas de presentación 4/4 couché 350 g (x 1.000)", "MIL", 24990, 34990, 6),
            _item("Talonario de guías de despacho (50 juegos)", "UN", 8990, 12990, 20),
            _item("Pendón roller 80 x 200 cm", "UN", 39990, 54990, 5),
        ),
    ),
    _Entry(
        "Consultora Tributaria Muñoz & Asociados Ltda.",
        "Actividades de contabilidad, auditoría y asesoría tributaria",
        (692000,),
        "Huérfanos",
        "Santiago",
        "Santiago",
        "munozasociados.cl",
        "Verónica del Pilar Muñoz Cáceres",
        (33,),
        (
            _item("Honorarios contabilidad mensual", "MES", 450000, 750000, 1),
            _item("Declaración de renta anual (F22)", "UN", 350000, 550000, 1),
            _item("Asesoría tributaria (hora)", "HR", 65000, 95000, 10),
        ),
    ),
    _Entry(
        "Café y Eventos Doña Inés SpA",
        "Suministro de comidas por encargo (servicios de banquetería)",
        (562100,),
        "Av. Vitacura",
        "Vitacura",
        "Santiago",
        "donaines.cl",
        "Inés Margarita Aránguiz Ibáñez",
        (33,),
        (
            _item("Coffee break ejecutivo por persona", "PAX", 6990, 9990, 80),
            _item("Almuerzo de trabajo por persona", "PAX", 12990, 17990, 60),
            _item("Cóctel de fin de año por persona", "PAX", 18990, 26990, 120),
        ),
    ),
    _Entry(
        "Combustibles del Sur S.A.",
        "Venta al por menor de combustibles para vehículos automotores",
        (473000,),
        "Ruta 5 Sur km 1.020",
        "Puerto Montt",
        "Puerto Montt",
        "combustiblesdelsur.cl",
        "Jorge Patricio Oyarzún Barría",
        (33, 52),
        (
            _item("Petróleo diésel", "LT", "1015.8", "1189.4", 800),
            _item("Gasolina 95 octanos", "LT", "1249.9", "1399.9", 400),
            _item("Lubricante motor 15W-40 (balde 19 l)", "UN", 69990, 89990, 6),
        ),
    ),
    _Entry(
        "Electricidad Industrial Aconcagua Ltda.",
        "Instalaciones eléctricas y venta de materiales eléctricos",
        (432100, 466300),
        "Av. Argentina",
        "Los Andes",
        "Los Andes",
        "electroaconcagua.cl",
        "Felipe Ignacio Astudillo Cortés",
        (33, 52, 61),
        (
            _item("Cable THHN 2,5 mm² (rollo 100 m)", "RO", 39990, 52990, 20),
            _item("Tablero eléctrico 24 polos", "UN", 69990, 94990, 4),
            _item("Luminaria LED panel 60 x 60 40 W", "UN", 14990, 21990, 40),
            _item("Mano de obra instalación eléctrica (hora)", "HR", 22000, 32000, 40),
        ),
    ),
    _Entry(
        "Telecomunicaciones Patagonia S.A.",
        "Actividades de telecomunicaciones inalámbricas y servicios de internet",
        (612000, 619090),
        "Av. Colón",
        "Punta Arenas",
        "Punta Arenas",
        "telepatagonia.cl",
        "Claudia Soledad Vidal Yáñez",
        (33,),
        (
            _item("Enlace dedicado de fibra 300 Mbps (mensual)", "MES", 290000, 420000, 1),
            _item("Plan de telefonía móvil empresa", "UN", 12990, 19990, 30),
        ),
    ),
    _Entry(
        "Ferretería Ñandú E.I.R.L.",
        "Venta al por menor de artículos de ferretería y materiales de construcción",
        (475201,),
        "Av. Libertad",
        "Chillán",
        "Chillán",
        "ferreterianandu.cl",
        "Ramón Antonio Sandoval Jara",
        (33, 61),
        (
            _item("Taladro percutor 13 mm 710 W", "UN", 39990, 59990, 4),
            _item('Disco de corte metal 4 1/2"', "UN", 990, 1690, 50),
            _item("Guante de cabritilla (par)", "PAR", 2490, 3990, 40),
            _item("Candado de bronce 50 mm", "UN", 6990, 9990, 20),
        ),
    ),
    _Entry(
        "Capacitación y Desarrollo Araucanía Ltda.",
        "Enseñanza preescolar, primaria, secundaria y superior; capacitación (OTEC)",
        (854900,),
        "Av. Alemania",
        "Temuco",
        "Temuco",
        "capacitaraucania.cl",
        "Francisca Javiera Huenchumilla Riquelme",
        (34,),
        (
            _item("Curso Excel intermedio (código SENCE)", "PAX", 120000, 180000, 20, exempt=True),
            _item(
                "Curso de primeros auxilios en el trabajo", "PAX", 90000, 140000, 25, exempt=True
            ),
        ),
    ),
    _Entry(
        "Mantenciones Hidráulicas Bío-Bío SpA",
        "Reparación de maquinaria y equipos de uso industrial",
        (331209,),
        "Av. Colón",
        "Talcahuano",
        "Talcahuano",
        "hidraulicabiobio.cl",
        "Mauricio Esteban Lagos Henríquez",
        (33,),
        (
            _item("Mantención preventiva grúa horquilla", "UN", 180000, 290000, 3),
            _item("Cambio de mangueras hidráulicas", "UN", 45000, 75000, 6),
            _item("Aceite hidráulico ISO 68 (tambor 208 l)", "UN", 420000, 560000, 2),
        ),
    ),
    _Entry(
        "Papelería Antofagasta Ltda.",
        "Venta al por menor de libros, diarios y artículos de escritorio",
        (476101,),
        "Av. Grecia",
        "Antofagasta",
        "Antofagasta",
        "papeleriaantofagasta.cl",
        "Gonzalo Andrés Cortés Alfaro",
        (33,),
        (
            _item("Cuaderno universitario 100 hojas", "UN", 1890, 2790, 60),
            _item("Corchetera metálica 26/6", "UN", 5990, 8990, 10),
            _item("Post-it 76 x 76 mm (bloque 100)", "UN", 990, 1690, 50),
        ),
    ),
    _Entry(
        "Agencia de Publicidad Cóndor Creativo SpA",
        "Servicios de publicidad prestados por empresas",
        (731001,),
        "Av. Nueva Providencia",
        "Providencia",
        "Santiago",
        "condorcreativo.cl",
        "Tomás Ignacio Echeverría Saavedra",
        (33,),
        (
            _item("Campaña en redes sociales (mensual)", "MES", 650000, 1200000, 1),
            _item("Diseño de piezas gráficas", "UN", 45000, 90000, 10),
            _item("Producción audiovisual spot 30 s", "UN", 1800000, 2900000, 1),
        ),
    ),
    _Entry(
        "Frigorífico y Distribuidora Chiloé S.A.",
        "Venta al por mayor de productos del mar y alimentos congelados",
        (463020,),
        "Ruta 5 km 1.180",
        "Castro",
        "Castro",
        "frigochiloe.cl",
        "Carolina Beatriz Bahamonde Vera",
        (33, 52),
        (
            _item("Salmón atlántico filete congelado (kg)", "KG", 8990, 11990, 80),
            _item("Choritos cocidos congelados (kg)", "KG", 2990, 3990, 100),
            _item("Merluza austral entera (kg)", "KG", 4990, 6490, 60),
        ),
    ),
    _Entry(
        "Recicladora Metales del Pacífico SpA",
        "Recuperación de materiales y compra de chatarra",
        (383001,),
        "Av. La Montaña",
        "Lampa",
        "Santiago",
        "metalespacifico.cl",
        "Víctor Manuel Tapia Gutiérrez",
        (46,),
        (
            _item("Compra de chatarra de fierro (kg)", "KG", 120, 190, 5000),
            _item("Compra de cobre de segunda (kg)", "KG", 5200, 6900, 300),
            _item("Compra de aluminio en desuso (kg)", "KG", 650, 990, 800),
        ),
    ),
    _Entry(
        "Sociedad Feria Ganadera de Osorno S.A.",
        "Remates y ferias de ganado; consignación de animales",
        (461001,),
        "Av. Ramón Freire",
        "Osorno",
        "Osorno",
        "feriaosorno.cl",
        "Ernesto Germán Schwerter Klocker",
        (43,),
        (
            _item("Venta en remate de novillos Hereford (kg vivo)", "KG", 1790, 2290, 5000),
            _item("Venta en remate de vaquillas (kg vivo)", "KG", 1590, 1990, 4000),
        ),
    ),
    _Entry(
        "Viña Santa Emilia del Maule S.A.",
        "Elaboración de vinos y exportación",
        (110200,),
        "Camino a San Clemente km 7",
        "Talca",
        "Talca",
        "santaemilia.cl",
        "Ana María Lyon Subercaseaux",
        (110,),
        (
            _item("Vino Carménère Reserva 2022, caja 12 x 750 ml", "CJ", "42.5", "58.75", 400),
            _item(
                "Vino Cabernet Sauvignon Gran Reserva, caja 6 x 750 ml", "CJ", "61.2", "84.9", 200
            ),
        ),
    ),
)


def _unique_rut(rng: random.Random, bounds: tuple[int, int], used: set[int]) -> str:
    while True:
        body = rng.randint(*bounds)
        if body not in used:
            used.add(body)
            return f"{body}-{compute_check_digit(body)}"


def supplier_catalogue(seed: int) -> tuple[Supplier, ...]:
    """Return the suppliers with RUTs, numbers and signers drawn from ``seed``."""
    rng = random.Random(seed)  # noqa: S311 (reproducible content, not secrets)
    used: set[int] = set()
    suppliers = []
    for entry in _ENTRIES:
        rut = _unique_rut(rng, COMPANY_RUT_RANGE, used)
        number = rng.randint(100, 9899)
        if rng.random() < 0.5:
            phone = f"+56 2 2{rng.randint(100, 999)} {rng.randint(1000, 9999)}"
        else:
            phone = f"+56 9 {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}"
        bank = rng.choice(BANKS)
        account = f"{rng.randint(10, 99)}-{rng.randint(100, 999)}-{rng.randint(10000, 99999)}"
        terms = f"Transferencia a {bank}, cta. cte. {account}, RUT {Rut.parse(rut).formatted}"
        party = PartySpec(
            rut=rut,
            razon_social=entry.razon_social,
            giro=entry.giro,
            actecos=entry.actecos,
            direccion=f"{entry.street} {number}",
            comuna=entry.comuna,
            ciudad=entry.ciudad,
            correo=f"facturacion@{entry.domain}",
            telefono=phone,
        )
        suppliers.append(
            Supplier(
                party=party,
                representative_name=entry.representative,
                representative_rut=_unique_rut(rng, PERSON_RUT_RANGE, used),
                kinds=entry.kinds,
                items=entry.items,
                payment_terms=terms,
            )
        )
    return tuple(suppliers)


EXPORT_BUYER = PartySpec(
    rut=FOREIGN_RECEPTOR_RUT,
    razon_social="Pacific Wine Importers Inc.",
    giro="Wine importer and distributor",
    direccion="1200 Harbor Blvd., Suite 300",
    comuna="Long Beach",
    ciudad="California",
    foreign_id="95-4412876",
    nationality="225",
)
"""A foreign buyer for export invoices (receptor RUT 55555555-5)."""

DEMO_COMPANY = PartySpec(
    rut=f"77123456-{compute_check_digit(77123456)}",
    razon_social="Cyma Ingeniería y Servicios S.A.",
    giro="Ingeniería y consultoría técnica",
    actecos=(711001,),
    direccion="Av. Apoquindo 4501, of. 1201",
    comuna="Las Condes",
    ciudad="Santiago",
    correo="dte@cyma.cl",
)
"""A receiving company for demos and tests."""
