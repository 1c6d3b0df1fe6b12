package io.leadhub.connect;

import io.leadhub.connector.OutboundGuard;
import io.leadhub.connector.OutboundRefused;
import io.leadhub.integration.Integration;
import io.leadhub.integration.IntegrationRepository;
import io.leadhub.integration.IntegrationSettingsValidator;
import io.leadhub.integration.Vendor;
import io.leadhub.platform.ApiException;
import io.leadhub.sync.ManualSync;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Service;

/**
 * Creating or updating an integration's settings and sync mode (the API's {@code PUT
 * …/integrations/{vendor}} and the console's Connect tab): one active integration per category, a
 * base URL on the vendor's hosts, settings the vendor's validator accepts; a change of sync mode (or
 * credentials put back by hand) releases the waiting leads. Credentials are write-only here.
 */
@Service
public class IntegrationSettingsService {
    private final IntegrationRepository integrations;
    private final ManualSync manualSync;
    private final ProducerTemplate producer;
    private final Map<Vendor, IntegrationSettingsValidator> validators;
    private final OutboundGuard guard;

    IntegrationSettingsService(
            IntegrationRepository integrations,
            ManualSync manualSync,
            ProducerTemplate producer,
            List<IntegrationSettingsValidator> validators,
            OutboundGuard guard) {
        this.guard = guard;
        this.integrations = integrations;
        this.manualSync = manualSync;
        this.producer = producer;
        this.validators = validators.stream()
                .collect(Collectors.toMap(IntegrationSettingsValidator::vendor, Function.identity()));
    }

    /** What to change; every part is optional (null keeps what the integration has). */
    public record Update(
            Integration.SyncMode syncMode,
            String baseUrl,
            Map<String, Object> settings,
            Map<String, Object> credentials,
            Long tokenExpiresInSeconds) {}

    /** Creates or updates the integration; answers it as saved. */
    public Integration update(String org, Vendor v, Update body) {
        var existing = integrations.find(org, v);
        var otherActive = integrations.activeInCategory(org, v);
        boolean wouldBeActive = existing.isEmpty()
                || body.credentials() != null
                || existing.get().state() != Integration.ConnectionState.DISCONNECTED;
        if (otherActive.isPresent() && wouldBeActive) {
            throw ApiException.conflict("org '" + org + "' already has an active " + v.category() + " integration ("
                    + otherActive.get().vendor().key() + ", "
                    + otherActive.get().state() + "); disconnect it first");
        }
        String baseUrl = body.baseUrl() != null
                ? body.baseUrl()
                : existing.map(Integration::baseUrl).orElse(null);
        if (baseUrl == null || !baseUrl.matches("https?://.+"))
            throw ApiException.unprocessable("'baseUrl' must be an http(s) URL");
        try {
            guard.checkBaseUrl(v, baseUrl);
        } catch (OutboundRefused e) {
            throw ApiException.unprocessable("'baseUrl' refused: " + e.getMessage());
        }
        Integration.SyncMode mode = body.syncMode() != null
                ? body.syncMode()
                : existing.map(Integration::syncMode).orElse(Integration.SyncMode.AUTOMATIC);
        Map<String, Object> settings = body.settings() != null
                ? body.settings()
                : existing.map(Integration::settings).orElse(Map.of());
        IntegrationSettingsValidator validator = validators.get(v);
        List<String> problems = validator == null ? List.of() : validator.problems(settings);
        if (!problems.isEmpty()) {
            throw new ApiException(
                    422, "invalid_settings", v.key() + " settings: " + String.join("; ", problems), problems);
        }
        Integration.ConnectionState initial = body.credentials() != null
                ? Integration.ConnectionState.CONNECTED
                : Integration.ConnectionState.DISCONNECTED;
        long id = integrations.upsert(org, v, mode, baseUrl.replaceAll("/+$", ""), settings, initial);
        if (body.credentials() != null) {
            Instant exp = body.tokenExpiresInSeconds() == null
                    ? null
                    : Instant.now().plusSeconds(body.tokenExpiresInSeconds());
            integrations.saveCredentials(id, body.credentials(), exp);
            integrations.setState(id, Integration.ConnectionState.CONNECTED, null);
        }
        Integration saved = integrations.byId(id).orElseThrow();
        existing.ifPresent(before -> {
            var released = new ArrayList<>(manualSync.modeChanged(saved, before.syncMode(), saved.syncMode()));
            if (body.credentials() != null && before.state() != Integration.ConnectionState.CONNECTED) {
                released.addAll(manualSync.releaseHeld(saved)); // credentials put back by hand: same as a re-auth
            }
            if (!released.isEmpty()) producer.sendBody("direct:sync-dispatch", released);
        });
        return saved;
    }
}
