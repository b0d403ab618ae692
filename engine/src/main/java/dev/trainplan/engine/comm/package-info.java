/**
 * The cost of collectives (all-reduce, reduce-scatter, all-gather, all-to-all, broadcast, send/recv) on
 * the links a group actually spans: the α–β model of formulas.md §6.2 with the hierarchical layout of
 * §6.3 and message-size-dependent efficiency (§9.3). Built once per cluster, called in the planner's hot
 * loop: primitives in, seconds out, no allocation.
 */
package dev.trainplan.engine.comm;
