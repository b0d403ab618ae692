package dev.trainplan.bench;

import dev.trainplan.engine.job.Recompute;
import dev.trainplan.engine.job.Sharding;
import dev.trainplan.engine.plan.DeviceMemory;
import dev.trainplan.engine.plan.Layout;
import dev.trainplan.engine.plan.ModelMemory;
import dev.trainplan.engine.plan.PlanRequest;
import dev.trainplan.engine.time.StageWork;
import dev.trainplan.engine.time.StagedStepTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One configuration evaluation as the planner's innermost loop does it: the memory model's peak, then,
 * if it fits, the staged step time. Cycles through the inner choices of MT-NLG 530B layouts on 2,240
 * A100 (tp 8 and 4, pp 35, 7 and 5, interleaving, every recompute and sharding, micro-batches 1 to 4).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EvaluationBenchmark {
    static final int CONFIGURATIONS = 1024;

    private final DeviceMemory.LayoutMemory[] memories = new DeviceMemory.LayoutMemory[CONFIGURATIONS];
    private final StageWork[] stages = new StageWork[CONFIGURATIONS];
    private final int[] vp = new int[CONFIGURATIONS];
    private final int[] micro = new int[CONFIGURATIONS];
    private final int[] accumulation = new int[CONFIGURATIONS];
    private final Recompute[] recompute = new Recompute[CONFIGURATIONS];
    private final Sharding[] sharding = new Sharding[CONFIGURATIONS];
    private StagedStepTime staged;
    private long limit;

    @Setup
    public void setUp() {
        PlanRequest request = MtNlg.deployment();
        ModelMemory memory = MtNlg.memory(request);
        staged = request.stagedStepTime();
        limit = request.goal().memoryLimitBytes();
        List<int[]> layouts = List.of(new int[] {8, 35, 8}, new int[] {4, 35, 16}, new int[] {8, 7, 40}, new int[] {8, 5, 56});
        List<Object[]> all = new ArrayList<>();
        for (int[] l : layouts) {
            int tp = l[0];
            int pp = l[1];
            int dp = l[2];
            DeviceMemory.LayoutMemory layoutMemory = memory.layout(new Layout(MtNlg.DEVICES, MtNlg.GLOBAL_BATCH, tp, pp, 1, 1, dp, true));
            for (int b = 1; b <= 4; b++) {
                int m = (int) (MtNlg.GLOBAL_BATCH / dp / b);
                StageWork stage = staged.stage(staged.microBatch(tp, 1, 1, tp, b, true), staged.layout(MtNlg.DEVICES, tp, pp, 1, 1, tp, dp, 1));
                for (int v : new int[] {1, 3}) {
                    for (Recompute r : Recompute.values()) {
                        for (Sharding s : Sharding.values()) {
                            all.add(new Object[] {layoutMemory, stage, v, b, m, r, s});
                        }
                    }
                }
            }
        }
        for (int i = 0; i < CONFIGURATIONS; i++) {
            Object[] c = all.get(i * 7919 % all.size());
            memories[i] = (DeviceMemory.LayoutMemory) c[0];
            stages[i] = (StageWork) c[1];
            vp[i] = (int) c[2];
            micro[i] = (int) c[3];
            accumulation[i] = (int) c[4];
            recompute[i] = (Recompute) c[5];
            sharding[i] = (Sharding) c[6];
        }
    }

    @Benchmark
    @OperationsPerInvocation(CONFIGURATIONS)
    public void evaluate(Blackhole sink) {
        for (int i = 0; i < CONFIGURATIONS; i++) {
            long peak = memories[i].peakBytes(vp[i], micro[i], accumulation[i], recompute[i], sharding[i]);
            sink.consume(peak <= limit ? staged.stepSeconds(stages[i], vp[i], accumulation[i], recompute[i], sharding[i]) : peak);
        }
    }
}
