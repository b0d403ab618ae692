package dev.trainplan.cli;

import java.util.Arrays;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** Absolute percentage errors of a set of predictions: count, mean, median, 90th percentile, and the signed mean (bias). */
record ErrorSummary(int rows, double meanAbsPctError, double medianAbsPctError, double p90AbsPctError, double meanSignedPctError) {

    /** The signed error of a prediction, in percent of the measurement. */
    static double pct(double predicted, double measured) {
        return (predicted - measured) / measured * 100;
    }

    static ErrorSummary of(List<Double> signedPctErrors) {
        int n = signedPctErrors.size();
        if (n == 0) {
            return new ErrorSummary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double[] abs = signedPctErrors.stream().mapToDouble(Math::abs).sorted().toArray();
        return new ErrorSummary(n, Arrays.stream(abs).average().orElseThrow(), percentile(abs, 0.5), percentile(abs, 0.9),
                signedPctErrors.stream().mapToDouble(Double::doubleValue).average().orElseThrow());
    }

    /** Linear interpolation between closest ranks (the usual spreadsheet definition). */
    static double percentile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int lower = (int) Math.floor(position);
        int upper = Math.min(lower + 1, sorted.length - 1);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }

    ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("rows", rows);
        o.put("meanAbsPctError", round(meanAbsPctError));
        o.put("medianAbsPctError", round(medianAbsPctError));
        o.put("p90AbsPctError", round(p90AbsPctError));
        o.put("meanSignedPctError", round(meanSignedPctError));
        return o;
    }

    String describe() {
        return String.format(java.util.Locale.ROOT, "%d rows: mean %.1f%%, median %.1f%%, p90 %.1f%%, bias %+.1f%%",
                rows, meanAbsPctError, medianAbsPctError, p90AbsPctError, meanSignedPctError);
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
