package io.leadhub.platform;

import java.util.Locale;

/** API key roles: capture endpoints only, everything of one org, or every org. */
public enum Role {
    CAPTURE,
    ADMIN,
    OPERATOR;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
