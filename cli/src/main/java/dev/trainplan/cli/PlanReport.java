package dev.trainplan.cli;

import dev.trainplan.engine.plan.Assessment;
import dev.trainplan.engine.plan.Candidate;
import dev.trainplan.engine.plan.Comparison;
import dev.trainplan.engine.plan.Configuration;
import dev.trainplan.engine.plan.MemoryReport;
import dev.trainplan.engine.plan.Near;
import dev.trainplan.engine.plan.Objective;
import dev.trainplan.engine.plan.Plan;
import dev.trainplan.engine.plan.PlanRequest;
import dev.trainplan.engine.plan.Rejection;
import dev.trainplan.engine.plan.Tally;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The text report of {@code trainplan plan}: the choice, the runner-up and what separates them, the top table, and what was rejected. */
final class PlanReport {
    /** Parts of the step that differ by less than this fraction of it are not worth a sentence. */
    private static final double NOTABLE = 0.002;

    private PlanReport() {
    }

    static void print(PrintWriter out, PlanView v, int top, boolean explain) {
        PlanRequest r = v.request();
        Plan plan = v.plan();
        out.printf("Plan: %s on %s × %s (%d per node), global batch %s, sequence %s, %s, %s, %s%n", v.entry().id(), devices(r),
                r.hardware().accelerator().name(), r.hardware().devicesPerNode(), batches(r), Format.count(r.sequenceLength()), r.precision().id(),
                r.framework().displayName(), r.optimizer().id());
        out.printf("Goal: %s; memory up to %s per device%s%s%s.%n", objective(plan.objective()), Format.gib(r.goal().memoryLimitBytes()),
                r.goal().hasDeadline() ? "; done within " + Format.duration(r.goal().deadlineSeconds()) : "",
                r.goal().hasBudget() ? "; costing at most " + money(r.goal().budget()) : "",
                v.knownLength() ? "" : "; no training length given, so time is compared per sample");
        out.println();
        if (plan.best().isPresent()) {
            Candidate best = plan.best().get();
            describe(out, "Best:      ", best, v);
            v.runnerUp().ifPresent(c -> {
                describeBriefly(out, "Runner-up: ", c.other(), best, v);
                out.println("           " + separates(c));
            });
            out.println();
            table(out, v, plan.objective() == Objective.PARETO ? plan.pareto() : plan.ranked().subList(0, Math.min(top, plan.ranked().size())),
                    plan.objective() == Objective.PARETO ? "The Pareto front of time, cost and devices:" : "Top " + Math.min(top, plan.ranked().size())
                            + " by " + (plan.objective() == Objective.CHEAPEST ? "cost" : "time") + ":");
        } else {
            nothingFits(out, v);
        }
        v.compared().ifPresent(a -> compared(out, v, a));
        if (explain) {
            v.runnerUp().ifPresent(c -> parts(out, "The best against the runner-up, part by part:", c, v));
            v.againstCompared().ifPresent(c -> parts(out, "The best against --compare, part by part:", c, v));
        }
        out.println();
        tally(out, v);
        out.flush();
    }

    private static void describe(PrintWriter out, String label, Candidate c, PlanView v) {
        MemoryReport memory = v.memoryOf(c);
        out.println(label + c.configuration().label());
        out.printf("           %s per step, %s tokens/s per device, peak %s on stage %d (of %s)%n", Format.duration(c.stepSeconds()),
                Format.fixed(c.tokensPerSecondPerDevice(v.request().sequenceLength()), 0), Format.gib(memory.peakBytes()), memory.worstStage(),
                Format.gib(v.request().goal().memoryLimitBytes()));
        if (v.knownLength()) {
            out.printf("           training %s in %s steps, %s device-hours%s%n", Format.duration(c.trainingSeconds()), Format.count(c.steps()),
                    Format.count((long) c.deviceHours()), v.price() > 0 ? ", " + money(c.cost(v.price())) : "");
        }
    }

    private static void describeBriefly(PrintWriter out, String label, Candidate c, Candidate best, PlanView v) {
        out.println(label + c.configuration().label());
        out.printf("           %s per step (%s%s)%n", Format.duration(c.stepSeconds()), signedPercent(c.stepSeconds() / best.stepSeconds() - 1),
                c.configuration().devices() != best.configuration().devices() || c.configuration().globalBatch() != best.configuration().globalBatch()
                        ? ", " + (v.knownLength() ? "training " + Format.duration(c.trainingSeconds()) : Format.count(c.configuration().devices()) + " devices")
                        : "");
    }

    /** One sentence: the settings that differ and the parts of the step that differ most. */
    static String separates(Comparison c) {
        if (c.settings().isEmpty()) {
            return "It has the same settings.";
        }
        double step = c.chosen().stepSeconds();
        List<String> longer = new ArrayList<>();
        List<String> shorter = new ArrayList<>();
        for (Comparison.Part p : c.parts()) {
            double d = p.differenceSeconds();
            if (Math.abs(d) >= NOTABLE * step && longer.size() + shorter.size() < 3) {
                (d > 0 ? longer : shorter).add(p.name() + " " + signed(d));
            }
        }
        StringBuilder sb = new StringBuilder("It differs in ").append(String.join(", ", c.settings())).append(".");
        if (!longer.isEmpty()) {
            sb.append(" It spends more on ").append(String.join(", ", longer));
        }
        if (!shorter.isEmpty()) {
            sb.append(longer.isEmpty() ? " It spends less on " : "; less on ").append(String.join(", ", shorter));
        }
        if (longer.isEmpty() && shorter.isEmpty()) {
            sb.append(" Its step time is the same; it ranks lower on ").append(
                    c.chosen().peakBytes() < c.other().peakBytes() ? "memory (" + Format.gib(c.other().peakBytes()) + " peak)." : "simplicity.");
        } else {
            sb.append(".");
        }
        return sb.toString();
    }

    private static void table(PrintWriter out, PlanView v, List<Candidate> rows, String title) {
        out.println(title);
        boolean length = v.knownLength();
        boolean money = length && v.price() > 0;
        List<String> headers = new ArrayList<>(List.of("#", "devices", "batch", "tp", "pp", "vp", "cp", "ep", "dp", "micro", "recompute",
                "sharding", "SP", "step", "tokens/s/dev", "peak GiB"));
        if (length) {
            headers.add("training");
            headers.add("device-h");
        }
        if (money) {
            headers.add("cost");
        }
        Table t = Table.of(headers.toArray(String[]::new));
        int i = 1;
        for (Candidate c : rows) {
            Configuration k = c.configuration();
            List<Object> cells = new ArrayList<>(List.of(i++, Format.count(k.devices()), Format.count(k.globalBatch()), k.tp(), k.pp(), k.vp(), k.cp(),
                    k.ep(), k.dp(), k.microBatch(), k.recomputeLabel(), k.sharding().id(), k.sequenceParallel() ? "on" : "off",
                    Format.duration(c.stepSeconds()), Format.fixed(c.tokensPerSecondPerDevice(v.request().sequenceLength()), 0),
                    Format.fixed(c.peakBytes() / Units.GIB, 2)));
            if (length) {
                cells.add(Format.duration(c.trainingSeconds()));
                cells.add(Format.count((long) c.deviceHours()));
            }
            if (money) {
                cells.add(money(c.cost(v.price())));
            }
            t.row(cells.toArray());
        }
        t.print(out);
    }

    private static void nothingFits(PrintWriter out, PlanView v) {
        Tally t = v.plan().tally();
        List<String> limits = new ArrayList<>(List.of("fits in " + Format.gib(v.request().goal().memoryLimitBytes()) + " per device"));
        if (v.request().goal().hasDeadline()) {
            limits.add("trains within " + Format.duration(v.request().goal().deadlineSeconds()));
        }
        if (v.request().goal().hasBudget()) {
            limits.add("costs at most " + money(v.request().goal().budget()));
        }
        out.printf("Nothing meets the request: none of the %s configurations follows the rules and %s.%n", Format.count(t.space()),
                String.join(" and ", limits));
        if (v.plan().closest().isEmpty()) {
            out.println("No configuration got as far as memory: every one broke a rule (below).");
            return;
        }
        out.println("Closest, and what they lack:");
        for (Near n : v.plan().closest()) {
            out.println("  " + n.candidate().configuration().label());
            out.println("      " + lacks(n, v));
        }
    }

    static String lacks(Near n, PlanView v) {
        Candidate c = n.candidate();
        return switch (n.reason()) {
            case OUT_OF_MEMORY -> {
                MemoryReport m = v.memoryOf(c);
                yield "needs " + shortfallBytes(n.shortfall()) + " more on stage " + m.worstStage() + " (peak " + Format.gib(c.peakBytes()) + "; largest: "
                        + m.largestParts().stream().limit(3).map(p -> p.name() + " " + Format.gib(p.bytes())).collect(Collectors.joining(", ")) + ")";
            }
            case DEADLINE -> "misses the deadline by " + Format.duration(n.shortfall()) + " (trains in " + Format.duration(c.trainingSeconds()) + ")";
            case BUDGET -> "is over the budget by " + money(n.shortfall()) + " (costs " + money(c.cost(v.price())) + ")";
            default -> n.reason().reason();
        };
    }

    private static void compared(PrintWriter out, PlanView v, Assessment a) {
        Candidate c = a.candidate();
        out.println();
        out.println("Compared with: " + c.configuration().label());
        String verdict = a.rejection().map(r -> r == Rejection.OUT_OF_MEMORY
                ? "it does not fit: " + lacks(new Near(c, r, c.peakBytes() - (double) v.request().goal().memoryLimitBytes()), v)
                : "it is rejected: " + r.reason()).orElse("it fits, peak " + Format.gib(c.peakBytes()));
        String time = Double.isFinite(c.stepSeconds()) ? Format.duration(c.stepSeconds()) + " per step by trainplan's model; " : "";
        out.println("  " + time + verdict + ".");
        v.plan().best().ifPresent(best -> {
            if (Double.isFinite(c.stepSeconds())) {
                double gain = c.stepSeconds() / best.stepSeconds() - 1;
                out.printf("  The plan's best is %s %s.%n", Format.percent(Math.abs(gain)), gain >= 0 ? "faster" : "slower (it does not fit or breaks a rule)");
            }
        });
        v.againstCompared().ifPresent(cmp -> out.println("  " + separates(cmp).replaceFirst("^It ", "The compared configuration ")));
    }

    private static void parts(PrintWriter out, String title, Comparison c, PlanView v) {
        out.println();
        out.println(title);
        Table t = Table.of("part of the step", "best", "other", "difference", "set by");
        for (Comparison.Part p : c.parts()) {
            t.row(p.name(), Format.duration(p.chosenSeconds()), Format.duration(p.otherSeconds()), signed(p.differenceSeconds()), p.drivenBy());
        }
        t.row("step", Format.duration(c.chosen().stepSeconds()), Format.duration(c.other().stepSeconds()),
                signed(c.other().stepSeconds() - c.chosen().stepSeconds()), "");
        t.print(out);
        out.printf("Memory: best %s on stage %d, other %s on stage %d; the other's largest parts: %s.%n", Format.gib(c.chosenMemory().peakBytes()),
                c.chosenMemory().worstStage(), Format.gib(c.otherMemory().peakBytes()), c.otherMemory().worstStage(),
                c.otherMemory().largestParts().stream().limit(3).map(p -> p.name() + " " + Format.gib(p.bytes())).collect(Collectors.joining(", ")));
    }

    private static void tally(PrintWriter out, PlanView v) {
        Tally t = v.plan().tally();
        out.printf("Searched %s configurations in %s: %s evaluated (memory first, then step time; %s per second), %s pruned because a smaller"
                + " micro-batch of the same layout did not fit.%n", Format.count(t.space()), Format.duration(v.searchSeconds()),
                Format.count(t.evaluated()), Format.count((long) v.evaluationsPerSecond()), Format.count(t.pruned()));
        List<Map.Entry<Rejection, Long>> rows = new ArrayList<>(t.rejected().entrySet());
        rows.sort(Map.Entry.<Rejection, Long>comparingByValue(Comparator.reverseOrder()));
        if (rows.isEmpty()) {
            return;
        }
        out.println("Rejected:");
        Table table = Table.of("configurations", "why", "for example");
        for (Map.Entry<Rejection, Long> e : rows) {
            table.row(Format.count(e.getValue()), e.getKey().reason() + (e.getKey().evaluated() ? " (after evaluation)" : ""), example(e.getKey(), t, v));
        }
        table.print(out);
    }

    private static String example(Rejection r, Tally t, PlanView v) {
        List<Integer> values = t.examples().getOrDefault(r, List.of());
        String subject = switch (r) {
            case TP_HEADS, TP_NODE -> "tp";
            case PP_LAYERS -> "pp";
            case CP_SEQUENCE -> "cp";
            case EP_EXPERTS, EP_LAYOUT -> "ep";
            case BATCH_DP -> "dp";
            case BATCH_MICRO -> "micro-batch";
            case VP_LAYERS, VP_MICROBATCHES -> "vp";
            default -> null;
        };
        if (subject != null) {
            String list = values.stream().map(String::valueOf).collect(Collectors.joining(", "));
            return subject + " " + list + (values.size() >= 8 ? ", …" : "") + (r == Rejection.TP_NODE ? " (allow with --tp-across-nodes)" : "");
        }
        return v.plan().closest().stream().filter(n -> n.reason() == r).findFirst().map(n -> "the closest " + switch (r) {
            case OUT_OF_MEMORY -> "needs " + shortfallBytes(n.shortfall()) + " more on stage " + v.memoryOf(n.candidate()).worstStage();
            case DEADLINE -> "misses it by " + Format.duration(n.shortfall());
            case BUDGET -> "is over by " + money(n.shortfall());
            default -> "";
        }).orElse("");
    }

    private static String objective(Objective o) {
        return switch (o) {
            case FASTEST -> "fastest";
            case CHEAPEST -> "cheapest";
            case PARETO -> "the Pareto front of time, cost and devices";
        };
    }

    private static String devices(PlanRequest r) {
        List<Integer> d = r.space().devices();
        return d.size() == 1 ? Format.count(d.getFirst()) : Format.count(d.getFirst()) + "–" + Format.count(d.getLast()) + " (" + d.size() + " counts)";
    }

    private static String batches(PlanRequest r) {
        List<Long> g = r.space().globalBatches();
        return g.size() == 1 ? Format.count(g.getFirst()) : Format.count(g.getFirst()) + "–" + Format.count(g.getLast()) + " (" + g.size() + " sizes)";
    }

    /** GiB, or MiB below one GiB: a near miss of a few MiB should not print as 0.00 GiB. */
    private static String shortfallBytes(double bytes) {
        return bytes >= Units.GIB ? Format.gib(bytes) : Format.fixed(bytes / (1 << 20), 1) + " MiB";
    }

    static String money(double usd) {
        return "$" + Format.count(Math.round(usd));
    }

    private static String signed(double seconds) {
        return (seconds >= 0 ? "+" : "−") + Format.duration(Math.abs(seconds));
    }

    private static String signedPercent(double fraction) {
        return (fraction >= 0 ? "+" : "−") + Format.percent(Math.abs(fraction));
    }
}
