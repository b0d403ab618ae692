/**
 * Accelerators, scale-out fabrics and the cluster hardware a job runs on: the figures the step-time
 * and memory models read, in bytes, bytes per second, FLOP/s, watts and seconds. Bandwidths are decimal
 * and one direction per device unless a name says otherwise; FLOP/s peaks are dense, never sparse.
 */
package dev.trainplan.engine.hardware;
