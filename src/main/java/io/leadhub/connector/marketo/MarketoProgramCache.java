package io.leadhub.connector.marketo;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.connector.ErrorCategory;
import io.leadhub.connector.IntegrationCache;
import io.leadhub.connector.VendorCallException;
import io.leadhub.connector.VendorHttp;
import io.leadhub.connector.VendorRequest;
import io.leadhub.connector.VendorResponse;
import io.leadhub.integration.Integration;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Marketo programs and their progression statuses, read through the asset API
 * ({@code GET /rest/asset/v1/program/{id}.json}, then the program's channel
 * {@code GET /rest/asset/v1/channel/byName.json?name=}) and kept per integration for
 * {@code hub.vendors.marketo.program-cache-ttl}, so link validation warms the cache and a sync
 * reads nothing. A program whose membership call fails is forgotten and read again next time.
 */
@Component
class MarketoProgramCache {
    /** One progression status of a channel: its exact name and its step (order). */
    record Status(String name, int step, boolean success) {}

    /** A program as the hub needs it. */
    record Program(String id, String name, String channel, boolean archived, List<Status> statuses) {
        Optional<Status> status(String exactName) {
            return statuses.stream().filter(s -> s.name().equals(exactName)).findFirst();
        }

        List<String> statusNames() {
            return statuses.stream().map(Status::name).toList();
        }
    }

    private final VendorHttp http;
    private final MarketoPolicy policy;
    private final IntegrationCache<Optional<Program>> cache;

    MarketoProgramCache(
            VendorHttp http,
            MarketoPolicy policy,
            @Value("${hub.vendors.marketo.program-cache-ttl:PT5M}") Duration ttl) {
        this.http = http;
        this.policy = policy;
        this.cache = new IntegrationCache<>(ttl);
    }

    /** The program with its channel's statuses; empty when Marketo has no such program. */
    Optional<Program> program(Integration integration, String programId) {
        return cache.get(integration.id(), programId, () -> read(integration, programId));
    }

    /** The program is cached and fresh, so a sync reads nothing about it. */
    boolean cached(Integration integration, String programId) {
        return cache.cached(integration.id(), programId);
    }

    void forget(Integration integration, String programId) {
        cache.forget(integration.id(), programId);
    }

    private Optional<Program> read(Integration integration, String programId) {
        VendorResponse r = http.call(
                integration, policy, VendorRequest.get("/rest/asset/v1/program/" + programId + ".json", null));
        JsonNode body = r.bodyOrEmpty();
        if (!body.path("success").asBoolean(false)) {
            String code = MarketoPolicy.errorCode(r);
            if ("702".equals(code) || "610".equals(code) || "709".equals(code)) return Optional.empty();
            throw new VendorCallException(
                    MarketoErrorClassifier.requestCategory(code, MarketoPolicy.errorMessage(r)),
                    code,
                    "reading Marketo program " + programId + " failed: " + MarketoPolicy.errorMessage(r));
        }
        JsonNode p = body.path("result").path(0);
        if (p.isMissingNode()) return Optional.empty();
        String channel = p.path("channel").asText();
        boolean archived = p.path("isArchive").asBoolean(false)
                || p.path("folder").path("isArchive").asBoolean(false);
        return Optional.of(new Program(
                p.path("id").asText(programId),
                p.path("name").asText(),
                channel,
                archived,
                statuses(integration, channel)));
    }

    private List<Status> statuses(Integration integration, String channel) {
        VendorResponse r = http.call(
                integration,
                policy,
                VendorRequest.get(
                        "/rest/asset/v1/channel/byName.json",
                        "name=" + URLEncoder.encode(channel, StandardCharsets.UTF_8)));
        JsonNode body = r.bodyOrEmpty();
        if (!body.path("success").asBoolean(false)
                || body.path("result").path(0).isMissingNode()) {
            String code = MarketoPolicy.errorCode(r);
            throw new VendorCallException(
                    code.isEmpty() ? ErrorCategory.CAMPAIGN_ERROR : MarketoErrorClassifier.requestCategory(code, ""),
                    code.isEmpty() ? null : code,
                    "Marketo channel '" + channel + "' could not be read: " + MarketoPolicy.errorMessage(r));
        }
        List<Status> out = new ArrayList<>();
        for (JsonNode s : body.path("result").path(0).path("progressionStatuses")) {
            out.add(new Status(
                    s.path("name").asText(),
                    s.path("step").asInt(),
                    s.path("success").asBoolean(false)));
        }
        return out;
    }
}
