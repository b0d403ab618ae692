package dev.trainplan.engine.steps;

/**
 * One step of an explanation: the quantity, its formula in symbols, the formula with the user's numbers
 * substituted, and the result.
 */
public record Derivation(String quantity, String formula, String substituted, String result) {
    static Derivation of(String quantity, String formula, String substituted, Object result) {
        return new Derivation(quantity, formula, substituted, String.valueOf(result));
    }
}
