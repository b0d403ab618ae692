package dev.trainplan.engine.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.sun.management.ThreadMXBean;
import dev.trainplan.engine.comm.Collectives;
import dev.trainplan.engine.hardware.ClusterHardware;
import dev.trainplan.engine.hardware.TestAccelerators;
import dev.trainplan.engine.job.BatchSpec;
import dev.trainplan.engine.job.Cluster;
import dev.trainplan.engine.job.Dataset;
import dev.trainplan.engine.job.AttentionKernel;
import dev.trainplan.engine.job.Framework;
import dev.trainplan.engine.job.Job;
import dev.trainplan.engine.job.Optimizer;
import dev.trainplan.engine.job.Parallelism;
import dev.trainplan.engine.job.Precision;
import dev.trainplan.engine.job.Recompute;
import dev.trainplan.engine.job.Sharding;
import dev.trainplan.engine.model.Architecture;
import dev.trainplan.engine.model.Moe;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StagedStepTimeTest {
    static final ClusterHardware H100 = StepTimeModelTest.H100;
    static final Collectives NET = StepTimeModelTest.NET;
    static final Efficiency EFF = StepTimeModelTest.EFF;
    static final Overheads OH = StepTimeModelTest.OH;
    static final Architecture DEEPSEEK_LITE = Architecture.builder("deepseek-v2-lite-like").layers(27).hidden(2048).heads(16)
            .ffnHidden(10944).vocab(102400).moe(new Moe(64, 6, 1408, 2, 1408, 1, false)).build();
    static final List<Architecture> MODELS = List.of(StepTimeModelTest.GPT_175B, StepTimeModelTest.LLAMA_8B, DEEPSEEK_LITE);

    /** A random configuration that Job accepts, or null. */
    private static Job randomJob(Random r, Architecture a, Precision precision, Framework framework, Optimizer optimizer, int seqLen) {
        int tp = 1 << r.nextInt(4);
        int pp = 1 + r.nextInt(8);
        int cp = 1 << r.nextInt(3);
        int ep = a.moeLayers() > 0 ? 1 << r.nextInt(4) : 1;
        int dp = 1 + r.nextInt(12);
        int world = tp * pp * cp * dp;
        Cluster cluster = world <= 8 ? Cluster.of(1, world) : world % 8 == 0 ? Cluster.of(world / 8, 8) : null;
        if (cluster == null) {
            return null;
        }
        int vp = pp > 1 ? 1 + r.nextInt(4) : 1;
        try {
            return Job.builder().framework(framework).dataset(Dataset.of(1_000_000, seqLen)).cluster(cluster)
                    .parallelism(new Parallelism(tp, pp, cp, ep, vp, r.nextBoolean()))
                    .batch(new BatchSpec(1 + r.nextInt(4), 1 + r.nextInt(64), 0))
                    .sharding(Sharding.values()[r.nextInt(Sharding.values().length)])
                    .recompute(Recompute.values()[r.nextInt(Recompute.values().length)])
                    .precision(precision).optimizer(optimizer).build();
        } catch (IllegalArgumentException rejected) {
            return null;
        }
    }

    @Test
    void stagedSeconds_equalEstimate_onThousandsOfRandomConfigurations_withWorkReusedAcrossThem() {
        Random random = new Random(20240607);
        int checked = 0;
        for (Architecture a : MODELS) {
            for (Precision precision : List.of(Precision.BF16, Precision.FP8)) {
                Framework framework = random.nextBoolean() ? Framework.MEGATRON : Framework.DEEPSPEED;
                Optimizer optimizer = Optimizer.values()[random.nextInt(Optimizer.values().length)];
                int seqLen = 1024 << random.nextInt(3);
                // One staged model and one cache of micro-batch work per setting, as the planner keeps them.
                AttentionKernel kernel = AttentionKernel.values()[random.nextInt(AttentionKernel.values().length)];
                StagedStepTime staged = StagedStepTime.of(a, H100, NET, EFF, OH, precision, framework, optimizer, seqLen, kernel);
                Map<List<Object>, MicroBatchWork> shapes = new HashMap<>();
                for (int i = 0; i < 1500; i++) {
                    Job job = randomJob(random, a, precision, framework, optimizer, seqLen);
                    // Context parallelism runs only on fused attention (StagedStepTime refuses it otherwise).
                    if (job == null || (job.parallelism().cp() > 1 && !kernel.flash())) {
                        continue;
                    }
                    Parallelism par = job.parallelism();
                    int world = job.worldSize();
                    int etp = a.moeLayers() > 0 ? par.expertTensorParallel(world) : par.tp();
                    int expertDp = a.moeLayers() > 0 ? par.expertDataParallel(world) : 1;
                    int micro = job.batch().microBatch();
                    boolean sp = par.sequenceParallelActive();
                    MicroBatchWork work = shapes.computeIfAbsent(List.of(par.tp(), par.cp(), par.ep(), etp, micro, sp),
                            k -> staged.microBatch(par.tp(), par.cp(), par.ep(), etp, micro, sp));
                    StageWork stage = staged.stage(work, staged.layout(world, par.tp(), par.pp(), par.cp(), par.ep(), etp, job.dataParallel(), expertDp));
                    double fast = staged.stepSeconds(stage, par.vp(), job.batch().gradientAccumulation(), job.recompute(), job.sharding());
                    double reference = StepTimeModel.estimate(a, job, H100, NET, EFF, OH, kernel).stepSeconds();
                    assertThat(fast).as("%s %s", a.name(), job).isCloseTo(reference, within(reference * 1e-9));
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(3000);
    }

    @Test
    void stepSeconds_allocatesNothing() {
        StagedStepTime staged = StagedStepTime.of(StepTimeModelTest.GPT_175B, H100, NET, EFF, OH, Precision.BF16, Framework.MEGATRON,
                Optimizer.ADAMW, 2048, AttentionKernel.FLASH);
        StageWork stage = staged.stage(staged.microBatch(8, 1, 1, 8, 1, true), staged.layout(512, 8, 8, 1, 1, 8, 8, 1));
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        Recompute[] recomputes = Recompute.values();
        Sharding[] shardings = Sharding.values();
        double sink = 0;
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 1_000_000; i++) {
            sink += staged.stepSeconds(stage, 1 + i % 3, 8 + i % 5, recomputes[i % 3], shardings[i % 4]);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(sink).isPositive();
        // A single 16-byte object per call would be 16 MB; the measurement itself allocates a little.
        assertThat(allocated).isLessThan(100_000);
    }

    @Test
    void layout_rejectsSizesThatDoNotMakeTheWorld() {
        StagedStepTime staged = StagedStepTime.of(StepTimeModelTest.LLAMA_8B, H100, NET, EFF, OH, Precision.BF16, Framework.MEGATRON,
                Optimizer.ADAMW, 4096, AttentionKernel.FLASH);
        assertThatThrownBy(() -> staged.layout(64, 8, 2, 1, 1, 8, 3, 1)).hasMessageContaining("world 64 is not tp 8 × pp 2 × cp 1 × dp 3");
    }

    @Test
    void unsupportedPrecision_isOneSentenceNamingIt() {
        ClusterHardware v100 = ClusterHardware.of(TestAccelerators.v100());
        assertThatThrownBy(() -> StagedStepTime.of(StepTimeModelTest.LLAMA_8B, v100, Collectives.of(v100), EFF, OH, Precision.FP8,
                Framework.MEGATRON, Optimizer.ADAMW, 4096, AttentionKernel.FLASH))
                .hasMessage("precision fp8 has no tensor-core peak on v100-sxm2-32gb; choose one the accelerator supports: fp32, fp16.");
    }
}
