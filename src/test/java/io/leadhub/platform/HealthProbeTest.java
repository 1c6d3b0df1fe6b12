package io.leadhub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The image's health check: exit code 0 only for a 200 answer whose top-level status is UP. */
class HealthProbeTest {

    private HttpServer server;
    private volatile int status;
    private volatile String body;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/actuator/health", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void upAnswersZero() {
        answer(200, "{\"status\":\"UP\"}");
        assertThat(probe()).isZero();
        assertThat(printed()).startsWith("UP http://127.0.0.1:");
    }

    @Test
    void upWithDetailsAnswersZero() {
        answer(200, "{\"status\":\"UP\",\"components\":{\"db\":{\"status\":\"UP\"}}}");
        assertThat(probe()).isZero();
    }

    @Test
    void downAnswersOneWithTheStatusAndBody() {
        answer(503, "{\"status\":\"DOWN\"}");
        assertThat(probe()).isEqualTo(1);
        assertThat(printed()).contains("answered 503").contains("DOWN");
    }

    @Test
    void topLevelStatusDecidesNotAComponentThatIsUp() {
        answer(200, "{\"status\":\"OUT_OF_SERVICE\",\"components\":{\"db\":{\"status\":\"UP\"}}}");
        assertThat(probe()).isEqualTo(1);
    }

    @Test
    void noHubListeningAnswersOne() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        int code = HealthProbe.check(
                URI.create("http://127.0.0.1:" + closedPort + "/actuator/health"),
                Duration.ofSeconds(2),
                new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(1);
        assertThat(printed()).contains("not healthy").contains("Connect");
    }

    @Test
    void defaultUrlFollowsHubPort() {
        assertThat(HealthProbe.defaultUrl("9090")).isEqualTo("http://127.0.0.1:9090/actuator/health");
        assertThat(HealthProbe.defaultUrl(null)).isEqualTo("http://127.0.0.1:8080/actuator/health");
        assertThat(HealthProbe.defaultUrl(" ")).isEqualTo("http://127.0.0.1:8080/actuator/health");
    }

    private void answer(int status, String body) {
        this.status = status;
        this.body = body;
    }

    private int probe() {
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/actuator/health");
        return HealthProbe.check(url, Duration.ofSeconds(5), new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }
}
