package io.leadhub.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Spools CSV uploads to a temporary file before the capture route runs: the raw bytes reach the
 * CSV reader unchanged (BOM, binary and UTF-8 checks), a large file never sits in memory, and the
 * size limit holds for chunked uploads without a Content-Length (413). The route finds the file in
 * the {@value #HEADER} header, set here and never taken from the client; the file is deleted when
 * the import has read it (and, as a fallback, when the JVM exits).
 */
@Component
@Order(2)
public class UploadSpoolFilter extends OncePerRequestFilter {
    public static final String HEADER = "X-LeadHub-Upload-File";
    private final ObjectMapper json;
    private final long maxBytes;

    public UploadSpoolFilter(ObjectMapper json, @Value("${hub.api.max-csv:50MB}") DataSize max) {
        this.json = json;
        this.maxBytes = max.toBytes();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !("POST".equals(request.getMethod())
                && request.getRequestURI().startsWith("/api/v1/")
                && request.getRequestURI().endsWith("/leads/import"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws ServletException, IOException {
        Path file = Files.createTempFile("leadhub-upload-", ".csv");
        file.toFile().deleteOnExit();
        long size = 0;
        try (InputStream in = req.getInputStream();
                OutputStream out = Files.newOutputStream(file)) {
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) {
                size += n;
                if (size > maxBytes) {
                    Files.deleteIfExists(file);
                    res.setStatus(413);
                    res.setContentType("application/json");
                    json.writeValue(
                            res.getOutputStream(),
                            ErrorBody.of(
                                    new ApiException(413, "too_large", "the upload exceeds " + maxBytes + " bytes")));
                    return;
                }
                out.write(buf, 0, n);
            }
        }
        chain.doFilter(new Spooled(req, file), res);
    }

    /** The request as the route sees it: the spooled file's path in a header. */
    private static final class Spooled extends HttpServletRequestWrapper {
        private final Path file;

        Spooled(HttpServletRequest request, Path file) {
            super(request);
            this.file = file;
        }

        @Override
        public String getHeader(String name) {
            return HEADER.equalsIgnoreCase(name) ? file.toString() : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return HEADER.equalsIgnoreCase(name)
                    ? Collections.enumeration(List.of(file.toString()))
                    : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            List<String> names = Collections.list(super.getHeaderNames());
            names.removeIf(HEADER::equalsIgnoreCase);
            names.add(HEADER);
            return Collections.enumeration(names);
        }

        /** The body is read from the spooled file only; the web layer sees an empty body (no second handle to close). */
        @Override
        public ServletInputStream getInputStream() {
            return new BodyInputStream(new byte[0]);
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new StringReader(""));
        }
    }
}
