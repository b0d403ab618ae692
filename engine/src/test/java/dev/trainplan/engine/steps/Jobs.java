package dev.trainplan.engine.steps;

import dev.trainplan.engine.job.BatchSpec;
import dev.trainplan.engine.job.Cluster;
import dev.trainplan.engine.job.Dataset;
import dev.trainplan.engine.job.Framework;
import dev.trainplan.engine.job.Job;
import dev.trainplan.engine.job.Loading;
import dev.trainplan.engine.job.TrainingLength;

/** Test jobs in the notation of framework-semantics.md: N samples, micro-batch b, GA, world W, epochs E. */
final class Jobs {
    private Jobs() {
    }

    static Job.Builder of(Framework fw, long n, int b, int ga, int world, double epochs) {
        return Job.builder().framework(fw).dataset(Dataset.of(n, 1024)).cluster(Cluster.of(1, world))
                .batch(BatchSpec.of(b, ga)).length(TrainingLength.epochs(epochs));
    }

    static StepCount count(Job.Builder b) {
        return StepCounter.count(b.build());
    }

    static Loading dropLast() {
        return Loading.DEFAULTS.withDropLast(true);
    }

    static Loading loading(boolean dropLast, boolean samplerDropLast, boolean even, boolean split) {
        return new Loading(dropLast, samplerDropLast, even, split, 0, false, false, -1);
    }

    static Loading limit(double value, boolean isCount) {
        return new Loading(false, false, true, false, value, isCount, false, -1);
    }

    static Loading warmup(double steps) {
        return new Loading(false, false, true, false, 0, false, false, steps);
    }
}
