package dev.trainplan.engine.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainplan.engine.job.Framework;
import dev.trainplan.engine.job.Job;
import dev.trainplan.engine.job.Parallelism;
import dev.trainplan.engine.job.Precision;
import dev.trainplan.engine.job.Recompute;
import dev.trainplan.engine.job.Sharding;
import dev.trainplan.engine.model.Architecture;
import dev.trainplan.engine.model.GenericModel;
import org.junit.jupiter.api.Test;

/** LoRA and QLoRA on Llama-3-8B with the HF Trainer: frozen base, FP32 adapters with their own gradients and Adam states. */
class FineTuningTest {
    private static final Architecture LLAMA = Fixtures.llama3_8b();
    private static final long PSI = 8_030_261_248L;
    /** PEFT reports 13,631,488 trainable parameters for r = 16 on q, k, v, o of Llama-3-8B. */
    private static final long ADAPTERS = 13_631_488L;
    private static final Job ONE_GPU = Fixtures.job(Framework.HF, Parallelism.NONE, 1, 1, 8, 2048, Sharding.NONE, Precision.BF16, Recompute.NONE);

    private static StageMemory stage(FineTuning fineTuning) {
        return MemoryModel.estimate(LLAMA, ONE_GPU, MemorySettings.DEFAULTS.withFineTuning(fineTuning)).stages().getFirst();
    }

    @Test
    void lora_attentionRank16_frozenBf16BasePlusSixteenBytesPerAdapterParameter() {
        StageMemory stage = stage(new FineTuning.Lora(16, FineTuning.LoraTargets.ATTENTION));
        assertThat(stage.bytesOf("frozen base weights")).isEqualTo(2 * PSI);
        // autocast over FP32 adapters: FP32 weights 4 + FP32 gradients 4 + Adam m, v 8
        assertThat(stage.modelStateBytes() - 2 * PSI).isEqualTo(16 * ADAPTERS);
    }

    @Test
    void qlora_allLinear_quantisesOnlyTheGemmWeightsToNf4() {
        StageMemory stage = stage(new FineTuning.Qlora(64, FineTuning.LoraTargets.ALL_LINEAR));
        long gemm = 32L * (4096L * (4096 + 1024 + 1024) + 4096L * 4096 + 3L * 4096 * 14336);
        long rest = PSI - gemm;
        long expected = (long) Math.ceil(gemm * (0.5 + (1 + 4.0 / 256) / 64)) + 2 * rest;
        assertThat(stage.bytesOf("frozen base weights (NF4 GEMMs, 16-bit rest)")).isEqualTo(expected);
        assertThat(stage.modelStateBytes()).isLessThan(stage(FineTuning.FULL).modelStateBytes() / 10);
    }

    @Test
    void genericModel_activationsPerSampleTimesMicroBatch_statesFromParameterCount() {
        GenericModel cnn = new GenericModel("resnet", 25_000_000, 8e9, 3e8);
        Job job = Fixtures.job(Framework.TORCHRUN, Parallelism.NONE, 1, 32, 32, 224, Sharding.NONE, Precision.BF16, Recompute.NONE);
        StageMemory stage = MemoryModel.estimate(cnn, job, MemorySettings.DEFAULTS).stages().getFirst();
        assertThat(stage.bytesOf("stored activations of the stage's layers")).isEqualTo(32 * 300_000_000L);
        assertThat(stage.modelStateBytes()).isEqualTo(16 * 25_000_000L);
    }

    @Test
    void lora_sameJob_activationsUnchangedStatesSmaller() {
        StageMemory full = stage(FineTuning.FULL);
        StageMemory lora = stage(new FineTuning.Lora(16, FineTuning.LoraTargets.QUERY_VALUE));
        assertThat(lora.activationBytes()).isEqualTo(full.activationBytes());
        assertThat(lora.modelStateBytes()).isLessThan(full.modelStateBytes() / 5);
    }
}
