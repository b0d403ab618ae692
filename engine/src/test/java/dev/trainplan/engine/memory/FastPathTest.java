package dev.trainplan.engine.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainplan.engine.job.BatchSpec;
import dev.trainplan.engine.job.Cluster;
import dev.trainplan.engine.job.Dataset;
import dev.trainplan.engine.job.Framework;
import dev.trainplan.engine.job.Job;
import dev.trainplan.engine.job.Optimizer;
import dev.trainplan.engine.job.Parallelism;
import dev.trainplan.engine.job.Precision;
import dev.trainplan.engine.job.Recompute;
import dev.trainplan.engine.job.Sharding;
import dev.trainplan.engine.model.Architecture;
import dev.trainplan.engine.model.GenericModel;
import dev.trainplan.engine.model.Mla;
import dev.trainplan.engine.model.Model;
import dev.trainplan.engine.model.Moe;
import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The planner's fast path must give exactly the itemised peak, on any configuration. */
class FastPathTest {
    private static final List<Model> MODELS = List.of(
            Fixtures.llama3_8b(),
            Fixtures.gpt(24, 2048, 16),
            Architecture.builder("MoE-MLA").layers(6).hidden(2048).heads(16).ffnHidden(8192).vocab(100_000)
                    .moe(new Moe(16, 2, 1024, 1, 1024, 1, false)).mla(new Mla(512, 256, 64, 32, 64)).build(),
            new GenericModel("cnn", 25_000_000, 8e9, 3e8));

    private static <T> T pick(Random random, T[] values) {
        return values[random.nextInt(values.length)];
    }

    private static MemorySettings settings(Random random) {
        MemorySettings s = MemorySettings.DEFAULTS.withFlashAttention(random.nextBoolean()).withDropout(random.nextBoolean())
                .withLossKernel(pick(random, LossKernel.values())).withPureBf16Optimizer(random.nextInt(4) == 0)
                .withOffload(pick(random, Offload.values())).withMoeCapacityFactor(1 + random.nextInt(3) * 0.25);
        return switch (random.nextInt(4)) {
            case 0 -> s.withFineTuning(new FineTuning.Lora(16, pick(random, FineTuning.LoraTargets.values())));
            case 1 -> s.withFineTuning(new FineTuning.Qlora(64, FineTuning.LoraTargets.ALL_LINEAR));
            default -> s;
        };
    }

    @Test
    void peakBytes_seededRandomConfigurations_equalsItemisedPeak() {
        Random random = new Random(20_240_521);
        int compared = 0;
        for (int i = 0; i < 3000 && compared < 600; i++) {
            Model model = MODELS.get(random.nextInt(MODELS.size()));
            int tp = 1 << random.nextInt(3);
            int pp = model instanceof GenericModel ? 1 : 1 << random.nextInt(3);
            int cp = 1 << random.nextInt(2);
            int ep = 1 << random.nextInt(2);
            int vp = pp > 1 && random.nextBoolean() ? 2 : 1;
            int nodes = 1 << random.nextInt(3);
            Job job;
            try {
                int world = nodes * 8;
                int dp = world / (tp * pp * cp);
                int micro = 1 + random.nextInt(4);
                job = Job.builder().dataset(Dataset.of(100_000, 512 << random.nextInt(4))).cluster(Cluster.of(nodes, 8))
                        .parallelism(new Parallelism(tp, pp, cp, ep, vp, random.nextBoolean()))
                        .batch(new BatchSpec(micro, 1 + random.nextInt(8), 0))
                        .sharding(pick(random, Sharding.values())).precision(pick(random, Precision.values()))
                        .optimizer(pick(random, Optimizer.values())).recompute(pick(random, Recompute.values()))
                        .framework(pick(random, Framework.values())).build();
                assertThat(job.dataParallel()).isEqualTo(dp);
            } catch (IllegalArgumentException invalid) {
                continue;
            }
            MemoryModel memory = MemoryModel.of(model, settings(random));
            assertThat(memory.peakBytes(job)).as("%s %s", model.name(), job).isEqualTo(memory.estimate(job).peakBytesPerDevice());
            compared++;
        }
        assertThat(compared).isGreaterThanOrEqualTo(600);
    }

    @Test
    void peakBytes_deepAndUnevenPipelines_equalsItemisedPeak() {
        // The fast path skips middle stages that an earlier one dominates; deep pipelines, uneven splits, dense layers before
        // MoE layers, interleaving, few micro-batches and every framework's layer split must still give the itemised peak.
        List<Model> models = List.of(Fixtures.gpt(30, 1024, 16),
                Architecture.builder("MoE-deep").layers(27).hidden(1024).heads(16).ffnHidden(4096).vocab(32_000)
                        .moe(new Moe(8, 2, 1024, 1, 1024, 3, false)).build());
        Random random = new Random(7_354);
        int compared = 0;
        for (int i = 0; i < 4000 && compared < 800; i++) {
            Model model = models.get(random.nextInt(models.size()));
            int pp = 2 + random.nextInt(15);
            int vp = random.nextInt(3) == 0 ? 2 + random.nextInt(2) : 1;
            int tp = 1 << random.nextInt(2);
            Job job;
            try {
                job = Job.builder().dataset(Dataset.of(100_000, 1024)).cluster(Cluster.of(pp, tp))
                        .parallelism(new Parallelism(tp, pp, 1, 1, vp, random.nextBoolean()))
                        .batch(new BatchSpec(1 + random.nextInt(3), 1 + random.nextInt(3 * pp), 0))
                        .sharding(pick(random, Sharding.values())).recompute(pick(random, Recompute.values()))
                        .framework(pick(random, Framework.values())).build();
            } catch (IllegalArgumentException invalid) {
                continue;
            }
            MemoryModel memory = MemoryModel.of(model, settings(random));
            assertThat(memory.peakBytes(job)).as("%s %s", model.name(), job).isEqualTo(memory.estimate(job).peakBytesPerDevice());
            compared++;
        }
        assertThat(compared).isGreaterThanOrEqualTo(800);
    }

    @Test
    void peakBytes_afterFirstCallOnAThread_allocatesNothing() {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        MemoryModel memory = MemoryModel.of(Fixtures.llama3_8b(), MemorySettings.DEFAULTS);
        Job job = Fixtures.job(Framework.MEGATRON, new Parallelism(2, 4, 1, 1, 2, true), 64, 1, 256, 4096, Sharding.ZERO1,
                Precision.BF16, Recompute.SELECTIVE);
        long sum = memory.peakBytes(job);
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 10_000; i++) {
            sum += memory.peakBytes(job);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(sum).isEqualTo(10_001 * memory.peakBytes(job));
        assertThat(allocated).as("bytes allocated by 10,000 fast-path calls").isLessThan(10_000);
    }
}
