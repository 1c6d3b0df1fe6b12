package io.leadhub.capture;

import ezvcard.Ezvcard;
import ezvcard.VCard;
import ezvcard.parameter.AddressType;
import ezvcard.parameter.EmailType;
import ezvcard.parameter.TelephoneType;
import ezvcard.property.Address;
import ezvcard.property.Email;
import ezvcard.property.FormattedName;
import ezvcard.property.Note;
import ezvcard.property.Organization;
import ezvcard.property.RawProperty;
import ezvcard.property.StructuredName;
import ezvcard.property.Telephone;
import ezvcard.property.Title;
import ezvcard.property.Url;
import io.leadhub.lead.LeadDraft;
import io.leadhub.lead.LeadField;
import io.leadhub.lead.LeadSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Reads the text of a badge QR code, in vCard (2.1, 3.0, 4.0) or MECARD form, into lead fields.
 * Values are taken as written; normalization and validation are {@link LeadValidation}'s job.
 */
public class BadgeParser {

    public LeadDraft parse(String payload) {
        if (payload == null) throw new CaptureException("the badge payload is empty");
        String text = payload.strip();
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF')
            text = text.substring(1).strip();
        if (text.isEmpty()) throw new CaptureException("the badge payload is empty");

        String head = text.substring(0, Math.min(text.length(), 16)).toUpperCase(Locale.ROOT);
        LeadDraft draft;
        if (head.startsWith("BEGIN:VCARD")) {
            draft = parseVCard(text);
        } else if (head.startsWith("MECARD:")) {
            draft = parseMecard(text.substring("MECARD:".length()));
        } else {
            throw new CaptureException("badge payload is neither a vCard nor a MECARD");
        }
        if (draft.fields().isEmpty()) throw new CaptureException("the badge payload contains no contact fields");
        return draft.source(LeadSource.BADGE_SCAN);
    }

    // ---------------------------------------------------------------- vCard

    private LeadDraft parseVCard(String text) {
        VCard card;
        try {
            card = Ezvcard.parse(text).first();
        } catch (RuntimeException e) {
            throw new CaptureException("the badge vCard could not be parsed: " + e.getMessage());
        }
        if (card == null) throw new CaptureException("the badge vCard could not be parsed: no complete vCard found");

        LeadDraft d = new LeadDraft();
        StructuredName n = card.getStructuredName();
        if (n != null) {
            d.set(LeadField.FIRST_NAME, n.getGiven());
            d.set(LeadField.LAST_NAME, n.getFamily());
        }
        if (d.get(LeadField.FIRST_NAME) == null && d.get(LeadField.LAST_NAME) == null) {
            FormattedName fn = card.getFormattedName();
            if (fn != null) splitFullName(fn.getValue(), d);
        }

        Email email = pickEmail(card.getEmails());
        if (email != null) d.set(LeadField.EMAIL, email.getValue());

        String phone = pickPhone(card.getTelephoneNumbers());
        if (phone != null) d.set(LeadField.PHONE, phone);

        Organization org = card.getOrganization();
        if (org != null && !org.getValues().isEmpty())
            d.set(LeadField.COMPANY, org.getValues().get(0));

        card.getTitles().stream()
                .map(Title::getValue)
                .filter(BadgeParser::notBlank)
                .findFirst()
                .ifPresent(t -> d.set(LeadField.JOB_TITLE, t));

        List<String> urls = new ArrayList<>();
        for (Url u : card.getUrls())
            if (notBlank(u.getValue())) urls.add(u.getValue().strip());
        for (RawProperty p : card.getExtendedProperties()) {
            if (p.getPropertyName().equalsIgnoreCase("X-SOCIALPROFILE") && notBlank(p.getValue())) {
                urls.add(p.getValue().strip());
            }
        }
        for (String u : urls) {
            if (isLinkedIn(u)) d.fillIfEmpty(LeadField.LINKEDIN_URL, u);
            else d.fillIfEmpty(LeadField.WEBSITE, u);
        }

        Address adr = pickAddress(card.getAddresses());
        if (adr != null) {
            d.set(LeadField.STREET, joinNonBlank(", ", adr.getStreetAddressFull(), adr.getExtendedAddressFull()));
            d.set(LeadField.CITY, adr.getLocality());
            d.set(LeadField.REGION, adr.getRegion());
            d.set(LeadField.POSTAL_CODE, adr.getPostalCode());
            d.set(LeadField.COUNTRY, adr.getCountry());
        }

        String notes = card.getNotes().stream()
                .map(Note::getValue)
                .filter(BadgeParser::notBlank)
                .map(String::strip)
                .collect(Collectors.joining("\n"));
        d.set(LeadField.NOTES, notes);
        return d;
    }

    /** Preferred first (PREF type or lowest pref=), then WORK/INTERNET, then document order. */
    private static Email pickEmail(List<Email> emails) {
        List<Email> usable = emails.stream().filter(e -> notBlank(e.getValue())).toList();
        return usable.stream()
                .min(Comparator.comparingInt(
                                (Email e) -> prefRank(e.getPref(), e.getTypes().contains(EmailType.PREF)))
                        .thenComparingInt(e -> e.getTypes().contains(EmailType.WORK)
                                        || e.getTypes().contains(EmailType.INTERNET)
                                ? 0
                                : 1)
                        .thenComparingInt(usable::indexOf))
                .orElse(null);
    }

    /** WORK first, then CELL, then document order; a preferred number wins within its group. */
    private static String pickPhone(List<Telephone> phones) {
        List<Telephone> usable =
                phones.stream().filter(t -> phoneText(t) != null).toList();
        return usable.stream()
                .min(Comparator.comparingInt((Telephone t) -> t.getTypes().contains(TelephoneType.WORK)
                                ? 0
                                : t.getTypes().contains(TelephoneType.CELL) ? 1 : 2)
                        .thenComparingInt(
                                t -> prefRank(t.getPref(), t.getTypes().contains(TelephoneType.PREF)))
                        .thenComparingInt(usable::indexOf))
                .map(BadgeParser::phoneText)
                .orElse(null);
    }

    private static String phoneText(Telephone t) {
        if (notBlank(t.getText())) return t.getText().strip();
        if (t.getUri() != null && notBlank(t.getUri().getNumber())) {
            String ext = t.getUri().getExtension();
            return t.getUri().getNumber() + (notBlank(ext) ? " ext. " + ext : "");
        }
        return null;
    }

    private static Address pickAddress(List<Address> addresses) {
        if (addresses.isEmpty()) return null;
        return addresses.stream()
                .min(Comparator.comparingInt((Address a) -> a.getTypes().contains(AddressType.WORK) ? 0 : 1)
                        .thenComparingInt(
                                a -> prefRank(a.getPref(), a.getTypes().contains(AddressType.PREF)))
                        .thenComparingInt(addresses::indexOf))
                .orElse(null);
    }

    private static int prefRank(Integer pref, boolean prefType) {
        if (pref != null) return pref;
        return prefType ? 1 : 101;
    }

    private static boolean isLinkedIn(String url) {
        String host = url.toLowerCase(Locale.ROOT).replaceFirst("^[a-z]+://", "");
        int slash = host.indexOf('/');
        if (slash >= 0) host = host.substring(0, slash);
        return host.equals("linkedin.com") || host.endsWith(".linkedin.com");
    }

    // ---------------------------------------------------------------- MECARD

    private LeadDraft parseMecard(String body) {
        LeadDraft d = new LeadDraft();
        List<String> phones = new ArrayList<>();
        for (String field : splitUnescaped(body, ';')) {
            int colon = indexOfUnescaped(field, ':');
            if (colon <= 0) continue;
            String key = field.substring(0, colon).strip().toUpperCase(Locale.ROOT);
            String raw = field.substring(colon + 1);
            switch (key) {
                case "N" -> {
                    List<String> parts = splitUnescaped(raw, ',');
                    if (parts.size() >= 2) {
                        d.set(LeadField.LAST_NAME, unescape(parts.get(0)));
                        d.set(LeadField.FIRST_NAME, unescape(String.join(",", parts.subList(1, parts.size()))));
                    } else {
                        splitFullName(unescape(raw), d);
                    }
                }
                case "TEL" -> phones.add(unescape(raw));
                case "EMAIL" -> d.fillIfEmpty(LeadField.EMAIL, unescape(raw));
                case "ORG" -> d.fillIfEmpty(LeadField.COMPANY, unescape(raw));
                case "TITLE" -> d.fillIfEmpty(LeadField.JOB_TITLE, unescape(raw));
                case "URL" -> {
                    String u = unescape(raw);
                    if (notBlank(u))
                        d.fillIfEmpty(isLinkedIn(u.strip()) ? LeadField.LINKEDIN_URL : LeadField.WEBSITE, u);
                }
                case "NOTE" -> d.fillIfEmpty(LeadField.NOTES, unescape(raw));
                case "ADR" -> mecardAddress(raw, d);
                default -> {
                    /* SOUND, BDAY, NICKNAME, TEL-AV, ...: not lead fields */
                }
            }
        }
        phones.stream().filter(BadgeParser::notBlank).findFirst().ifPresent(p -> d.set(LeadField.PHONE, p));
        return d;
    }

    /** DoCoMo form is "PO box,extended,street,city,region,postal code,country"; anything else is the street. */
    private static void mecardAddress(String raw, LeadDraft d) {
        if (d.get(LeadField.STREET) != null || d.get(LeadField.CITY) != null) return;
        List<String> parts = splitUnescaped(raw, ',');
        if (parts.size() == 7) {
            d.set(
                    LeadField.STREET,
                    joinNonBlank(", ", unescape(parts.get(2)), unescape(parts.get(1)), unescape(parts.get(0))));
            d.set(LeadField.CITY, unescape(parts.get(3)));
            d.set(LeadField.REGION, unescape(parts.get(4)));
            d.set(LeadField.POSTAL_CODE, unescape(parts.get(5)));
            d.set(LeadField.COUNTRY, unescape(parts.get(6)));
        } else {
            d.set(LeadField.STREET, unescape(raw));
        }
    }

    /** Splits on {@code sep} when it is not preceded by a backslash escape; escapes are kept. */
    static List<String> splitUnescaped(String s, char sep) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                cur.append(c).append(s.charAt(++i));
            } else if (c == sep) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    private static int indexOfUnescaped(String s, char target) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') i++;
            else if (c == target) return i;
        }
        return -1;
    }

    static String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) out.append(s.charAt(++i));
            else out.append(c);
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- shared

    /**
     * "Jane Q. Doe" gives first "Jane Q.", last "Doe"; "Doe, Jane" gives first "Jane", last "Doe";
     * "Jane Doe, PhD" gives first "Jane", last "Doe".
     */
    static void splitFullName(String full, LeadDraft d) {
        if (full == null) return;
        String name = full.strip().replaceAll("\\s+", " ");
        if (name.isEmpty()) return;
        int comma = name.indexOf(',');
        if (comma > 0) {
            String before = name.substring(0, comma).strip();
            if (!before.contains(" ")) {
                d.set(LeadField.LAST_NAME, before);
                d.set(LeadField.FIRST_NAME, name.substring(comma + 1));
                return;
            }
            name = before; // "Jane Doe, PhD": the part after the comma is a suffix
        }
        int space = name.lastIndexOf(' ');
        if (space < 0) {
            d.set(LeadField.FIRST_NAME, name);
        } else {
            d.set(LeadField.FIRST_NAME, name.substring(0, space));
            d.set(LeadField.LAST_NAME, name.substring(space + 1));
        }
    }

    private static String joinNonBlank(String sep, String... parts) {
        String s = Arrays.stream(parts)
                .filter(Objects::nonNull)
                .map(String::strip)
                .filter(p -> !p.isEmpty())
                .collect(Collectors.joining(sep));
        return s.isEmpty() ? null : s;
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
