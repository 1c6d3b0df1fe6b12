package io.leadhub.sandbox.salesforce;

/** Salesforce record ids: 15 case-sensitive characters plus the 3-character case-safe suffix. */
final class SalesforceIds {

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final String SUFFIX = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

    private SalesforceIds() {}

    /** The 18-character id of the {@code n}-th record with this key prefix (pod {@code 5g}, like a real org). */
    static String newId(String keyPrefix, long n) {
        StringBuilder digits = new StringBuilder();
        long v = n;
        do {
            digits.append(BASE62.charAt((int) (v % 62)));
            v /= 62;
        } while (v > 0);
        String body = digits.reverse().toString();
        String id15 = keyPrefix + "5g" + "0".repeat(Math.max(0, 10 - body.length())) + body;
        return to18(id15);
    }

    /** Adds the case-safe suffix to a 15-character id. */
    static String to18(String id15) {
        StringBuilder sb = new StringBuilder(id15);
        for (int chunk = 0; chunk < 3; chunk++) {
            int flags = 0;
            for (int j = 0; j < 5; j++) {
                char c = id15.charAt(chunk * 5 + j);
                if (c >= 'A' && c <= 'Z') {
                    flags |= 1 << j;
                }
            }
            sb.append(SUFFIX.charAt(flags));
        }
        return sb.toString();
    }

    /** Whether the text has the shape of an id (15 or 18 letters and digits). */
    static boolean looksLikeId(String s) {
        return s != null && (s.length() == 15 || s.length() == 18) && s.chars().allMatch(Character::isLetterOrDigit);
    }

    /** The 18-character form of a 15- or 18-character id; null when it is not id-shaped. */
    static String normalize(String s) {
        if (!looksLikeId(s)) {
            return null;
        }
        return to18(s.substring(0, 15));
    }
}
