package io.leadhub.capture;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The uploads of background imports, stored in the database in chunks of {@value #CHUNK_BYTES} bytes
 * so that any node can read them: written and read one chunk at a time, never held whole in memory.
 */
@Repository
class ImportUploadStore {
    static final int CHUNK_BYTES = 1024 * 1024;
    private final NamedParameterJdbcTemplate jdbc;

    ImportUploadStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores {@code in} as the upload of import {@code id} (in the caller's transaction); answers its size. */
    long store(String id, InputStream in) {
        byte[] buffer = new byte[CHUNK_BYTES];
        long size = 0;
        int seq = 0;
        try {
            while (true) {
                int n = in.readNBytes(buffer, 0, buffer.length);
                if (n == 0) break;
                byte[] data = n == buffer.length ? buffer : Arrays.copyOf(buffer, n);
                jdbc.update(
                        "INSERT INTO import_upload_chunk (import_id, seq, data) VALUES (:id, :seq, :data)",
                        Map.of("id", id, "seq", seq++, "data", data));
                size += n;
                if (n < buffer.length) break;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return size;
    }

    /** The stored upload as a stream that fetches one chunk at a time (each in a short query of its own). */
    InputStream open(String id) {
        return new ChunkStream(id);
    }

    /** Deletes the stored upload of import {@code id} (in the caller's transaction). */
    void delete(String id) {
        jdbc.update("DELETE FROM import_upload_chunk WHERE import_id = :id", Map.of("id", id));
    }

    private final class ChunkStream extends InputStream {
        private final String id;
        private int seq;
        private byte[] chunk = new byte[0];
        private int pos;
        private boolean end;

        ChunkStream(String id) {
            this.id = id;
        }

        private boolean fill() {
            while (!end && pos >= chunk.length) {
                List<byte[]> rows = jdbc.query(
                        "SELECT data FROM import_upload_chunk WHERE import_id = :id AND seq = :seq",
                        Map.of("id", id, "seq", seq),
                        (rs, i) -> rs.getBytes(1));
                if (rows.isEmpty()) {
                    end = true;
                    chunk = new byte[0];
                } else {
                    chunk = rows.get(0);
                    seq++;
                }
                pos = 0;
            }
            return pos < chunk.length;
        }

        @Override
        public int read() {
            return fill() ? chunk[pos++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) return 0;
            if (!fill()) return -1;
            int n = Math.min(len, chunk.length - pos);
            System.arraycopy(chunk, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
