package dev.trainplan.bench;

import dev.trainplan.engine.job.BatchSpec;
import dev.trainplan.engine.job.Cluster;
import dev.trainplan.engine.job.Dataset;
import dev.trainplan.engine.job.Framework;
import dev.trainplan.engine.job.Job;
import dev.trainplan.engine.job.Parallelism;
import dev.trainplan.engine.job.Recompute;
import dev.trainplan.engine.job.Sharding;
import dev.trainplan.engine.memory.MemoryModel;
import dev.trainplan.engine.memory.MemorySettings;
import dev.trainplan.engine.memory.MemoryVerdict;
import dev.trainplan.engine.model.Architecture;
import dev.trainplan.engine.steps.StepCounter;
import dev.trainplan.engine.time.Calibration;
import dev.trainplan.engine.comm.Collectives;
import dev.trainplan.engine.hardware.ClusterHardware;
import dev.trainplan.engine.time.StepTimeModel;
import dev.trainplan.formats.CalibrationFile;
import dev.trainplan.formats.HardwareCatalog;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One full estimate of the built-in example (Llama-3.1-8B on 8 × 8 H100, 1T tokens, tp 2): the step count,
 * the itemised memory with its verdict, and the step time with its breakdown.
 * Run: {@code ./mvnw -pl bench -am package -DskipTests && java -jar bench/target/benchmarks.jar Estimate}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EstimateBenchmark {
    private final Architecture model = Architecture.builder("llama-3.1-8b").layers(32).hidden(4096).heads(32).kvHeads(8)
            .ffnHidden(14336).vocab(128256).build();
    private final Job job = Job.builder().framework(Framework.MEGATRON).dataset(Dataset.ofTokens(1_000_000_000_000L, 8192))
            .cluster(Cluster.of(8, 8)).parallelism(new Parallelism(2, 1, 1, 1, 1, true)).batch(new BatchSpec(1, 0, 128))
            .sharding(Sharding.ZERO1).recompute(Recompute.NONE).build();
    private final ClusterHardware hardware = ClusterHardware.of(HardwareCatalog.builtIn().accelerator("h100-sxm"));
    private final Calibration calibration = CalibrationFile.builtIn();
    private final Collectives network = calibration.collectives(hardware);

    @Benchmark
    public void fullEstimate(Blackhole sink) {
        sink.consume(StepCounter.count(job));
        sink.consume(MemoryVerdict.of(MemoryModel.estimate(model, job, MemorySettings.DEFAULTS), hardware.accelerator().memoryBytes()));
        sink.consume(StepTimeModel.estimate(model, job, hardware, network, calibration.efficiency("h100-sxm"),
                calibration.overheads(job.framework())));
    }
}
