package io.leadhub.sandbox;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads a simulator request's body ahead of the handler, only while a scripted fault of that
 * simulator matches on bodies ({@link FaultRule#getBodyContains()}), and replays it to the handler
 * unchanged. Form posts (token endpoints) are left alone: the container parses their parameters
 * from its own stream.
 */
@Component
@Profile("sandbox")
public class SimulatorBodyCapture extends OncePerRequestFilter {

    private static final String ATTRIBUTE = SimulatorBodyCapture.class.getName() + ".body";

    private final SimulatorRegistry registry;

    public SimulatorBodyCapture(SimulatorRegistry registry) {
        this.registry = registry;
    }

    /** The captured body of this request, or null when it was not captured. */
    static String body(HttpServletRequest request) {
        Object body = request.getAttribute(ATTRIBUTE);
        return body instanceof String s ? s : null;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!path.startsWith(SimulatorInterceptor.PREFIX)) {
            return true;
        }
        String type =
                request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
        if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/")) {
            return true;
        }
        String rest = path.substring(SimulatorInterceptor.PREFIX.length());
        int slash = rest.indexOf('/');
        String vendor = slash < 0 ? rest : rest.substring(0, slash);
        return registry.find(vendor).map(s -> !s.faults().needsBodies()).orElse(true);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        byte[] bytes = request.getInputStream().readAllBytes();
        request.setAttribute(ATTRIBUTE, new String(bytes, StandardCharsets.UTF_8));
        chain.doFilter(new Replayed(request, bytes), response);
    }

    /** The request with its body readable again. */
    private static final class Replayed extends HttpServletRequestWrapper {
        private final byte[] bytes;

        Replayed(HttpServletRequest request, byte[] bytes) {
            super(request);
            this.bytes = bytes;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(bytes);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("synchronous reads only");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(
                    getInputStream(), encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding)));
        }

        @Override
        public int getContentLength() {
            return bytes.length;
        }

        @Override
        public long getContentLengthLong() {
            return bytes.length;
        }
    }
}
