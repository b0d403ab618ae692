package dev.trainplan.bench;

import dev.trainplan.engine.plan.ModelMemory;
import dev.trainplan.engine.plan.Plan;
import dev.trainplan.engine.plan.PlanRequest;
import dev.trainplan.engine.plan.Planner;
import dev.trainplan.engine.plan.Progress;
import dev.trainplan.engine.plan.SearchOptions;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The planner's search of the Calculon case (MT-NLG 530B on 2,240 A100, every global batch up to 1,920),
 * on one thread and on every core. Besides the searches per second, the {@code evaluated} counter is the
 * configurations whose memory and step time were determined per second, and {@code pruned} those skipped
 * in bulk. Run: {@code java -jar bench/target/benchmarks.jar Planner}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class PlannerBenchmark {
    private PlanRequest request;
    private ModelMemory memory;

    /** Configurations per second, summed over the measurement. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counts {
        public long evaluated;
        public long pruned;

        @Setup(Level.Iteration)
        public void clear() {
            evaluated = 0;
            pruned = 0;
        }

        void add(Plan plan) {
            evaluated += plan.tally().evaluated();
            pruned += plan.tally().pruned();
        }
    }

    @Setup
    public void setUp() {
        request = MtNlg.batchesUpTo1920();
        memory = MtNlg.memory(request);
    }

    @Benchmark
    public Plan searchOneCore(Counts counts) {
        Plan plan = Planner.search(request, memory, SearchOptions.DEFAULT.withThreads(1), new Progress());
        counts.add(plan);
        return plan;
    }

    @Benchmark
    public Plan searchAllCores(Counts counts) {
        Plan plan = Planner.search(request, memory, SearchOptions.DEFAULT, new Progress());
        counts.add(plan);
        return plan;
    }
}
