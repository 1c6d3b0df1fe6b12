package io.leadhub.campaign;

import java.util.List;

/**
 * The member statuses of one campaign or program, first to last (Salesforce: the campaign's
 * CampaignMemberStatus SortOrder; Zoho: its member status list), and the rule every connector
 * applies with them: a membership status only moves forward (SPEC §7.3), so a late or replayed
 * scan never turns "Demo given" back into "Visited booth".
 *
 * <p>A current status the order does not know (renamed or removed at the vendor) counts as
 * before every known one, so the hub's status replaces it.
 */
public record MemberStatusOrder(List<String> ordered) {

    /** What to do with a membership, given its current status at the vendor and the one the hub wants. */
    public enum Move {
        /** Not a member yet: add it with the wanted status. */
        ADD,
        /** A member with an earlier status: move it to the wanted one. */
        FORWARD,
        /** Already at the wanted status: nothing to write. */
        SAME,
        /** A member with a later status: keep it, the wanted one would move it backwards. */
        BACKWARD;

        /** Whether the membership must be written. */
        public boolean writes() {
            return this == ADD || this == FORWARD;
        }
    }

    public MemberStatusOrder {
        ordered = List.copyOf(ordered);
    }

    public boolean contains(String status) {
        return ordered.contains(status);
    }

    /** {@code current}: the member's status at the vendor, or null when the lead is not a member. */
    public Move move(String current, String wanted) {
        if (current == null) return Move.ADD;
        if (current.equals(wanted)) return Move.SAME;
        return ordered.indexOf(current) > ordered.indexOf(wanted) ? Move.BACKWARD : Move.FORWARD;
    }

    /** The match-trace line for a membership that is left as it is. */
    public static String kept(String campaignId, String member, String current, String wanted, Move move) {
        return "campaign " + campaignId + ": member " + member + " keeps status '" + current + "'"
                + (move == Move.BACKWARD ? " (later than '" + wanted + "'; statuses never move backwards)" : "");
    }
}
