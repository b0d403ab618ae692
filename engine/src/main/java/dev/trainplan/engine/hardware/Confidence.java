package dev.trainplan.engine.hardware;

import dev.trainplan.engine.job.Named;

/**
 * How far a catalog row can be trusted: {@code high} = vendor document or a sourced table, {@code medium} =
 * partly derived or recalled, or sources disagree, {@code low} = no vendor datasheet found
 * (reference/hardware-notes.md §1).
 */
public enum Confidence implements Named {
    HIGH, MEDIUM, LOW;

    public static Confidence parse(String text) {
        return Named.parse(Confidence.class, "confidence", text);
    }
}
