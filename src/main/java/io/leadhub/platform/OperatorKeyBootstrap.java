package io.leadhub.platform;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * The first operator key of a new installation: {@code HUB_OPERATOR_KEY} ({@code hub.operator-key}),
 * stored (as its hash, like every key) at start-up unless it exists. Keys are never shown again, so
 * the operator chooses it and keeps it in a secret store; later keys come from the API. Instances
 * starting together may both insert it: the loser finds it stored.
 */
@Component
class OperatorKeyBootstrap implements ApplicationRunner {
    static final int MIN_LENGTH = 32;
    private final ApiKeyStore keys;
    private final String key;

    OperatorKeyBootstrap(ApiKeyStore keys, @Value("${hub.operator-key:}") String key) {
        this.keys = keys;
        this.key = key.strip();
        if (!this.key.isEmpty() && this.key.length() < MIN_LENGTH)
            throw new IllegalStateException("HUB_OPERATOR_KEY is too short: use at least " + MIN_LENGTH
                    + " random characters (e.g. lh_operator_$(openssl rand -hex 24))");
    }

    @Override
    public void run(ApplicationArguments args) {
        if (key.isEmpty()) return;
        try {
            keys.ensure(key, null, Role.OPERATOR, "HUB_OPERATOR_KEY");
        } catch (DuplicateKeyException storedMeanwhile) {
            // another instance stored it first
        }
    }
}
