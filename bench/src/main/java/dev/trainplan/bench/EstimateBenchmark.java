package dev.trainplan.bench;

import dev.trainplan.engine.job.BatchSpec;
import dev.trainplan.engine.job.Cluster;
import dev.trainplan.engine.job.Dataset;
import dev.trainplan.engine.job.Framework;
import dev.trainplan.engine.job.Job;
import dev.trainplan.engine.job.Parallelism;
import dev.trainplan.engine.job.Recompute;
import dev.trainplan.engine.job.Sharding;
import dev.trainplan.engine.model.Architecture;
import dev.trainplan.engine.steps.StepCounter;
import dev.trainplan.engine.time.Calibration;
import dev.trainplan.engine.time.Chip;
import dev.trainplan.engine.time.Network;
import dev.trainplan.engine.time.StepTimeModel;
import dev.trainplan.formats.CalibrationFile;
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
 * One full estimate of the built-in example (Llama-3.1-8B on 8 × 8 H100, 1T tokens): the step count and
 * the step time. Run: {@code ./mvnw -pl bench -am package -DskipTests && java -jar bench/target/benchmarks.jar Estimate}.
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
            .cluster(Cluster.of(8, 8)).parallelism(new Parallelism(1, 1, 1, 1, 1, false)).batch(new BatchSpec(1, 0, 128))
            .sharding(Sharding.ZERO1).recompute(Recompute.NONE).build();
    private final Chip chip = new Chip("h100-sxm", 494.7e12, 989e12, 1979e12, 0, 3.35e12, 8);
    private final Calibration calibration = CalibrationFile.builtIn();
    /** NVLink 450 GB/s and a 400 Gb/s NIC per GPU at 80 % bus efficiency, 10 µs per hop. */
    private final Network network = new Network() {
        @Override
        public double allReduceSeconds(double bytes, int ranks, int ranksPerNode) {
            return 2 * reduceScatterSeconds(bytes, ranks, ranksPerNode);
        }

        @Override
        public double reduceScatterSeconds(double bytes, int ranks, int ranksPerNode) {
            int g = Math.min(ranks, ranksPerNode);
            int k = ranks / g;
            return 10e-6 * (ranks - 1) + (g - 1.0) / g * bytes / 360e9 + (k > 1 ? (k - 1.0) / k * bytes / g / 40e9 : 0);
        }

        @Override
        public double allGatherSeconds(double bytes, int ranks, int ranksPerNode) {
            return reduceScatterSeconds(bytes, ranks, ranksPerNode);
        }

        @Override
        public double allToAllSeconds(double bytes, int ranks, int ranksPerNode) {
            return 10e-6 * (ranks - 1) + bytes / (ranksPerNode >= ranks ? 360e9 : 40e9);
        }

        @Override
        public double sendSeconds(double bytes, boolean crossesNodes) {
            return 10e-6 + bytes / (crossesNodes ? 40e9 : 360e9);
        }
    };

    @Benchmark
    public void fullEstimate(Blackhole sink) {
        sink.consume(StepCounter.count(job));
        sink.consume(StepTimeModel.estimate(model, job, chip, network, calibration.efficiency(chip.id()),
                calibration.overheads(job.framework())));
    }
}
