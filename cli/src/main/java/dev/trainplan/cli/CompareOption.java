package dev.trainplan.cli;

import dev.trainplan.engine.job.Recompute;
import dev.trainplan.engine.job.Sharding;
import dev.trainplan.engine.plan.Configuration;
import dev.trainplan.engine.plan.PlanRequest;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code --compare tp=8,pp=35,vp=3,micro-batch=1,recompute=selective,sharding=none,sp}: a configuration
 * to hold the plan's choice against. Devices and global batch default to the plan's own when it has one
 * of each; dp and gradient accumulation follow from them.
 */
final class CompareOption {
    private static final Set<String> KEYS = Set.of("tp", "pp", "cp", "ep", "vp", "micro-batch", "recompute", "sharding", "sp", "devices", "global-batch");

    private CompareOption() {
    }

    static Configuration parse(String text, PlanRequest request) {
        Map<String, String> values = new HashMap<>();
        for (String raw : text.split("[,\\s]+")) {
            if (raw.isBlank()) {
                continue;
            }
            String[] kv = raw.split("=", 2);
            String key = canonical(kv[0].trim().toLowerCase(Locale.ROOT));
            if (!KEYS.contains(key)) {
                throw new UserInputException("--compare: '" + kv[0] + "' is not one of " + String.join(", ", KEYS.stream().sorted().toList()) + ".");
            }
            values.put(key, kv.length == 2 ? kv[1].trim() : "on");
        }
        int devices = (int) whole(values, "devices", single(request.space().devices().stream().map(Integer::longValue).toList(), "devices"));
        long global = whole(values, "global-batch", single(request.space().globalBatches(), "global-batch"));
        int tp = (int) whole(values, "tp", 1L);
        int pp = (int) whole(values, "pp", 1L);
        int cp = (int) whole(values, "cp", 1L);
        int micro = (int) whole(values, "micro-batch", 1L);
        long parallel = (long) tp * pp * cp;
        if (devices % parallel != 0) {
            throw new UserInputException("--compare: tp " + tp + " × pp " + pp + " × cp " + cp + " = " + parallel + " does not divide " + devices + " devices.");
        }
        int dp = (int) (devices / parallel);
        if (global % ((long) micro * dp) != 0) {
            throw new UserInputException("--compare: the global batch " + global + " is not divisible by micro-batch " + micro + " × dp " + dp + ".");
        }
        try {
            return new Configuration(devices, global, tp, pp, cp, (int) whole(values, "ep", 1L), (int) whole(values, "vp", 1L), dp, micro,
                    (int) (global / micro / dp), Recompute.parse(values.getOrDefault("recompute", "none")),
                    Sharding.parse(values.getOrDefault("sharding", "none")), onOff(values.getOrDefault("sp", "off")));
        } catch (IllegalArgumentException e) {
            throw new UserInputException("--compare: " + e.getMessage());
        }
    }

    private static String canonical(String key) {
        return switch (key) {
            case "micro", "mb", "micro-batch-size", "microbatch" -> "micro-batch";
            case "zero", "zero-stage" -> "sharding";
            case "sequence-parallel", "seq-par" -> "sp";
            case "gpus" -> "devices";
            case "gbs", "global-batch-size" -> "global-batch";
            default -> key;
        };
    }

    private static Long single(java.util.List<Long> values, String key) {
        return values.size() == 1 ? values.getFirst() : null;
    }

    private static long whole(Map<String, String> values, String key, Long fallback) {
        String text = values.get(key);
        if (text == null) {
            if (fallback == null) {
                throw new UserInputException("--compare needs " + key + "=N: the plan searches several.");
            }
            return fallback;
        }
        try {
            long v = Numbers.parseCount(text);
            if (v >= 1 && v <= Integer.MAX_VALUE) {
                return v;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new UserInputException("--compare: " + key + " must be a whole number from 1 up, not '" + text + "'.");
    }

    private static boolean onOff(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "on", "true", "yes", "1" -> true;
            case "off", "false", "no", "0" -> false;
            default -> throw new UserInputException("--compare: sp must be on or off, not '" + text + "'.");
        };
    }
}
