/** JMH benchmarks of the engine: one full estimate, and planner evaluations per second. */
package dev.trainplan.bench;
