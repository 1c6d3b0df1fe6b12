package io.leadhub.lead;

import com.google.common.net.InternetDomainName;
import java.net.URI;
import java.util.Locale;
import java.util.Set;

/** Company domains from websites and emails (registrable domain via Guava's public-suffix list). */
public final class Domains {
    private static final Set<String> FREE_MAIL = Set.of("gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.uk", "yahoo.de",
            "yahoo.fr", "hotmail.com", "hotmail.co.uk", "hotmail.de", "hotmail.fr", "outlook.com", "live.com", "msn.com",
            "icloud.com", "me.com", "mac.com", "aol.com", "gmx.de", "gmx.net", "gmx.com", "web.de", "proton.me",
            "protonmail.com", "mail.ru", "yandex.ru", "yandex.com", "qq.com", "163.com", "126.com", "t-online.de", "zoho.com");

    private Domains() {}

    /** {@code https://www.shop.acme.co.uk/x} → {@code acme.co.uk}; {@code jane@mail.acme.com} → {@code acme.com}; else null. */
    public static String registrableDomain(String emailOrUrl) {
        if (emailOrUrl == null || emailOrUrl.isBlank()) return null;
        String s = emailOrUrl.trim().toLowerCase(Locale.ROOT);
        String host;
        int at = s.lastIndexOf('@');
        if (at >= 0 && !s.contains("://")) {
            host = s.substring(at + 1);
        } else {
            try {
                host = URI.create(s.contains("://") ? s : "https://" + s).getHost();
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        if (host == null || host.isBlank()) return null;
        try {
            InternetDomainName name = InternetDomainName.from(host);
            return name.isUnderPublicSuffix() ? name.topPrivateDomain().toString() : null;
        } catch (IllegalArgumentException | IllegalStateException e) {
            return null;
        }
    }

    public static boolean isFreeMail(String domain) {
        return domain != null && (FREE_MAIL.contains(domain) || domain.startsWith("yahoo.") || domain.startsWith("hotmail."));
    }

    /** The company domain of a lead: its website's, else its email's unless that is a free-mail provider. */
    public static String companyDomain(String website, String email) {
        String fromSite = registrableDomain(website);
        if (fromSite != null) return fromSite;
        String fromMail = registrableDomain(email);
        return isFreeMail(fromMail) ? null : fromMail;
    }
}
