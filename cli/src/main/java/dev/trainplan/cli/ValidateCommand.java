package dev.trainplan.cli;

import dev.trainplan.engine.time.Calibration;
import dev.trainplan.engine.time.StepTime;
import dev.trainplan.formats.CalibrationFile;
import dev.trainplan.formats.TotalsRun;
import dev.trainplan.formats.TotalsRuns;
import dev.trainplan.formats.ValidationRun;
import dev.trainplan.formats.ValidationRuns;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code trainplan validate runs.csv}: predicts every published run and reports the errors. */
@Command(name = "validate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Predicts every run of a validation file (format: shared/validation/SCHEMA.md) and prints measured vs predicted",
            "tokens/s per device, the error of each row, and summaries overall and by source family, accelerator, precision",
            "and dense/MoE. Rows of confidence high or medium count unless --all-confidence is given."},
        footer = {"", "Examples:",
            "  trainplan validate ../shared/validation/runs.csv",
            "  trainplan validate ../shared/validation/runs.csv --cross-validate",
            "  trainplan validate ../shared/validation/runs.csv --json > validation.json"})
public final class ValidateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE.csv", description = "A validation file, e.g. shared/validation/runs.csv.")
    Path file;

    @Option(names = "--json", description = "Print JSON for scripts.")
    boolean json;

    @Option(names = "--cross-validate", description = "Refit with each source family left out and report the error on the family left out.")
    boolean crossValidate;

    @Option(names = "--all-confidence", description = "Also count rows of low confidence.")
    boolean allConfidence;

    @Mixin
    CalibrationOption calibrationOption;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Calibration calibration = calibrationOption.calibration();
        if (isTotals(file)) {
            List<TotalsCheck> checks = TotalsCheck.of(readTotals(file), calibration);
            if (json) {
                Json.print(spec.commandLine().getOut(), TotalsCheck.json(checks));
            } else {
                TotalsCheck.print(spec.commandLine().getOut(), checks);
            }
            return 0;
        }
        List<ValidationRun> runs = readRuns(file);
        ValidationSamples.Preparation preparation = ValidationSamples.prepare(runs, allConfidence, calibration);
        List<ValidationSamples.Prepared> prepared = preparation.usable();
        List<String> skipped = preparation.skipped();
        if (prepared.isEmpty()) {
            throw new UserInputException(file + " has no row with a measured throughput to validate against.");
        }
        Map<String, StepTime> stepTimes = new LinkedHashMap<>();
        Map<String, Double> predicted = new LinkedHashMap<>();
        for (ValidationSamples.Prepared p : prepared) {
            StepTime t = Calibrator.stepTime(p.sample(), calibration);
            stepTimes.put(p.run().id(), t);
            predicted.put(p.run().id(), t.tokensPerSecondPerDevice());
        }
        OutOfFold folds = crossValidate ? crossValidated(prepared, CalibrationFile.priors(), calibration) : OutOfFold.NONE;
        Map<String, Double> outOfFold = folds.refit();
        List<MemoryCheck> memory = MemoryCheck.of(runs);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode o = toJson(prepared, stepTimes, predicted, folds, calibration);
            if (!memory.isEmpty()) {
                o.set("memorySummary", MemoryCheck.json(memory));
            }
            Json.print(out, o);
        } else {
            print(out, prepared, predicted, folds, calibration);
            if (!memory.isEmpty()) {
                MemoryCheck.print(out, memory);
            }
            out.println("Throughput (tokens/s per device): " + summary(prepared, predicted).describe() + ".");
            if (!outOfFold.isEmpty()) {
                out.println("Leave-one-family-out: " + summary(prepared, outOfFold).describe() + "; with the frameworks' overheads known: "
                        + summary(prepared, folds.knownFrameworks()).describe() + ".");
            }
            out.flush();
            for (String s : skipped) {
                out.println("Not predicted: " + s);
            }
        }
        return 0;
    }

    /** Whether the file is a totals.csv (complete trainings) rather than a runs.csv (measured configurations). */
    private static boolean isTotals(Path file) {
        try (java.io.BufferedReader in = Files.newBufferedReader(file)) {
            String header = in.readLine();
            return header != null && TotalsRuns.isTotalsHeader(header);
        } catch (NoSuchFileException e) {
            throw new UserInputException("validation file " + file + " does not exist; give the path to runs.csv or totals.csv (e.g. ../shared/validation/runs.csv).");
        } catch (IOException e) {
            throw new UserInputException("could not read " + file + ": " + e.getMessage() + ".");
        }
    }

    static List<TotalsRun> readTotals(Path file) {
        try (Reader in = Files.newBufferedReader(file)) {
            return TotalsRuns.read(in, file.toString());
        } catch (IOException e) {
            throw new UserInputException("could not read " + file + ": " + e.getMessage() + ".");
        }
    }

    static List<ValidationRun> readRuns(Path file) {
        try (Reader in = Files.newBufferedReader(file)) {
            return ValidationRuns.read(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new UserInputException("validation file " + file + " does not exist; give the path to runs.csv or totals.csv (e.g. ../shared/validation/runs.csv).");
        } catch (IOException e) {
            throw new UserInputException("could not read " + file + ": " + e.getMessage() + ".");
        }
    }

    /**
     * Held-out predictions by row id. {@code refit}: each family predicted by coefficients fitted without it.
     * {@code knownFrameworks}: the same fit's hardware coefficients with the framework overheads of the calibration
     * in use, which did see the family; it separates how far the hardware physics carries to runs it has not seen
     * from how far a framework's overheads can be guessed without any run of that framework.
     */
    record OutOfFold(Map<String, Double> refit, Map<String, Double> knownFrameworks) {
        static final OutOfFold NONE = new OutOfFold(Map.of(), Map.of());
    }

    /**
     * Each family predicted by coefficients fitted without it, starting from the datasheet priors: starting
     * from the shipped fit would let the family left out leak in through it.
     */
    static OutOfFold crossValidated(List<ValidationSamples.Prepared> prepared, Calibration prior, Calibration known) {
        Map<String, Double> refit = new LinkedHashMap<>();
        Map<String, Double> knownFrameworks = new LinkedHashMap<>();
        for (String family : group(prepared, p -> p.run().family()).keySet()) {
            List<Calibrator.Sample> training = prepared.stream().filter(p -> !p.run().family().equals(family)).map(ValidationSamples.Prepared::sample).toList();
            Calibration fitted = new Calibrator(prior, training).fit(training, "cross-validation", "all but " + family);
            Calibration hardwareOnly = new Calibration(fitted.fitted(), fitted.data(), fitted.generations(), known.frameworks(), known.defaultOverheads());
            for (ValidationSamples.Prepared p : prepared) {
                if (p.run().family().equals(family)) {
                    refit.put(p.run().id(), Calibrator.predict(p.sample(), fitted));
                    knownFrameworks.put(p.run().id(), Calibrator.predict(p.sample(), hardwareOnly));
                }
            }
        }
        return new OutOfFold(refit, knownFrameworks);
    }

    private static Map<String, List<ValidationSamples.Prepared>> group(List<ValidationSamples.Prepared> prepared,
                                                                       Function<ValidationSamples.Prepared, String> key) {
        Map<String, List<ValidationSamples.Prepared>> groups = new TreeMap<>();
        for (ValidationSamples.Prepared p : prepared) {
            groups.computeIfAbsent(key.apply(p), k -> new ArrayList<>()).add(p);
        }
        return groups;
    }

    private static ErrorSummary summary(List<ValidationSamples.Prepared> prepared, Map<String, Double> predicted) {
        return ErrorSummary.of(prepared.stream().filter(p -> predicted.containsKey(p.run().id()))
                .map(p -> ErrorSummary.pct(predicted.get(p.run().id()), p.run().measuredTokensPerSecondPerDevice())).toList());
    }

    private static final Map<String, Function<ValidationSamples.Prepared, String>> GROUPINGS = groupings();

    private static Map<String, Function<ValidationSamples.Prepared, String>> groupings() {
        Map<String, Function<ValidationSamples.Prepared, String>> g = new LinkedHashMap<>();
        g.put("family", p -> p.run().family());
        g.put("accelerator", p -> p.run().accelerator());
        g.put("precision", p -> p.run().precision().id());
        g.put("kind", p -> p.run().moe() ? "moe" : "dense");
        g.put("framework", p -> p.run().frameworkName());
        return g;
    }

    private void print(PrintWriter out, List<ValidationSamples.Prepared> prepared, Map<String, Double> predicted,
                       OutOfFold folds, Calibration calibration) {
        Map<String, Double> outOfFold = folds.refit();
        Table rows = Table.of("id", "family", "accelerator", "precision", "measured tok/s/dev", "predicted", "error", "assumed");
        for (ValidationSamples.Prepared p : prepared) {
            double m = p.run().measuredTokensPerSecondPerDevice();
            double pr = predicted.get(p.run().id());
            rows.row(p.run().id(), p.run().family(), p.run().accelerator(), p.run().precision().id(), Format.fixed(m, 1),
                    Format.fixed(pr, 1), Format.signedPercent(ErrorSummary.pct(pr, m)), String.join("; ", p.assumptions()));
        }
        rows.print(out);
        out.println();
        out.println("Coefficients: fitted " + calibration.fitted() + " on " + calibration.data() + ".");
        out.println("Overall: " + summary(prepared, predicted).describe());
        long assumed = prepared.stream().filter(p -> !p.assumptions().isEmpty()).count();
        out.println("Rows resting on an assumed micro-batch or recompute: " + assumed + ".");
        for (var grouping : GROUPINGS.entrySet()) {
            out.println();
            Table t = Table.of("by " + grouping.getKey(), "rows", "mean |error|", "median", "p90", "bias");
            group(prepared, grouping.getValue()).forEach((k, v) -> {
                ErrorSummary s = summary(v, predicted);
                t.row(k, s.rows(), pct(s.meanAbsPctError()), pct(s.medianAbsPctError()), pct(s.p90AbsPctError()),
                        Format.signedPercent(s.meanSignedPctError()));
            });
            t.print(out);
        }
        if (!outOfFold.isEmpty()) {
            out.println();
            out.println("Leave-one-family-out (each family predicted by coefficients fitted without it):");
            Table t = Table.of("family left out", "rows", "mean |error|", "median", "framework overheads known", "fitted mean |error|");
            group(prepared, p -> p.run().family()).forEach((k, v) -> {
                ErrorSummary cv = summary(v, outOfFold);
                t.row(k, cv.rows(), pct(cv.meanAbsPctError()), pct(cv.medianAbsPctError()), pct(summary(v, folds.knownFrameworks()).meanAbsPctError()),
                        pct(summary(v, predicted).meanAbsPctError()));
            });
            t.print(out);
            out.println("Cross-validated overall: " + summary(prepared, outOfFold).describe());
            out.println("With the frameworks' overheads of the fit in use (hardware coefficients still fitted without the family): "
                    + summary(prepared, folds.knownFrameworks()).describe());
        }
        out.flush();
    }

    private static String pct(double v) {
        return String.format(java.util.Locale.ROOT, "%.1f%%", v);
    }

    private ObjectNode toJson(List<ValidationSamples.Prepared> prepared, Map<String, StepTime> stepTimes, Map<String, Double> predicted,
                              OutOfFold folds, Calibration calibration) {
        Map<String, Double> outOfFold = folds.refit();
        ObjectNode o = Json.object();
        o.put("calibration", calibration.fitted());
        o.set("summary", summary(prepared, predicted).toJson());
        ObjectNode groups = o.putObject("groups");
        for (var grouping : GROUPINGS.entrySet()) {
            ObjectNode g = groups.putObject(grouping.getKey());
            group(prepared, grouping.getValue()).forEach((k, v) -> g.set(k, summary(v, predicted).toJson()));
        }
        if (!outOfFold.isEmpty()) {
            ObjectNode cv = o.putObject("crossValidation");
            cv.set("summary", summary(prepared, outOfFold).toJson());
            ObjectNode byFamily = cv.putObject("byFamily");
            group(prepared, p -> p.run().family()).forEach((k, v) -> byFamily.set(k, summary(v, outOfFold).toJson()));
            ObjectNode known = cv.putObject("knownFrameworks");
            known.set("summary", summary(prepared, folds.knownFrameworks()).toJson());
            ObjectNode knownByFamily = known.putObject("byFamily");
            group(prepared, p -> p.run().family()).forEach((k, v) -> knownByFamily.set(k, summary(v, folds.knownFrameworks()).toJson()));
        }
        ArrayNode rows = o.putArray("rows");
        for (ValidationSamples.Prepared p : prepared) {
            double m = p.run().measuredTokensPerSecondPerDevice();
            double pr = predicted.get(p.run().id());
            ObjectNode r = rows.addObject();
            r.put("id", p.run().id());
            r.put("family", p.run().family());
            r.put("accelerator", p.run().accelerator());
            r.put("measured", m);
            r.put("predicted", ErrorSummary.round(pr));
            r.put("errorPct", ErrorSummary.round(ErrorSummary.pct(pr, m)));
            Double cv = outOfFold.get(p.run().id());
            if (cv != null) {
                r.put("crossValidatedPredicted", ErrorSummary.round(cv));
                r.put("crossValidatedErrorPct", ErrorSummary.round(ErrorSummary.pct(cv, m)));
            }
            ArrayNode a = r.putArray("assumptions");
            p.assumptions().forEach(a::add);
            // Where the predicted step goes, to read why a row misses.
            r.set("time", EstimateReport.timeJson(stepTimes.get(p.run().id())));
        }
        return o;
    }
}
