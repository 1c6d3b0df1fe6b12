package io.leadhub.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadhub.campaign.MemberStatusOrder.Move;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Membership statuses only move forward in the campaign's order (SPEC §7.3). */
class MemberStatusOrderTest {
    private final MemberStatusOrder order =
            new MemberStatusOrder(List.of("Visited booth", "Talked to sales", "Demo given"));

    @Test
    void statusesMoveForwardOnly() {
        assertThat(order.move(null, "Visited booth")).isEqualTo(Move.ADD);
        assertThat(order.move("Visited booth", "Demo given")).isEqualTo(Move.FORWARD);
        assertThat(order.move("Demo given", "Visited booth")).isEqualTo(Move.BACKWARD);
        assertThat(order.move("Demo given", "Demo given")).isEqualTo(Move.SAME);
        assertThat(order.move("Renamed at the vendor", "Visited booth"))
                .as("an unknown current status is replaced")
                .isEqualTo(Move.FORWARD);
        assertThat(Move.ADD.writes()).isTrue();
        assertThat(Move.FORWARD.writes()).isTrue();
        assertThat(Move.SAME.writes()).isFalse();
        assertThat(Move.BACKWARD.writes()).isFalse();
        assertThat(MemberStatusOrder.kept("701", "00v1", "Demo given", "Visited booth", Move.BACKWARD))
                .contains("keeps status 'Demo given'", "never move backwards");
    }
}
