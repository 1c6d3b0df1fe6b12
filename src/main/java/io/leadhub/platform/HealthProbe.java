package io.leadhub.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The container image's health check. The image has no shell and no curl, so the check is this class, run by the
 * image's own Java runtime without starting the hub:
 * {@code /opt/java/openjdk/bin/java -cp /app/classes io.leadhub.platform.HealthProbe [url]}. It exits 0 when the
 * hub's health endpoint answers 200 with status UP, 1 otherwise (and prints why). The default URL is
 * {@code http://127.0.0.1:$HUB_PORT/actuator/health} (port 8080 when HUB_PORT is not set). Only the JDK is used.
 */
public final class HealthProbe {

    static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** The top-level status comes first in Spring Boot's health answer: {"status":"UP",...}. */
    private static final Pattern UP = Pattern.compile("^\\s*\\{\\s*\"status\"\\s*:\\s*\"UP\"");

    private static final int MAX_BODY = 64 * 1024;

    private HealthProbe() {}

    public static void main(String[] args) {
        URI url = URI.create(args.length > 0 ? args[0] : defaultUrl(System.getenv("HUB_PORT")));
        int code = check(url, TIMEOUT, System.out);
        System.exit(code);
    }

    static String defaultUrl(String port) {
        String p = port == null || port.isBlank() ? "8080" : port.trim();
        return "http://127.0.0.1:" + p + "/actuator/health";
    }

    /** 0 when {@code url} answers 200 with status UP within {@code timeout}; 1 otherwise, with the reason printed. */
    static int check(URI url, Duration timeout, PrintStream out) {
        HttpURLConnection http = null;
        try {
            http = (HttpURLConnection) url.toURL().openConnection();
            http.setConnectTimeout((int) timeout.toMillis());
            http.setReadTimeout((int) timeout.toMillis());
            http.setInstanceFollowRedirects(false);
            http.setRequestProperty("Accept", "application/json");
            int status = http.getResponseCode();
            InputStream stream = status >= 400 ? http.getErrorStream() : http.getInputStream();
            String body = stream == null ? "" : read(stream);
            if (status == 200 && UP.matcher(body).find()) {
                out.println("UP " + url);
                return 0;
            }
            out.println("not healthy: " + url + " answered " + status + " " + shorten(body));
            return 1;
        } catch (IOException | IllegalArgumentException e) {
            out.println("not healthy: " + url + " " + e);
            return 1;
        } finally {
            if (http != null) http.disconnect();
        }
    }

    private static String read(InputStream stream) throws IOException {
        try (stream) {
            return new String(stream.readNBytes(MAX_BODY), StandardCharsets.UTF_8);
        }
    }

    private static String shorten(String body) {
        String oneLine = body.replaceAll("\\s+", " ").trim();
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "..." : oneLine;
    }
}
