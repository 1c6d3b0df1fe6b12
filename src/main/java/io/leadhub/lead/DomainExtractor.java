package io.leadhub.lead;

import com.google.common.net.InternetDomainName;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/** Company domains from websites and emails (registrable domain via Guava's public-suffix list). */
public final class DomainExtractor {
    private static final Set<String> FREE_MAIL = Set.of(
            "gmail.com",
            "googlemail.com",
            "outlook.com",
            "live.com",
            "msn.com",
            "icloud.com",
            "me.com",
            "mac.com",
            "aol.com",
            "web.de",
            "proton.me",
            "protonmail.com",
            "pm.me",
            "mail.ru",
            "qq.com",
            "163.com",
            "126.com",
            "gmx.net",
            "mail.com",
            "zoho.com",
            "tutanota.com",
            "t-online.de",
            "freenet.de",
            "orange.fr",
            "free.fr",
            "laposte.net",
            "libero.it",
            "ymail.com",
            "rocketmail.com");

    /** Free-mail brands that exist under many public suffixes (yahoo.co.uk, hotmail.fr, gmx.de...). */
    private static final Set<String> FREE_MAIL_BRANDS = Set.of("yahoo", "hotmail", "gmx", "yandex", "outlook", "live");

    private DomainExtractor() {}

    /**
     * The registrable domain of an email address or URL: {@code https://www.shop.acme.co.uk/x} gives
     * {@code acme.co.uk}, {@code jane@mail.acme.com} gives {@code acme.com}; null when there is none
     * (no host, an IP address, a bare public suffix, an invalid name).
     */
    public static String registrableDomain(String emailOrUrl) {
        if (emailOrUrl == null) return null;
        String s = emailOrUrl.strip();
        if (s.isEmpty()) return null;
        String host;
        if (!s.contains("://") && s.contains("@")) {
            host = s.substring(s.lastIndexOf('@') + 1);
        } else {
            String withScheme = s.contains("://") ? s : "https://" + s;
            try {
                host = new URI(withScheme).getHost();
            } catch (URISyntaxException e) {
                host = null;
            }
            if (host == null) {
                // fall back on the text between the scheme and the first '/', '?', '#' or ':'
                String rest = withScheme.substring(withScheme.indexOf("://") + 3);
                int at = rest.lastIndexOf('@');
                if (at >= 0) rest = rest.substring(at + 1);
                int end = rest.length();
                for (char c : new char[] {'/', '?', '#', ':'}) {
                    int i = rest.indexOf(c);
                    if (i >= 0 && i < end) end = i;
                }
                host = rest.substring(0, end);
            }
        }
        return registrable(host);
    }

    private static String registrable(String host) {
        if (host == null) return null;
        String h = host.strip().toLowerCase(Locale.ROOT);
        while (h.endsWith(".")) h = h.substring(0, h.length() - 1);
        if (h.isEmpty() || !InternetDomainName.isValid(h)) return null;
        InternetDomainName name = InternetDomainName.from(h);
        if (!name.isUnderPublicSuffix()) return null;
        return name.topPrivateDomain().toString();
    }

    /** Whether the domain (or the registrable domain it belongs to) is a common free-mail provider. */
    public static boolean isFreeMail(String domain) {
        String d = registrable(domain);
        if (d == null) return false;
        if (FREE_MAIL.contains(d)) return true;
        InternetDomainName name = InternetDomainName.from(d);
        String brand = name.parts().get(0);
        return FREE_MAIL_BRANDS.contains(brand);
    }

    /** The company domain of a lead: its website's, else its email's unless that is a free-mail provider. */
    public static String companyDomain(String website, String email) {
        String fromSite = registrableDomain(website);
        if (fromSite != null) return fromSite;
        String fromMail = registrableDomain(email);
        return isFreeMail(fromMail) ? null : fromMail;
    }
}
