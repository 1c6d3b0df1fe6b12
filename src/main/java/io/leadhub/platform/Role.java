package io.leadhub.platform;

/** API key roles: capture endpoints only, everything of one org, or every org. */
public enum Role {
    CAPTURE, ADMIN, OPERATOR;

    public String key() { return name().toLowerCase(java.util.Locale.ROOT); }
}
