package dev.trainplan.engine.steps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainplan.engine.job.BatchGrowth;
import dev.trainplan.engine.job.BatchSpec;
import dev.trainplan.engine.job.Cluster;
import dev.trainplan.engine.job.Dataset;
import dev.trainplan.engine.job.Framework;
import dev.trainplan.engine.job.Job;
import dev.trainplan.engine.job.Loading;
import dev.trainplan.engine.job.Parallelism;
import dev.trainplan.engine.job.TrainingLength;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded property tests: the invariants of every count over 10,000+ random valid jobs, checked against a
 * naive loop that walks every micro-batch; and random inputs, valid or not, only ever end in a count or
 * in one sentence.
 */
class StepCountPropertyTest {
    private static final Framework[] FRAMEWORKS = {Framework.HF, Framework.DEEPSPEED, Framework.MEGATRON, Framework.LIGHTNING, Framework.TORCHRUN};

    @Test
    void randomValidJobs_satisfyTheInvariantsAndMatchANaiveLoop() {
        Random random = new Random(20261123);
        int counted = 0;
        for (int i = 0; i < 12_000; i++) {
            Job job = randomValidJob(random);
            if (job == null) {
                continue;
            }
            StepCount s;
            try {
                s = StepCounter.count(job);
            } catch (IllegalArgumentException empty) {
                assertThat(empty.getMessage()).as("rejections are one sentence").endsWith(".").doesNotContain("\n");
                continue;
            }
            counted++;
            assertThat(s.globalBatch()).isEqualTo((long) s.gradientAccumulation() * s.dataParallel() * s.microBatch());
            assertThat(s.samplesSeenPerEpoch() + s.droppedSamplesPerEpoch() - s.paddedSamplesPerEpoch())
                    .as("seen + dropped − padded = N for %s", job).isEqualTo(job.dataset().samples());
            assertThat(s.microStepsPerRank()).as("micro-steps of %s", job).isEqualTo(naiveMicroSteps(job, s));
        }
        assertThat(counted).isGreaterThanOrEqualTo(10_000);
    }

    /** Walks the loop micro-batch by micro-batch, stepping the optimizer as the framework does. */
    private static long naiveMicroSteps(Job job, StepCount s) {
        int ga = s.gradientAccumulation();
        long length = s.dataloaderLengthPerRank();
        return switch (job.framework()) {
            // Every Megatron micro-step takes micro_batch × DP samples, whatever the iteration's global batch.
            case MEGATRON -> s.samplesSeenTotal() / ((long) s.microBatch() * s.dataParallel());
            case DEEPSPEED -> job.length().bySteps() ? job.length().maxSteps() * ga : (long) job.length().epochs() * length;
            default -> {
                long updates = 0;
                long micro = 0;
                boolean done = false;
                while (!done) {
                    long inGroup = 0;
                    for (long batch = 0; batch < length && !done; batch++) {
                        micro++;
                        inGroup++;
                        if (inGroup == ga || batch == length - 1) {
                            updates++;
                            inGroup = 0;
                            done = updates == s.totalUpdateSteps();
                        }
                    }
                }
                yield micro;
            }
        };
    }

    private static Job randomValidJob(Random r) {
        Framework fw = FRAMEWORKS[r.nextInt(FRAMEWORKS.length)];
        int tp = 1 << r.nextInt(3);
        int pp = 1 << r.nextInt(2);
        int dp = 1 + r.nextInt(12);
        int world = tp * pp * dp;
        int micro = 1 + r.nextInt(16);
        int ga = 1 + r.nextInt(8);
        long samples = 1 + r.nextInt(5_000);
        boolean bySteps = r.nextInt(4) == 0;
        double epochs = fw == Framework.HF && r.nextBoolean() ? (1 + r.nextInt(40)) / 4.0 : 1 + r.nextInt(4);
        TrainingLength length = bySteps ? new TrainingLength(r.nextBoolean() ? 0 : epochs, 1 + r.nextInt(200)) : TrainingLength.epochs(epochs);
        if (bySteps && length.epochs() == 0 && fw != Framework.LIGHTNING) {
            length = new TrainingLength(1, length.maxSteps());
        }
        Loading loading = new Loading(r.nextInt(3) == 0, fw == Framework.TORCHRUN && r.nextInt(3) == 0, r.nextInt(4) != 0,
                false, 0, false, false, -1);
        BatchGrowth growth = BatchGrowth.CONSTANT;
        BatchSpec spec = BatchSpec.of(micro, ga);
        if (fw == Framework.MEGATRON && r.nextInt(3) == 0) {
            long step = (long) micro * dp;
            spec = new BatchSpec(micro, 0, step * (2 + r.nextInt(6)));
            long start = step;
            growth = new BatchGrowth.Rampup(start, step, r.nextInt(2_000));
            samples = 1 + r.nextInt(20_000);
            length = TrainingLength.epochs(1);
        }
        return Job.builder().framework(fw).dataset(Dataset.of(samples, 2048)).cluster(Cluster.of(1, world))
                .parallelism(Parallelism.of(tp, pp, 1)).batch(spec).growth(growth).length(length).loading(loading).build();
    }

    @Test
    void randomRawInputs_neverThrowAnythingButAOneSentenceRejection() {
        Random r = new Random(7);
        int rejected = 0;
        for (int i = 0; i < 10_000; i++) {
            try {
                Job job = Job.builder().framework(FRAMEWORKS[r.nextInt(FRAMEWORKS.length)])
                        .dataset(Dataset.of(wild(r), 1 + r.nextInt(8192)))
                        .cluster(Cluster.of((int) wild(r), (int) wild(r)))
                        .parallelism(new Parallelism((int) wild(r), (int) wild(r), (int) wild(r), 1, 1, false))
                        .batch(new BatchSpec((int) wild(r), (int) wild(r), wild(r)))
                        .length(new TrainingLength(r.nextInt(5) - 1, r.nextInt(3) == 0 ? wild(r) : 0))
                        .loading(new Loading(r.nextBoolean(), r.nextBoolean(), r.nextBoolean(), r.nextInt(5) == 0, 0, false, r.nextBoolean(), -1))
                        .build();
                StepCounter.count(job);
            } catch (IllegalArgumentException | IllegalStateException e) {
                rejected++;
                assertThat(e.getMessage()).isNotBlank().endsWith(".").doesNotContain("\n");
            }
        }
        assertThat(rejected).isGreaterThan(1000);
    }

    /** Mostly small values, sometimes zero, negative or absurdly large. */
    private static long wild(Random r) {
        return switch (r.nextInt(10)) {
            case 0 -> 0;
            case 1 -> -1 - r.nextInt(100);
            case 2 -> Long.MAX_VALUE / (1 + r.nextInt(1000));
            case 3 -> Integer.MAX_VALUE - r.nextInt(10);
            default -> 1 + r.nextInt(64);
        };
    }
}
