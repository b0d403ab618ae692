package dev.trainplan.cli;

import dev.trainplan.engine.time.Calibration;
import dev.trainplan.formats.CalibrationFile;
import dev.trainplan.formats.ValidationRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code trainplan calibrate runs.csv}: the dev-time fit of the step model's coefficients, whose result is
 * committed to the catalog with the date and the data it was fitted on.
 */
@Command(name = "calibrate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Fits the step model's coefficients (an efficiency set per accelerator generation, overheads per framework)",
            "to the measured runs of a validation file by robust least squares on log(predicted/measured) (quadratic within",
            "30 %%, linear beyond, so that runs the physics cannot explain pull less), each pulled toward its datasheet prior.",
            "Prints the error before and after; --write saves the result as a calibration file."},
        footer = {"", "Example (developers, after changing the model):",
            "  trainplan calibrate ../shared/validation/runs.csv --write catalog/src/main/resources/dev/trainplan/catalog/calibration.yaml"})
public final class CalibrateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE.csv", description = "The validation file to fit on, e.g. shared/validation/runs.csv.")
    Path file;

    @Option(names = "--write", paramLabel = "FILE.yaml", description = "Write the fitted coefficients here.")
    Path write;

    @Option(names = "--from", paramLabel = "FILE.yaml", description = "Start from (and pull toward) these coefficients instead of the datasheet priors.")
    Path from;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        List<ValidationRun> runs = ValidateCommand.readRuns(file);
        Calibration prior = from == null ? CalibrationFile.priors() : CalibrationOption.read(from);
        List<ValidationSamples.Prepared> prepared = ValidationSamples.prepare(runs, false, prior).usable();
        List<Calibrator.Sample> samples = prepared.stream().map(ValidationSamples.Prepared::sample).toList();
        String data = file.getFileName() + ": " + samples.size() + " rows with measured throughput, confidence high or medium";
        Calibration fitted = new Calibrator(prior, samples).fit(samples, LocalDate.now().toString(), data);
        ErrorSummary before = summary(samples, prior);
        ErrorSummary after = summary(samples, fitted);
        out.println("Before: " + before.describe());
        out.println("After:  " + after.describe());
        if (write != null) {
            String header = "# Coefficients of the step-time model (engine/src/main/java/dev/trainplan/engine/time), fitted by\n"
                    + "# `trainplan calibrate` on " + data + ".\n"
                    + "# Fitted error: " + after.describe() + " (before the fit: " + before.describe() + ").\n"
                    + "# Priors: MAMF table (formulas.md §9.1) for GEMM efficiency, calculon's size curve (§9.2); each fitted value\n"
                    + "# is pulled toward its prior, so generations and frameworks with few rows stay near their datasheet values.\n";
            Files.writeString(write, CalibrationFile.write(fitted, header));
            out.println("Wrote " + write + ".");
        }
        out.flush();
        return 0;
    }

    private static ErrorSummary summary(List<Calibrator.Sample> samples, Calibration c) {
        Map<String, Double> errors = new LinkedHashMap<>();
        for (Calibrator.Sample s : samples) {
            errors.put(s.id(), ErrorSummary.pct(Calibrator.predict(s, c), s.measured()));
        }
        return ErrorSummary.of(List.copyOf(errors.values()));
    }
}
