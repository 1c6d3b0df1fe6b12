package io.leadhub.platform;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.ByteArrayInputStream;

/**
 * A request body the hub already holds, served to the web layer as a blocking servlet stream: the
 * bytes a filter read up to its limit ({@link BoundedBody}), or nothing at all when the body went
 * elsewhere ({@link UploadSpoolFilter}). Asynchronous reading is not offered.
 */
final class BodyInputStream extends ServletInputStream {
    private final ByteArrayInputStream in;

    BodyInputStream(byte[] body) {
        this.in = new ByteArrayInputStream(body);
    }

    @Override
    public int read() {
        return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) {
        return in.read(b, off, len);
    }

    @Override
    public boolean isFinished() {
        return in.available() == 0;
    }

    @Override
    public boolean isReady() {
        return true;
    }

    @Override
    public void setReadListener(ReadListener l) {
        throw new UnsupportedOperationException();
    }
}
