package io.leadhub.platform;

/** Who is calling: the key's org (null for operators) and role. */
public record ApiPrincipal(String orgId, Role role) {
    public static final String REQUEST_ATTRIBUTE = "leadhub.principal";

    public boolean mayAccess(String org) {
        return role == Role.OPERATOR || org.equals(orgId);
    }
}
