package io.leadhub.platform;

import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/** A request body without Content-Length, read into memory up to a limit (413 beyond it). */
final class BoundedBody extends HttpServletRequestWrapper {
    private final byte[] body;

    private BoundedBody(HttpServletRequest request, byte[] body) {
        super(request);
        this.body = body;
    }

    static HttpServletRequest read(HttpServletRequest req, long limit) throws IOException {
        try (InputStream in = req.getInputStream()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (bytes.length > limit)
                throw new ApiException(413, "too_large", "request body exceeds " + limit + " bytes");
            return new BoundedBody(req, bytes);
        }
    }

    @Override
    public int getContentLength() {
        return body.length;
    }

    @Override
    public long getContentLengthLong() {
        return body.length;
    }

    @Override
    public ServletInputStream getInputStream() {
        return new BodyInputStream(body);
    }

    @Override
    public BufferedReader getReader() {
        String enc = getCharacterEncoding();
        Charset cs = enc == null ? StandardCharsets.UTF_8 : Charset.forName(enc);
        return new BufferedReader(new InputStreamReader(getInputStream(), cs));
    }
}
