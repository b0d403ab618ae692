package dev.trainplan.engine.plan;

import dev.trainplan.engine.job.Parallelism;
import dev.trainplan.engine.model.Architecture;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/**
 * Whether a model's weights and sequence split over tensor-, expert- and context-parallel ranks as the frameworks
 * require (Megatron-LM asserts them: attention heads, query groups and the FFN width by tp, the experts by ep, and the
 * sequence into 2 × cp chunks, which balance the causal mask). The planner searches only sizes that split; an
 * estimate of a size that does not is refused in one sentence that says what would.
 */
public final class Splits {
    private Splits() {
    }

    static boolean tensorParallel(Architecture a, int tp) {
        return a.heads() % tp == 0 && a.kvHeads() % tp == 0 && (a.denseLayers() == 0 || a.ffnHidden() % tp == 0);
    }

    static boolean expertParallel(Architecture a, int ep) {
        return ep == 1 || a.moeLayers() > 0 && a.moe().experts() % ep == 0;
    }

    static boolean contextParallel(int sequenceLength, int cp) {
        return cp == 1 || sequenceLength % (2 * cp) == 0;
    }

    /** Throws {@link IllegalArgumentException} where tp or ep does not split {@code a}, or cp its sequence. */
    public static void require(Architecture a, Parallelism p, int sequenceLength) {
        int tp = p.tp();
        if (!tensorParallel(a, tp)) {
            long common = gcd(gcd(a.heads(), a.kvHeads()), a.denseLayers() == 0 ? a.heads() : a.ffnHidden());
            throw new IllegalArgumentException("tp " + tp + " does not split " + a.name() + "'s " + a.heads() + " attention heads, "
                    + a.kvHeads() + " KV heads" + (a.denseLayers() == 0 ? "" : " and FFN width " + a.ffnHidden())
                    + "; choose a tp among " + divisors(common, 64) + ".");
        }
        int ep = p.ep();
        if (!expertParallel(a, ep)) {
            throw new IllegalArgumentException(a.moeLayers() == 0
                    ? "ep " + ep + " needs a mixture-of-experts model, and " + a.name() + " is dense; set ep to 1."
                    : "ep " + ep + " does not split " + a.name() + "'s " + a.moe().experts() + " experts; choose an ep among "
                            + divisors(a.moe().experts(), a.moe().experts()) + ".");
        }
        int cp = p.cp();
        if (!contextParallel(sequenceLength, cp)) {
            throw new IllegalArgumentException("sequence length " + sequenceLength + " does not split into 2 × cp = " + 2 * cp
                    + " equal chunks (context parallelism balances the causal mask over them); choose a sequence length divisible by "
                    + 2 * cp + " or a cp whose double divides " + sequenceLength + ".");
        }
    }

    private static long gcd(long x, long y) {
        return y == 0 ? x : gcd(y, x % y);
    }

    private static String divisors(long n, long most) {
        return LongStream.rangeClosed(1, Math.min(n, most)).filter(d -> n % d == 0).mapToObj(Long::toString)
                .collect(Collectors.joining(", "));
    }
}
