package io.leadhub.sync;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The safety net under every failure message a reconciliation row stores (SPEC §12: a failure
 * message belongs to one lead). Connectors build the sentence; this makes sure that whatever a
 * vendor echoed into it stays readable and about this lead: whitespace (line breaks of echoed
 * queries, JSON indentation) collapses to single spaces, any e-mail address that is not the
 * lead's own is masked, and the text is cut at {@link #MAX_LENGTH} characters.
 */
public final class FailureMessage {
    /** Longest stored message. */
    public static final int MAX_LENGTH = 300;

    /**
     * An address as vendors echo it, international ones included (accented local parts and domains):
     * letters, marks and digits of any script, and the usual punctuation of local parts.
     */
    private static final Pattern EMAIL = Pattern.compile(
            "[\\p{L}\\p{M}\\p{N}._%+-][\\p{L}\\p{M}\\p{N}._%+'-]*@[\\p{L}\\p{M}\\p{N}.-]+\\.\\p{L}{2,}");

    private static final String MASK = "[another address]";

    private FailureMessage() {}

    /** {@code message} made safe for the row of the lead whose email is {@code ownEmail} (may be null). */
    public static String forLead(String message, String ownEmail) {
        if (message == null) return null;
        String own = ownEmail == null ? null : ownEmail.trim().toLowerCase(Locale.ROOT);
        Matcher m = EMAIL.matcher(message.replaceAll("\\s+", " ").trim());
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            boolean mine = own != null && m.group().toLowerCase(Locale.ROOT).equals(own);
            m.appendReplacement(out, Matcher.quoteReplacement(mine ? m.group() : MASK));
        }
        m.appendTail(out);
        return out.length() <= MAX_LENGTH ? out.toString() : out.substring(0, MAX_LENGTH - 1) + "…";
    }
}
