package dev.trainplan.engine.model;

/**
 * What is trained: a decoder-only transformer described layer by layer ({@link Architecture}), or any
 * other network given by its totals ({@link GenericModel}).
 */
public sealed interface Model permits Architecture, GenericModel {
    String name();

    /** All parameters, every expert included (what memory holds). */
    long parameters();

    /** Parameters one token passes through (MoE: only its routed experts). */
    long activeParameters();
}
