package vn.qrcheckin.bench.tracing;

/**
 * SplitMix64. Own code rather than java.util.SplittableRandom so that the generated data depends only on the
 * seed and this file, not on a JDK's implementation; and cheap enough to make one generator per visit
 * (every visit is re-derivable from (seed, date, index), which lets a day be sorted by time without keeping
 * its rows).
 */
final class Rng {

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private long state;

    Rng(long seed) {
        this.state = seed;
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static long hash(long a, long b) {
        return mix(mix(a + GOLDEN) ^ (b * GOLDEN + 0x632BE59BD9B4E019L));
    }

    static long hash(long a, long b, long c) {
        return hash(hash(a, b), c);
    }

    long nextLong() {
        return mix(state += GOLDEN);
    }

    /** Uniform in [0, 1). */
    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, bound) for bound below 2^31 (multiply-shift: no modulo bias worth mentioning at these sizes). */
    int nextInt(int bound) {
        return (int) (((nextLong() >>> 32) * bound) >>> 32);
    }

    /** Standard normal (Box-Muller, one of the pair). */
    double gaussian() {
        double u = 1.0 - nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * nextDouble());
    }

    /** An index drawn by the (unnormalised) weights: linear, for the short tables (hours, channels, names). */
    int pick(double[] cumulative) {
        double x = nextDouble() * cumulative[cumulative.length - 1];
        for (int i = 0; i < cumulative.length; i++) {
            if (x < cumulative[i]) {
                return i;
            }
        }
        return cumulative.length - 1;
    }

    static double[] cumulative(double... weights) {
        double[] c = new double[weights.length];
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += weights[i];
            c[i] = sum;
        }
        return c;
    }
}
