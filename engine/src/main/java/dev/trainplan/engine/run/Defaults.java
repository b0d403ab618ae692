package dev.trainplan.engine.run;

import java.util.List;

/**
 * The figures the run model assumes when the user gives none, each with its source. Where a figure is
 * our own choice among published ones, the source says which and why.
 */
public final class Defaults {
    private static final double KOKOLIS_RSC1_PER_NODE_DAY = 6.50e-3;
    private static final double KOKOLIS_RSC2_PER_NODE_DAY = 2.34e-3;
    private static final double RSC1_NODES = 2000;
    private static final double RSC2_NODES = 1000;
    /** Both clusters were observed over the same 11 months, so node-days are in proportion to nodes. */
    static final double POOLED_PER_NODE_DAY = (KOKOLIS_RSC1_PER_NODE_DAY * RSC1_NODES + KOKOLIS_RSC2_PER_NODE_DAY * RSC2_NODES)
            / (RSC1_NODES + RSC2_NODES);
    private static final int KOKOLIS_DEVICES_PER_NODE = 8;

    public static final Assumption UNEXPECTED_FAILURES = new Assumption("unexpected failure rate",
            POOLED_PER_NODE_DAY / (KOKOLIS_DEVICES_PER_NODE * 24.0), "failures per device-hour",
            "Kokolis et al. 2024 (arXiv 2410.21680), Meta RSC-1 (16k A100) 6.50 and RSC-2 (8k A100) 2.34 failures per 1000 "
                    + "8-GPU node-days, pooled over both clusters' node-days (2000 and 1000 nodes, same 11 months): 5.11 per 1000 "
                    + "node-days = 2.66e-5 per device-hour. Pooled because neither cluster is more typical than the other; "
                    + "the Llama 3 405B record (3.8 per 1000 node-days, arXiv 2407.21783) lies between them and is kept "
                    + "out of the default to check it.");
    public static final Assumption PLANNED_INTERRUPTIONS = new Assumption("planned interruption rate", 47.0 / 54.0,
            "interruptions per day of the job",
            "Llama 3 405B (arXiv 2407.21783): 47 planned interruptions (maintenance, configuration changes) in a 54-day "
                    + "snapshot on 16,384 H100; the only published count. A planned stop saves a checkpoint and restarts.");
    public static final Assumption RESTART = new Assumption("restart time", 600, "seconds per interruption, before reloading",
            "Assumption: 10 minutes to detect the failure, reschedule on healthy nodes and re-initialise the job; the "
                    + "checkpoint reload is added from the storage bandwidth. Daly 2006's worked examples use R = 10 min; "
                    + "Llama 3 405B's > 90 % effective training time with 466 interruptions in 54 days bounds the whole "
                    + "loss per interruption at about 17 minutes.");
    public static final Assumption STORAGE_PER_NODE = new Assumption("storage bandwidth per node", 1.2e9, "bytes per second",
            "BLOOM-176B wrote its 2.3 TB checkpoint in ~40 s from 48 nodes (384 A100) to GPFS on NVMe: 1.2 GB/s per node "
                    + "(formulas.md §8.4, ml-engineering training/fault-tolerance). Reads are assumed as fast as writes.");
    public static final Assumption STORAGE_AGGREGATE = new Assumption("aggregate storage bandwidth", 2e12, "bytes per second",
            "Llama 3 (arXiv 2407.21783 §3.3.1): the Tectonic file system of the 16k-H100 cluster sustains 2 TB/s (7 TB/s "
                    + "peak); recalled from the paper, not yet in shared/reference. Reads are assumed as fast as writes.");
    public static final Assumption DEVICE_TO_HOST = new Assumption("device-to-host copy bandwidth", 25e9, "bytes per second per device",
            "Assumption: about 80 % of PCIe Gen4 x16's 32 GB/s per direction (hardware.csv host_pcie_GBps_unidir for A100) "
                    + "for pinned copies; give the catalog figure for Gen5 hosts (63 GB/s on H100).");
    public static final Assumption BYTES_PER_TOKEN = new Assumption("stored bytes per token", 4, "bytes per token",
            "Megatron-LM's indexed datasets store token ids as int32 when the vocabulary has 65,500 entries or more "
                    + "(uint16 below: give 2), pre-tokenised and memory-mapped.");
    public static final Assumption FORWARD_SHARE = new Assumption("evaluation step share", 1.0 / 3.0,
            "of a training step's time per evaluation iteration",
            "An evaluation iteration runs the forward pass only: 2N of the 6N FLOPs per token of a training step "
                    + "(formulas.md §2.1).");
    public static final Assumption IDLE_POWER = new Assumption("device idle power", 0.10, "of TDP",
            "Assumption: SXM accelerators idle near a tenth of TDP (H100 SXM ~70 W of 700 W, A100 SXM ~50 W of 400 W "
                    + "in nvidia-smi readings); draw is taken as linear between idle and TDP in the device's activity.");
    public static final Assumption DEVICE_ACTIVITY = new Assumption("device activity during a step", 1.0,
            "fraction of the step the device computes",
            "Convention of the Llama 2/3 model cards and of Luccioni et al. 2022 (BLOOM), which charge every GPU-hour "
                    + "at TDP: an upper bound, used when the step-time model gives no activity.");
    public static final Assumption NODE_OVERHEAD = new Assumption("node overhead power", 0.82, "of the node's device TDP",
            "NVIDIA DGX H100 datasheet: 10.2 kW maximum system power with 8 × 700 W GPUs leaves 4.6 kW (0.82 × GPU TDP) "
                    + "for CPUs, memory, NICs, NVSwitches and fans (DGX A100: 6.5 kW with 8 × 400 W, 1.03); a nameplate "
                    + "maximum, so energy is an upper bound. Recalled from the datasheets, not yet in shared/reference.");
    public static final Assumption PUE = new Assumption("power usage effectiveness", 1.1, "facility energy / IT energy",
            "Hyperscale operators' published fleet averages (Google 1.10 for 2023; Meta reports about 1.1); the Uptime Institute "
                    + "survey average (~1.58) fits older enterprise rooms. Recalled, not yet in shared/reference.");
    public static final Assumption GRID_INTENSITY = new Assumption("grid carbon intensity", 480, "grams CO2e per kWh",
            "World average electricity generation in 2023 (Ember, Global Electricity Review 2024: ~480 gCO2/kWh); "
                    + "give the local grid's or the operator's market-based figure. Recalled, not yet in shared/reference.");

    private Defaults() {
    }

    /** Every default, in the order {@code --explain} prints them. */
    public static List<Assumption> all() {
        return List.of(UNEXPECTED_FAILURES, PLANNED_INTERRUPTIONS, RESTART, STORAGE_PER_NODE, STORAGE_AGGREGATE, DEVICE_TO_HOST,
                BYTES_PER_TOKEN, FORWARD_SHARE, IDLE_POWER, DEVICE_ACTIVITY, NODE_OVERHEAD, PUE, GRID_INTENSITY);
    }
}
