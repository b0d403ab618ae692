package dev.trainplan.engine.model;

import dev.trainplan.engine.job.Named;

/** Optional norms on queries and keys: per head (Qwen3, Gemma 3: 2 × head_dim weights) or over the whole projection (OLMo 2). */
public enum QkNorm implements Named {
    NONE, PER_HEAD, FULL;

    public static QkNorm parse(String text) {
        return Named.parse(QkNorm.class, "qk_norm", text);
    }
}
