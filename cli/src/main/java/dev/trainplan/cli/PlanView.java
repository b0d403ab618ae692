package dev.trainplan.cli;

import dev.trainplan.engine.plan.Assessment;
import dev.trainplan.engine.plan.Candidate;
import dev.trainplan.engine.plan.Comparison;
import dev.trainplan.engine.plan.Configuration;
import dev.trainplan.engine.plan.DeviceMemory;
import dev.trainplan.engine.plan.MemoryReport;
import dev.trainplan.engine.plan.Plan;
import dev.trainplan.engine.plan.PlanRequest;
import dev.trainplan.formats.CatalogModel;
import java.util.Optional;

/** A finished search with what its reports need: the request, the memory model, the time it took, and the configuration to compare with. */
record PlanView(CatalogModel entry, PlanRequest request, DeviceMemory memory, Plan plan, double searchSeconds, Configuration compare) {

    Optional<Comparison> runnerUp() {
        return plan.best().flatMap(best -> plan.runnerUp().map(second -> Comparison.of(request, memory, best, second)));
    }

    Optional<Assessment> compared() {
        return Optional.ofNullable(compare).map(c -> Assessment.of(request, memory, c));
    }

    /** The plan's best against the configuration of --compare, when both exist and the latter has a step time. */
    Optional<Comparison> againstCompared() {
        return plan.best().flatMap(best -> compared().filter(a -> Double.isFinite(a.candidate().stepSeconds()))
                .map(a -> Comparison.of(request, memory, best, a.candidate())));
    }

    MemoryReport memoryOf(Candidate c) {
        return memory.report(c.configuration());
    }

    double evaluationsPerSecond() {
        return searchSeconds > 0 ? plan.tally().evaluated() / searchSeconds : 0;
    }

    /** Whether times are whole-run times (a training length was given) or per-sample comparisons. */
    boolean knownLength() {
        return request.goal().length().known();
    }

    double price() {
        return request.goal().pricePerDeviceHour();
    }
}
