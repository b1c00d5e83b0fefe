package vn.qrcheckin.bench.tracing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * A buffered writer for ASCII text. Every value written is ASCII (codes, base64url pseudonyms and ciphertexts,
 * ISO timestamps, enum names): the Vietnamese names travel only encrypted. Skips the charset encoder a Writer
 * would run over some 10 GB for a full run.
 */
final class AsciiOut implements AutoCloseable {

    private final OutputStream out;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private long bytes;

    AsciiOut(OutputStream out) {
        this.out = out;
    }

    AsciiOut append(String s) {
        int n = s.length();
        if (n > buf.length - pos) {
            drain();
            if (n > buf.length) {
                for (int i = 0; i < n; i++) {
                    append(s.charAt(i));
                }
                return this;
            }
        }
        for (int i = 0; i < n; i++) {
            buf[pos++] = (byte) s.charAt(i);
        }
        return this;
    }

    AsciiOut append(char c) {
        if (pos == buf.length) {
            drain();
        }
        buf[pos++] = (byte) c;
        return this;
    }

    AsciiOut append(long v) {
        return append(Long.toString(v));
    }

    /** Fixed-width, zero-padded decimal. */
    AsciiOut digits(int value, int width) {
        if (buf.length - pos < width) {
            drain();
        }
        for (int i = width - 1; i >= 0; i--) {
            buf[pos + i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        pos += width;
        return this;
    }

    long bytesWritten() {
        return bytes + pos;
    }

    private void drain() {
        try {
            out.write(buf, 0, pos);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        bytes += pos;
        pos = 0;
    }

    @Override
    public void close() {
        drain();
        try {
            out.flush();
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
