package dev.trainplan.bench;

import dev.trainplan.engine.hardware.ClusterHardware;
import dev.trainplan.engine.job.Framework;
import dev.trainplan.engine.job.Optimizer;
import dev.trainplan.engine.job.Precision;
import dev.trainplan.engine.memory.MemorySettings;
import dev.trainplan.engine.model.Architecture;
import dev.trainplan.engine.plan.Goal;
import dev.trainplan.engine.plan.ModelMemory;
import dev.trainplan.engine.plan.PlanRequest;
import dev.trainplan.engine.plan.RunLength;
import dev.trainplan.engine.plan.SearchSpace;
import dev.trainplan.engine.time.Calibration;
import dev.trainplan.formats.CalibrationFile;
import dev.trainplan.formats.HardwareCatalog;
import dev.trainplan.formats.ModelCatalog;
import java.util.List;
import java.util.stream.LongStream;

/**
 * The Calculon comparison of issue 7: MT-NLG 530B on 2,240 A100 80GB (the real deployment), with the
 * global batch 1,920 or every global batch up to 1,920 (what Calculon searched, 1,842,400 configurations
 * in 54 minutes on 2 cores).
 */
final class MtNlg {
    static final int DEVICES = 2240;
    static final long GLOBAL_BATCH = 1920;

    private MtNlg() {
    }

    static PlanRequest request(List<Long> globalBatches) {
        Architecture model = (Architecture) ModelCatalog.builtIn().find("mt-nlg-530b").model();
        ClusterHardware hardware = ClusterHardware.of(HardwareCatalog.builtIn().accelerator("a100-sxm4-80gb"));
        Calibration calibration = CalibrationFile.builtIn();
        return new PlanRequest(model, hardware, calibration.collectives(hardware), calibration.efficiency("a100-sxm4-80gb"),
                calibration.overheads(Framework.MEGATRON), Precision.BF16, Framework.MEGATRON, Optimizer.ADAMW, 2048,
                SearchSpace.of(List.of(DEVICES), globalBatches), Goal.fastest(hardware.accelerator().usableMemoryBytes(), RunLength.UNKNOWN));
    }

    /** Global batch 1,920 only: the deployment. */
    static PlanRequest deployment() {
        return request(List.of(GLOBAL_BATCH));
    }

    /** Every global batch from 1 to 1,920. */
    static PlanRequest batchesUpTo1920() {
        return request(LongStream.rangeClosed(1, GLOBAL_BATCH).boxed().toList());
    }

    static ModelMemory memory(PlanRequest request) {
        return ModelMemory.of(request, MemorySettings.DEFAULTS);
    }
}
