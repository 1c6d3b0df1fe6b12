package io.leadhub.sandbox.dataset;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;

/**
 * The raw material of generated leads: names with diacritics and non-English letters, fictional
 * companies (some with commas, ampersands and quotes in the name), job titles in several languages,
 * and note fragments with commas, quotes and line breaks. Every company gets a domain under the
 * reserved {@code .example} top-level domain, so no generated address can reach a real mailbox.
 */
final class LeadPools {
    private LeadPools() {}

    static final List<String> FIRST_NAMES = List.of(
            "José",
            "Zoë",
            "François",
            "Søren",
            "Łukasz",
            "Ingrid",
            "Björn",
            "Chloé",
            "Agnès",
            "Małgorzata",
            "Jürgen",
            "Žofie",
            "Ömer",
            "Çağla",
            "Anaïs",
            "Renée",
            "Šárka",
            "Øyvind",
            "Ásdís",
            "Þóra",
            "İlkay",
            "Siobhán",
            "Seán",
            "Niamh",
            "Hélène",
            "Maëlle",
            "Bartłomiej",
            "Đorđe",
            "Ştefan",
            "Ólafur",
            "Mónica",
            "Íñigo",
            "Gisèle",
            "Jörg",
            "Åsa",
            "Emőke",
            "Tomáš",
            "Dóra",
            "Nguyệt",
            "Joaquín",
            "Maria",
            "Kenji",
            "Priya",
            "Ahmed",
            "Aoife",
            "Li",
            "Omar",
            "Sofía",
            "Mateus",
            "Grete");

    static final List<String> LAST_NAMES = List.of(
            "Núñez",
            "Ødegaard",
            "Lefèvre",
            "Ørsted",
            "Wójcik",
            "Bäckström",
            "Müller-Lüdenscheidt",
            "García Márquez",
            "O'Brien",
            "Dvořák",
            "Kowalczyk",
            "Ó Súilleabháin",
            "van der Berg",
            "Çelik",
            "Yılmaz",
            "Nguyễn",
            "Petrović",
            "Grímsdóttir",
            "Jørgensen",
            "Łęcki",
            "Brontë",
            "Żółkiewski",
            "Schröder",
            "Beaumont-Léger",
            "Håkansson",
            "Szőke",
            "Călinescu",
            "Ibáñez",
            "De la Cruz",
            "Øverland",
            "Kähkönen",
            "Fernández",
            "Tanaka",
            "Nair",
            "Haddad",
            "Rossi",
            "Okafor",
            "Schmidt",
            "Lindqvist",
            "Mac Giolla Phádraig");

    /** A fictional company: its name as the rep types it and the slug of its email domain. */
    record Company(String name, String slug) {
        String domain() {
            return slug + "-group.example";
        }
    }

    static final List<Company> COMPANIES = List.of(
            new Company("Nordwind Logistik GmbH", "nordwind-logistik"),
            new Company("Brasserie Lefèvre & Fils", "brasserie-lefevre"),
            new Company("Øresund Marine Systems A/S", "oresund-marine"),
            new Company("Kraków Precision Tools Sp. z o.o.", "krakow-precision"),
            new Company("Café Núñez Importaciones S.L.", "cafe-nunez"),
            new Company("Dvořák Audio s.r.o.", "dvorak-audio-systems"),
            new Company("Åkerlund Packaging AB", "akerlund-packaging"),
            new Company("Société Lumière, Martin & Associés", "lumiere-martin"),
            new Company("Zürich Quantum Labs AG", "zurich-quantum-labs"),
            new Company("Bjørnstad Renewables", "bjornstad-renewables"),
            new Company("İstanbul Çelik Yapı A.Ş.", "istanbul-celik"),
            new Company("Hà Nội Software JSC", "hanoi-software"),
            new Company("Ólafsson Geothermal ehf.", "olafsson-geothermal"),
            new Company("Gdańsk Shipyard Robotics", "gdansk-shipyard"),
            new Company("Montréal Aérospatiale Inc.", "montreal-aerospatiale"),
            new Company("São Paulo Agritech Ltda.", "saopaulo-agritech"),
            new Company("Mälardalen Data AB", "malardalen-data"),
            new Company("Česká Drony a.s.", "ceska-drony-systems"),
            new Company("Łódź Textile Automation", "lodz-textile"),
            new Company("Sevilla Solar Energía S.A.", "sevilla-solar"),
            new Company("Köln Kinetics GmbH & Co. KG", "koeln-kinetics"),
            new Company("The \"Blue Fox\" Consultancy", "blue-fox-consultancy"),
            new Company("Ó Briain Analytics Ltd", "obriain-analytics"),
            new Company("Aarhus Wind Dynamics", "aarhus-wind"),
            new Company("Helsingør Medical ApS", "helsingor-medical"),
            new Company("Grenoble Micro-Électronique SAS", "grenoble-microelec"),
            new Company("Porto Cork & Cask, Lda.", "porto-cork-cask"),
            new Company("Ljubljana Vision d.o.o.", "ljubljana-vision"),
            new Company("Tromsø Arctic Sensors", "tromso-arctic"),
            new Company("Bodø Harbour Automation", "bodo-harbour"),
            new Company("Vaasa Power Électrique Oy", "vaasa-power"),
            new Company("Timișoara Robotics S.R.L.", "timisoara-robotics"),
            new Company("Kütahya Ceramics Engineering", "kutahya-ceramics"),
            new Company("Jyväskylä Forest Data", "jyvaskyla-forest"),
            new Company("Ærøskøbing Ferry Tech", "aeroskobing-ferry"),
            new Company("Niederösterreich Drohnen GmbH", "noe-drohnen"),
            new Company("Córdoba Precision Farming", "cordoba-farming"),
            new Company("Pécs Medical Imaging Kft.", "pecs-imaging"),
            new Company("Wrocław Warehouse Systems", "wroclaw-warehouse"),
            new Company("Reykjavík Fjord Analytics", "reykjavik-fjord"));

    static final List<String> TITLES = List.of(
            "Head of Procurement",
            "Directrice des Achats",
            "Leiter Einkauf & Logistik",
            "Chief Technology Officer",
            "Responsable Innovation, R&D",
            "VP Engineering",
            "Ingeniera de Automatización",
            "Data Scientist",
            "Operations Manager – EMEA",
            "Product Owner \"Smart Factory\"",
            "Einkäuferin",
            "Chef de projet numérique",
            "Kierownik Działu Zakupów",
            "Innkjøpssjef",
            "Directeur Général Adjoint",
            "Supply Chain Analyst",
            "Plant Manager",
            "CFO",
            "Technical Buyer",
            "Responsable Qualité & Sécurité");

    /** Titles of 101 to 127 characters: longer than a 100-character vendor title, within 128. */
    static final List<String> LONG_TITLES = List.of(
            "Senior Vice President, Global Strategic Sourcing, Supplier Diversity & Sustainability (EMEA/APAC)",
            "Directrice Générale Déléguée en charge de la Transformation Numérique, de l'Innovation et des Achats",
            "Stellvertretender Bereichsleiter für Produktionsplanung, Instandhaltung und Qualitätssicherung (Werk Süd)");

    static final List<String> NOTE_FRAGMENTS = List.of(
            "Met at booth 12, asked about the \"Pro\" tier and volume pricing.",
            "Wants pricing for 3 sites: Zürich, Kraków and Lyon.",
            "Follow up after the show —\nsend the deck, not the brochure.",
            "Interested in drones; budget approved for Q3, decision by the end of the month.",
            "Mentioned a competitor (\"SkyNet Robotics\") twice, unhappy with their support.",
            "Prefers to be contacted in French, not before 10:00 CET.",
            "Asked whether the hub can integrate with their ERP, SAP S/4HANA, \"on-prem, not cloud\".",
            "Has a team of 40 engineers; pilot could start in Søndersø in September.",
            "Requested a demo for the CTO, Mr. Łęcki, who was not at the show.",
            "Scanned twice by mistake, same person, same company.",
            "Needs GDPR paperwork before any trial:\n  - DPA\n  - list of sub-processors",
            "Said: \"we'll buy if the price is right, otherwise next year\".",
            "Budget holder is the CFO; procurement runs a tender in Q4, 3 vendors shortlisted.",
            "Très intéressée par la version logicielle, à recontacter après le salon.",
            "Möchte ein Angebot für 25 Lizenzen, Lieferung bis Ende Oktober.",
            "Visited the stand with two colleagues, Ana and Ørjan, both engineers.");

    static final List<String> SHORT_NOTES = List.of(
            "Hot prospect, call Monday.",
            "Send brochure.",
            "Met at the keynote, friendly.",
            "Asked for a quote, 5 units.",
            "Wants a call back, prefers email.",
            "Knows our CEO.",
            "Demo given at the stand.");

    /** The text with diacritics removed and special letters spelled in ASCII (ø → o, ł → l, ß → ss…). */
    static String ascii(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case 'ø' -> b.append('o');
                case 'Ø' -> b.append('O');
                case 'ł' -> b.append('l');
                case 'Ł' -> b.append('L');
                case 'đ', 'ð' -> b.append('d');
                case 'Đ', 'Ð' -> b.append('D');
                case 'ß' -> b.append("ss");
                case 'æ' -> b.append("ae");
                case 'Æ' -> b.append("Ae");
                case 'þ' -> b.append("th");
                case 'Þ' -> b.append("Th");
                case 'ı' -> b.append('i');
                case 'œ' -> b.append("oe");
                default -> b.append(c);
            }
        }
        return Normalizer.normalize(b, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
    }

    /** Lower-case ASCII letters and digits, words joined by '-'; apostrophes dropped (O'Brien → obrien). */
    static String slug(String s) {
        return ascii(s.replace("'", "").replace("’", ""))
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-|-$", "");
    }
}
