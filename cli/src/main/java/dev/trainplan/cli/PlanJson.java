package dev.trainplan.cli;

import dev.trainplan.engine.plan.Assessment;
import dev.trainplan.engine.plan.Candidate;
import dev.trainplan.engine.plan.Comparison;
import dev.trainplan.engine.plan.Configuration;
import dev.trainplan.engine.plan.Near;
import dev.trainplan.engine.plan.Plan;
import dev.trainplan.engine.plan.PlanRequest;
import dev.trainplan.engine.plan.Rejection;
import dev.trainplan.engine.plan.Tally;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code trainplan plan --json}: seconds, bytes, device-hours and US dollars; null where a figure does not
 * apply (no training length, no price, nothing fits).
 */
final class PlanJson {
    private PlanJson() {
    }

    static ObjectNode of(PlanView v, int top) {
        PlanRequest r = v.request();
        Plan plan = v.plan();
        ObjectNode o = Json.object();
        o.put("model", v.entry().id());
        o.put("accelerator", r.hardware().accelerator().id());
        o.put("devicesPerNode", r.hardware().devicesPerNode());
        ArrayNode devices = o.putArray("devices");
        r.space().devices().forEach(devices::add);
        ArrayNode batches = o.putArray("globalBatches");
        r.space().globalBatches().forEach(batches::add);
        o.put("sequenceLength", r.sequenceLength());
        o.put("precision", r.precision().id());
        o.put("framework", r.framework().id());
        o.put("optimizer", r.optimizer().id());
        o.put("objective", plan.objective().id());
        o.put("memoryLimitBytes", r.goal().memoryLimitBytes());
        putOrNull(o, "deadlineSeconds", r.goal().hasDeadline() ? r.goal().deadlineSeconds() : Double.NaN);
        putOrNull(o, "budget", r.goal().hasBudget() ? r.goal().budget() : Double.NaN);
        putOrNull(o, "pricePerDeviceHour", v.price() > 0 ? v.price() : Double.NaN);
        if (plan.best().isPresent()) {
            o.set("best", candidate(plan.best().get(), v));
        } else {
            o.putNull("best");
        }
        if (plan.runnerUp().isPresent()) {
            o.set("runnerUp", candidate(plan.runnerUp().get(), v));
        } else {
            o.putNull("runnerUp");
        }
        v.runnerUp().ifPresentOrElse(c -> o.set("whatSeparatesThem", comparison(c)), () -> o.putNull("whatSeparatesThem"));
        ArrayNode ranked = o.putArray("ranked");
        plan.ranked().stream().limit(top).forEach(c -> ranked.add(candidate(c, v)));
        ArrayNode pareto = o.putArray("pareto");
        plan.pareto().forEach(c -> pareto.add(candidate(c, v)));
        ArrayNode fastest = o.putArray("fastestByDevices");
        plan.fastestByDevices().forEach(c -> fastest.add(candidate(c, v)));
        Tally t = plan.tally();
        o.put("space", t.space());
        o.put("evaluated", t.evaluated());
        o.put("pruned", t.pruned());
        o.put("feasible", t.feasible());
        ArrayNode rejected = o.putArray("rejected");
        t.rejected().forEach((reason, count) -> {
            ObjectNode row = rejected.addObject();
            row.put("reason", reason.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            row.put("configurations", count);
            row.put("why", reason.reason());
            row.put("afterEvaluation", reason.evaluated());
            ArrayNode values = row.putArray("values");
            t.examples().getOrDefault(reason, List.of()).forEach(values::add);
        });
        ArrayNode closest = o.putArray("closest");
        for (Near n : plan.closest()) {
            ObjectNode row = closest.addObject();
            row.put("reason", n.reason().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            row.put("shortfall", n.shortfall());
            row.put("lacks", PlanReport.lacks(n, v));
            row.set("configuration", candidate(n.candidate(), v));
        }
        v.compared().ifPresent(a -> o.set("compared", compared(a, v)));
        o.put("searchSeconds", v.searchSeconds());
        o.put("evaluationsPerSecond", Math.round(v.evaluationsPerSecond()));
        return o;
    }

    static ObjectNode candidate(Candidate c, PlanView v) {
        Configuration k = c.configuration();
        ObjectNode o = Json.object();
        o.put("devices", k.devices());
        o.put("globalBatch", k.globalBatch());
        o.put("tp", k.tp());
        o.put("pp", k.pp());
        o.put("vp", k.vp());
        o.put("cp", k.cp());
        o.put("ep", k.ep());
        o.put("dp", k.dp());
        o.put("microBatch", k.microBatch());
        o.put("gradientAccumulation", k.accumulation());
        o.put("recompute", k.recompute().id());
        // 0: every layer (or no full recompute); otherwise Megatron's --recompute-num-layers with --recompute-method block.
        o.put("recomputeLayers", k.recomputeLayers());
        o.put("sharding", k.sharding().id());
        o.put("sequenceParallel", k.sequenceParallel());
        putOrNull(o, "stepSeconds", c.stepSeconds());
        putOrNull(o, "tokensPerSecondPerDevice", c.tokensPerSecondPerDevice(v.request().sequenceLength()));
        o.put("peakMemoryBytes", c.peakBytes());
        if (c.steps() > 0) {
            o.put("steps", c.steps());
        } else {
            o.putNull("steps");
        }
        putOrNull(o, "trainingSeconds", c.trainingSeconds());
        putOrNull(o, "deviceHours", c.deviceHours());
        putOrNull(o, "cost", c.cost(v.price()));
        return o;
    }

    private static ObjectNode comparison(Comparison c) {
        ObjectNode o = Json.object();
        ArrayNode settings = o.putArray("settings");
        c.settings().forEach(settings::add);
        ArrayNode parts = o.putArray("parts");
        for (Comparison.Part p : c.parts()) {
            ObjectNode row = parts.addObject();
            row.put("part", p.name());
            row.put("bestSeconds", p.chosenSeconds());
            row.put("otherSeconds", p.otherSeconds());
            row.put("differenceSeconds", p.differenceSeconds());
            row.put("setBy", p.drivenBy());
        }
        o.put("sentence", PlanReport.separates(c));
        return o;
    }

    private static ObjectNode compared(Assessment a, PlanView v) {
        ObjectNode o = candidate(a.candidate(), v);
        if (a.rejection().isPresent()) {
            Rejection r = a.rejection().get();
            o.put("rejected", r.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            o.put("why", r.reason());
        } else {
            o.putNull("rejected");
        }
        v.againstCompared().ifPresent(c -> o.set("whatSeparatesThem", comparison(c)));
        return o;
    }

    private static void putOrNull(ObjectNode o, String key, double value) {
        if (Double.isFinite(value)) {
            o.put(key, value);
        } else {
            o.putNull(key);
        }
    }
}
