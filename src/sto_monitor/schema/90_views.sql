-- One row per vestiging with its latest known name, address and coordinates.
-- Coordinates come from the geocoded file (newest snapshot first), else the PC4 centroid.
CREATE OR REPLACE VIEW vestiging AS
WITH codes AS (
    SELECT vestiging FROM vestiging_jaar
    UNION SELECT vestiging FROM vestiging_adres
    UNION SELECT vestiging FROM vestiging_geo
),
jaar AS (
    SELECT vestiging, arg_max(naam, schooljaar * 100000 + bron_id) AS naam,
           arg_max(plaats, schooljaar * 100000 + bron_id) AS plaats,
           arg_max(provincie, schooljaar * 100000 + bron_id) AS provincie
    FROM vestiging_jaar GROUP BY vestiging
),
adres AS (
    SELECT vestiging, arg_max(COLUMNS(* EXCLUDE (vestiging, bron_id)), bron_id)
    FROM vestiging_adres GROUP BY vestiging
),
geo AS (
    SELECT vestiging, arg_max(lat, coalesce(peildatum, DATE '1900-01-01')) AS lat,
           arg_max(lon, coalesce(peildatum, DATE '1900-01-01')) AS lon
    FROM vestiging_geo GROUP BY vestiging
),
centroid AS (
    SELECT pc4, avg(lat) AS lat, avg(lon) AS lon FROM pc4 GROUP BY pc4
)
SELECT
    codes.vestiging,
    left(codes.vestiging, 4) AS brin,
    coalesce(adres.naam, jaar.naam) AS naam,
    coalesce(adres.plaats, jaar.plaats) AS plaats,
    coalesce(adres.provincie, jaar.provincie) AS provincie,
    adres.postcode, adres.pc4, adres.gemeentecode, adres.gemeente,
    adres.corop_code, adres.corop_naam, adres.onderwijsstructuur, adres.denominatie,
    coalesce(geo.lat, centroid.lat) AS lat,
    coalesce(geo.lon, centroid.lon) AS lon,
    CASE WHEN geo.lat IS NOT NULL THEN 'adres' WHEN centroid.lat IS NOT NULL THEN 'pc4' END
        AS coordinaat_bron
FROM codes
LEFT JOIN jaar USING (vestiging)
LEFT JOIN adres USING (vestiging)
LEFT JOIN geo USING (vestiging)
LEFT JOIN centroid ON centroid.pc4 = adres.pc4;

-- The region of each vestiging per school year: the period that contains the year, or for a
-- year before the first period, the first period (the monitor's baseline year 2019/2020).
CREATE OR REPLACE VIEW regio_schooljaar AS
WITH jaren AS (SELECT DISTINCT schooljaar FROM leerlingen),
periodes AS (SELECT DISTINCT periode, periode_start, periode_eind FROM regio),
gekozen AS (
    SELECT jaren.schooljaar, arg_min(periodes.periode,
        CASE WHEN jaren.schooljaar BETWEEN periode_start AND periode_eind THEN 0
             ELSE 1 + abs(jaren.schooljaar - periode_start) END) AS periode
    FROM jaren, periodes GROUP BY jaren.schooljaar
)
SELECT gekozen.schooljaar, rv.periode, rv.regio, rv.vestiging
FROM gekozen JOIN regio_vestiging rv USING (periode);
