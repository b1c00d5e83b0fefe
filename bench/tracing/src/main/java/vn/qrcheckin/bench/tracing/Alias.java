package vn.qrcheckin.bench.tracing;

/** Walker/Vose alias table: draws an index by weight in O(1), for the 670,000 venues of a full run. */
final class Alias {

    private final double[] prob;
    private final int[] alias;

    Alias(double[] weights) {
        int n = weights.length;
        prob = new double[n];
        alias = new int[n];
        double sum = 0;
        for (double w : weights) {
            sum += w;
        }
        double[] scaled = new double[n];
        int[] small = new int[n];
        int[] large = new int[n];
        int s = 0;
        int l = 0;
        for (int i = 0; i < n; i++) {
            scaled[i] = weights[i] * n / sum;
            if (scaled[i] < 1) {
                small[s++] = i;
            } else {
                large[l++] = i;
            }
        }
        while (s > 0 && l > 0) {
            int a = small[--s];
            int g = large[--l];
            prob[a] = scaled[a];
            alias[a] = g;
            scaled[g] = scaled[g] + scaled[a] - 1;
            if (scaled[g] < 1) {
                small[s++] = g;
            } else {
                large[l++] = g;
            }
        }
        while (l > 0) {
            prob[large[--l]] = 1;
        }
        while (s > 0) { // rounding leftovers
            prob[small[--s]] = 1;
        }
    }

    int sample(Rng r) {
        int i = r.nextInt(prob.length);
        return r.nextDouble() < prob[i] ? i : alias[i];
    }
}
