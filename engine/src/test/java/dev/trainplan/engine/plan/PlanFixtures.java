package dev.trainplan.engine.plan;

import dev.trainplan.engine.comm.Collectives;
import dev.trainplan.engine.hardware.ClusterHardware;
import dev.trainplan.engine.hardware.TestAccelerators;
import dev.trainplan.engine.job.Dataset;
import dev.trainplan.engine.job.Framework;
import dev.trainplan.engine.job.Job;
import dev.trainplan.engine.job.Optimizer;
import dev.trainplan.engine.job.Precision;
import dev.trainplan.engine.job.Recompute;
import dev.trainplan.engine.job.Sharding;
import dev.trainplan.engine.job.TrainingLength;
import dev.trainplan.engine.model.Architecture;
import dev.trainplan.engine.model.Moe;
import dev.trainplan.engine.time.Efficiency;
import dev.trainplan.engine.time.Overheads;
import dev.trainplan.engine.time.StepTimeModel;
import java.util.List;

/** Small models, H100 nodes, a memory function written here, and a brute-force search that shares no code with the planner. */
final class PlanFixtures {
    static final ClusterHardware H100 = ClusterHardware.of(TestAccelerators.h100Sxm());
    static final Collectives NET = Collectives.of(H100);
    static final Efficiency EFF = new Efficiency(0.80, 0.70, 2e9, 0.55, 0.55, 0.8);
    static final Overheads OH = new Overheads(0.8, 1.0, 150e-6, 0.05);
    static final long GIB = 1L << 30;
    static final Architecture GPT_SMALL = Architecture.builder("gpt-small").layers(8).hidden(1024).heads(16).ffnHidden(4096)
            .vocab(32000).gptStyle(1024).build();
    static final Architecture LLAMA_SMALL = Architecture.builder("llama-small").layers(12).hidden(2048).heads(16).kvHeads(4)
            .ffnHidden(5632).vocab(32000).build();
    static final Architecture MOE_SMALL = Architecture.builder("moe-small").layers(6).hidden(1024).heads(8).ffnHidden(4096)
            .vocab(32000).moe(new Moe(8, 2, 1024, 0, 0, 1, false)).build();

    private PlanFixtures() {
    }

    static PlanRequest request(Architecture model, int seqLen, SearchSpace space, Goal goal) {
        return new PlanRequest(model, H100, NET, EFF, OH, Precision.BF16, Framework.MEGATRON, Optimizer.ADAMW, seqLen, space, goal);
    }

    /**
     * Model states of 2 + 4 + 12 bytes per parameter split over tp × pp (the optimizer over dp from
     * ZeRO-1, gradients from ZeRO-2, weights at ZeRO-3), and 34 bytes per token and hidden unit per
     * layer split over tp (2 under full recompute, 24 under selective), min(m, pp) micro-batches in flight.
     */
    static DeviceMemory simpleMemory(Architecture a, int seqLen) {
        return new DeviceMemory() {
            @Override
            public LayoutMemory layout(Layout l) {
                double params = a.parameterCount().total() / (double) (l.tp() * l.pp());
                double perSample = (double) seqLen / l.cp() * a.hidden() / l.tp() * a.layers() / l.pp();
                int dp = l.dp();
                return (vp, b, m, recompute, sharding) -> {
                    double states = params * (2.0 / (sharding == Sharding.ZERO3 ? dp : 1)
                            + 4.0 / (sharding == Sharding.ZERO2 || sharding == Sharding.ZERO3 ? dp : 1)
                            + 12.0 / (sharding == Sharding.NONE ? 1 : dp));
                    double perToken = recompute == Recompute.FULL ? 2 : recompute == Recompute.SELECTIVE ? 24 : 34;
                    double inFlight = Math.min(m, l.pp()) * (vp > 1 ? 1 + (l.pp() - 1) / (double) (l.pp() * vp) : 1);
                    return (long) (states + perToken * perSample * b * inFlight);
                };
            }

            @Override
            public MemoryReport report(Configuration c) {
                Layout l = new Layout(c.devices(), c.globalBatch(), c.tp(), c.pp(), c.cp(), c.ep(), c.dp(), c.sequenceParallel());
                long peak = layout(l).peakBytes(c.vp(), c.microBatch(), c.accumulation(), c.recompute(), c.sharding());
                return new MemoryReport(peak, 0, List.of(new MemoryReport.Part("everything", peak)));
            }
        };
    }

    /** The best step time of a brute-force walk over every size from 1 up, with Megatron's rules written out again here. */
    record Best(Configuration configuration, double score) {
    }

    static Best bruteForce(PlanRequest r, DeviceMemory memory, long steps) {
        Architecture a = r.model();
        int perNode = r.hardware().devicesPerNode();
        Best best = null;
        for (int devices : r.space().devices()) {
            for (long global : r.space().globalBatches()) {
                for (int tp = 1; tp <= devices; tp++) {
                    for (int pp = 1; pp * tp <= devices; pp++) {
                        for (int cp = 1; cp * pp * tp <= devices; cp++) {
                            if (devices % (tp * pp * cp) != 0 || a.heads() % tp != 0 || a.kvHeads() % tp != 0 || a.ffnHidden() % tp != 0
                                    || tp > perNode || cp > perNode || a.layers() % pp != 0 || r.sequenceLength() % (2 * cp) != 0 && cp > 1) {
                                continue;
                            }
                            int dp = devices / (tp * pp * cp);
                            for (int ep = 1; ep <= (a.moeLayers() > 0 ? a.moe().experts() : 1); ep++) {
                                if (a.moeLayers() > 0 && (a.moe().experts() % ep != 0 || devices % (ep * pp) != 0)) {
                                    continue;
                                }
                                for (int vp = 1; vp <= a.layers(); vp++) {
                                    if (vp > 1 && (pp == 1 || a.layers() % (pp * vp) != 0)) {
                                        continue;
                                    }
                                    for (int micro = 1; micro <= global; micro++) {
                                        if (global % ((long) micro * dp) != 0 || vp > 1 && (global / micro / dp) % pp != 0) {
                                            continue;
                                        }
                                        int m = (int) (global / micro / dp);
                                        for (Recompute recompute : r.space().recomputes()) {
                                            for (Sharding sharding : r.space().shardings()) {
                                                for (boolean sp : tp == 1 ? List.of(false) : List.copyOf(r.space().sequenceParallel())) {
                                                    Configuration c = new Configuration(devices, global, tp, pp, cp, ep, vp, dp, micro, m,
                                                            recompute, sharding, sp);
                                                    Layout l = new Layout(devices, global, tp, pp, cp, ep, dp, sp);
                                                    if (memory.layout(l).peakBytes(vp, micro, m, recompute, sharding) > r.goal().memoryLimitBytes()) {
                                                        continue;
                                                    }
                                                    Job job = c.toJob(r.framework(), Dataset.of(1_000_000, r.sequenceLength()),
                                                            TrainingLength.epochs(1), r.precision(), r.optimizer(), perNode);
                                                    double step = StepTimeModel.estimate(a, job, r.hardware(), r.network(), r.efficiency(),
                                                            r.overheads()).stepSeconds();
                                                    double time = steps > 0 ? step * steps : step / global;
                                                    double score = r.goal().objective() == Objective.CHEAPEST ? time * devices : time;
                                                    if (best == null || score < best.score()) {
                                                        best = new Best(c, score);
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return best;
    }
}
