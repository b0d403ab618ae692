package dev.trainplan.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole {@code ./trainplan plan} process for the Calculon case of issue 7 (MT-NLG 530B, 2,240 A100,
 * global batch 1,920, JSON out): JVM start-up, catalogs, search and report, as a user runs it. Run from
 * the repository root (it looks for the {@code trainplan} launcher in the working directory and above),
 * after the command line is built: {@code java -jar bench/target/benchmarks.jar PlanProcess}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 10)
@Fork(1)
public class PlanProcessBenchmark {
    static final List<String> ARGUMENTS = List.of("plan", "--model", "mt-nlg-530b", "--gpu", "a100-sxm4-80gb", "--gpus", "2240",
            "--global-batch", "1920", "--seq-len", "2048", "--json");

    private Path launcher;

    @Setup
    public void setUp() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isExecutable(dir.resolve("trainplan"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("run from the repository: no 'trainplan' launcher in " + Path.of("").toAbsolutePath() + " or above.");
        }
        launcher = dir.resolve("trainplan");
    }

    @Benchmark
    public int planProcess() throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add(launcher.toString());
        command.addAll(ARGUMENTS);
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.to(new File("/dev/null"))).start();
        int exit = p.waitFor();
        if (exit != 0) {
            throw new IllegalStateException("./trainplan plan exited with " + exit);
        }
        return exit;
    }
}
