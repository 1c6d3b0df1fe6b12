package io.leadhub.capture;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import io.leadhub.lead.LeadDraft;
import io.leadhub.lead.LeadField;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hibernate.validator.internal.constraintvalidators.bv.EmailValidator;

/**
 * The one rule set for captured lead fields, shared by the JSON, badge and CSV paths:
 * normalizes values (trim, E.164 phone, scheme on URLs) and reports what is invalid.
 */
public class LeadValidation {

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final EmailValidator EMAIL_SYNTAX = new EmailValidator();

    /** Exact free-mail domains (registrable domain form). */
    /**
     * Normalizes the draft in place and answers its problems (empty when valid).
     *
     * @param defaultRegion ISO 3166 region used to read phone numbers written without a country code
     *                      (e.g. "US"); null when unknown, then such numbers are kept as written
     */
    public List<String> validateAndNormalize(LeadDraft d, String defaultRegion) {
        List<String> problems = new ArrayList<>();
        // LeadDraft.set strips and drops blanks; re-setting every value normalizes whitespace.
        for (Map.Entry<LeadField, String> e : List.copyOf(d.fields().entrySet())) {
            d.set(e.getKey(), e.getValue());
        }

        String email = d.get(LeadField.EMAIL);
        if (email != null) {
            if (email.regionMatches(true, 0, "mailto:", 0, 7)) {
                email = email.substring(7).strip();
                d.set(LeadField.EMAIL, email);
            }
            if (!isValidEmail(email)) problems.add("invalid email '" + abbreviate(email) + "'");
        }

        String phone = d.get(LeadField.PHONE);
        if (phone != null) {
            String e164 = toE164(phone, defaultRegion);
            if (e164 != null) d.set(LeadField.PHONE, e164);
        }

        normalizeUrl(d, LeadField.WEBSITE, problems);
        normalizeUrl(d, LeadField.LINKEDIN_URL, problems);

        for (LeadField f : LeadField.values()) {
            String v = d.get(f);
            if (v != null && v.length() > f.maxLength()) {
                problems.add("'" + f.apiName() + "' is longer than " + f.maxLength() + " characters");
            }
        }
        return problems;
    }

    /** Pragmatic email syntax: one '@', no whitespace, non-empty local part, a dotted domain. */
    public static boolean isValidEmail(String email) {
        if (email == null || email.isEmpty() || containsWhitespace(email)) return false;
        int at = email.indexOf('@');
        if (at <= 0 || at != email.lastIndexOf('@') || at == email.length() - 1) return false;
        String domain = email.substring(at + 1);
        if (!domain.contains(".") || domain.startsWith(".") || domain.endsWith(".")) return false;
        return EMAIL_SYNTAX.isValid(email, null);
    }

    /** The number in E.164 when libphonenumber recognizes it as valid, otherwise null. */
    public static String toE164(String raw, String defaultRegion) {
        String region = defaultRegion == null ? null : defaultRegion.toUpperCase(Locale.ROOT);
        if (region == null && !raw.strip().startsWith("+")) return null;
        try {
            Phonenumber.PhoneNumber n = PHONES.parse(raw, region == null ? "ZZ" : region);
            return PHONES.isValidNumber(n) ? PHONES.format(n, PhoneNumberUtil.PhoneNumberFormat.E164) : null;
        } catch (NumberParseException e) {
            return null;
        }
    }

    private static void normalizeUrl(LeadDraft d, LeadField field, List<String> problems) {
        String url = d.get(field);
        if (url == null) return;
        String withScheme = url.contains("://") ? url : "https://" + url;
        if (!isValidWebUrl(withScheme)) {
            problems.add("invalid " + field.apiName() + " '" + abbreviate(url) + "'");
            return;
        }
        d.set(field, withScheme);
    }

    static boolean isValidWebUrl(String url) {
        if (containsWhitespace(url)) return false;
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            if (scheme == null) return false;
            scheme = scheme.toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) return false;
            String host = uri.getHost();
            return host != null && !host.isEmpty() && (host.contains(".") || host.startsWith("["));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean containsWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i)) || Character.isSpaceChar(s.charAt(i))) return true;
        }
        return false;
    }

    static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
