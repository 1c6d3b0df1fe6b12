package io.leadhub.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates every {@code /api/v1} call with its API key, scopes it to the key's org (another
 * org's paths answer 404, exactly like an org that does not exist), limits capture keys to the
 * capture endpoints, and refuses oversized bodies before anything reads them. It guards the Camel
 * capture routes and the MVC controllers alike, so no endpoint can forget a check.
 */
@Component
@Order(1)
public class ApiKeyFilter extends OncePerRequestFilter {
    private static final Pattern ORG_PATH = Pattern.compile("^/api/v1/orgs/([^/]+)(/.*)?$");
    /** Public documents under /api/v1: the OpenAPI description of the API. */
    public static final Set<String> PUBLIC = Set.of("/api/v1/openapi.json", "/api/v1/openapi.yaml");

    private static final Pattern CAPTURE_PATH = Pattern.compile("^/events/[^/]+/leads(/badge|/import)?/?$");

    private final ApiKeyStore keys;
    private final NamedParameterJdbcTemplate jdbc;
    private final ObjectMapper json;
    private final long maxJsonBytes;
    private final long maxCsvBytes;

    public ApiKeyFilter(
            ApiKeyStore keys,
            NamedParameterJdbcTemplate jdbc,
            ObjectMapper json,
            @Value("${hub.api.max-body:256KB}") DataSize maxJson,
            @Value("${hub.api.max-csv:50MB}") DataSize maxCsv) {
        this.keys = keys;
        this.jdbc = jdbc;
        this.json = json;
        this.maxJsonBytes = maxJson.toBytes();
        this.maxCsvBytes = maxCsv.toBytes();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        // the OAuth callback is reached by the browser coming back from a vendor's consent page: its single-use state
        // authenticates it
        return !path.startsWith("/api/v1/") || path.equals("/api/v1/oauth/callback") || PUBLIC.contains(path);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws ServletException, IOException {
        try {
            req.setAttribute(ApiPrincipal.REQUEST_ATTRIBUTE, authorize(req));
            if (req.getContentLengthLong() < 0 && !csvUpload(req.getRequestURI()) && hasBody(req)) {
                // a body without Content-Length (chunked): read it up to the limit before anything parses it
                req = BoundedBody.read(req, maxJsonBytes);
            }
        } catch (ApiException e) {
            res.setStatus(e.status());
            res.setContentType("application/json");
            json.writeValue(res.getOutputStream(), ErrorBody.of(e));
            return;
        }
        chain.doFilter(req, res);
    }

    ApiPrincipal authorize(HttpServletRequest req) {
        String header = req.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            throw new ApiException(401, "unauthenticated", "send an API key as 'Authorization: Bearer <key>'");
        }
        ApiPrincipal principal = keys.resolve(header.substring(7).trim())
                .orElseThrow(() -> new ApiException(401, "unauthenticated", "unknown API key"));
        String path = req.getRequestURI();
        Matcher m = ORG_PATH.matcher(path);
        if (m.matches()) {
            String org = m.group(1);
            String rest = m.group(2) == null ? "" : m.group(2);
            if (!principal.mayAccess(org) || !orgExists(org)) throw ApiException.notFound("org '" + org + "'");
            boolean capture =
                    "POST".equals(req.getMethod()) && CAPTURE_PATH.matcher(rest).matches();
            if (principal.role() == Role.CAPTURE && !capture) {
                throw new ApiException(403, "forbidden", "a capture key may only capture leads");
            }
            checkLength(req, csvUpload(rest) ? maxCsvBytes : maxJsonBytes);
        } else if (path.equals("/api/v1/orgs") || path.equals("/api/v1/orgs/")) {
            if (principal.role() != Role.OPERATOR)
                throw new ApiException(403, "forbidden", "only an operator key may create orgs");
            checkLength(req, maxJsonBytes);
        } else {
            // everything else under /api/v1 (e.g. /api/v1/admin/...) is for operators only
            if (principal.role() != Role.OPERATOR)
                throw new ApiException(403, "forbidden", "only an operator key may do this");
            checkLength(req, maxJsonBytes);
        }
        return principal;
    }

    /** A CSV upload (the import, or its forecast): streamed by its endpoint under the CSV size limit. */
    private static boolean csvUpload(String path) {
        return path.endsWith("/import") || path.endsWith("/import/forecast");
    }

    private static boolean hasBody(HttpServletRequest req) {
        return req.getHeader("Transfer-Encoding") != null;
    }

    private static void checkLength(HttpServletRequest req, long limit) {
        if (req.getContentLengthLong() > limit) {
            throw new ApiException(413, "too_large", "request body exceeds " + limit + " bytes");
        }
    }

    private boolean orgExists(String org) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM org WHERE id = :id", Map.of("id", org), Integer.class);
        return n != null && n > 0;
    }
}
