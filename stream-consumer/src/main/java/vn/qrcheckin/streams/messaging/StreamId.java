package vn.qrcheckin.streams.messaging;

/** A Redis stream entry id ({@code ms-seq}, two unsigned 64-bit numbers), ordered as Redis orders them. */
public record StreamId(long ms, long seq) implements Comparable<StreamId> {

    public static final StreamId ZERO = new StreamId(0, 0);

    public static StreamId parse(String id) {
        int dash = id.indexOf('-');
        return dash < 0 ? new StreamId(Long.parseUnsignedLong(id), 0)
                : new StreamId(Long.parseUnsignedLong(id.substring(0, dash)), Long.parseUnsignedLong(id.substring(dash + 1)));
    }

    /** The smallest id after this one: {@code XTRIM MINID} of it keeps this entry's successors only. */
    public StreamId next() {
        return seq == -1L ? new StreamId(ms + 1, 0) : new StreamId(ms, seq + 1);
    }

    public static StreamId min(StreamId a, StreamId b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    @Override
    public int compareTo(StreamId o) {
        int c = Long.compareUnsigned(ms, o.ms);
        return c != 0 ? c : Long.compareUnsigned(seq, o.seq);
    }

    @Override
    public String toString() {
        return Long.toUnsignedString(ms) + "-" + Long.toUnsignedString(seq);
    }
}
